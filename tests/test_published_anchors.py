"""Links that survive corrections: the record of published anchors (seeds/anchors/), the aliases
it keeps, and the conversion that fails when a published anchor disappears without one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DOCS, ROOT, SEEDS, file_url
from township_reader.structure.document import Block, Source, Text
from township_reader.structure.published import (
    TextAnchors,
    dump_text_anchors,
    link_anchors,
    load_text_anchors,
)

TR = ROOT / ".venv" / "bin" / "township-reader"


# ------------------------------------------------------------------------------ linking, in memory


def text_of(*paragraphs: str, text_id: str = "t") -> Text:
    from township_reader.structure.blocks import assign_ids

    blocks = [Block("paragraph", {"zh-Hans": p, "zh-Hant": p}) for p in paragraphs]
    assign_ids(blocks)
    return Text(text_id, {"zh-Hans": "题"}, Source("t.txt", None, None, "generic"), "zh-Hans", {}, blocks)


def recorded(text: Text) -> TextAnchors:
    record, problems = link_anchors({}, [text])
    assert not problems
    return TextAnchors(record[text.id].current, record[text.id].aliases,
                       {a: n + 5 for n, a in enumerate(record[text.id].current)}, "seeds/anchors/t.yml",
                       record[text.id].numbers)


BEFORE = ("镇长是一个镇的带头人，其职责决定必须为官一任。", "对干部，镇长要做到三带头，带头维护团结。", "群众是发展的主体，要关心群众的具体利益。")


def test_a_changed_opening_becomes_an_alias_of_the_block_by_its_last_words():
    old = recorded(text_of(*BEFORE))
    after = text_of("镇长是壹个镇的带头人，其职责决定必须为官一任。", *BEFORE[1:])
    record, problems = link_anchors({"t": old}, [after])
    assert not problems
    assert record["t"].aliases == {"p-镇长是一个镇的带头人": "p-镇长是壹个镇的带头人"}
    assert after.blocks[0].aliases == ["p-镇长是一个镇的带头人"]
    assert list(record["t"].current) == [b.id for b in after.blocks]


def test_a_block_whose_opening_and_end_changed_is_found_by_its_place():
    old = recorded(text_of(*BEFORE))
    after = text_of(BEFORE[0], "对干部，镇长应做到三带头，带头维护班子团结。", BEFORE[2])
    record, problems = link_anchors({"t": old}, [after])
    assert not problems and record["t"].aliases == {"p-对干部镇长要做到三带": "p-对干部镇长应做到三带"}


def test_a_block_that_is_gone_fails_naming_the_record_and_line_until_an_alias_is_written():
    old = recorded(text_of(*BEFORE))
    after = text_of(BEFORE[0], BEFORE[2])
    _, problems = link_anchors({"t": old}, [after])
    assert [str(p) for p in problems] == [
        'seeds/anchors/t.yml:6: anchor "p-对干部镇长要做到三带" of text \'t\' was published, and no block has it '
        'now, nor clearly took its place (last words “要做到三带头带头维护团结”) — write "p-对干部镇长要做到三带": '
        '{alias: "<the anchor it lands on>", number: "2"} here (new anchors: none)']
    old.aliases["p-对干部镇长要做到三带"] = "p-群众是发展的主体要关"  # the editor writes it by hand
    del old.current["p-对干部镇长要做到三带"]
    record, problems = link_anchors({"t": old}, [after])
    assert not problems and after.blocks[1].aliases == ["p-对干部镇长要做到三带"]
    assert record["t"].aliases == {"p-对干部镇长要做到三带": "p-群众是发展的主体要关"}


def test_an_alias_follows_its_block_when_that_one_changes_too_and_a_returning_anchor_is_current_again():
    old = recorded(text_of(*BEFORE))
    old.aliases["p-旧的锚点"] = "p-镇长是一个镇的带头人"
    after = text_of("镇长是壹个镇的带头人，其职责决定必须为官一任。", *BEFORE[1:])
    record, problems = link_anchors({"t": old}, [after])
    assert not problems
    assert record["t"].aliases == {"p-旧的锚点": "p-镇长是壹个镇的带头人", "p-镇长是一个镇的带头人": "p-镇长是壹个镇的带头人"}
    again, problems = link_anchors({"t": record["t"]}, [text_of(*BEFORE)])  # the correction withdrawn
    assert not problems and again["t"].aliases == {"p-旧的锚点": "p-镇长是一个镇的带头人",
                                                   "p-镇长是壹个镇的带头人": "p-镇长是一个镇的带头人"}


def test_an_alias_to_nothing_and_a_text_no_seed_gives_are_errors():
    old = recorded(text_of(*BEFORE))
    old.aliases["p-旧的锚点"] = "p-不存在"
    old.lines["p-旧的锚点"] = 9
    _, problems = link_anchors({"t": old, "gone": TextAnchors(path="seeds/anchors/gone.yml")}, [text_of(*BEFORE)])
    messages = [str(p) for p in problems]
    assert messages[0].startswith("seeds/anchors/gone.yml: text 'gone' was published, and no seed gives it now")
    assert messages[1].startswith('seeds/anchors/t.yml:9: alias "p-旧的锚点" lands on "p-不存在"')


def numbers(text: Text) -> list[str]:
    return [b.number for b in text.blocks if b.type == "paragraph"]


def test_a_published_paragraph_keeps_its_number_whatever_is_inserted_removed_or_corrected_around_it():
    first = text_of(*BEFORE)
    old = recorded(first)
    assert numbers(first) == ["1", "2", "3"] and old.numbers == {b.id: b.number for b in first.blocks}
    inserted = text_of(BEFORE[0], "新插入的一段，校正时从原页补回。", *BEFORE[1:], "文末新增的一段。")
    record, problems = link_anchors({"t": old}, [inserted])
    assert not problems and numbers(inserted) == ["1", "1a", "2", "3", "4"]
    again = text_of(BEFORE[0], "新插入的一段，校正时从原页补回。", "又插入的一段。", *BEFORE[1:], "文末新增的一段。")
    _, problems = link_anchors({"t": record["t"]}, [again])
    assert not problems and numbers(again) == ["1", "1a", "1b", "2", "3", "4"]
    changed = text_of("镇长是壹个镇的带头人，其职责决定必须为官一任。", BEFORE[2])  # §1's anchor changes, §2 goes
    old.aliases["p-对干部镇长要做到三带"] = "p-群众是发展的主体要关"  # the editor's alias for the removed §2
    del old.current["p-对干部镇长要做到三带"]
    record, problems = link_anchors({"t": old}, [changed])
    assert not problems and numbers(changed) == ["1", "3"]
    assert record["t"].numbers["p-镇长是一个镇的带头人"] == "1" == record["t"].numbers["p-镇长是壹个镇的带头人"]
    added = text_of("镇长是壹个镇的带头人，其职责决定必须为官一任。", "补在第一段之后的一段。", BEFORE[2])
    _, problems = link_anchors({"t": record["t"]}, [added])
    assert not problems and numbers(added) == ["1", "1a", "3"]  # §2 is not given again: it was published


def test_the_record_file_reads_back_as_written(tmp_path):
    record = recorded(text_of(*BEFORE))
    record.aliases["1旧"] = "p-镇长是一个镇的带头人"
    record.numbers["1旧"] = "0a"
    path = tmp_path / "t.yml"
    path.write_text(dump_text_anchors("t", record), encoding="utf-8")
    assert '"p-镇长是一个镇的带头人": {number: "1", last: "' in path.read_text(encoding="utf-8")
    again = load_text_anchors(path, "seeds/anchors/t.yml")
    assert again.current == record.current and again.aliases == record.aliases and again.numbers == record.numbers
    path.write_text('"p-x": {number: 12, last: "的道路"}\n', encoding="utf-8")
    with pytest.raises(Exception, match=r'seeds/anchors/t.yml:1: anchor "p-x": number is the paragraph\'s number'):
        load_text_anchors(path, "seeds/anchors/t.yml")
    path.write_text('"p-x": [1, 2]\n', encoding="utf-8")
    with pytest.raises(Exception, match=r"seeds/anchors/t.yml:1: anchor \"p-x\": the value is its block's last words"):
        load_text_anchors(path, "seeds/anchors/t.yml")


def test_the_committed_record_is_the_sites_anchors(texts):
    for text in texts.values():
        path = SEEDS / "anchors" / f"{text.id}.yml"
        record = load_text_anchors(path, str(path))
        assert list(record.current) == [b.id for b in text.blocks]


# ------------------------------------------------------------------------------ the command, in a copy


def project(tmp: Path) -> Path:
    root = tmp / "project"
    for name in ("seeds", "docs", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def command(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TR_PROJECT": str(root), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(TR), *args], env=env, capture_output=True, text=True, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


OPENING = """- kind: remove
  find: 镇长是一个镇的带头人，其职责
  old: 镇长
  reason: a test — a correction that touches the opening of a paragraph, and so its anchor
