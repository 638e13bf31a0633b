"""Project paths: the one place that knows where raw data, processed data and reports live.

The project root is ``$BIMMATURITY_ROOT`` when set, else the nearest folder upwards from the
working directory that holds a ``pyproject.toml`` naming bimmaturity, else the working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Paths", "project_paths", "project_root"]


def project_root(start: Path | None = None) -> Path:
    if os.environ.get("BIMMATURITY_ROOT"):
        return Path(os.environ["BIMMATURITY_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "bimmaturity"' in pyproject.read_text(encoding="utf-8"):
            return folder
    return here


@dataclass(frozen=True)
class Paths:
    """Every path the pipeline reads or writes, derived from one root."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def example_raw(self) -> Path:
        return self.root / "data" / "example"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def salt(self) -> Path:
        return self.root / ".bimmaturity-salt"


def project_paths(root: Path | None = None) -> Paths:
    """Paths for the project at ``root`` (default: :func:`project_root`)."""
    return Paths(root or project_root())
