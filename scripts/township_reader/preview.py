"""The editor's preview: both editions served on 127.0.0.1, rebuilt and reloaded on every change.

``township-reader preview`` converts the seeds, builds both editions into the project's
``site/`` and serves it. Every quarter of a second it looks at ``seeds/`` (raw texts, the
catalogue, corrections, conversion overrides, glossary, notes, publishers): on a change it
reconverts only the raw texts whose inputs changed (the others' conversions are kept in
memory, keyed like the conversion cache), renders ``docs/``, rewrites only the files that
changed and rebuilds only their pages (``build --dirty``), then tells the open pages to reload.
A bad entry does not stop the server: its ``file:line`` error is printed here and shown on the
page, until the next save fixes it.

The reload is a small script the server adds to each HTML page it sends (never written into
``site/``): it asks ``/__preview/wait?version=N``, which answers when the site has changed
since version N, or with the error that stopped the rebuild.
"""

from __future__ import annotations

import http.server
import json
import socketserver
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from township_reader.build import (
    cache_file,
    check_seeds,
    docs_files,
    load_inputs,
    published_anchors,
    read_glossary,
    seed_files,
    sync_docs,
)
from township_reader.datafile import DataError, error_lines
from township_reader.decode import InputError, read_raw_text
from township_reader.files import locked
from township_reader.pipeline import convert_raw
from township_reader.project import Project
from township_reader.publish.serve import SiteHandler
from township_reader.publish.site import SiteBuildError, build_site
from township_reader.structure.document import Conversion

POLL_S = 0.25

RELOAD_SCRIPT = """<script>(function () {
  var version = %d;
  function banner(text) {
    var box = document.getElementById("tr-preview-error") || document.createElement("pre");
    box.id = "tr-preview-error";
    box.style.cssText = "position:fixed;z-index:9;left:0;right:0;bottom:0;margin:0;padding:.8em;background:#b00020;color:#fff;white-space:pre-wrap;font-size:14px";
    box.textContent = text;
    document.body.appendChild(box);
  }
  function wait() {
    fetch("/__preview/wait?version=" + version).then(function (r) { return r.json(); }).then(function (state) {
      if (state.error) { version = state.version; banner(state.error); wait(); }
      else if (state.version !== version) { location.reload(); }
      else { wait(); }
    }).catch(function () { setTimeout(wait, 1000); });
  }
  %s
  wait();
})();</script>"""


@dataclass
class PreviewState:
    """What the server tells the pages: the site's version, and the error of the last rebuild."""

    version: int = 0
    error: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, error: str = "") -> None:
        with self.changed:
            self.version += 1
            self.error = error
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float = 25.0) -> dict[str, object]:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen, timeout)
            return {"version": self.version, "error": self.error}


class Rebuilder:
    """Converts what changed, renders docs/, writes what changed, rebuilds those pages."""

    def __init__(self, where: Project) -> None:
        self.where = where
        self.conversions: dict[str, Conversion] = {}  # by cache key: a conversion's inputs

    def watched(self) -> dict[Path, float]:
        """Every file of seeds/ with its modification time (and size: a save within the same tick)."""
        return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(self.where.seeds.rglob("*")) if p.is_file()}

    def rebuild(self, first: bool = False) -> float:
        """One rebuild; the seconds it took. Raises DataError or InputError on bad input."""
        started = time.perf_counter()
        check_seeds(self.where.seeds)
        glossary = read_glossary(self.where.glossary)
        inputs = load_inputs(self.where, glossary)
        kept: dict[str, Conversion] = {}
        conversions = []
        for path in seed_files(self.where):
            raw = read_raw_text(path)
            key = cache_file(raw, inputs, Path()).name
            conversion = self.conversions.get(key) or convert_raw(raw, inputs)
            kept[key] = conversion
            conversions.append(conversion)
        self.conversions = kept
        published_anchors(conversions, self.where)  # old anchors land (the record is written by convert)
        files, warnings = docs_files(conversions, self.where, glossary)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        with locked(self.where.docs):
            changed = sync_docs(files, self.where.docs)
        if changed or first:
            build_site(self.where, self.where.docs, self.where.site, dirty=not first)
        return time.perf_counter() - started


def handler_for(site: Path, state: PreviewState) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(SiteHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/__preview/wait":
                seen = int(parse_qs(url.query).get("version", ["0"])[0] or 0)
                self._send(json.dumps(state.wait(seen)).encode(), "application/json")
                return
            path = Path(self.translate_path(url.path))
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path.is_file():
                with state.changed:
                    version, error = state.version, state.error
                show = f"banner({json.dumps(error)});" if error else ""
                page = path.read_bytes().replace(b"</body>", (RELOAD_SCRIPT % (version, show)).encode() + b"</body>", 1)
                self._send(page, "text/html; charset=utf-8")
                return
            super().do_GET()

        def guess_type(self, path: str) -> str:
            kind = super().guess_type(path)
            return f"{kind}; charset=utf-8" if kind.startswith("text/") or kind.endswith("javascript") else kind

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _problem(err: Exception) -> str:
    """What went wrong, one ``error: …`` line per problem."""
    return error_lines(err) if isinstance(err, DataError) else f"error: {err}"


def serve(where: Project, port: int = 8000, once: bool = False) -> None:
    """Build, serve and rebuild on every change, until interrupted (``once``: build and stop)."""
    rebuilder = Rebuilder(where)
    state = PreviewState()
    try:
        seconds = rebuilder.rebuild(first=True)
        print(f"built both editions in {seconds:.1f} s", file=sys.stderr)
    except (DataError, InputError, SiteBuildError) as err:
        print(_problem(err), file=sys.stderr)
        if once or not (where.site / "index.html").exists():
            raise SystemExit(1) from None
        state.publish(_problem(err))
    if once:
        return
    seen = rebuilder.watched()
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), handler_for(where.site, state))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"previewing both editions on http://127.0.0.1:{port}/ (繁體: /hant/); watching seeds/ (Ctrl-C to stop)",
          file=sys.stderr)
    try:
        while True:
            time.sleep(POLL_S)
            now = rebuilder.watched()
            if now == seen:
                continue
            seen = now
            try:
                seconds = rebuilder.rebuild()
            except (DataError, InputError, SiteBuildError) as err:
                print(_problem(err), file=sys.stderr)
                state.publish(_problem(err))
                continue
            print(f"rebuilt in {seconds:.2f} s", file=sys.stderr)
            state.publish()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
