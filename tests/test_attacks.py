"""Hostile inputs, as data: every case in ``tests/attacks/*.yml`` runs here (format: its README).

Each case is an attack from issue 18 (or one found while fixing it): what a scraped file, an
editor's pull request or a committed file can hold, written into a copy of the project, then
the project's own commands run on it, as CI would. Every case failed before the fix that
holds it; the driver checks what the case expects instead: a one-line error naming the file,
nothing written or lost, nothing executed, in the browser too.

Commands run with their memory limited (address space, 3 GB) and a timeout, so that an attack
that exhausts the machine fails its case instead of the machine.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, SEEDS, file_url

ATTACKS = ROOT / "tests" / "attacks"
PYTHON = ROOT / ".venv" / "bin" / "python"
CASES = sorted(ATTACKS.glob("*.yml"))
MEMORY_LIMIT = 3 * 1024**3
MARKER = "PWNED"  # a file the hostile code of a case would write into the project copy


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# ------------------------------------------------------------------------------- the project


def project_copy(tmp: Path, case: dict[str, Any]) -> Path:
    """scripts/, seeds/ (without the five raw texts and their data unless ``seeds: all``), docs/,
    overrides/ and mkdocs.yml, copied: what a checkout of the hostile pull request holds."""
    root = tmp / "project"
    for name in ("scripts", "seeds", "overrides", "docs"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"), symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    if case.get("seeds", "none") == "none":
        for path in [*root.glob("seeds/*.txt"), *root.glob("seeds/annotations/*.yml"),
                     *root.glob("seeds/corrections/*.yml"), *root.glob("seeds/anchors/*.yml")]:
            path.unlink()
        (root / "seeds" / "catalog.yml").write_text("[]\n", encoding="utf-8")
    for rel, spec in (case.get("files") or {}).items():
        make_file(root, rel, spec)
    return root


def make_file(root: Path, rel: str, spec: dict[str, Any]) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if "symlink" in spec:
        path.symlink_to(spec["symlink"])
    elif spec.get("fifo"):
        os.mkfifo(path)
    elif "poison" in spec:
        POISONS[spec["poison"]](root, path)
    else:
        path.write_bytes(content(spec))


def content(spec: dict[str, Any]) -> bytes:
    """The bytes a file spec stands for: ``text`` (in ``encoding``, default UTF-8), or the text of
    a ``seed`` of the project, repeated ``times``, after a byte-order ``bom``; or ``parts``, specs
    of the pieces one after the other."""
    if "parts" in spec:
        return b"".join(content(part) for part in spec["parts"])
    if "seed" in spec:
        text = (SEEDS / spec["seed"]).read_text(encoding="utf-8")
    else:
        text = spec.get("text", "")
    text = text * spec.get("times", 1)
    data = text.encode(spec.get("encoding", "utf-8"))
    return {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", None: b""}[spec.get("bom")] + data


def _exec_pickle(root: Path) -> bytes:
    """A pickle that, loaded, writes the marker file into the project copy (what a hostile cache
    file would do with the publishing job's token instead)."""

    class Payload:
        def __reduce__(self):
            return exec, (f"open({str(root / MARKER)!r}, 'w').write('ran')",)

    return pickle.dumps(Payload(), protocol=2)


def poison_jinja_cache(root: Path, folder: Path) -> None:
    """A compiled-template file where Jinja's FileSystemBytecodeCache would look for each template
    of the theme (``__jinja2_<sha1 of name|filename>.cache``), holding the hostile pickle where the
    bucket's checksum is unpickled."""
    import material
    from jinja2.bccache import bc_magic

    folder.mkdir(parents=True, exist_ok=True)
    payload = bc_magic + _exec_pickle(root)
    theme_dirs = [root / "overrides", Path(material.__file__).parent / "templates"]
    for theme in theme_dirs:
        for template in theme.rglob("*"):
            if template.is_file():
                name = template.relative_to(theme).as_posix()
                filename = os.path.normpath(os.path.join(str(theme), *name.split("/")))
                key = hashlib.sha1(name.encode("utf-8"))
                key.update(f"|{filename}".encode())
                (folder / f"__jinja2_{key.hexdigest()}.cache").write_bytes(payload)


def poison_convert_cache(root: Path, folder: Path) -> None:
    """The hostile pickle under the name ``convert.py --incremental``'s cache gives each seed's
    conversion in ``build/cache/convert/`` (computed by the project's own code)."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, 'scripts')\n"
            "from township_reader.build import cache_file, load_inputs, seed_files\n"
            "from township_reader.decode.text import read_raw_text\n"
            "inputs = load_inputs()\n"
            "for seed in seed_files():\n"
            f"    print(cache_file(read_raw_text(seed), inputs, Path({str(folder)!r})).name)\n")
    names = subprocess.run([str(PYTHON), "-c", code], cwd=root, capture_output=True, text=True, check=True).stdout
    folder.mkdir(parents=True, exist_ok=True)
    for name in names.split():
        (folder / name).write_bytes(_exec_pickle(root))


POISONS = {"jinja-cache": poison_jinja_cache, "convert-cache": poison_convert_cache}


# ------------------------------------------------------------------------------- running


def tree_digest(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def expand(value: str, root: Path) -> str:
    return value.replace("{project}", str(root))


def run_step(root: Path, step: dict[str, Any]) -> None:
    script, *args = step["run"]
    cwd = root / step.get("cwd", ".")
    cwd.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **{k: str(v) for k, v in (step.get("env") or {}).items()}}
    for key in step.get("unset_env") or ():
        env.pop(key, None)
    expect = step.get("expect") or {}
    watched = {name: tree_digest(root / name) for name in expect.get("unchanged", [])}
    # the copy's own code (scripts/ first on the path, before the installed checkout's)
    env["PYTHONPATH"] = str(root / "scripts")
    entry = ["-m", "township_reader.cli"] if script == "township-reader" else [str(root / "scripts" / script)]
    command = [str(PYTHON), *entry, *(expand(a, root) for a in args)]
    try:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=step.get("timeout", 120),
                                preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{script} {' '.join(args)} did not finish in {step.get('timeout', 120)} s")
    stdout = result.stdout.decode("utf-8", "replace")
    stderr = result.stderr.decode("utf-8", "replace")
    shown = f"\n--- stdout\n{stdout[-3000:]}\n--- stderr\n{stderr[-3000:]}"
    assert not (root / MARKER).exists(), "the hostile code ran" + shown
    assert "Traceback" not in stderr, "a traceback, not an error message" + shown
    if "exit" in expect:
        assert result.returncode == expect["exit"], f"exit {result.returncode}, expected {expect['exit']}" + shown
    for pattern in expect.get("stderr", []):
        assert re.search(pattern, stderr), f"stderr lacks /{pattern}/" + shown
    for pattern in expect.get("stderr_not", []):
        assert not re.search(pattern, stderr), f"stderr has /{pattern}/" + shown
    if "error_lines" in expect:
        errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
        assert len(errors) == expect["error_lines"], f"{len(errors)} error lines" + shown
    if expect.get("only_message_lines"):
        odd = [line for line in stderr.splitlines() if not re.match(r"(error|warning|waiting|usage|convert\.py)\b", line)
               and not line.startswith(" ")]
        assert odd == [], f"stderr lines that are not messages: {odd}" + shown
    for name, before in watched.items():
        assert tree_digest(root / name) == before, f"{name}/ changed" + shown
    for rel, patterns in (expect.get("files") or {}).items():
        path = root / expand(rel, root)
        assert path.is_file(), f"{rel} was not written" + shown
        text = path.read_text(encoding="utf-8")
        for pattern in patterns or []:
            assert re.search(pattern, text), f"{rel} lacks /{pattern}/"
    for rel, patterns in (expect.get("files_not") or {}).items():
        path = root / expand(rel, root)
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for pattern in patterns:
                assert not re.search(pattern, text), f"{rel} has /{pattern}/"
    for pattern in expect.get("absent", []):
        assert not list(root.glob(pattern)), f"{pattern} exists" + shown
    if "same_as_seed" in expect:
        same = expect["same_as_seed"]
        reference = root / "reference"
        made = subprocess.run([str(PYTHON), str(root / "scripts" / "convert.py"), str(SEEDS / same["seed"]), "--out",
                               str(reference), "-q"], capture_output=True, text=True, timeout=120)
        assert made.returncode == 0, made.stderr
        out = root / same["out"]
        for path in sorted(reference.glob("*.*")):
            assert (out / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs from the UTF-8 seed's"


# ------------------------------------------------------------------------------- the browser


def check_in_browser(browser, site: Path, spec: dict[str, Any]) -> None:
    """Open each page from disk: no dialog opened, no script error, and the hostile text shown
    literally (in the page's text, or its title)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        for rel in spec["pages"]:
            page.goto(file_url(site / rel))
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert dialogs == [], f"{rel}: a script ran: {dialogs}"
            shown = page.evaluate("document.title + '\\n' + document.body.textContent")
            for literal in spec.get("literal", []):
                assert literal in shown, f"{rel}: {literal!r} is not shown as text"
            for selector in spec.get("no_elements", []):
                assert page.locator(selector).count() == 0, f"{rel}: the hostile markup became an element: {selector}"
            assert page.evaluate("window.__pwned") is None
        assert dialogs == [], f"a script ran: {dialogs}"
        assert errors == [], errors
    finally:
        context.close()


# ------------------------------------------------------------------------------- the cases


def load_case(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def case_marks(path: Path) -> list[pytest.MarkDecorator]:
    return [pytest.mark.browser] if "browser" in load_case(path) else []


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem, marks=case_marks(p)) for p in CASES])
def test_attack(path: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = load_case(path)
    assert {"attack", "failure", "steps"} <= set(case), f"{path.name}: a case names its attack, failure and steps"
    root = project_copy(tmp_path, case)
    for step in case["steps"]:
        run_step(root, step)
    if "browser" in case:
        check_in_browser(request.getfixturevalue("browser"), root / "site", case["browser"])


def test_every_case_is_documented_in_the_readme():
    readme = (ATTACKS / "README.md").read_text(encoding="utf-8")
    missing = [p.stem for p in CASES if f"`{p.stem}`" not in readme]
    assert not missing, f"cases missing from tests/attacks/README.md: {missing}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
