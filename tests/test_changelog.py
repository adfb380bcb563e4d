"""The CHANGELOG of editorial changes: its entries checked with file:line, shown on the 更新记录
page of both editions and in each text's TEI change record, and `township-reader changelog`
failing when the editorial data changed without a new entry saying so."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DOCS, ROOT
from township_reader.datafile import DataError, load_yaml
from township_reader.enrich.changelog import Entry, load_changelog, missing_entries, parse_changelog

TR = ROOT / ".venv" / "bin" / "township-reader"


def parsed(text: str, ids: set[str] | None = None) -> list[Entry]:
    return parse_changelog(load_yaml("x.yml", text=text, shown="seeds/changelog.yml"), "seeds/changelog.yml", ids)


def test_the_project_changelog_is_valid_and_newest_first():
    entries = load_changelog(ROOT / "seeds" / "changelog.yml", "seeds/changelog.yml")
    assert entries and [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)


@pytest.mark.parametrize(("text", "message"), [
    ("- date: 2026-12-08\n  kind: notes\n  summary: x\n", "seeds/changelog.yml:2: unknown kind 'notes' — use one of: text,"),
    ("- date: 8 Dec\n  kind: note\n  summary: x\n", "seeds/changelog.yml:1: the date is YYYY-MM-DD"),
    ("- date: 2026-12-01\n  kind: note\n  summary: x\n- date: 2026-12-08\n  kind: note\n  summary: y\n",
     "seeds/changelog.yml:4: 2026-12-08 is after the entry above it (2026-12-01) — the newest entries come first"),
    ("- date: 2026-12-08\n  kind: note\n  texts: [nosuch]\n  summary: x\n", "seeds/changelog.yml:3: no text with id 'nosuch'"),
    ("- date: 2026-12-08\n  kind: note\n", "seeds/changelog.yml:1: 'summary' is a required property"),
])
def test_a_bad_entry_names_its_line(text, message):
    with pytest.raises(DataError) as err:
        parsed(text, {"zhenzhang"})
    assert str(err.value).startswith(message), str(err.value)


def test_missing_entries_by_kind_and_text():
    before = parsed("- date: 2026-12-01\n  kind: note\n  summary: old\n")
    note = parsed("- date: 2026-12-08\n  kind: note\n  texts: [zhenzhang]\n  summary: new\n"
                  "- date: 2026-12-01\n  kind: note\n  summary: old\n")
    changed = ["seeds/annotations/zhenzhang.yml", "seeds/glossary.yml", "docs/texts/zhenzhang.md", "seeds/anchors/zhenzhang.yml"]
    problems = missing_entries(changed, before, note)
    assert problems == ["seeds/glossary.yml changed, and no new entry of kind 'glossary' says so — add one at the top "
                        "(date, kind: glossary, summary)"]
    assert missing_entries(["seeds/annotations/jianghua.yml"], before, note) == [
        "seeds/annotations/jianghua.yml changed, and no new entry of kind 'note', texts: [jianghua] says so — add one at "
        "the top (date, kind: note, texts: [jianghua], summary)"]
    assert missing_entries(["seeds/annotations/jianghua.yml"], before, before)  # an old entry does not count


def test_the_changelog_page_and_the_tei_change_record():
    entries = load_changelog(ROOT / "seeds" / "changelog.yml", "seeds/changelog.yml")
    for folder in (DOCS, DOCS / "hant"):
        page = (folder / "changelog.md").read_text(encoding="utf-8")
        assert page.count("\n- **") == len(entries)
        assert "更新记录" in page if folder == DOCS else "更新記錄" in page
        assert "changelog.md" in (folder / "nav.yml").read_text(encoding="utf-8")
    override = next(e for e in entries if e.kind == "conversion")
    (text_id,) = override.texts
    tei = (DOCS / "exports" / f"{text_id}.tei.xml").read_text(encoding="utf-8")
    assert f'when="{override.date}" type="conversion">转换改定：{override.summary}</change>' in tei
    other = next(p for p in (DOCS / "exports").glob("*.tei.xml") if not p.name.startswith(text_id))
    assert override.summary not in other.read_text(encoding="utf-8")


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True, text=True).stdout


def test_the_command_fails_until_the_change_has_its_entry(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "work")
    notes = root / "seeds" / "annotations" / "zhenzhang.yml"
    notes.write_text(notes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run = lambda: subprocess.run([str(TR), "changelog", "--base", "main"], capture_output=True, text=True,  # noqa: E731
                                 env={**os.environ, "TR_PROJECT": str(root)}, timeout=120)
    failed = run()
    assert failed.returncode == 1
    assert ("error: seeds/changelog.yml: seeds/annotations/zhenzhang.yml changed, and no new entry of kind 'note', "
            "texts: [zhenzhang] says so") in failed.stderr
    log = root / "seeds" / "changelog.yml"
    head, _, rest = log.read_text(encoding="utf-8").partition("- date:")
    log.write_text(head + "- date: 2099-01-01\n  kind: note\n  texts: [zhenzhang]\n  summary: 测试。\n- date:" + rest,
                   encoding="utf-8")
    passed = run()
    assert passed.returncode == 0, passed.stderr
    assert "seeds/changelog.yml says what changed since main" in passed.stdout


def test_an_entry_may_name_a_removed_text_but_a_new_one_not_an_unknown_one(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "docs" / "exports", root / "docs" / "exports")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    log = root / "seeds" / "changelog.yml"
    head, _, rest = log.read_text(encoding="utf-8").partition("- date:")
    log.write_text(head + "- date: 2099-01-01\n  kind: note\n  texts: [zhenzhang, nosuch]\n  summary: 测试。\n- date:" + rest,
                   encoding="utf-8")
    failed = subprocess.run([str(TR), "changelog", "--base", "main"], capture_output=True, text=True,
                            env={**os.environ, "TR_PROJECT": str(root)}, timeout=120)
    assert failed.returncode == 1 and "seeds/changelog.yml:7: no text with id 'nosuch'" in failed.stderr, failed.stderr
    page_entries = load_changelog(log, "seeds/changelog.yml")  # the conversion takes it: history may name any text
    assert page_entries[0].texts == ("zhenzhang", "nosuch")
