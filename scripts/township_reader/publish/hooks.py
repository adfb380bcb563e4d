"""MkDocs hooks: the small glue between the generated docs/ and MkDocs. Presentation only.

- the navigation comes from ``nav.yml``, which ``township-reader convert`` writes beside the
  pages of each edition (titles in that edition's script);
- compiled templates are cached between builds, outside the work tree (``township_reader/files.py``);
- navigation toggles that show only an icon are named after their section (accessibility);
- every page is excluded from Material's own search index, which cannot search Chinese
  well: ``overrides/assets/javascripts/reader-search.js`` searches ``search/corpus.js``;
- the exports in ``site/`` carry the release the build publishes, the Web Annotations the hosted
  pages' addresses when the site URL is known, and every text's citation is written for reference
  managers (CSL-JSON, RIS, BibTeX; ``publish/stamp.py``);
- a text page carries its citations (``render/citation.py``), made here because only the build
  knows the site URL and the release (``publish/release.py``); ``overrides/main.html`` writes them.

``<html lang>`` (zh-Hans / zh-Hant) comes from the theme language, see
``overrides/partials/languages/zh-Hans.html``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import yaml

from township_reader.files import cache_dir
from township_reader.publish.archive import docs_root, fill_size, write_archive
from township_reader.publish.release import current_release
from township_reader.publish.stamp import EDITION_NAMES, paragraph_formats, stamp_site
from township_reader.render.citation import cite_templates, cited_work


def on_config(config):
    nav_file = Path(config.docs_dir) / "nav.yml"
    if not nav_file.exists():
        raise SystemExit(f"{nav_file}: missing — run `township-reader convert` first (or `make site`)")
    config.nav = yaml.safe_load(nav_file.read_text(encoding="utf-8"))
    if "release" not in config.extra:  # `township-reader build` gives it; `mkdocs build` run by hand does not
        release = current_release(Path(config.config_file_path).parent)
        config.extra["release"] = release.as_json() if release else None
    return config


def on_env(env, config, files):
    # Compiled templates are kept between builds (Jinja checks each against its source): compiling
    # Material's templates took 0.4 s of every build, of both editions. Outside the work tree
    # (township_reader/caches.py): loading a compiled template runs it, so none may come from a commit.
    cache = cache_dir("jinja", Path(config.config_file_path).parent)
    if cache is not None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache))
    return env


def on_page_markdown(markdown, page, config, files):
    page.meta.setdefault("search", {})["exclude"] = True
    if page.file.src_uri == "exports/index.md":  # the corpus archive's size (publish/archive.py)
        return fill_size(markdown, docs_root(config.docs_dir, config.extra.get("edition")))
    return markdown


def on_page_context(context, page, config, nav):
    # Pages under docs/ are generated: the edit button leads to what an editor can change.
    # A text page's button opens its annotation file; other pages have none.
    text_id = page.meta.get("text_id")
    repo = (config.repo_url or "").rstrip("/")
    page.edit_url = f"{repo}/edit/main/seeds/annotations/{text_id}.yml" if text_id and repo else None
    if text_id:
        release = config.extra.get("release")
        work = cited_work(page.meta.get("title", ""), page.meta.get("site"), page.meta.get("date"), text_id,
                          page.meta.get("edition", "zh-Hans"), config.site_url, release and release["label"])
        page.meta["tr_cite"] = cite_templates(work)
        page.meta["tr_cite"]["styles"] += paragraph_formats(work, text_id)  # CSL-JSON, RIS, BibTeX
    return context


# A navigation section with an index page (术语表, 清理报告) has a toggle whose <label> holds only an
# icon, and the section's <nav> is labelled by it: an unnamed toggle, and navigation landmarks
# with the same empty name (axe: landmark-unique). Name the toggle after the section's title.
_ICON_ONLY_TOGGLE = re.compile(r'(<label class="md-nav__link " for="(__nav_[0-9_]+)" id="\2_label" tabindex="")'
                               r'(>\s*<span class="md-nav__icon md-icon"></span>\s*</label>)')
_SECTION_TITLE = re.compile(r'<label class="md-nav__title" for="(__nav_[0-9_]+)">\s*'
                            r'<span class="md-nav__icon md-icon"></span>\s*([^<]+?)\s*</label>')


# Material's skip link jumps to the page's first table-of-contents entry: on a text page, past its
# title, metadata and opening paragraphs. It jumps to the article (the page's title) instead.
_SKIP_LINK = re.compile(r'<a href="[^"]*" class="md-skip">')
_ARTICLE = '<article class="md-content__inner md-typeset">'


def on_post_page(output, page, config):
    titles = dict(_SECTION_TITLE.findall(output))
    output = _ICON_ONLY_TOGGLE.sub(
        lambda m: f'{m.group(1)} aria-label="{titles[m.group(2)].replace(chr(34), "&quot;")}"{m.group(3)}' if m.group(2) in titles else m.group(0),
        output)
    if _ARTICLE in output:
        output = _SKIP_LINK.sub('<a href="#tr-main" class="md-skip">', output, count=1)
        output = output.replace(_ARTICLE, '<article class="md-content__inner md-typeset" id="tr-main" tabindex="-1">', 1)
    return output


# Material's own search engine (lunr, its languages, the worker) and source maps: our search
# replaces the engine and no page loads these files. Dropping them halves the site (2.2 MB
# of 2.4 MB of scripts per edition), which matters for a site people copy to read offline.
UNUSED = ("search/search_index.json", "assets/javascripts/lunr", "assets/javascripts/workers")


def on_post_build(config):
    site = Path(config.site_dir)
    if config.extra.get("edition") == "hant":
        # A host serves one 404 page, the site root's; this one's root-absolute links would
        # point into the Simplified edition.
        (site / "404.html").unlink(missing_ok=True)
    else:  # the corpus archive, in the Simplified edition's folder, linked from both
        write_archive(docs_root(config.docs_dir, "hans"), site)
    for rel in UNUSED:
        path = site / rel
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    for source_map in (site / "assets").rglob("*.map"):
        source_map.unlink()
    edition = config.extra.get("edition") or "hans"
    stamp_site(site, config.extra.get("release"), config.site_url, EDITION_NAMES.get(edition, EDITION_NAMES["hans"]))