"""


@pytest.fixture(scope="module")
def corrected(tmp_path_factory) -> Path:
    """The project copied, with a correction that changes the opening of a paragraph of 000 (its
    anchor p-镇长是一个镇的带头人), converted and built."""
    root = project(tmp_path_factory.mktemp("anchors"))
    with (root / "seeds" / "corrections" / "000_1d6332c7d5c87aac.yml").open("a", encoding="utf-8") as handle:
        handle.write(OPENING)
    converted = command(root, "convert")
    assert converted.returncode == 0, converted.stderr
    built = command(root, "build")
    assert built.returncode == 0, built.stderr
    return root


OLD, NEW = "p-镇长是一个镇的带头人", "p-是一个镇的带头人其职"


def test_a_correction_of_an_opening_keeps_the_old_anchor_as_an_alias(corrected):
    record = (corrected / "seeds" / "anchors" / "zhenzhang.yml").read_text(encoding="utf-8")
    assert f'"{OLD}": {{alias: "{NEW}", number: "2"}}' in record and f'"{NEW}": {{number: "2", ' in record
    for edition in ("", "hant/"):
        page = (corrected / "docs" / edition / "texts" / "zhenzhang.md").read_text(encoding="utf-8")
        assert f'<div class="tr-alias" id="{OLD}" aria-hidden="true"></div>\n\n' in page
        assert page.index(f'id="{OLD}"') < page.index(f"{{: #{NEW} ")
        export = json.loads((corrected / "docs" / edition / "exports" / "zhenzhang.json").read_text(encoding="utf-8"))
        (block,) = [b for b in export["blocks"] if b["id"] == NEW]
        assert block["type"] == "paragraph" and block["aliases"] == [OLD]
        tei = (corrected / "docs" / edition / "exports" / "zhenzhang.tei.xml").read_text(encoding="utf-8")
        assert f'<p xml:id="{NEW}"><anchor xml:id="{OLD}" type="alias" />' in tei
    checked = command(corrected, "check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("edition", ["", "hant/"])
def test_an_old_link_lands_on_the_paragraph(offline_page, corrected, edition):
    """The old address opens the page at the paragraph, which shows as the link's target, and the
    address bar then holds its current anchor (both editions, from disk)."""
    page = offline_page
    page.goto(file_url(corrected / "site" / edition / "texts" / "zhenzhang.html", OLD))
    page.wait_for_function("old => location.hash.length > 1 && decodeURIComponent(location.hash) !== '#' + old", arg=OLD)
    assert page.evaluate("decodeURIComponent(location.hash.slice(1))") == NEW
    paragraph = page.locator(f"[id='{NEW}']")
    assert paragraph.evaluate("p => p.matches(':target')")
    box = paragraph.bounding_box()
    assert box and 0 <= box["y"] < 300, box
    assert not page.errors and not page.guard.refused


def test_a_published_anchor_that_disappears_fails_the_conversion_until_it_has_an_alias(tmp_path):
    """A correction removes a whole paragraph: its anchor is gone and no block took its place. The
    conversion stops naming the record's file and line, docs/ and the record untouched; the editor
    writes the alias; then it converts and the old anchor lands on the block the editor chose."""
    root = project(tmp_path)
    gone, kept = "p-该镇始终将以人为本作", "一做好群众工作根在以人为本"  # the paragraph, and the heading before it
    record_file = root / "seeds" / "anchors" / "qunzhong.yml"
    (root / "seeds" / "corrections" / "003_d063b06d76fab278.yml").write_text(
        "- kind: remove\n  find: 该镇始终将“以人为本”作为群众工作的核心理念和群众工作根本要求，并坚持做到“三有”。\n"
        "  old: 该镇始终将“以人为本”作为群众工作的核心理念和群众工作根本要求，并坚持做到“三有”。\n"
        "  reason: a test — a paragraph removed\n", encoding="utf-8")
    before_docs, before_record = tree(root / "docs"), record_file.read_text(encoding="utf-8")
    failed = command(root, "convert")
    assert failed.returncode == 1
    line = next(n for n, text in enumerate(before_record.splitlines(), 1) if text.startswith(f'"{gone}"'))
    assert failed.stderr.startswith(f'error: seeds/anchors/qunzhong.yml:{line}: anchor "{gone}" of text \'qunzhong\' was '
                                    "published, and no block has it now"), failed.stderr
    assert tree(root / "docs") == before_docs and record_file.read_text(encoding="utf-8") == before_record
    assert command(root, "check").returncode == 1
    lines = before_record.splitlines(keepends=True)
    lines[line - 1] = f'"{gone}": {{alias: "{kept}"}}\n'  # what the editor writes
    record_file.write_text("".join(lines), encoding="utf-8")
    converted = command(root, "convert")
    assert converted.returncode == 0, converted.stderr
    page = (root / "docs" / "texts" / "qunzhong.md").read_text(encoding="utf-8")
    assert f'<div class="tr-alias" id="{gone}" aria-hidden="true"></div>\n\n## ' in page
    assert f'"{gone}": {{alias: "{kept}"}}' in record_file.read_text(encoding="utf-8")
    assert command(root, "check").returncode == 0
    after = load_text_anchors(record_file, "qunzhong.yml").numbers
    before = {a: n for a, n in load_text_anchors_text(tmp_path, before_record).numbers.items() if a != gone}
    assert after == before and gone not in after  # the paragraphs after it keep their numbers


def load_text_anchors_text(tmp: Path, content: str) -> TextAnchors:
    path = tmp / "record-before.yml"
    path.write_text(content, encoding="utf-8")
    return load_text_anchors(path, path.name)


def test_check_fails_on_a_stale_record(tmp_path):
    root = project(tmp_path)
    record_file = root / "seeds" / "anchors" / "zhenzhang.yml"
    lines = record_file.read_text(encoding="utf-8").splitlines(keepends=True)
    record_file.write_text("".join(line for line in lines if "p-镇长是一个镇的带头人" not in line), encoding="utf-8")
    checked = command(root, "check")
    assert checked.returncode == 1
    assert ("the record of published anchors is stale (1 file(s) differ, e.g. seeds/anchors/zhenzhang.yml): run "
            "`township-reader convert` and commit seeds/anchors/") in checked.stderr
    assert tree(root / "docs") == tree(DOCS)
