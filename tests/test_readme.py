"""The README's command reference is the command's own help: generated from `--help`, and
checked here, so the README cannot drift from the tool. After a change to a command:

    .venv/bin/python -m pytest tests/test_readme.py --update-golden
"""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from conftest import ROOT
from township_reader.cli import main

README = ROOT / "README.md"
START, END = "<!-- commands: generated from --help by tests/test_readme.py -->", "<!-- end of commands -->"


def commands(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, [*prefix, name])
        else:
            found.append([*prefix, name])
    return found


def reference() -> str:
    parts = []
    for path in commands(main, []):
        result = CliRunner(env={"COLUMNS": "100"}).invoke(main, [*path, "--help"], terminal_width=100,
                                                      prog_name="township-reader")
        assert result.exit_code == 0, result.output
        title = " ".join(["township-reader", *path])
        parts.append(f"#### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def test_the_readme_shows_every_command_as_its_help_does(update_golden):
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "the README lost its command reference markers"
    current = text[text.index(START) + len(START) : text.index(END)].strip("\n")
    wanted = reference().strip("\n")
    if update_golden:
        README.write_text(text.replace(current, wanted) if current else text.replace(START + END, f"{START}\n{wanted}\n{END}"),
                          encoding="utf-8")
        return
    assert current == wanted, "the README's command reference is stale: rerun with --update-golden"


def test_every_command_the_readme_names_exists():
    """A `township-reader X` in the README (outside the reference) is a command."""
    names = {" ".join(p) for p in commands(main, []) if p}
    text = README.read_text(encoding="utf-8")
    outside = text[: text.index(START)] + text[text.index(END):]
    used = set(re.findall(r"township-reader ((?:glossary )?[a-z]+)", outside))
    assert used <= names | {n.split()[0] for n in names}, used - names
