"""Shared fixtures: the project's paths, converted seeds, and a real headless Chromium.

Browser tests drive Debian's Chromium through Playwright (Playwright's own browser
download does not work here).  They read the built site in ``site/``: run ``make site``
(or ``make test``, which builds it) first.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from township_reader.build import convert_files, load_inputs, seed_files  # noqa: E402

SEEDS = ROOT / "seeds"
DOCS = ROOT / "docs"
SITE = ROOT / "site"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the converter's current output (after a deliberate change)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def conversions():
    """Every seed, converted once for the whole session."""
    outcome = convert_files(seed_files(), load_inputs())
    assert not outcome.errors, outcome.errors
    return {c.raw.name: c for c in outcome.conversions}


@pytest.fixture(scope="session")
def texts(conversions):
    return {t.id: t for c in conversions.values() for t in c.texts}


# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").exists() or not (SITE / "hant" / "index.html").exists():
        pytest.fail("site/ is not built: run `make site` (make test builds it)")
    return SITE


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run scripts/install-system-deps.sh (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class OfflineGuard:
    """Refuses every request that is not for a local file, and remembers it."""

    LOCAL = ("file:", "data:", "blob:", "about:")

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        if url.startswith(self.LOCAL):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort("internetdisconnected")


@pytest.fixture
def offline_page(browser, site):
    """A page with the network refused; ``page.guard.refused`` lists what it tried to fetch."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    guard = OfflineGuard()
    context.route("**/*", guard)
    page = context.new_page()
    page.guard = guard
    page.errors = []
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("request", lambda req: None if req.url.startswith(OfflineGuard.LOCAL) else guard.refused.append(req.url))
    yield page
    context.close()


def file_url(path: Path, fragment: str = "") -> str:
    return path.resolve().as_uri() + (f"#{fragment}" if fragment else "")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def http_site(site) -> Iterator[str]:
    """The built site served on a free local port, as a hosted site would be."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if "browser" in item.fixturenames or "offline_page" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
