#!/usr/bin/env python3
"""Benchmark the pipeline and the site on synthetic corpora of N texts.

    township-reader bench --sizes 100,1000 [--json FILE] [--baseline FILE] [--keep DIR] [--queries N]
    township-reader bench --preview 5,1000 [--json FILE]
    township-reader bench --crossover 100,300,1000,3000 [--json FILE] [--keep DIR]
    township-reader bench --unique-ids [--json FILE]
    township-reader bench --glossary [--json FILE]

It installs Debian's Chromium as ``make test`` does (search is timed in it). Each size is
measured in a fresh process, after the file system has settled (see :func:`settle`).

For each N: write a deterministic synthetic corpus in the sites' own formats (paragraphs from
the seeds, re-paginated, with headings and glossary terms), then run the real pipeline on it:

  convert_s        the conversion of the corpus into docs/, both editions, what `township-reader
                   convert` runs (build.convert_files, docs_files, write_docs), timed in the
                   benchmark's process after its imports and dictionaries are loaded, writing the
                   conversion cache the rebuild reads
  mkdocs_s         the strict MkDocs build of both editions: `township-reader build`, as `make
                   build` runs it, in its own process (its start-up included)
  build_s          the full build: convert_s + mkdocs_s. The full build is run three times,
                   each time in fresh processes, and each of convert_s and mkdocs_s is the
                   quickest of its timings (all are in "builds", with file_us, what a new file
                   cost just before): this is a shared virtual machine
  incremental_s    the rebuild after one text changes: cached conversion of the unchanged texts,
                   docs/ files rewritten only where they changed, `township-reader build --dirty`
  site_bytes       everything in site/
  search_index_bytes   the Simplified edition's search index (search/corpus.js)
  page_bytes       the largest transfer of a text page: its HTML and the CSS and JS it loads,
                   without the search index (loaded only when the reader searches), as a web
                   server sends them: gzip-compressed, at level 1, the least any compressing
                   server applies (nginx's default; GitHub Pages and other static hosts compress
                   HTML, CSS and JS). page_raw_bytes: the largest text page uncompressed, as read
                   from disk (the offline build, which transfers nothing)
  search_ms        median time in Chromium from a keystroke to the results, index loaded
  index_load_ms, index_heap_mb   loading the search index: time, and JS heap after loading
  settle_s         how long the benchmark waited for the file system before this size

It prints a table and each target with its measured value, and writes {"runs": [...]} to the
--json FILE. With --baseline, the JSON another commit's benchmark wrote (run on the same
machine in the same sitting), it also prints each size's full build against that one's:
the target is at most 1.2 times the baseline's.

--glossary times the glossary's first screen on a throttled phone: the project's built site/
(`make site` first) served over HTTP gzip-compressed at level 1 (as page_bytes assumes a host does), opened in
Chromium at 390 px under DevTools' "Fast 3G" (562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up)
and 4× CPU slowdown: from the navigation's start to the filter box shown and ready to type in
(reader-corpus.js marks it), by the browser's own clock, and the first contentful paint; five
loads with an empty cache, the median of each. The target is 2 s.

--preview times the editor's loop (`township-reader preview`): from saving a note to the
reloaded page in Chromium, at each size; the target is 1 s at 5 texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # the checkout: its seeds make the corpora, its site/ the crossover's
QUERIES = ["一票否决", "否决", "民主集中制", "党风廉政", "群众", "四议两公开", "公仆意识", "维稳", "干部", "上面千条线下面一根针",
           "党政办公室", "三会一课", "量子力学", "发展", "拆迁"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


BUILD = [sys.executable, "-m", "township_reader.cli", "build"]


def mkdocs_build(docs: Path, site: Path, dirty: bool = False) -> None:
    """Both editions, as `make build` does: `township-reader build` (one process, strict)."""
    command = [*BUILD, "--docs", str(docs), "--site", str(site)]
    result = subprocess.run(command + (["--dirty"] if dirty else []), cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1764000000"})
    if result.returncode:
        raise SystemExit(f"the site did not build:\n{result.stderr[-3000:]}")


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def page_bytes(site: Path) -> tuple[int, str, int]:
    """The largest transfer of a text page (its HTML and the CSS and JS it references, as a
    compressing server sends them: gzip level 1), that page, and the largest text page's
    size uncompressed."""
    import gzip

    largest, which, raw_largest = 0, "", 0
    asset_sizes: dict[Path, tuple[int, int]] = {}
    for page in sorted((site / "texts").glob("*.html")) + sorted((site / "hant" / "texts").glob("*.html")):
        html = page.read_bytes()
        raw, packed = len(html), len(gzip.compress(html, 1))
        for ref in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js))"', html.decode("utf-8")):
            path = (page.parent / ref).resolve()
            if path.exists():
                if path not in asset_sizes:
                    data = path.read_bytes()
                    asset_sizes[path] = (len(data), len(gzip.compress(data, 1)))
                raw += asset_sizes[path][0]
                packed += asset_sizes[path][1]
        if packed > largest:
            largest, which = packed, str(page.relative_to(site))
        raw_largest = max(raw_largest, raw)
    return largest, which, raw_largest


def measure_search(site: Path, queries: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        cdp = page.context.new_cdp_session(page)
        page.goto((site / "index.html").resolve().as_uri())
        started = time.perf_counter()
        page.evaluate("() => window.trSearch.load().then(() => true)")
        load_ms = (time.perf_counter() - started) * 1000
        cdp.send("HeapProfiler.collectGarbage")
        heap = cdp.send("Runtime.getHeapUsage")["usedSize"] / 2**20
        page.click("[data-tr-search-query]")
        timings = []
        for query in (QUERIES * 3)[:queries]:
            page.fill("[data-tr-search-query]", "")
            ms = page.evaluate(
                """query => new Promise(resolve => {
                    const input = document.querySelector('[data-tr-search-query]');
                    const meta = document.querySelector('[data-tr-search-meta]');
                    const list = document.querySelector('[data-tr-search-results]');
                    const start = performance.now();
                    const done = () => { observer.disconnect(); resolve(performance.now() - start); };
                    const observer = new MutationObserver(() => {
                        if (/找到|没有/.test(meta.textContent)) done();
                    });
                    observer.observe(list, {childList: true});
                    observer.observe(meta, {childList: true, characterData: true, subtree: true});
                    input.value = query;
                    input.dispatchEvent(new Event('input'));
                })""", query)
            timings.append(ms)
        browser.close()
    return {"search_ms": round(statistics.median(timings), 1), "search_ms_max": round(max(timings), 1),
            "index_load_ms": round(load_ms, 1), "index_heap_mb": round(heap, 1)}


def run(n: int, work: Path, queries: int, build_only: bool = False) -> dict[str, object]:
    """One size, measured in this process (main() runs each size in fresh ones, BUILDS times)."""
    from township_reader import build
    from township_reader.tools.synthetic import write_corpus

    inputs = build.load_inputs()
    glossary = build.read_glossary(ROOT / "seeds" / "glossary.yml")
    for config in ("s2tw", "tw2s"):  # OpenCC's and the segmenter's dictionaries, loaded before the clock starts
        inputs.converters(config).convert("发展")

    seeds, docs, site, cache = work / "seeds", work / "docs", work / "site", work / "cache"
    paths = write_corpus(seeds, n)
    # full build: what `township-reader convert` does (writing the cache the rebuild reads)
    started = time.perf_counter()
    outcome = build.convert_files(paths, inputs, cache)
    assert not outcome.errors, outcome.errors[:3]
    files, _warnings = build.docs_files(outcome.conversions, glossary=glossary, annotations=None)
    build.write_docs(files, docs)
    convert_s = time.perf_counter() - started
    mkdocs_started = time.perf_counter()
    mkdocs_build(docs, site)
    mkdocs_s = time.perf_counter() - mkdocs_started
    build_s = time.perf_counter() - started
    texts = sum(len(c.texts) for c in outcome.conversions)
    if build_only:
        return {"n": n, "convert_s": round(convert_s, 2), "mkdocs_s": round(mkdocs_s, 2)}
    # one text changes: the rebuild converts only it, rewrites only changed files, renders only changed pages
    changed = paths[len(paths) // 2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("。", "。新加的一句话。", 1), encoding="utf-8")
    build._glossary.cache_clear()  # a rebuild is a new process: it reads the glossary again
    build._converters.cache_clear()
    started = time.perf_counter()
    inputs = build.load_inputs()
    outcome = build.convert_files(paths, inputs, cache)
    files, _warnings = build.docs_files(outcome.conversions, glossary=build.read_glossary(ROOT / "seeds" / "glossary.yml"),
                                        annotations=None)
    rewritten = build.sync_docs(files, docs)
    mkdocs_build(docs, site, dirty=True)
    incremental_s = time.perf_counter() - started
    largest, which, raw_largest = page_bytes(site)
    result: dict[str, object] = {
        "n": n,
        "texts": texts,
        "convert_s": round(convert_s, 2),
        "mkdocs_s": round(mkdocs_s, 2),
        "build_s": round(build_s, 2),
        "incremental_s": round(incremental_s, 2),
        "incremental_files": len(rewritten),
        "site_bytes": folder_bytes(site),
        "search_index_bytes": (site / "search" / "corpus.js").stat().st_size,
        "page_bytes": largest,
        "largest_page": which,
        "page_raw_bytes": raw_largest,
    }
    result.update(measure_search(site, queries))
    return result


def crossover(sizes: list[int], work: Path, queries: int) -> list[dict[str, object]]:
    """The inline index as the corpus grows: size, gzip size, load time and JS heap in Chromium."""
    import gzip

    from township_reader.build import convert_files, load_inputs, read_glossary
    from township_reader.pipeline import Corpus
    from township_reader.render.pages import HANS_EDITION
    from township_reader.render.search_index import search_entries, search_index_js
    from township_reader.tools.synthetic import write_corpus

    rows = []
    site_copy = work / "site"
    shutil.copytree(ROOT / "site", site_copy, ignore=shutil.ignore_patterns("hant"))
    for n in sizes:
        paths = write_corpus(work / f"seeds-{n}", n)
        outcome = convert_files(paths, load_inputs(), work / "cache")
        enriched = Corpus(read_glossary(ROOT / "seeds" / "glossary.yml")).enrich(outcome.conversions)
        index = search_index_js(outcome.conversions, HANS_EDITION, search_entries(enriched, HANS_EDITION))
        (site_copy / "search" / "corpus.js").write_text(index, encoding="utf-8")
        raw = len(index.encode("utf-8"))
        measured = measure_search(site_copy, queries)
        rows.append({"n": n, "texts": sum(len(c.texts) for c in outcome.conversions), "index_bytes": raw,
                     "index_gzip_bytes": len(gzip.compress(index.encode("utf-8"), 6)), **measured})
        print(f"  n={n}: index {raw / 2**20:.1f} MB, load {measured['index_load_ms']} ms, "
              f"heap {measured['index_heap_mb']} MB, query {measured['search_ms']} ms", file=sys.stderr)
    return rows


def pagefind_at(site: Path) -> dict[str, object]:
    """Pagefind on a built site: its index, and what the first query transfers over HTTP."""
    import functools
    import http.server
    import socket
    import threading

    from playwright.sync_api import sync_playwright

    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--quiet"],
                   check=True)
    index = site / "pagefind"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/index.html")
        fetched: list[int] = []
        page.on("response", lambda r: fetched.append(len(r.body())) if "/pagefind/" in r.url else None)
        started = time.perf_counter()
        page.evaluate("""async () => { const m = await import('/pagefind/pagefind.js'); const s = await m.search('民主集中制');
                         await Promise.all(s.results.slice(0, 10).map(r => r.data())); }""")
        first_ms = (time.perf_counter() - started) * 1000
        fetched_first = sum(fetched)
        timings = []
        for query in QUERIES:
            started = time.perf_counter()
            page.evaluate("""async q => { const m = await import('/pagefind/pagefind.js'); const s = await m.search(q);
                             await Promise.all(s.results.slice(0, 10).map(r => r.data())); }""", query)
            timings.append((time.perf_counter() - started) * 1000)
        browser.close()
    server.shutdown()
    return {"pagefind_index_bytes": folder_bytes(index), "pagefind_files": sum(1 for p in index.rglob("*") if p.is_file()),
            "pagefind_first_query_bytes": fetched_first, "pagefind_first_query_ms": round(first_ms, 1),
            "pagefind_query_ms": round(statistics.median(timings), 1)}


def measure_preview(n: int, work: Path, saves: int = 3) -> dict[str, object]:
    """The editor's loop at ``n`` texts: a project of a synthetic corpus (with the checkout's
    glossary, publishers, mkdocs.yml and overrides/), ``township-reader preview`` serving it, a
    text page open in Chromium; then a note saved into the text's annotation file, ``saves``
    times: seconds from the save to the reloaded page showing the note (the quickest and all)."""
    import threading

    from playwright.sync_api import sync_playwright

    from township_reader.tools.synthetic import write_corpus

    project = work / "project"
    (project / "seeds" / "annotations").mkdir(parents=True)
    for name in ("glossary.yml", "publishers.yml"):
        shutil.copy(ROOT / "seeds" / name, project / "seeds" / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    paths = write_corpus(project / "seeds", n)
    # the note's place: the first paragraph of the first text written whole, found by converting it
    from township_reader import build

    first = build.convert_files(paths[:1], build.load_inputs(build.Project(project))).conversions[0].texts[0]
    body = next(b.text["zh-Hans"] for b in first.blocks if b.type == "paragraph" and len(b.text["zh-Hans"]) > 20)
    notes = project / "seeds" / "annotations" / f"{first.id}.yml"
    env = {**os.environ, "TR_PROJECT": str(project), "NO_MKDOCS_2_WARNING": "1"}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "township_reader.cli", "preview", "--port", str(port)], cwd=project,
                              env=env, stderr=subprocess.PIPE, text=True)
    ready = threading.Event()

    def read_messages() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            if "previewing" in line:
                ready.set()

    threading.Thread(target=read_messages, daemon=True).start()
    started = time.perf_counter()
    try:
        if not ready.wait(1800):
            raise SystemExit(f"the preview did not start at n={n}")
        first_build_s = time.perf_counter() - started
        chromium = os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/texts/{first.id}.html")
            for attempt in range(saves):
                note = (f"- quote: {body[:14]}\n  kind: context\n  note: 测试注释 {attempt}\n  author: bench\n"
                        "  sources: [本语料：合成的基准语料]\n")
                with page.expect_navigation(timeout=600_000):
                    saved = time.perf_counter()
                    notes.write_text(note, encoding="utf-8")
                page.wait_for_selector(".tr-note-ref", timeout=600_000)
                timings.append(round(time.perf_counter() - saved, 2))
                with page.expect_navigation(timeout=600_000):
                    notes.write_text("", encoding="utf-8")
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    return {"n": n, "preview_first_build_s": round(first_build_s, 1), "preview_reload_s": min(timings),
            "preview_reloads_s": timings}


def free_port() -> int:
    """A local port no one listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


