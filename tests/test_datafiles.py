"""Bad entries in the data files fail with the file, the line and what to do."""

from __future__ import annotations

import pytest

from township_reader.clean.corrections import load_corrections
from township_reader.clean.formats import load_profile
from township_reader.datafile import DataError
from township_reader.structure.catalog import load_catalog


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- kind: heading\n  find: 一、标题\n  reason: x\n  colour: red\n", 4, "unknown key 'colour'"),
        ("- kind: headline\n  find: 一、标题\n  reason: x\n", 1, "unknown kind 'headline'"),
        ("- kind: heading\n  find: 一、标题\n", 1, "has no 'reason'"),
        ("- kind: remove\n  find: 守廉5勤政\n  reason: x\n", 1, "needs 'old'"),
        ("- kind: remove\n  find: 守廉5勤政\n  old: 6\n  reason: x\n", 3, "must occur exactly once inside 'find'"),
        ("- kind: heading\n  find: 一、标题\n  level: 9\n  reason: x\n", 3, "'level' is only for headings"),
        ("- kind: heading\n  find: [unclosed\n", 2, "YAML syntax error"),
    ],
)
def test_corrections_errors(tmp_path, text, line, message):
    path = write(tmp_path, "000_x.yml", text)
    with pytest.raises(DataError) as err:
        load_corrections(path, "seeds/corrections/000_x.yml")
    assert str(err.value).startswith(f"seeds/corrections/000_x.yml:{line}: ")
    assert message in str(err.value)


def test_format_errors(tmp_path):
    bad_regex = write(tmp_path, "bad.yml", "id: x\ndescription: d\npatterns:\n  strip_tips:\n    - '(unclosed'\n")
    with pytest.raises(DataError, match=r"bad.yml:5: bad regular expression"):
        load_profile(bad_regex)
    bad_rule = write(tmp_path, "rule.yml", "id: x\ndescription: d\npatterns:\n  strip_everything: ['x']\n")
    from township_reader.clean.rules import check_rule_names, clean

    with pytest.raises(DataError, match=r"rule.yml:4: no cleaning rule named 'strip_everything'"):
        check_rule_names(load_profile(bad_rule))
    with pytest.raises(DataError, match=r"rule.yml:4: no cleaning rule named 'strip_everything'"):
        clean("一段文字。", load_profile(bad_rule))
    bad_key = write(tmp_path, "key.yml", "id: x\ndescription: d\ndetector: []\n")
    with pytest.raises(DataError, match=r"key.yml:3: unknown key 'detector'"):
        load_profile(bad_key)


def test_catalog_errors(tmp_path):
    dup = write(tmp_path, "catalog.yml", "- file: a.txt\n  id: same\n- file: b.txt\n  id: same\n")
    with pytest.raises(DataError, match=r"catalog.yml:4: id 'same' is used twice"):
        load_catalog(dup)
    bad = write(tmp_path, "c.yml", "- file: a.txt\n  id: Not_A_Slug\n")
    with pytest.raises(DataError, match=r"c.yml:2: id 'Not_A_Slug' must be lowercase"):
        load_catalog(bad)


def test_the_corrections_follow_their_schema():
    import json

    import jsonschema
    import yaml

    from conftest import ROOT

    schema = json.loads((ROOT / "scripts" / "township_reader" / "schemas" / "corrections.schema.json").read_text(encoding="utf-8"))
    files = sorted((ROOT / "seeds" / "corrections").glob("*.yml"))
    assert files
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
