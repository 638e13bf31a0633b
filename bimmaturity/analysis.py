"""The analysis: every rule of the scoring contract applied once to the processed data.

:func:`analyse` is pure (frames in, an :class:`Analysis` out). A build computes it once over
every wave and saves it next to the processed data (:func:`save_analysis`), keyed by a
fingerprint of the data, the options, the instrument and the package code; every report
notebook then loads it with :func:`load_analysis`, which computes it afresh when the saved one
does not match (an analyst who changes a parameter in JupyterLab still gets fresh numbers).
Saving and loading live in :mod:`bimmaturity.saved_analysis`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, fields

import pandas as pd

from bimmaturity.config import AnalysisOptions
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ISSUE_COLUMNS
from bimmaturity.organisations import Registry, active_registry
from bimmaturity.rules import businesscase, clusters, collaboration, progress
from bimmaturity.rules.clusters import GapClustering
from bimmaturity.rules.options import option_tables
from bimmaturity.rules.robustness import robustness
from bimmaturity.rules.scoring import (
    RELIABILITY_COLUMNS,
    SCORE_COLUMNS,
    overall_intervals,
    overall_scores,
    province_scores,
    reliability,
    respondent_scores,
)
from bimmaturity.saved_analysis import LOADED_KEPT, load_analysis, save_analysis
from bimmaturity.store import (
    ANALYSIS_FOLDER,
    Processed,
    analysis_fingerprint,
    saved_fingerprint,
)

__all__ = [
    "ANALYSIS_FOLDER",
    "LOADED_KEPT",
    "TABLE_COLUMNS",
    "Analysis",
    "analyse",
    "analysis_fingerprint",
    "load_analysis",
    "result_tables",
    "save_analysis",
    "saved_fingerprint",
    "tables_from",
]


TABLE_COLUMNS: dict[str, list[str]] = {
    "scores": ["wave", "province", "province_name", *SCORE_COLUMNS[2:]],
    "overall": ["wave", "province", "province_name", "current", "ambition", "gap", "coverage"],
    "reliability": RELIABILITY_COLUMNS,
    "roles": ["wave", "province", "element", "stated_role", "position", "p_koploper", "p_starter"],
    "opportunities": [
        "wave",
        "element",
        "supply",
        "demand",
        "mean_gap",
        "kansrijk",
        "rank",
        "proposed",
        "p_kansrijk",
        "p_proposed",
    ],
    "clusters": ["wave", "province", "cluster", "stability"],
    "businesscase": [
        "wave",
        "element",
        "participants",
        "alone",
        "joint",
        "saving",
        "break_even",
        "saving_low",
        "saving_high",
    ],
    "shares": ["wave", "element", "province", "key", "share", "net_benefit"],
    "progress": [
        "from_wave",
        "to_wave",
        "province",
        "element",
        "change",
        "ambition_attained",
        "change_lo",
        "change_hi",
    ],
    "issues": ISSUE_COLUMNS,
}


@dataclass(frozen=True, eq=False)
class Analysis:
    """Every analysis result for one set of processed data, options and instrument.

    Each frame covers every wave of the data (a ``wave`` column, or ``from_wave`` and
    ``to_wave`` for changes); a report filters the wave it shows.

    Attributes
    ----------
    options, instrument
        What the analysis was computed with.
    scores, overall, reliability, respondent_scores
        Rules 2-6 (:mod:`bimmaturity.rules.scoring`); reliability with alpha on
        within-province deviations, n_complete and icc1.
    overall_intervals
        90% Student-t interval of each province's overall maturity, per wave
        (:func:`bimmaturity.rules.scoring.overall_intervals`).
    stated_roles, roles, opportunities, partners
        Rules 7-9 (:mod:`bimmaturity.rules.collaboration`); roles with p_koploper and
        p_starter, opportunities with p_kansrijk and p_proposed (rule 8's robustness,
        :mod:`bimmaturity.rules.robustness`; missing with ``resamples = 0``).
    clusterings
        Rule 10 per wave that can be clustered: wave -> :class:`GapClustering`.
    clusters, cluster_profiles, cluster_summary
        The clusters table (with stability), each cluster's mean gap per element, and one
        row per cluster.
    businesscase, shares
        Rule 11 (:mod:`bimmaturity.rules.businesscase`): the business case with its range,
        koplopers, followers and per(e); the cost shares with net benefit and koploper flag.
    cost_sensitivity
        wave, factor, saving: the total saving of each wave's proposed deals with costs when
        going alone costs 30% to 100% of the estimate
        (:func:`bimmaturity.rules.businesscase.cost_alone_sensitivity`).
    progress, overall_progress
        Rule 12 for every pair of consecutive waves (progress with the Welch interval).
    overlap
        For every pair of consecutive waves, the respondents who answered in both, per
        province and overall (:func:`bimmaturity.rules.progress.respondent_overlap`).
    processed
        The processed data the analysis came from (not saved; attached when loaded).
    """

    options: AnalysisOptions
    instrument: Instrument
    scores: pd.DataFrame
    overall: pd.DataFrame
    overall_intervals: pd.DataFrame
    reliability: pd.DataFrame
    respondent_scores: pd.DataFrame
    stated_roles: pd.DataFrame
    roles: pd.DataFrame
    opportunities: pd.DataFrame
    partners: pd.DataFrame
    clusterings: dict[str, GapClustering]
    clusters: pd.DataFrame
    cluster_profiles: pd.DataFrame
    cluster_summary: pd.DataFrame
    businesscase: pd.DataFrame
    shares: pd.DataFrame
    cost_sensitivity: pd.DataFrame
    progress: pd.DataFrame
    overall_progress: pd.DataFrame
    overlap: pd.DataFrame
    processed: Processed | None = field(default=None, repr=False)

    @property
    def waves(self) -> list[str]:
        """The waves analysed, in measurement order."""
        return progress.waves_in(self.scores)

    def proposed(self, wave: str) -> list[str]:
        """The proposed joint deals of ``wave``, in rank order (rule 9)."""
        return collaboration.proposed_deals(self.opportunities, str(wave))


def _frames() -> list[str]:
    return [f.name for f in fields(Analysis) if f.type == "pd.DataFrame"]


def analyse(
    processed: Processed,
    options: AnalysisOptions | None = None,
    *,
    wave: str | None = None,
    instrument: Instrument | None = None,
    registry: pd.DataFrame | None = None,
) -> Analysis:
    """Apply every rule of the scoring contract to the processed data, once.

    Parameters
    ----------
    processed : Processed
        The processed tables (:func:`bimmaturity.store.load_processed`).
    options : AnalysisOptions, optional
        The analysis parameters (defaults: :data:`bimmaturity.config.DEFAULTS`).
    wave : str, optional
        Restrict the per-wave rules to this wave; progress then covers the step into it.
    instrument : Instrument, optional
        Default: the instrument the data was read with.
    registry : pandas.DataFrame, optional
        The organisations with their size figure (cbs_code, population_2024), for the
        population-based cost shares; default: the sizes of the registry the data was read
        with (:meth:`bimmaturity.organisations.Registry.sizes`).

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from bimmaturity.store import load_processed
    >>> from bimmaturity.example import write_example
    >>> from bimmaturity.ingest import ingest
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     _ = write_example(root / "raw")
    ...     _ = ingest(root / "raw", root / "p", salt_path=root / "salt", example=True)
    ...     result = analyse(load_processed(root / "p"))
    >>> result.waves, result.proposed("2020")
    (['2018', '2020'], ['PROC', 'UITV', 'OTL', 'BEHEER'])
    """
    options = options or AnalysisOptions()
    instrument = instrument or processed.instrument
    answers, roles = processed.answers, processed.roles
    if wave is not None:
        answers = answers[answers["wave"] == str(wave)]
        roles = roles[roles["wave"] == str(wave)]
    thresholds = {"leader_level": options.leader_level, "gap_threshold": options.gap_threshold}
    deals = {"min_demand": options.min_demand, "n_deals": options.n_deals}
    per_respondent = respondent_scores(answers, instrument)
    scores = province_scores(answers, instrument, per_respondent=per_respondent)
    overall = overall_scores(scores, instrument)
    stated = collaboration.stated_roles(roles, instrument)
    robust = robustness(
        answers,
        roles,
        instrument,
        **thresholds,
        **deals,
        resamples=options.resamples,
        per_respondent=per_respondent,
    )
    clusterings = _clusterings(scores, options.clusters)
    assignment = _assignment(clusterings)
    all_scores = scores if wave is None else province_scores(processed.answers, instrument)
    steps = _steps(all_scores, wave)
    if registry is None:
        registry = processed.registry.sizes()
    tables = option_tables(scores, stated, processed.costs, instrument, options, registry)
    opportunities, case = tables["opportunities"], tables["businesscase"]
    return Analysis(
        options=options,
        instrument=instrument,
        scores=scores,
        overall=overall,
        overall_intervals=overall_intervals(answers, instrument, per_respondent=per_respondent),
        reliability=reliability(answers, instrument, per_respondent=per_respondent),
        respondent_scores=per_respondent,
        stated_roles=stated,
        roles=_merge(tables["roles"], robust.positions, ["wave", "province", "element"]),
        opportunities=_merge(opportunities, robust.deals, ["wave", "element"]),
        partners=tables["partners"],
        clusterings=clusterings,
        clusters=clusters.cluster_stability(per_respondent, assignment, k=options.clusters),
        cluster_profiles=clusters.cluster_profiles(scores, assignment),
        cluster_summary=clusters.cluster_summary(scores, assignment),
        businesscase=case,
        shares=tables["shares"],
        cost_sensitivity=_cost_sensitivity(case, opportunities, processed.costs, options),
        progress=_concat(
            [progress.progress(all_scores, earlier, later) for earlier, later in steps],
            progress.PROGRESS_COLUMNS,
        ),
        overall_progress=_overall_steps(
            overall if wave is None else overall_scores(all_scores, instrument), steps
        ),
        overlap=_concat(
            [progress.respondent_overlap(processed.answers, a, b) for a, b in steps],
            progress.OVERLAP_COLUMNS,
        ),
        processed=processed,
    )


def _merge(table: pd.DataFrame, extra: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """``table`` with the columns of ``extra`` added (left join on ``keys``; order kept)."""
    merged = table.merge(extra, on=keys, how="left", validate="one_to_one")
    for column in extra.columns.difference(keys):
        merged[column] = merged[column].astype("float64")
    return merged


def _cost_sensitivity(
    case: pd.DataFrame, opportunities: pd.DataFrame, costs: pd.DataFrame, options: AnalysisOptions
) -> pd.DataFrame:
    """The cost_alone sensitivity of every wave's proposed deals that have costs."""
    parts = []
    for wave in progress.waves_in(case):
        rows = case[(case["wave"] == wave) & case["alone"].notna()]
        chosen = [
            e
            for e in collaboration.proposed_deals(opportunities, wave)
            if e in set(rows["element"])
        ]
        if not chosen:
            continue
        curve = businesscase.cost_alone_sensitivity(
            case,
            costs,
            chosen,
            wave=wave,
            overhead=options.overhead,
            years=options.years,
            discount=options.discount,
        )
        curve.insert(0, "wave", wave)
        parts.append(curve)
    if not parts:
        return pd.DataFrame(
            {
                "wave": pd.Series(dtype="str"),
                "factor": pd.Series(dtype="float64"),
                "saving": pd.Series(dtype="float64"),
            }
        )
    return pd.concat(parts, ignore_index=True)


