"""The benchmark measures what it says: a small corpus's build is timed step by step, a page's
transfer counts the page and what it loads, and each target judges its own figure."""

from __future__ import annotations

from township_reader.tools import bench


def test_a_small_corpus_is_converted_and_built_and_each_step_timed(tmp_path):
    run = bench.run(3, tmp_path, queries=0, build_only=True)
    assert run["n"] == 3 and run["convert_s"] > 0 and run["mkdocs_s"] > 0
    assert (tmp_path / "docs" / "index.md").exists() and (tmp_path / "site" / "hant" / "index.html").exists()


def test_a_page_transfer_counts_the_page_and_the_css_and_js_it_loads(site):
    largest, which, raw_largest = bench.page_bytes(site)
    page = site / which
    assert which.removeprefix("hant/").startswith("texts/")
    assert page.stat().st_size < raw_largest  # its scripts and styles counted too
    assert 0 < largest < raw_largest  # compressed as a server sends it


def test_each_target_judges_its_own_figure():
    ok = {"incremental_s": 1.0, "build_s": 10.0, "page_bytes": 100 * 1024, "page_raw_bytes": 300 * 1024}
    slow = {**ok, "incremental_s": 3.0}
    heavy = {**ok, "page_bytes": 500 * 1024}
    rebuild, page = bench.TARGETS
    assert rebuild[2](ok) and not rebuild[2](slow) and page[2](ok) and not page[2](heavy)
