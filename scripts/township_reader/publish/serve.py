"""Serving the built site locally (``make serve``; ``township-reader preview`` uses the same types).

Python's ``http.server`` sends a ``.txt`` file as ``text/plain`` without a charset, and a browser
then reads the UTF-8 exports as Latin-1 or the locale's encoding (mojibake). Every text type the
site has is sent with ``charset=utf-8``, as a host configured for the site would.

    python -m township_reader.publish.serve [--port 8000] [--directory site]
"""

from __future__ import annotations

import argparse
import functools
import http.server
from typing import ClassVar

UTF8 = "; charset=utf-8"
TYPES = {
    ".txt": "text/plain" + UTF8,
    ".csv": "text/csv" + UTF8,
    ".json": "application/json" + UTF8,
    ".tbx": "application/x-tbx+xml" + UTF8,
    ".xml": "application/xml" + UTF8,
    ".md": "text/markdown" + UTF8,
    ".js": "text/javascript" + UTF8,
    ".css": "text/css" + UTF8,
    ".html": "text/html" + UTF8,
    ".svg": "image/svg+xml",
    ".zip": "application/zip",
}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder with the site's types, each text type in UTF-8."""

    extensions_map: ClassVar[dict[str, str]] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", default="site")
    args = parser.parse_args(argv)
    handler = functools.partial(SiteHandler, directory=args.directory)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
