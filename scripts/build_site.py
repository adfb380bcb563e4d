#!/usr/bin/env python3
"""Build both editions of the site with MkDocs, strictly, in one process.

    python scripts/build_site.py [--dirty] [--docs DIR] [--site DIR] [--site-url URL] [--search BACKEND]

The Simplified edition (``docs/`` → ``site/``) is built first, because a full build empties
its site folder; then the Traditional (``docs/hant/`` → ``site/hant/``). With ``--search
pagefind`` each edition is indexed by Pagefind as soon as it is built, so that the
Simplified index does not take in the Traditional pages inside its folder. Each edition's
settings are the environment variables ``mkdocs.yml`` reads (``TR_EDITION``, ``TR_DOCS_DIR`` …).

Why not ``mkdocs build --strict --quiet`` twice: ``--quiet`` sets MkDocs's logger to ERROR,
so warnings are dropped before the strict-mode counter sees them, and a broken link passed
silently (MkDocs 1.6). Here only INFO messages are hidden: every warning is printed and fails
the build. One process for both editions also saves an interpreter start-up and MkDocs's
imports per edition (about 0.2 s of every build, and of every rebuild after a change).

Exit status: 0 when both editions built without a warning, 1 otherwise.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def editions(docs: Path, site: Path, site_url: str | None, search: str) -> list[tuple[str, dict[str, str]]]:
    """Each edition's environment for ``mkdocs.yml`` (the same settings as the Makefile had)."""
    common = {"NO_MKDOCS_2_WARNING": "1", "TR_SEARCH": search}
    hans = {**common, "TR_EDITION": "hans", "TR_DOCS_DIR": str(docs), "TR_SITE_DIR": str(site), "TR_LANGUAGE": "zh-Hans"}
    hant = {**common, "TR_EDITION": "hant", "TR_DOCS_DIR": str(docs / "hant"), "TR_SITE_DIR": str(site / "hant"),
            "TR_LANGUAGE": "zh-Hant", "TR_SITE_NAME": "鄉鎮文獻注讀", "TR_PERMALINK_TITLE": "本標題的連結",
            "TR_PARAGRAPH_PERMALINK_TITLE": "本段的連結"}
    if site_url:
        hans["TR_SITE_URL"] = site_url
        hant["TR_SITE_URL"] = site_url.rstrip("/") + "/hant/"
    return [("hans", hans), ("hant", hant)]


class _DirtyNotice(logging.Filter):
    """Drop MkDocs's warning that a --dirty build may leave navigation stale: :func:`stale_reason`
    decides when it would, and builds the edition in full then (strict mode counts warnings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def stale_reason(env: dict[str, str]) -> str | None:
    """Why rebuilding only the changed pages of this edition would leave others out of date: no
    earlier build, or the navigation or site configuration changed since (every page shows them)."""
    stamp = Path(env["TR_SITE_DIR"]) / "sitemap.xml"  # written by every build, full or dirty
    if not stamp.exists():
        return "no earlier build"
    built = stamp.stat().st_mtime
    shared = [Path(env["TR_DOCS_DIR"]) / "nav.yml", ROOT / "mkdocs.yml", ROOT / "scripts" / "site_hooks.py",
              *(p for p in (ROOT / "overrides").rglob("*") if p.is_file())]
    for path in shared:
        if path.exists() and path.stat().st_mtime > built:
            return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name} changed"
    return None


def build_edition(env: dict[str, str], dirty: bool, pages: bool = True) -> None:
    """One ``mkdocs build --strict`` (``--dirty``) with ``env`` set; raises on any warning.

    With ``pages=False``, only MkDocs's start-up: its imports, the configuration, plugins and
    theme, and the Markdown extensions every page is rendered with (what bench.py times as
    ``mkdocs_startup_s``, to compare the conversion's work with MkDocs's on equal terms)."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), strict=True)
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            if pages:
                build.build(config, dirty=dirty)
            else:
                import markdown

                markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        finally:
            config.plugins.on_shutdown()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_site.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dirty", action="store_true",
                        help="rebuild only the pages whose docs/ file changed (mkdocs --dirty); every page when the "
                             "navigation or the site's configuration changed, or there is no earlier build")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="the converted docs/ (default: docs/)")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="where to build (default: site/)")
    parser.add_argument("--site-url", help="the hosted address of the Simplified edition (optional)")
    parser.add_argument("--search", default="inline", choices=("inline", "pagefind"), help="search backend")
    parser.add_argument("--startup-only", action="store_true", help=argparse.SUPPRESS)  # bench.py: start-up, no pages
    args = parser.parse_args(argv)

    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")  # what `mkdocs` prints, less its INFO lines
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())  # where MkDocs logs it

    if args.startup_only:
        build_edition(editions(args.docs.resolve(), args.site.resolve(), None, args.search)[0][1], False, pages=False)
        return 0
    started = time.perf_counter()
    for name, env in editions(args.docs.resolve(), args.site.resolve(), args.site_url, args.search):
        dirty = args.dirty
        if dirty and (reason := stale_reason(env)):
            print(f"{name}: building every page ({reason})", file=sys.stderr)
            dirty = False
        try:
            build_edition(env, dirty)
        except MkDocsException as err:
            print(f"error: the {name} edition did not build: {err}", file=sys.stderr)
            return 1
        if args.search == "pagefind":
            # now, before the next edition is built inside this one's folder: each index holds its own edition
            indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", env["TR_SITE_DIR"],
                                      "--output-subdir", "pagefind", "--quiet"])
            if indexed.returncode:
                print(f"error: Pagefind could not index the {name} edition", file=sys.stderr)
                return 1
    site = os.path.relpath(args.site) if args.site.resolve().is_relative_to(Path.cwd()) else args.site
    print(f"built {site}/ (Simplified) and {site}/hant/ (Traditional) in {time.perf_counter() - started:.1f} s, "
          f"search: {args.search}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
