"""The package installs: ``pip install .`` into a fresh virtual environment gives the
``township-reader`` command, with its schemas and data, and it converts a raw text outside any
checkout (no seeds/, no catalogue, no glossary there)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from conftest import ROOT, SEEDS


def test_pip_install_gives_a_command_that_converts_outside_the_checkout(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # the versions requirements.txt pins (as constraints: pip refuses hashes for a folder's install)
    pins = tmp_path / "constraints.txt"
    pins.write_text("".join(re.sub(r"\s*\\$", "", line) + "\n"
                            for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
                            if re.match(r"[A-Za-z0-9_.-]+(\[[^]]*\])?==", line)), encoding="utf-8")
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
                                "-c", str(pins), str(ROOT)], capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]
    package = next((venv / "lib").glob("python3*/site-packages/township_reader"))
    for data in ("schemas/glossary.schema.json", "clean/formats/tiantian.yml", "clean/mojibake.tsv",
                 "editions/data/adjustments.yml", "render/templates/fanli.md"):
        assert (package / data).is_file(), f"{data} is not installed"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = subprocess.run([str(venv / "bin" / "township-reader"), "convert", str(SEEDS / "000_1d6332c7d5c87aac.txt"),
                             "--out", "out"], cwd=outside, capture_output=True, text=True, timeout=300,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    [export] = (outside / "out").glob("*.json")
    data = json.loads(export.read_text(encoding="utf-8"))
    assert data["title"] == "浅谈如何当好镇长" and data["blocks"]
    assert (outside / "out" / "reports").is_dir()