FAST_3G = {"offline": False, "latency": 562.5, "downloadThroughput": 1_440_000 / 8 * 0.9,
           "uploadThroughput": 675_000 / 8 * 0.9}  # DevTools' preset (Lighthouse's mobile throttling)
GLOSSARY_TARGET_MS = 2000


def measure_glossary(site: Path, loads: int = 5) -> dict[str, object]:
    """The glossary index's first screen on a throttled phone (see --glossary): median ms and bytes."""
    import functools
    import gzip
    import http.server
    import socket
    import threading

    from playwright.sync_api import sync_playwright

    from township_reader.publish.serve import SiteHandler

    class Quiet(SiteHandler):
        """Sends text files gzip-compressed at level 1, as a host does (see page_bytes)."""

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = Path(self.translate_path(self.path.split("?", 1)[0]))
            if path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "") and \
                    path.suffix in (".html", ".css", ".js", ".json", ".svg", ".txt"):
                body = gzip.compress(path.read_bytes(), compresslevel=1, mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    chromium = os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    timings, transferred, paints = [], [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                cdp.send("Network.emulateNetworkConditions", FAST_3G)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                sizes: list[int] = []
                cdp.on("Network.loadingFinished", lambda e, sizes=sizes: sizes.append(int(e.get("encodedDataLength", 0))))
                page.goto(f"http://127.0.0.1:{port}/glossary/index.html", wait_until="commit")
                page.wait_for_selector("[data-tr-gloss-query]", state="visible", timeout=60_000)
                page.wait_for_load_state("load")
                # the browser's own clock, from the navigation's start: when the filter was shown
                # (reader-corpus.js marks it) and when the list was first painted. Playwright's
                # polling of a page whose main thread is 4x slowed would add its own delay
                ready, painted = page.evaluate("""() => [performance.getEntriesByName('tr-corpus-ready')[0].startTime,
                    (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0]""")
                timings.append(ready)
                paints.append(painted)
                transferred.append(sum(sizes))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"glossary_first_screen_ms": round(statistics.median(timings)), "glossary_loads_ms": [round(t) for t in timings],
            "glossary_first_paint_ms": round(statistics.median(paints)),
            "glossary_page_bytes": (site / "glossary" / "index.html").stat().st_size,
            "glossary_transfer_bytes": max(transferred)}


def measure_unique_ids(sizes: tuple[int, ...] = (2_000, 20_000, 200_000)) -> dict[str, float]:
    """Milliseconds for anchors.unique_ids to number ``n`` repeats of one id, its worst case (a
    raw text of n identical short lines), at each size: linear, where it was quadratic (2,000 /
    4,000 / 8,000 lines of a text took 1 / 2.2 / 6.4 s to convert, 200,000 never finished);
    and seconds for a whole conversion of a raw text of 200,000 short lines."""
    from township_reader.decode.text import RawText
    from township_reader.pipeline import convert_raw
    from township_reader.structure.anchors import unique_ids

    timings: dict[str, float] = {}
    for n in sizes:
        started = time.perf_counter()
        unique_ids(["p-镇长讲话"] * n)
        timings[f"unique_ids_{n}_ms"] = round((time.perf_counter() - started) * 1000, 1)
    from township_reader.build import load_inputs

    raw = RawText(ROOT / "seeds" / "lines.txt", "镇长讲话\n\n" + "乡镇工作要做好。\n" * 200_000, "utf-8")
    started = time.perf_counter()
    convert_raw(raw, load_inputs())
    timings["convert_200000_lines_s"] = round(time.perf_counter() - started, 2)
    return timings


# (what, the measured value of a run as shown, whether it meets the target)
TARGETS = [
    ("rebuild after one change ≤ 20% of full build", lambda r: f"{r['incremental_s'] / r['build_s']:.1%}",
     lambda r: r["incremental_s"] / r["build_s"] <= 0.20),
    ("text page transfers ≤ 400 KB (gzip; uncompressed)",
     lambda r: f"{r['page_bytes'] / 1024:.0f} KB ({r['page_raw_bytes'] / 1024:.0f} KB)",
     lambda r: r["page_bytes"] <= 400 * 1024),
]


# A new file costs this machine's file system (ext4 without a journal) up to 50 times more for a
# few minutes after many files were deleted: it skips the recently freed inodes one by one. A
# benchmark started after a test run or another benchmark would measure that, not the pipeline.
# At rest a new empty file takes 20-60 µs here (the probe's own Python included); while the
# freed inodes are being skipped, 150-600 µs. The conversion makes about 1,400 new files at 100
# texts in under a second: at 150 µs each that alone is a fifth of its time.
SETTLED_US_PER_FILE = 80
SETTLE_LIMIT_S = 300
BUILDS = 3


def file_creation_us(folder: Path, files: int = 300) -> float:
    """Microseconds to create one empty file in a new folder under ``folder`` (the folder is kept:
    deleting its files would slow the next probe)."""
    probe = Path(tempfile.mkdtemp(prefix="probe-", dir=folder))
    started = time.perf_counter()
    for i in range(files):
        (probe / str(i)).touch()
    return (time.perf_counter() - started) / files * 1e6


def settle(folder: Path, limit_s: float = SETTLE_LIMIT_S) -> tuple[float, float]:
    """Wait (at most ``limit_s``) until creating files costs what it usually does; return the
    wait and what a new file cost when it ended (µs; in the JSON as each build's ``file_us``)."""
    started = time.perf_counter()
    os.sync()
    while (cost := file_creation_us(folder)) > SETTLED_US_PER_FILE and time.perf_counter() - started < limit_s:
        print(f"  waiting for the file system: a new file takes {cost:.0f} µs (usually under "
              f"{SETTLED_US_PER_FILE}; recently deleted files)", file=sys.stderr, flush=True)
        time.sleep(10)
    return round(time.perf_counter() - started, 1), round(cost)


def measure_one(n: int, work: Path, queries: int, build_only: bool = False) -> dict[str, object]:
    """:func:`run` in a fresh process."""
    command = [sys.executable, "-m", "township_reader.tools.bench", "--one", str(n), "--work", str(work), "--queries", str(queries),
               "--json", os.devnull] + (["--build-only"] if build_only else [])
    one = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if one.returncode:
        raise SystemExit(f"bench: the run at n={n} failed (exit {one.returncode})")
    return json.loads(one.stdout.strip().splitlines()[-1])


def write_json(path: Path | None, value: object) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def against_baseline(runs: list[dict[str, object]], baseline: Path) -> None:
    """Print each size's full build against the baseline's (another commit's run, same machine and
    sitting): the target is at most 1.2 times."""
    theirs = {r["n"]: r for r in json.loads(baseline.read_text(encoding="utf-8"))["runs"]}
    for r in runs:
        if r["n"] not in theirs:
            print(f"     n={r['n']}: not in {baseline.name}")
            continue
        ratio = r["build_s"] / theirs[r["n"]]["build_s"]
        print(f"{'ok  ' if ratio <= 1.2 else 'MISS'} full build at n={r['n']}: {r['build_s']} s against the baseline's "
              f"{theirs[r['n']]['build_s']} s: {ratio:.2f}× (target ≤ 1.2×; conversion {r['convert_s']} s against "
              f"{theirs[r['n']]['convert_s']} s, MkDocs {r['mkdocs_s']} s against {theirs[r['n']]['mkdocs_s']} s)")


def ensure_chromium() -> None:
    """Debian's Chromium, which the search timings run in (installed as `make test` does)."""
    if os.environ.get("TR_CHROMIUM") or shutil.which("chromium") or Path("/usr/bin/chromium").exists():
        return
    print("bench: installing Chromium (make system-deps) …", file=sys.stderr, flush=True)
    subprocess.run(["make", "-C", str(ROOT), "system-deps"], check=True, stdout=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="township-reader bench", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--baseline", type=Path,
                        help="the JSON another commit's benchmark wrote: compare each size's full build with it")
    parser.add_argument("--keep", type=Path, help="keep the corpora, docs and sites in this folder")
    parser.add_argument("--queries", type=int, default=30, help="search queries to time per size")
    parser.add_argument("--crossover", help="instead: sizes at which to measure the inline index only "
                                            "(e.g. 100,300,1000,3000), and Pagefind on the largest --keep site")
    parser.add_argument("--unique-ids", action="store_true",
                        help="instead: time anchors.unique_ids at 2,000, 20,000 and 200,000 repeats of one id, and "
                             "the conversion of a raw text of 200,000 short lines")
    parser.add_argument("--preview", help="instead: sizes at which to time the preview's loop, from saving a note to "
                                          "the reloaded page (e.g. 5,1000)")
    parser.add_argument("--glossary", action="store_true",
                        help="instead: the glossary's first screen on a throttled phone (fast 3G, 4x CPU), from site/")
    parser.add_argument("--no-settle", action="store_true",
                        help="do not wait for the file system to settle (a quick check; timings not comparable)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print its JSON
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.crossover:
        ensure_chromium()
        sizes = [int(s) for s in args.crossover.split(",") if s.strip()]
        with tempfile.TemporaryDirectory(prefix="tr-crossover-") as scratch:
            rows = crossover(sizes, Path(scratch), args.queries)
            result: dict[str, object] = {"inline": rows}
            if args.keep and (args.keep / "n1000" / "site").exists():
                copy = Path(scratch) / "pagefind-site"
                shutil.copytree(args.keep / "n1000" / "site", copy, ignore=shutil.ignore_patterns("hant"))
                result["pagefind_n1000"] = pagefind_at(copy)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        write_json(args.json, result)
        return 0
    if args.one:
        print(json.dumps(run(args.one, args.work, args.queries, args.build_only), ensure_ascii=False))
        return 0
    if args.preview:
        ensure_chromium()
        rows = []
        with tempfile.TemporaryDirectory(prefix="tr-preview-") as scratch:
            for n in (int(s) for s in args.preview.split(",") if s.strip()):
                row = measure_preview(n, Path(scratch) / f"n{n}")
                print(f"n={n}: first build {row['preview_first_build_s']} s; save → reloaded page "
                      f"{row['preview_reload_s']} s (each: {row['preview_reloads_s']})", flush=True)
                rows.append(row)
        ok = all(r["preview_reload_s"] <= 1.0 for r in rows if r["n"] <= 5)
        print(f"{'ok  ' if ok else 'MISS'} the preview reloads a saved note in ≤ 1 s at 5 texts")
        write_json(args.json, {"preview": rows})
        return 0
    if args.glossary:
        ensure_chromium()
        site = Path.cwd() / "site"
        if not (site / "glossary" / "index.html").exists():
            print("site/ is not built: run `make site` first", file=sys.stderr)
            return 1
        row = measure_glossary(site)
        ok = row["glossary_first_screen_ms"] <= GLOSSARY_TARGET_MS
        print(f"glossary index: {row['glossary_page_bytes']} bytes, {row['glossary_transfer_bytes']} transferred; "
              f"first paint {row['glossary_first_paint_ms']} ms; filter ready {row['glossary_first_screen_ms']} ms "
              f"(each: {row['glossary_loads_ms']})")
        print(f"{'ok  ' if ok else 'MISS'} the glossary's first screen is usable in ≤ 2 s on a throttled phone (fast 3G, 4× CPU)")
        write_json(args.json, {"glossary": row})
        return 0
    if args.unique_ids:
        timings = measure_unique_ids()
        for key, value in timings.items():
            print(f"{key}: {value}")
        write_json(args.json, {"unique_ids": timings})
        return 0
    ensure_chromium()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    runs = []
    limit = 0 if args.no_settle else SETTLE_LIMIT_S
    with tempfile.TemporaryDirectory(prefix="tr-bench-") as scratch:
        base = args.keep or Path(scratch)
        for n in sizes:
            work = base / f"n{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            waited, file_us = settle(work, limit)
            print(f"n={n}: building…", file=sys.stderr, flush=True)
            # each size in a fresh process, as a conversion runs: nothing of the last size (its heap,
            # its browser) slows this one
            result = measure_one(n, work, args.queries)
            first = {"convert_s": result["convert_s"], "mkdocs_s": result["mkdocs_s"], "file_us": file_us}
            # the full build again, in other fresh processes: of the timings of each step, the
            # quickest is the machine's cost; the slower include what its neighbours took (this
            # is a shared virtual machine, and the conversion, on two cores, feels it the more).
            # Three times in all, whatever the size (with two at 1,000 texts, two runs of this
            # benchmark on one day measured the conversion's share at 8.5% and 9.8%)
            builds = [first]
            while len(builds) < BUILDS:
                wait, file_us = settle(work, limit)
                waited += wait
                again = measure_one(n, work / f"again{len(builds)}", args.queries, build_only=True)
                builds.append({**again, "file_us": file_us})
            result["convert_s"] = min(b["convert_s"] for b in builds)
            result["mkdocs_s"] = min(b["mkdocs_s"] for b in builds)
            result["build_s"] = round(result["convert_s"] + result["mkdocs_s"], 2)
            runs.append({**result, "builds": builds, "settle_s": round(waited, 1)})
    header = ("n", "texts", "convert_s", "mkdocs_s", "build_s", "incremental_s", "site_bytes", "search_index_bytes",
              "page_bytes", "search_ms", "index_load_ms", "index_heap_mb")
    print(" | ".join(header))
    for r in runs:
        print(" | ".join(str(r[h]) for h in header))
    for name, shown, check in TARGETS:
        print(f"{'ok  ' if all(check(r) for r in runs) else 'MISS'} {name}: "
              + ", ".join(f"n={r['n']} {shown(r)}" + ("" if check(r) else " ✗") for r in runs))
    if len(runs) >= 2:
        first, last = runs[0], runs[-1]
        growth = last["build_s"] / first["build_s"]
        print(f"{'ok  ' if growth <= 12 * last['n'] / first['n'] / 10 else 'MISS'} build time grows "
              f"{growth:.1f}× from n={first['n']} to n={last['n']} (target ≤ 12× for 10× the texts)")
    print(f"{'ok  ' if all(r['search_ms'] <= 300 for r in runs) else 'MISS'} search answers in ≤ 300 ms: "
          + ", ".join(f"n={r['n']} {r['search_ms']} ms" for r in runs))
    if args.baseline:
        against_baseline(runs, args.baseline)
    write_json(args.json, {"runs": runs})
    return 0


if __name__ == "__main__":
    sys.exit(main())
