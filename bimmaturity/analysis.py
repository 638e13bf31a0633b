"""The analysis options and the result tables of shared/spec/cli.md, from the processed data.

Pure: frames in, frames out. ``build`` and the ``tables`` command write what this returns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from bimmaturity.ingest import Processed
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ISSUE_COLUMNS
from bimmaturity.organisations import province_name
from bimmaturity.scoring import SCORE_COLUMNS, overall_scores, province_scores, reliability

__all__ = ["TABLE_COLUMNS", "AnalysisOptions", "result_tables"]

TABLE_COLUMNS: dict[str, list[str]] = {
    "scores": ["wave", "province", "province_name", *SCORE_COLUMNS[2:]],
    "overall": ["wave", "province", "province_name", "current", "ambition", "gap", "coverage"],
    "reliability": ["wave", "element", "alpha", "n_complete"],
    "roles": ["wave", "province", "element", "stated_role", "position"],
    "opportunities": [
        "wave",
        "element",
        "supply",
        "demand",
        "mean_gap",
        "kansrijk",
        "rank",
        "proposed",
    ],
    "clusters": ["wave", "province", "cluster", "stability"],
    "businesscase": ["wave", "element", "participants", "alone", "joint", "saving", "break_even"],
    "shares": ["wave", "element", "province", "key", "share", "net_benefit"],
    "progress": ["from_wave", "to_wave", "province", "element", "change", "ambition_attained"],
    "issues": ISSUE_COLUMNS,
}


@dataclass(frozen=True)
class AnalysisOptions:
    """The analysis parameters (also notebook parameters and CLI options)."""

    leader_level: float = 3.5
    gap_threshold: float = 1.0
    min_demand: int = 3
    n_deals: int = 4
    clusters: int | None = None
    overhead: float = 0.15
    years: int = 3
    cost_key: str = "equal"

    def as_dict(self) -> dict:
        return asdict(self)


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    named = frame.copy()
    position = named.columns.get_loc("province") + 1
    named.insert(position, "province_name", named["province"].map(province_name))
    return named


def result_tables(
    processed: Processed,
    options: AnalysisOptions | None = None,
    *,
    wave: str | None = None,
    instrument: Instrument | None = None,
) -> dict[str, pd.DataFrame]:
    """Every result table of the ``tables`` command, keyed by sheet name, columns in order.

    With ``wave`` the wave-based tables cover that wave only.
    """
    options = options or AnalysisOptions()
    instrument = instrument or default_instrument()
    answers = processed.answers
    if wave is not None:
        answers = answers[answers["wave"] == str(wave)]
    scores = province_scores(answers, instrument)
    overall = overall_scores(scores, instrument)
    tables = {
        "scores": _with_names(scores),
        "overall": _with_names(overall),
        "reliability": reliability(answers, instrument),
        "issues": processed.issues,
    }
    return {
        name: tables[name][TABLE_COLUMNS[name]] if name in tables else pd.DataFrame(columns=columns)
        for name, columns in TABLE_COLUMNS.items()
    }
