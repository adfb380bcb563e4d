"""Golden files: each seed's converted Markdown and JSON, as reviewed.

A change to the cleaning shows here as a diff. After a deliberate change, rewrite them:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

and review `git diff tests/golden` before committing.
"""

from __future__ import annotations

import difflib

import pytest

from conftest import ROOT, SEEDS
from township_reader.build import read_glossary
from township_reader.pipeline import out_files

GOLDEN = ROOT / "tests" / "golden"
SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_seed_matches_golden_files(conversions, seed, update_golden):
    folder = GOLDEN / seed.removesuffix(".txt")
    produced = out_files(conversions[seed], read_glossary(SEEDS / "glossary.yml"))
    if update_golden:
        for rel_path, content in produced.items():
            path = folder / rel_path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        for stale in folder.rglob("*"):
            if stale.is_file() and str(stale.relative_to(folder)) not in produced:
                stale.unlink()
        return
    expected = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert sorted(expected) == sorted(produced), "files differ: rerun with --update-golden after a deliberate change"
    for rel_path, content in produced.items():
        if content != expected[rel_path]:
            diff = difflib.unified_diff(expected[rel_path].splitlines(), content.splitlines(),
                                        f"golden/{rel_path}", f"now/{rel_path}", lineterm="", n=1)
            shown = "\n".join(list(diff)[:80])
            pytest.fail(f"{seed} → {rel_path} differs from its golden file "
                        f"(pytest tests/test_golden.py --update-golden after a deliberate change):\n{shown}")
