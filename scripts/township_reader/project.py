"""Where a project's files are: the raw texts and editorial data in ``seeds/``, the generated
``docs/``. Every path the pipeline reads or writes by default comes from here.

The project is the folder that holds ``seeds/`` and ``mkdocs.yml``: the one given by
``TR_PROJECT``, else the nearest such folder from the working directory up, else the checkout
this package lies in. An installed package used elsewhere has no project: ``convert FILE --out
DIR`` then works without a catalogue, corrections or glossary.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def catalog(self) -> Path:
        return self.seeds / "catalog.yml"

    @property
    def glossary(self) -> Path:
        return self.seeds / "glossary.yml"

    @property
    def annotations(self) -> Path:
        return self.seeds / "annotations"

    @property
    def corrections(self) -> Path:
        return self.seeds / "corrections"

    @property
    def conversion_overrides(self) -> Path:
        return self.seeds / "conversion"

    @property
    def changelog(self) -> Path:
        """The CHANGELOG of editorial changes (enrich/changelog.py)."""
        return self.seeds / "changelog.yml"

    @property
    def anchors(self) -> Path:
        """The record of published anchors, a file per text (structure/published.py)."""
        return self.seeds / "anchors"

    @property
    def publishers(self) -> Path:
        return self.seeds / "publishers.yml"

    def corrections_file(self, seed_name: str) -> Path:
        return self.corrections / f"{Path(seed_name).stem}.yml"

    def display_path(self, path: Path) -> str:
        """How reports and messages name a file: relative to the project when it is inside it, so
        that what is written into docs/ is the same on every checkout (an editor's docs/ must
        pass CI's ``check`` on another machine, and publish no path of theirs).

        >>> Project(Path("/p")).display_path(Path("/p/seeds/new.txt")), Project(Path("/p")).display_path(Path("/q/new.txt"))
        ('seeds/new.txt', '/q/new.txt')
        """
        return path.relative_to(self.root).as_posix() if path.is_absolute() and path.is_relative_to(self.root) else str(path)


def _is_project(folder: Path) -> bool:
    return (folder / "seeds").is_dir() and (folder / "mkdocs.yml").is_file()


def current() -> Project | None:
    """This run's project (see the module's docstring), or None."""
    if os.environ.get("TR_PROJECT"):
        return Project(Path(os.environ["TR_PROJECT"]).resolve())
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return Project(folder)
    checkout = Path(__file__).resolve().parents[2]
    return Project(checkout) if _is_project(checkout) else None


def display_path(path: Path) -> str:
    """:meth:`Project.display_path` of this run's project (a path as given, without one)."""
    project = current()
    return project.display_path(path) if project else str(path)
