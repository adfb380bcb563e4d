"""Two builds from the same commit are byte-identical, both editions, with a hosted site_url.

Dates (the sitemap's lastmod) come from SOURCE_DATE_EPOCH, which the Makefile sets to the
commit's time; every other output depends only on the files in the commit.
"""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT


def build(out):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764000000"}
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "township_reader.cli", "build", "--site", str(out),
                    "--site-url", "https://example.org/township-reader/"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=300)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    first = build(tmp_path / "one")
    second = build(tmp_path / "two")
    assert first.keys() == second.keys()
    assert any(path.startswith("hant/") for path in first)  # both editions
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, f"files that differ between two builds: {differ}"
    assert b"<lastmod>2025-11-24</lastmod>" in first["sitemap.xml"]
    assert b"https://example.org/township-reader/hant/" in first["hant/sitemap.xml"]
