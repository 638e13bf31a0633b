"""Project paths and analysis options: where data and reports live, and every option's default.

The project root is ``$BIMMATURITY_ROOT`` when set, else the nearest folder upwards from the
working directory that holds a ``pyproject.toml`` naming bimmaturity, else the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DEFAULTS", "AnalysisOptions", "Paths", "project_paths", "project_root"]


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


class AnalysisOptions(BaseModel):
    """The analysis parameters: CLI options, notebook parameters and rule defaults, written once.

    Every option is validated; an invalid value raises a ``pydantic.ValidationError`` naming it.

    Examples
    --------
    >>> AnalysisOptions().min_demand
    3
    >>> AnalysisOptions.from_mapping({"min_demand": 2, "province": "PV20"}).min_demand
    2
    >>> from pydantic import ValidationError
    >>> try:
    ...     AnalysisOptions(n_deals=-3)
    ... except ValidationError as error:
    ...     print(error.errors()[0]["loc"], error.errors()[0]["msg"])
    ('n_deals',) Input should be greater than or equal to 0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    leader_level: float = Field(
        3.5, allow_inf_nan=False, description="niveau vanaf waar een organisatie koploper is"
    )
    gap_threshold: float = Field(
        1.0, ge=0, allow_inf_nan=False, description="gat vanaf waar een organisatie starter is"
    )
    min_demand: int = Field(3, ge=1, description="minimale vraag voor een kansrijk element")
    n_deals: int = Field(4, ge=0, description="aantal voorgestelde deals")
    clusters: int | None = Field(
        None, ge=1, description="aantal gapclusters (standaard: gekozen op silhouet)"
    )
    overhead: float = Field(
        0.15,
        ge=0,
        allow_inf_nan=False,
        description="coördinatiekosten als aandeel van de gezamenlijke kosten",
    )
    years: int = Field(3, ge=0, description="jaren onderhoud")
    discount: float = Field(
        0.0225,
        ge=0,
        allow_inf_nan=False,
        description="reële discontovoet per jaar voor de contante waarde van onderhoud",
    )
    cost_key: Literal["equal", "population", "mixed"] = Field(
        "equal", description="verdeelsleutel voor de kosten"
    )

    resamples: int = Field(
        500,
        ge=0,
        description="trekkingen voor de robuustheid van posities en deals (0: niet berekenen)",
    )

    def as_dict(self) -> dict[str, Any]:
        """The options as plain values (notebook parameters, fingerprints)."""
        return self.model_dump()

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> AnalysisOptions:
        """The options found in ``values`` (e.g. a notebook's ``globals()``), defaults elsewhere."""
        return cls(**{name: values[name] for name in cls.model_fields if name in values})


DEFAULTS = AnalysisOptions()
"""The default options; rule functions take their parameter defaults from here."""
