"""The command line, as editors and outside tools call it: ``township-reader`` run in-process
(click's runner), and ``scripts/convert.py``, which other tools call, as a command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DOCS, ROOT, SEEDS
from township_reader.cli import main

SPEECH = SEEDS / "002_5eef2dcfcacf4ebd.txt"
ESSAY = SEEDS / "000_1d6332c7d5c87aac.txt"


class Result:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args: str | Path, project: Path | None = None) -> Result:
    """``township-reader ARGS`` in this process, in ``project`` (default: this checkout)."""
    env = {"TR_PROJECT": str(project or ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
    return Result(result.exit_code, result.stdout, result.stderr)


def run(*args: str | Path, project: Path | None = None) -> Result:
    """``township-reader convert ARGS``."""
    return cli("convert", *args, project=project)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    """seeds/ and mkdocs.yml copied elsewhere: a project of its own, whose docs/ the command writes."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_scripts_convert_py_still_converts_files_as_a_command(tmp_path):
    """Other tools call `scripts/convert.py FILE --out DIR`: it works as it always has."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert.py"), str(ESSAY), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["zhenzhang.md"]
    usage = subprocess.run([sys.executable, str(ROOT / "scripts" / "convert.py"), str(ESSAY)],
                           capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2 and "--out" in usage.stderr and "convert.py" in usage.stderr


def test_without_arguments_regenerates_docs_exactly_as_committed(project_copy):
    result = run(project=project_copy)
    assert result.returncode == 0, result.stderr
    assert files(project_copy / "docs") == files(DOCS), "docs/ is stale: run `township-reader convert` and commit"


def test_incremental_rewrites_only_what_changed(project_copy):
    """`convert.py --incremental` (what large corpora rebuild with): nothing to do on an
    up-to-date docs/; after a seed changes, only its pages and the pages that show it."""
    assert run(project=project_copy).returncode == 0
    before = files(project_copy / "docs")
    again = run("--incremental", project=project_copy)
    assert again.returncode == 0, again.stderr
    assert ": 0 file(s) of docs/ changed" in again.stdout and files(project_copy / "docs") == before
    seed = project_copy / "seeds" / ESSAY.name
    original = seed.read_text(encoding="utf-8")
    try:
        seed.write_text(original.replace("镇长是一个镇的带头人", "镇长是一个镇的带头人之一", 1), encoding="utf-8")
        changed = run("--incremental", project=project_copy)
        assert changed.returncode == 0, changed.stderr
        after = files(project_copy / "docs")
        differ = sorted(p for p in after if after[p] != before.get(p))
        assert "texts/zhenzhang.md" in differ and "hant/texts/zhenzhang.md" in differ
        assert "texts/jianghua.md" not in differ
        assert f": {len(differ)} file(s) of docs/ changed" in changed.stdout
    finally:
        seed.write_text(original, encoding="utf-8")
        assert run(project=project_copy).returncode == 0


def test_is_deterministic_and_idempotent(project_copy):
    first = files(project_copy / "docs") if (project_copy / "docs").exists() else None
    assert run(project=project_copy).returncode == 0
    second = files(project_copy / "docs")
    assert run(project=project_copy).returncode == 0
    assert files(project_copy / "docs") == second
    if first is not None:
        assert first == second


def test_check_passes_on_fresh_docs_and_names_the_fix_when_stale(project_copy):
    assert run(project=project_copy).returncode == 0
    assert run("--check", project=project_copy).returncode == 0
    assert cli("check", project=project_copy).returncode == 0
    (project_copy / "docs" / "texts" / "zhenzhang.md").write_text("edited by hand\n", encoding="utf-8")
    result = cli("check", project=project_copy)
    assert result.returncode == 1
    assert "run `township-reader convert`" in result.stderr
    assert run(project=project_copy).returncode == 0


def test_out_writes_one_markdown_and_one_json_per_text(tmp_path):
    result = run(ESSAY, SPEECH, "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.glob("*.md")) == ["jianghua.md", "zhenzhang.md"]
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["jianghua.json", "zhenzhang.json"]
    data = json.loads((tmp_path / "zhenzhang.json").read_text(encoding="utf-8"))
    assert data["id"] == "zhenzhang" and data["script"] == "zh-Hans"
    assert data["source"] == {**data["source"], "file": ESSAY.name, "site": "天天文库", "date": "2019-08-26"}
    assert all(set(b) >= {"id", "type", "text"} for b in data["blocks"])


def test_out_for_a_compilation_gives_each_article_its_own_files(tmp_path):
    assert run(SEEDS / "001_1d1a16fd9092f83b.txt", "--out", tmp_path).returncode == 0
    exports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.json"))]
    assert len(exports) == 5
    assert {e["source"]["file"] for e in exports} == {"001_1d1a16fd9092f83b.txt"}
    assert sorted(e["part_of"]["number"] for e in exports) == [1, 2, 3, 4, 5]


def test_a_text_never_seen_before(tmp_path):
    new = tmp_path / "new_text.txt"
    new.write_text("一篇新文章\n\n第一段，说的是乡镇工作(试行),要点有三:一是…\n\n第二段。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(new, "--out", out)
    assert result.returncode == 0
    assert "unrecognised site format" in result.stderr and str(new) in result.stderr
    data = json.loads((out / "new-text.json").read_text(encoding="utf-8"))
    assert data["title"] == "一篇新文章"
    text = "".join(b["text"] for b in data["blocks"])
    assert "第一段，说的是乡镇工作（试行），要点有三：一是…" in text and "一篇新文章" in text


def test_a_seed_never_seen_before_is_named_relative_to_the_project_in_its_report():
    """What docs/ records of a seed must be the same on every checkout: an editor's docs/ has to
    pass CI's `convert.py --check` elsewhere, and the site must not publish the editor's paths."""
    from township_reader.build import load_inputs
    from township_reader.decode.text import RawText
    from township_reader.pipeline import convert_raw
    from township_reader.render.reports import report_data

    raw = RawText(SEEDS / "new_text.txt", "一篇新文章\n\n第一段，说的是乡镇工作。\n", "utf-8")
    conversion = convert_raw(raw, load_inputs())
    assert conversion.warnings and all(w.startswith("seeds/new_text.txt: ") for w in conversion.warnings)
    assert str(ROOT) not in json.dumps(report_data(conversion), ensure_ascii=False)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "file is empty"),
        (b"   \n\n", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
        ("caf\u00e9 na\u00efve r\u00e9sum\u00e9 d\u00e9j\u00e0".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_input_gets_one_line_error_and_other_files_still_convert(tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = run(bad, ESSAY, "--out", out)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and problem in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "zhenzhang.md").exists() and (out / "zhenzhang.json").exists()
    assert not list(out.glob("bad*")) and not list(out.glob(".*")), "half-written or temporary files left"


def test_missing_file_and_directory(tmp_path):
    result = run(tmp_path / "nope.txt", tmp_path, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "no such file" in result.stderr and "is a directory" in result.stderr
    assert "Traceback" not in result.stderr


def _same_output(tmp_path: Path, raw: bytes, name: str) -> None:
    plain, other = tmp_path / "plain", tmp_path / "other"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / name).write_bytes((SEEDS / name).read_bytes())
    (tmp_path / "b" / name).write_bytes(raw)
    assert run(tmp_path / "a" / name, "--out", plain).returncode == 0
    result = run(tmp_path / "b" / name, "--out", other)
    assert result.returncode == 0, result.stderr
    for path in plain.glob("*.*"):
        assert (other / path.name).read_bytes() == path.read_bytes(), path.name


def test_bom_and_crlf_give_exactly_the_plain_utf8_result(tmp_path):
    raw = b"\xef\xbb\xbf" + ESSAY.read_bytes().replace(b"\n", b"\r\n")
    _same_output(tmp_path, raw, ESSAY.name)


def test_gb18030_input_is_decoded(tmp_path):
    raw = ESSAY.read_text(encoding="utf-8").encode("gb18030")
    _same_output(tmp_path, raw, ESSAY.name)


def test_usage_errors():
    assert run(ESSAY).returncode == 2  # FILE without --out
    assert "--out" in run(ESSAY).stderr


def test_a_bad_correction_names_file_line_and_text(project_copy):
    corrections = project_copy / "seeds" / "corrections" / "000_1d6332c7d5c87aac.yml"
    original = corrections.read_text(encoding="utf-8")
    try:
        corrections.write_text(original + "- kind: heading\n  find: 这句话不在文本里\n  reason: test\n", encoding="utf-8")
        docs_before = files(project_copy / "docs") if (project_copy / "docs").exists() else {}
        result = run(project=project_copy)
        assert result.returncode == 1
        line = original.count("\n") + 1
        assert f"seeds/corrections/000_1d6332c7d5c87aac.yml:{line}" in result.stderr
        assert "这句话不在文本里" in result.stderr and "not found" in result.stderr
        assert "Traceback" not in result.stderr
        after = files(project_copy / "docs") if (project_copy / "docs").exists() else {}
        assert after == docs_before, "docs/ changed although conversion failed"
    finally:
        corrections.write_text(original, encoding="utf-8")


def test_the_site_build_fails_on_a_broken_link_and_says_where(tmp_path):
    """`mkdocs build --strict --quiet` passes a broken link (the quiet logger drops the warning
    before strict mode counts it); `township-reader build` prints it and fails, and site/ stays as
    it was: not the Simplified edition alone."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(DOCS, docs)
    site.mkdir()
    (site / "earlier.html").write_text("the last complete build\n", encoding="utf-8")
    with (docs / "hant" / "fanli.md").open("a", encoding="utf-8") as page:
        page.write("\n[壞連結](no-such-page.md)\n")
    result = cli("build", "--docs", docs, "--site", site)
    assert result.returncode == 1
    assert "fanli.md" in result.stderr and "no-such-page.md" in result.stderr
    assert "hant edition did not build" in result.stderr and "left as it was" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == ["earlier.html"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_a_dirty_build_rebuilds_every_page_when_the_navigation_changed(tmp_path):
    """`build --dirty` re-renders only changed pages, unless every page would be stale."""
    import os
    import time

    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(DOCS, docs)
    first = cli("build", "--dirty", "--docs", docs, "--site", site)
    assert first.returncode == 0 and "hans: building every page (no earlier build)" in first.stderr
    unchanged = cli("build", "--dirty", "--docs", docs, "--site", site)
    assert unchanged.returncode == 0 and "every page" not in unchanged.stderr, unchanged.stderr
    later = time.time() + 5
    os.utime(docs / "hant" / "nav.yml", (later, later))
    renamed = cli("build", "--dirty", "--docs", docs, "--site", site)
    assert renamed.returncode == 0 and "hant: building every page (" in renamed.stderr and "nav.yml changed" in renamed.stderr
    assert "hans: building every page" not in renamed.stderr


def test_every_bad_glossary_entry_is_an_error_line_and_docs_stay(tmp_path):
    """Two mistakes in the glossary: two `error: file:line: …` lines; docs/ is not touched."""
    root = tmp_path / "project"
    shutil.copytree(SEEDS, root / "seeds")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    glossary = root / "seeds" / "glossary.yml"
    source = glossary.read_text(encoding="utf-8")
    source = source.replace("category: ", "category: gossip-", 1)  # the first entry's category
    glossary.write_text(source + "- id: zzz\n  term: 测试\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "keep.md").write_text("unchanged\n", encoding="utf-8")
    result = run(project=root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.stderr
    assert all(line.startswith("error: seeds/glossary.yml:") for line in errors)
    assert "unknown category 'gossip-" in errors[0] and "'pinyin' is a required property" in errors[1]
    assert (root / "docs" / "keep.md").read_text(encoding="utf-8") == "unchanged\n"
