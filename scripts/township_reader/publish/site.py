#!/usr/bin/env python3
"""Build both editions of the site with MkDocs, strictly, in one process (``township-reader build``).

The Simplified edition (``docs/`` → ``site/``) is built first, because a full build empties
its site folder; then the Traditional (``docs/hant/`` → ``site/hant/``). With ``--search
pagefind`` each edition is indexed by Pagefind as soon as it is built, so that the
Simplified index does not take in the Traditional pages inside its folder. Each edition's
settings are the environment variables ``mkdocs.yml`` reads (``TR_EDITION``, ``TR_LANGUAGE`` …)
and configuration given to MkDocs (folders, the Traditional edition's words).

Both editions are built into a folder beside ``site/`` (``.site.new-…``) that takes its place
only when both have built: a failed or interrupted build leaves the last complete site, never
an empty one or one edition (``township_reader/files.py``). ``--dirty`` updates ``site/`` in place.

Why not ``mkdocs build --strict --quiet`` twice: ``--quiet`` sets MkDocs's logger to ERROR,
so warnings are dropped before the strict-mode counter sees them, and a broken link passed
silently (MkDocs 1.6). Here only INFO messages are hidden: every warning is printed and fails
the build. One process for both editions also saves an interpreter start-up and MkDocs's
imports per edition (about 0.2 s of every build, and of every rebuild after a change).

A warning fails the build (:class:`SiteBuildError`).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from township_reader.files import locked, replacing
from township_reader.project import Project
from township_reader.publish.release import Release, current_release

# The hooks are this package's, wherever it is installed (mkdocs.yml names no file of the project)
HOOKS = Path(__file__).with_name("hooks.py")

# The Traditional edition's own words in mkdocs.yml (the Simplified are its defaults). Given to
# MkDocs as configuration, not through the environment: an environment value must be encodable
# in the locale's encoding, and under an ASCII locale (LC_ALL=C, PYTHONUTF8=0) Chinese is not.
HANT_WORDS = {"site_name": "鄉鎮文獻注讀", "toc": "本標題的連結", "township_reader.publish.permalinks": "本段的連結"}


@dataclass
class EditionBuild:
    """One edition's build: the environment ``mkdocs.yml`` reads (ASCII only), where it reads
    and writes, and the configuration it overrides."""

    name: str
    env: dict[str, str]
    docs: Path
    site: Path
    site_url: str | None = None
    words: dict[str, str] = field(default_factory=dict)


def editions(docs: Path, site: Path, site_url: str | None, search: str) -> list[EditionBuild]:
    """Each edition's build (the same settings as the Makefile's ``TR_*`` variables give)."""
    common = {"NO_MKDOCS_2_WARNING": "1", "TR_SEARCH": search}
    return [
        EditionBuild("hans", {**common, "TR_EDITION": "hans", "TR_LANGUAGE": "zh-Hans"}, docs, site, site_url),
        EditionBuild("hant", {**common, "TR_EDITION": "hant", "TR_LANGUAGE": "zh-Hant"}, docs / "hant", site / "hant",
                     site_url.rstrip("/") + "/hant/" if site_url else None, HANT_WORDS),
    ]


class _DirtyNotice(logging.Filter):
    """Drop MkDocs's warning that a --dirty build may leave navigation stale: :func:`stale_reason`
    decides when it would, and builds the edition in full then (strict mode counts warnings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def stale_reason(edition: EditionBuild, root: Path) -> str | None:
    """Why rebuilding only the changed pages of this edition would leave others out of date: no
    earlier build, or the navigation or site configuration changed since (every page shows them)."""
    stamp = edition.site / "sitemap.xml"  # written by every build, full or dirty
    if not stamp.exists():
        return "no earlier build"
    built = stamp.stat().st_mtime
    shared = [edition.docs / "nav.yml", root / "mkdocs.yml", HOOKS,
              *(p for p in (root / "overrides").rglob("*") if p.is_file())]
    for path in shared:
        if path.exists() and path.stat().st_mtime > built:
            return f"{path.relative_to(root) if path.is_relative_to(root) else path.name} changed"
    return None


def build_edition(edition: EditionBuild, root: Path, dirty: bool, release: Release | None = None) -> None:
    """One ``mkdocs build --strict`` (``--dirty``) of ``edition``; raises on any warning. ``release``:
    what its citations name (:func:`~township_reader.publish.release.current_release`)."""
    from mkdocs.commands import build
    from mkdocs.config import load_config

    saved = {key: os.environ.get(key) for key in edition.env}
    os.environ.update(edition.env)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, docs_dir=str(edition.docs),
                             hooks=[str(HOOKS)],
                             site_dir=str(edition.site), site_url=edition.site_url,
                             site_name=edition.words.get("site_name"))
        config["extra"]["release"] = release.as_json() if release else None
        for extension, title in edition.words.items():
            if extension in config["mdx_configs"]:
                config["mdx_configs"][extension]["permalink_title" if extension == "toc" else "title"] = title
        config.plugins.on_startup(command="build", dirty=dirty)
        try:
            build.build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class SiteBuildError(Exception):
    """An edition did not build (what MkDocs or Pagefind said is the message); the site being
    built was dropped, and the last complete one is left."""


def configure_logging() -> None:
    """Show MkDocs's warnings and errors, not its INFO lines (``--quiet`` would drop the warnings
    before strict mode counts them)."""
    logger = logging.getLogger("mkdocs")
    if any(isinstance(h, logging.StreamHandler) for h in logger.handlers):
        return
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger.addHandler(handler)
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())  # where MkDocs logs it


def build_site(project: Project, docs: Path, site: Path, site_url: str | None = None, search: str = "inline",
               dirty: bool = False) -> float:
    """Build both editions of ``docs`` into ``site``; return the seconds it took."""
    from mkdocs.exceptions import MkDocsException

    configure_logging()
    docs, site = docs.resolve(), site.resolve()
    started = time.perf_counter()
    release = current_release(project.root)  # one for both editions
    # docs/ is read while no conversion swaps it; site/ is built beside and swapped in whole, so an
    # interrupted or failed build leaves the last complete site (a --dirty build updates site/ in
    # place, as it must: the next one finishes what an interrupted one left)
    with locked(docs, shared=True), (locked(site) if dirty else replacing(site)) as staging:
        target = site if dirty else staging
        for edition in editions(docs, target, site_url, search):
            edition_dirty = dirty
            if dirty and (reason := stale_reason(edition, project.root)):
                print(f"{edition.name}: building every page ({reason})", file=sys.stderr)
                edition_dirty = False
            try:
                build_edition(edition, project.root, edition_dirty, release)
            except MkDocsException as err:
                raise SiteBuildError(f"the {edition.name} edition did not build: {err}") from None
            if search == "pagefind":
                # now, before the next edition is built inside this one's folder: each index holds its own edition
                indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(edition.site),
                                          "--output-subdir", "pagefind", "--quiet"])
                if indexed.returncode:
                    raise SiteBuildError(f"Pagefind could not index the {edition.name} edition")
    return time.perf_counter() - started
