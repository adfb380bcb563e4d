"""The package is laid out by stage, and a text's walk through it is one-way: no stage imports a
later one, the shared modules import no stage, only the orchestrators import everything, and no
module imports itself back through others (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "township_reader"
# The stages in the order data flows; the shared vocabulary and infrastructure before them all;
# the orchestrators (which call the stages in order) and the tools after.
ORDER = {
    "vocabulary": 0, "datafile": 0, "files": 0, "project": 0,
    "decode": 1, "clean": 2, "structure": 3, "editions": 4, "enrich": 5, "render": 6, "publish": 7,
    "pipeline": 8, "build": 9, "preview": 10, "tools": 10, "cli": 11,
}  # fmt: skip
STAGES = ("decode", "clean", "structure", "editions", "enrich", "render", "publish")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every module of the package, with the package's modules it imports (anywhere in it)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("township_reader"):
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("township_reader"))
        found[name] = targets
    modules = set(found)
    return {name: {t for t in targets if t in modules and t != name} for name, targets in found.items()}


def place(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "package"


def test_every_module_has_a_place_in_the_order():
    assert {place(m) for m in imports()} - {"package"} <= set(ORDER)


def test_no_stage_imports_a_later_one_and_shared_modules_import_no_stage():
    wrong = []
    for module, targets in imports().items():
        here = place(module)
        for target in targets:
            there = place(target)
            if there == "package":
                continue
            if ORDER.get(there, 99) > ORDER.get(here, 99):
                wrong.append(f"{module} imports the later {target}")
    assert wrong == []


def test_the_stages_follow_the_flow():
    assert [ORDER[s] for s in STAGES] == sorted(ORDER[s] for s in STAGES)
    assert all((PACKAGE / stage / "__init__.py").exists() for stage in STAGES)


def test_there_is_no_import_cycle():
    graph = imports()
    state: dict[str, int] = {}  # 1 on the path, 2 done
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_han_characters_are_defined_once():
    """What counts as a Han character is the vocabulary's: no other module spells out the range."""
    spelled = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if p.name != "vocabulary.py" and ("\\u4e00-\\u9fff" in p.read_text(encoding="utf-8")
                                                 or "0x4E00" in p.read_text(encoding="utf-8"))]
    assert spelled == []
