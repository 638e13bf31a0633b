"""The analysis options and the result tables of shared/spec/cli.md, from the processed data.

Pure: frames in, frames out. ``build`` and the ``tables`` command write what this returns.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pandas as pd

from bimmaturity.config import AnalysisOptions
from bimmaturity.ingest import Processed
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.issues import ISSUE_COLUMNS
from bimmaturity.organisations import province_name, provinces
from bimmaturity.rules import businesscase, clusters, collaboration, progress
from bimmaturity.rules.progress import waves_in
from bimmaturity.rules.scoring import (
    SCORE_COLUMNS,
    overall_scores,
    province_scores,
    reliability,
    respondent_scores,
)

__all__ = [
    "TABLE_COLUMNS",
    "Analysis",
    "AnalysisOptions",
    "analyse",
    "result_tables",
    "tables_from",
]

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


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    named = frame.copy()
    position = named.columns.get_loc("province") + 1
    named.insert(position, "province_name", named["province"].map(province_name))
    return named


@dataclass
class Analysis:
    """Every analysis frame for one set of processed data and options (see each module)."""

    options: AnalysisOptions
    scores: pd.DataFrame
    overall: pd.DataFrame
    reliability: pd.DataFrame
    respondent_scores: pd.DataFrame
    stated_roles: pd.DataFrame
    roles: pd.DataFrame
    opportunities: pd.DataFrame
    partners: pd.DataFrame
    clusters: pd.DataFrame
    businesscase: pd.DataFrame
    shares: pd.DataFrame
    progress: pd.DataFrame


def analyse(
    processed: Processed,
    options: AnalysisOptions | None = None,
    *,
    wave: str | None = None,
    instrument: Instrument | None = None,
) -> Analysis:
    """Run every rule of the scoring contract on the processed data.

    With ``wave`` the wave-based results cover that wave only, and progress covers the step
    into that wave.
    """
    options = options or AnalysisOptions()
    instrument = instrument or default_instrument()
    answers, roles = processed.answers, processed.roles
    if wave is not None:
        answers = answers[answers["wave"] == str(wave)]
        roles = roles[roles["wave"] == str(wave)]
    thresholds = {"leader_level": options.leader_level, "gap_threshold": options.gap_threshold}
    scores = province_scores(answers, instrument)
    per_respondent = respondent_scores(answers, instrument)
    stated = collaboration.stated_roles(roles, instrument)
    money = {"overhead": options.overhead, "years": options.years}
    return Analysis(
        options=options,
        scores=scores,
        overall=overall_scores(scores, instrument),
        reliability=reliability(answers, instrument),
        respondent_scores=per_respondent,
        stated_roles=stated,
        roles=collaboration.roles_table(scores, stated, **thresholds),
        opportunities=collaboration.opportunities(
            scores,
            stated,
            instrument,
            **thresholds,
            min_demand=options.min_demand,
            n_deals=options.n_deals,
        ),
        partners=collaboration.deal_partners(scores, stated, instrument, **thresholds),
        clusters=clusters.clusters_table(scores, per_respondent, k=options.clusters),
        businesscase=businesscase.business_case(
            scores, stated, processed.costs, instrument, **money
        ),
        shares=businesscase.cost_shares(
            scores, stated, processed.costs, provinces(), instrument=instrument, **money
        ),
        progress=_all_progress(province_scores(processed.answers, instrument), wave),
    )


def _all_progress(scores: pd.DataFrame, wave: str | None) -> pd.DataFrame:
    waves = waves_in(scores)
    steps = [
        progress.progress(scores, earlier, later)
        for earlier, later in itertools.pairwise(waves)
        if wave is None or later == str(wave)
    ]
    if not steps:
        return pd.DataFrame(columns=TABLE_COLUMNS["progress"])
    return pd.concat(steps, ignore_index=True)


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
    result = analyse(processed, options, wave=wave, instrument=instrument)
    return tables_from(result, processed.issues)


def tables_from(result: Analysis, issues: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The result tables of an analysis already run, plus the ingest issues, columns in order."""
    tables = {
        "scores": _with_names(result.scores),
        "overall": _with_names(result.overall),
        "reliability": result.reliability,
        "roles": result.roles,
        "opportunities": result.opportunities,
        "clusters": result.clusters,
        "businesscase": result.businesscase,
        "shares": result.shares,
        "progress": result.progress,
        "issues": issues,
    }
    return {name: tables[name][columns] for name, columns in TABLE_COLUMNS.items()}
