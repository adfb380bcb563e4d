"""Two builds from the same commit are byte-identical, both editions, with a hosted site_url.

Dates (the sitemap's lastmod) come from SOURCE_DATE_EPOCH, which the Makefile sets to the
commit's time; every other output depends only on the files in the commit.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from conftest import ROOT

EDITIONS = {
    "hans": {"TR_EDITION": "hans", "TR_DOCS_DIR": "docs", "TR_LANGUAGE": "zh-Hans"},
    "hant": {"TR_EDITION": "hant", "TR_DOCS_DIR": "docs/hant", "TR_LANGUAGE": "zh-Hant"},
}


def build(out, edition):
    env = {**os.environ, **EDITIONS[edition], "TR_SITE_DIR": str(out), "SOURCE_DATE_EPOCH": "1764000000",
           "TR_SITE_URL": "https://example.org/township-reader/" + ("hant/" if edition == "hant" else ""),
           "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--quiet"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=300)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_two_builds_are_byte_identical(tmp_path, edition):
    first = build(tmp_path / "one", edition)
    second = build(tmp_path / "two", edition)
    assert first.keys() == second.keys()
    differ = [path for path in first if first[path] != second[path]]
    assert not differ, f"files that differ between two builds: {differ}"
    assert b"<lastmod>2025-11-24</lastmod>" in first["sitemap.xml"]
