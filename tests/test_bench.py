"""The benchmark's own interface, on a corpus small enough for the suite: `bench.py --sizes N --json FILE`
runs the real pipeline (both editions), MkDocs and the search in Chromium, and writes what the issue asks."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

FIELDS = {"n", "convert_s", "build_s", "incremental_s", "site_bytes", "search_index_bytes", "page_bytes", "search_ms"}


def test_the_benchmark_writes_every_field_and_names_each_target(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--sizes", "20", "--json", str(out),
                             "--queries", "3", "--no-settle"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    (run,) = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert FIELDS <= run.keys()
    assert run["n"] == 20 and run["texts"] > 20  # compilations give several texts each
    assert run["build_s"] == round(run["convert_s"] + run["mkdocs_s"], 2)
    # each step's start-up, so that the conversion's share compares work with work
    assert 0 < run["convert_startup_s"] and 0 < run["mkdocs_startup_s"] < run["mkdocs_s"]
    # a full build three times (it is short), each with what a new file cost before it
    assert len(run["builds"]) == 3 and all(b["convert_s"] > 0 and b["file_us"] > 0 for b in run["builds"])
    assert run["convert_s"] == min(b["convert_s"] for b in run["builds"])
    assert 0 < run["incremental_s"] < run["build_s"] and run["incremental_files"] > 0
    assert 0 < run["search_index_bytes"] < run["site_bytes"] and 0 < run["page_bytes"] < run["page_raw_bytes"] < run["site_bytes"]
    assert run["search_ms"] > 0 and run["largest_page"].removeprefix("hant/").startswith("texts/")
    for target in ("conversion ≤ 10% of full build", "rebuild after one change ≤ 20% of full build",
                   "text page transfers ≤ 400 KB", "search answers in ≤ 300 ms"):
        assert target in result.stdout, result.stdout
