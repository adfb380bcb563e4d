"""Search at scale: a hosted build with Pagefind's chunked index (SEARCH=pagefind).

Built into a temporary folder, served over HTTP as a host would, searched by typing. The
same build opened from file:// falls back to the inline index (Pagefind cannot load there).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import subprocess
import threading

import pytest

from conftest import ROOT, file_url
from test_browser_site import type_query

pytestmark = pytest.mark.browser
VENV = ROOT / ".venv" / "bin"


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("pagefind") / "site"
    built = subprocess.run([str(VENV / "python"), "-m", "township_reader.cli", "build", "--site", str(site),
                            "--search", "pagefind"], timeout=300, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    # Pagefind's complaints about our markup (e.g. an attribute value it does not know)
    assert "not valid" not in built.stdout + built.stderr, built.stdout + built.stderr
    # each edition's index holds that edition only
    assert not list((site / "pagefind").rglob("zh-hant*")) and list((site / "hant" / "pagefind").rglob("zh-hant*"))
    yield site
    shutil.rmtree(site, ignore_errors=True)


@pytest.fixture(scope="module")
def served(pagefind_site):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(pagefind_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.mark.parametrize(("edition", "query", "expected"), [
    ("", "四议两公开", "jianghua|shuji-xinshiqi"),  # both say it twice: either may rank first ("", "公仆意识", "shuji-gongpu"), ("", "一票否決", "jianghua"),
    ("hant/", "四议两公开", "jianghua"), ("hant/", "一票否決", "jianghua"),
])
def test_pagefind_search_links_to_paragraphs(browser, served, edition, query, expected):
    page = browser.new_page()
    page.goto(served + edition + "index.html")
    assert page.evaluate("window.trSearch.backend") == "pagefind"
    links = type_query(page, query)
    assert links and any(f"texts/{e}.html" in links[0] for e in expected.split("|")) and "#p-" in links[0]
    assert page.locator("[data-tr-search-results] mark").count() > 0
    page.close()


def test_offline_copy_of_a_pagefind_build_uses_the_inline_index(browser, pagefind_site):
    page = browser.new_page()
    page.goto(file_url(pagefind_site / "index.html"))
    assert page.evaluate("window.trSearch.backend") == "inline"
    assert any("jianghua" in link for link in type_query(page, "四议两公开"))
    page.close()


def test_the_pagefind_index_is_byte_identical_when_rebuilt(pagefind_site, tmp_path):
    """Two builds from one commit are byte-identical with Pagefind too: index the same pages again."""
    again = tmp_path / "site"
    shutil.copytree(pagefind_site, again, ignore=shutil.ignore_patterns("pagefind", "hant"))  # as it was indexed
    subprocess.run([str(VENV / "python"), "-m", "pagefind", "--site", str(again), "--output-subdir", "pagefind", "--quiet"],
                   check=True, timeout=300, capture_output=True)
    first, second = pagefind_site / "pagefind", again / "pagefind"
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert len(files) > 10
    assert [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()] == []


@pytest.mark.parametrize(("edition", "query", "expected"), [
    ("hant/", "随着", "jianghua"),  # the speech writes 隨著 (Taiwan's 著 for zhe)
    ("", "隨著", "jianghua"),
    ("hant/", "羣衆", "jianghua"),  # OpenCC's forms of 群众; the Traditional edition writes 群眾
    ("hant/", "原文如此", "jianghua"),  # a note's kind: notes are indexed too
])
def test_pagefind_folds_variants_and_finds_notes(browser, served, edition, query, expected):
    page = browser.new_page()
    page.goto(served + edition + "index.html")
    links = type_query(page, query)
    assert any(f"texts/{expected}.html" in link for link in links), links
    page.close()