def _clusterings(scores: pd.DataFrame, k: int | None) -> dict[str, GapClustering]:
    found = {}
    for wave in progress.waves_in(scores):
        try:
            found[wave] = clusters.cluster_analysis(scores, wave, k=k)
        except ValueError:  # too few organisations with a gap: the report says so
            continue
    return found


def _assignment(clusterings: dict[str, GapClustering]) -> pd.DataFrame:
    parts = [clustering.assignment for clustering in clusterings.values()]
    if not parts:
        return pd.DataFrame(
            {
                "wave": pd.Series(dtype="str"),
                "province": pd.Series(dtype="str"),
                "cluster": pd.Series(dtype="int64"),
            }
        )
    return pd.concat(parts, ignore_index=True)


def _steps(scores: pd.DataFrame, wave: str | None) -> list[tuple[str, str]]:
    return [
        (earlier, later)
        for earlier, later in itertools.pairwise(progress.waves_in(scores))
        if wave is None or later == str(wave)
    ]


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


def _overall_steps(overall: pd.DataFrame, steps: list[tuple[str, str]]) -> pd.DataFrame:
    parts = []
    for earlier, later in steps:
        change = progress.overall_progress(overall, earlier, later)
        change.insert(0, "to_wave", later)
        change.insert(0, "from_wave", earlier)
        parts.append(change)
    columns = ["from_wave", "to_wave", "province", "from_current", "to_current", "change"]
    return _concat(parts, [*columns, "from_ambition", "ambition_attained"])


def _with_names(frame: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    named = frame.copy()
    position = named.columns.get_loc("province") + 1
    names = registry.names
    named.insert(position, "province_name", named["province"].map(lambda c: names.get(c, c)))
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
    result = analyse(processed, options, wave=wave, instrument=instrument)
    return tables_from(result, processed.issues)


def tables_from(result: Analysis, issues: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The result tables of an analysis already run, plus the ingest issues, columns in order.

    ``province_name`` comes from the registry the data was read with (the active one when the
    analysis carries no processed data).
    """
    registry = result.processed.registry if result.processed is not None else active_registry()
    tables = {
        "scores": _with_names(result.scores, registry),
        "overall": _with_names(result.overall, registry),
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
