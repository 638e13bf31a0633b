"""Maturity scores: rules 2-6 of the scoring contract (docs/method.md).

Every function is pure: tidy frames in, a new tidy frame out; groupby and array operations
throughout, on key columns coded to integers once (:mod:`bimmaturity.rules.keys`). Intervals are
Student-t intervals (rule 3), computed in closed form: nothing here resamples (the robustness
of positions and deals lives in :mod:`bimmaturity.rules.robustness`). Rule 2 (the respondent
scores) lives in :mod:`bimmaturity.rules.respondents` and the reliability of rule 3 in
:mod:`bimmaturity.rules.reliability`; both are importable from here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import stdtrit  # the t quantile (scipy.stats.t.ppf), light to import

from bimmaturity.frames import floats
from bimmaturity.instrument import Instrument
from bimmaturity.rules.keys import Codes, combine, split
from bimmaturity.rules.reliability import MIN_N_ALPHA, RELIABILITY_COLUMNS, reliability
from bimmaturity.rules.respondents import MEASURES, respondent_scores

__all__ = [
    "CONFIDENCE",
    "INDICATIVE",
    "MEASURES",
    "MIN_N_ALPHA",
    "MIN_N_INTERVAL",
    "MIN_N_RWG",
    "RELIABILITY_COLUMNS",
    "SCORE_COLUMNS",
    "level_of",
    "overall_intervals",
    "overall_scores",
    "province_scores",
    "reliability",
    "respondent_scores",
    "t_interval",
    "t_quantile",
]

INDICATIVE = "indicatief"
SCORE_COLUMNS = [
    "wave",
    "province",
    "element",
    "current",
    "ambition",
    "gap",
    "n",
    "lo",
    "hi",
    "spread",
    "rwg",
    "level",
    "flag",
]
CONFIDENCE = 0.90
"""Coverage of every interval (rules 3 and 12): ``t(0.95; df)``."""
MIN_N_INTERVAL = 3
"""Fewest respondents for an interval (rule 3); below it the score is ``indicatief``."""
MIN_N_RWG = 3
"""Fewest respondents for rwg(j) (rule 3)."""
_RESPONDENT = ["wave", "province", "respondent"]
_CELL = ["wave", "province", "element"]


def level_of(score: float | None, instrument: Instrument) -> int | None:
    """Rule 6: the level reached by a score, ``floor(x + 1e-9)`` clipped to the scale.

    Parameters
    ----------
    score : float or None
        A score; None or NaN for none.
    instrument : Instrument
        Gives the scale.

    Returns
    -------
    int or None

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> [level_of(x, default_instrument()) for x in (2.99, 3.0, 5.0, 0.4)]
    [2, 3, 5, 1]
    """
    if score is None or (isinstance(score, float) and math.isnan(score)):
        return None
    level = math.floor(score + 1e-9)
    return min(max(level, instrument.min_level), instrument.max_level)


def _levels(scores: pd.Series, instrument: Instrument) -> pd.api.extensions.ExtensionArray:
    """:func:`level_of` for a column of scores, as nullable integers."""
    values = scores.to_numpy(dtype="float64")
    present = ~np.isnan(values)
    levels = np.clip(np.floor(np.where(present, values, 0.0) + 1e-9), *_scale(instrument))
    return pd.array(np.where(present, levels, np.nan), dtype="Float64").astype("Int64")


def _scale(instrument: Instrument) -> tuple[int, int]:
    return instrument.min_level, instrument.max_level


def _rwg(
    answers: pd.DataFrame, per_respondent: pd.DataFrame, cells: dict[str, pd.Index], n_levels: int
) -> np.ndarray:
    """rwg(j) of each of ``cells`` (wave, province, element) over the counted respondents'
    current answers (those with a current respondent score).

    ``v`` is the mean, over the element's questions answered by at least 2 of them, of the
    sample variance of those answers; ``J`` the number of such questions; missing when none.
    """
    columns = [*_RESPONDENT, "element", "question"]
    codes = Codes(answers, columns)
    sizes = [codes.size(c) for c in columns]
    scored = per_respondent[per_respondent["current"].notna()]
    found = [codes.on(c, scored[c]) for c in columns[:4]]
    known = np.logical_and.reduce([f >= 0 for f in found])
    counted = combine([f[known] for f in found], sizes[:4])
    rows = np.flatnonzero(answers["current"].notna().to_numpy())
    person = combine([codes[c][rows] for c in columns[:4]], sizes[:4])
    rows = rows[pd.Series(person).isin(counted).to_numpy()]
    answer = combine([codes[c][rows] for c in columns], sizes)
    rows = rows[~pd.Series(answer).duplicated().to_numpy()]  # each question once per person
    by = ["wave", "province", "element", "question"]
    cell_question = combine([codes[c][rows] for c in by], [codes.size(c) for c in by])
    values = pd.Series(floats(answers["current"])[rows])
    per_question = values.groupby(cell_question).agg(["count", "var"])
    usable = per_question[per_question["count"] >= 2]
    cell = usable.index.to_numpy() // max(codes.size("question"), 1)
    per_cell = usable["var"].groupby(cell).agg(["mean", "size"])
    v, j = per_cell["mean"], per_cell["size"]
    ratio = v / ((n_levels**2 - 1) / 12)
    rwg = (j * (1 - ratio) / (j * (1 - ratio) + ratio)).where(ratio < 1, 0.0)
    wanted = [codes.on(c, cells[c]) for c in by[:3]]
    key = combine([np.maximum(w, 0) for w in wanted], [codes.size(c) for c in by[:3]])
    at = rwg.index.get_indexer(key)
    found_cell = (at >= 0) & np.logical_and.reduce([w >= 0 for w in wanted])
    return np.append(rwg.to_numpy(dtype="float64"), np.nan)[np.where(found_cell, at, -1)]


def t_quantile(df: np.ndarray | float, confidence: float = CONFIDENCE) -> np.ndarray:
    """The Student-t quantile ``t((1 + confidence) / 2; df)``: ``t(0.95; df)`` at 90%.

    Parameters
    ----------
    df : array_like
        Degrees of freedom (> 0; need not be whole, as for Welch's interval).
    confidence : float
        Coverage of the two-sided interval.

    Returns
    -------
    numpy.ndarray
        One quantile per ``df`` (NaN where ``df`` is NaN or not positive).

    Examples
    --------
    >>> np.round(t_quantile([1, 2, 4, 9]), 4).tolist()
    [6.3138, 2.92, 2.1318, 1.8331]
    """
    df = np.asarray(df, dtype="float64")
    with np.errstate(invalid="ignore"):
        return np.where(df > 0, stdtrit(np.where(df > 0, df, 1.0), (1 + confidence) / 2), np.nan)


def t_interval(
    mean: np.ndarray,
    spread: np.ndarray,
    n: np.ndarray,
    scale: tuple[float, float],
    *,
    min_n: int = MIN_N_INTERVAL,
) -> tuple[np.ndarray, np.ndarray]:
    """The 90% Student-t interval of a mean, clipped to the scale (rule 3).

    ``mean -/+ t(0.95; n-1) * spread / sqrt(n)``, clipped to ``scale``, only where
    ``n >= min_n``; NaN elsewhere.

    Parameters
    ----------
    mean, spread, n : array_like
        The means, the sample standard deviations and the numbers of respondents.
    scale : tuple of float
        The scale's lowest and highest level.
    min_n : int
        Fewest respondents for an interval.

    Returns
    -------
    lo, hi : numpy.ndarray

    Examples
    --------
    >>> lo, hi = t_interval([3.0, 1.5, 2.0], [1.0, 1.0, 1.0], [3, 4, 2], (1, 5))
    >>> np.round(lo, 6).tolist(), np.round(hi, 6).tolist()
    ([1.314146, 1.0, nan], [4.685854, 2.676682, nan])
    """
    mean = np.asarray(mean, dtype="float64")
    spread = np.asarray(spread, dtype="float64")
    n = np.asarray(n, dtype="float64")
    enough = n >= min_n
    size = np.where(enough, n, np.nan)
    half = t_quantile(size - 1) * spread / np.sqrt(size)
    lo = np.where(enough, np.clip(mean - half, *scale), np.nan)
    hi = np.where(enough, np.clip(mean + half, *scale), np.nan)
    return lo, hi


def province_scores(
    answers: pd.DataFrame,
    instrument: Instrument,
    *,
    per_respondent: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rules 3, 4 and 6: each province's score per element and wave.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements, questions and scale.
    per_respondent : pandas.DataFrame, optional
        :func:`respondent_scores` of ``answers``, when already computed.

    Returns
    -------
    pandas.DataFrame
        One row per wave, province (with any answer in that wave) and element of the instrument:

        - current, ambition: mean respondent score ``S(p,e)``, ``A(p,e)``
        - gap: ``A - S``
        - n: respondents contributing to ``current``
        - lo, hi: 90% Student-t interval of ``current``, ``S -/+ t(0.95; n-1) * spread /
          sqrt(n)`` clipped to the scale (n >= 3 only; :func:`t_interval`)
        - spread: sample standard deviation of the respondent scores (n >= 2)
        - rwg: agreement rwg(j) on the current answers (n >= 3)
        - level: the level reached by ``current`` (rule 6)
        - flag: ``indicatief`` when 0 < n < 3, else empty

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> a = pd.DataFrame({"wave": "1", "province": "PV20", "respondent": ["r1"] * 3 + ["r2"] * 3,
    ...     "element": "OTL", "question": ["OTL-1", "OTL-2", "OTL-3"] * 2,
    ...     "current": [2.0, 3.0, 4.0, 1.0, 1.0, 1.0], "ambition": 4.0})
    >>> s = province_scores(a, default_instrument())
    >>> s.loc[s.element == "OTL", ["current", "ambition", "gap", "n", "level", "flag"]].values
    array([[2.0, 4.0, 2.0, 2, 2, 'indicatief']], dtype=object)
    """
    if per_respondent is None:
        per_respondent = respondent_scores(answers, instrument)
    codes = Codes(per_respondent, _CELL)
    # elements in instrument order (any other first, as a categorical's code -1 sorts)
    elements = codes.values("element", np.arange(codes.size("element")))
    position = {e: i for i, e in enumerate(instrument.element_ids)}
    order = np.lexsort(
        (np.arange(len(elements)), [position.get(e, -1) for e in elements])
    )  # element codes in output order
    rank = np.empty(len(elements), dtype="int64")
    rank[order] = np.arange(len(elements))
    sizes = [codes.size("wave"), codes.size("province"), len(elements)]
    cell = combine([codes["wave"], codes["province"], rank[codes["element"]]], sizes)
    values = pd.DataFrame(
        {
            "current": floats(per_respondent["current"]),
            "ambition": floats(per_respondent["ambition"]),
        }
    )
    result = values.groupby(cell).agg(  # as on the key columns, bit for bit
        current=("current", "mean"),
        ambition=("ambition", "mean"),
        n=("current", "count"),
        spread=("current", "std"),
    )
    wave, province, element_rank = split(result.index.to_numpy(), sizes)
    cells = {
        "wave": codes.values("wave", wave),
        "province": codes.values("province", province),
        "element": codes.values("element", order[element_rank]),
    }
    result = pd.DataFrame({**cells, **{c: result[c].to_numpy() for c in result.columns}})
    result["gap"] = result["ambition"] - result["current"]
    n_levels = len(instrument.scale.levels)
    rwg = _rwg(answers, per_respondent, cells, n_levels)
    result["lo"], result["hi"] = t_interval(
        result["current"], result["spread"], result["n"], _scale(instrument)
    )
    result["rwg"] = np.where(result["n"].to_numpy() >= MIN_N_RWG, rwg, np.nan)
    result["level"] = _levels(result["current"], instrument)
    result["flag"] = np.where((result["n"] > 0) & (result["n"] < MIN_N_INTERVAL), INDICATIVE, "")
    for column in ("current", "ambition", "gap", "lo", "hi", "spread", "rwg"):
        result[column] = result[column].astype("float64")
    result["n"] = result["n"].astype("int64")
    return result[SCORE_COLUMNS]


def overall_scores(scores: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rule 5: overall maturity, ambition and gap per province, weighted by element weight.

    Parameters
    ----------
    scores : pandas.DataFrame
        Province element scores (wave, province, element, current, ambition, gap).
    instrument : Instrument
        Gives the element weights.

    Returns
    -------
    pandas.DataFrame
        wave, province, current, ambition, gap, coverage: ``coverage`` is the share of the
        element weight on which ``current`` rests.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> s = pd.DataFrame({"wave": "1", "province": "PV20", "element": ["VISIE", "ORG"],
    ...     "current": [2.0, None], "ambition": [3.0, 4.0]})
    >>> s["gap"] = s["ambition"] - s["current"]
    >>> overall_scores(s, default_instrument())[["current", "ambition", "gap", "coverage"]].round(3)
       current  ambition  gap  coverage
    0      2.0       3.5  1.0     0.091
    """
    weights = instrument.element_frame().set_index("element")["weight"]
    weight = scores["element"].map(weights)
    parts = {}
    for measure in ("current", "ambition", "gap"):
        present = scores[measure].notna()
        parts[f"_wx_{measure}"] = (scores[measure] * weight).where(present)
        parts[f"_w_{measure}"] = weight.where(present, 0.0)
    sums = pd.DataFrame(parts).groupby([scores["wave"], scores["province"]], sort=True).sum()
    out = pd.DataFrame(index=sums.index)
    for measure in ("current", "ambition", "gap"):
        total = sums[f"_w_{measure}"]
        out[measure] = (sums[f"_wx_{measure}"] / total).where(total != 0).astype("float64")
        if measure == "current":
            out["coverage"] = (total / float(weights.sum())).astype("float64")
    columns = ["wave", "province", "current", "ambition", "gap", "coverage"]
    return out.reset_index()[columns]


def overall_intervals(
    answers: pd.DataFrame,
    instrument: Instrument,
    *,
    min_n: int = MIN_N_INTERVAL,
    per_respondent: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """A 90% Student-t interval of each province's overall maturity ``M(p)``.

    The method (``docs/method.md``) defines intervals per element only (rule 3); this carries the
    same method over to rule 5, for the ranking of provinces. Each respondent gets an overall
    score ``o(r)``: rule 5 applied to its own element scores (the element-weighted mean of
    its ``s(r,e)`` over the elements it has a score on). The interval is
    ``M(p) -/+ t(0.95; n-1) * sd(o) / sqrt(n)``, clipped to the scale, where ``M(p)`` is the
    province's overall maturity as in :func:`overall_scores`, ``n`` the number of its
    respondents with an overall score and ``sd(o)`` the sample standard deviation of their
    ``o(r)``; only when ``n >= min_n`` (else lo and hi are missing, as for an ``indicatief``
    element score). Like rule 3 it is closed-form (no resampling), so it has the same
    coverage at small n and the same figures on every run; it treats the respondents'
    overall scores as the sample, so the dependence between elements is kept.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements, their weights and the scale.
    min_n : int
        Fewest respondents for an interval (default 3).
    per_respondent : pandas.DataFrame, optional
        :func:`respondent_scores` of ``answers``, when already computed.

    Returns
    -------
    pandas.DataFrame
        wave, province, n (respondents with a current score), current (``M(p)``, as in
        :func:`overall_scores`), lo, hi, spread (``sd(o)``, missing when n < 2); one row per
        wave and province, sorted.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> people = [("PV20", "a", 1.0), ("PV20", "b", 2.0), ("PV20", "c", 3.0),
    ...           ("PV20", "d", 4.0), ("PV21", "e", 2.0), ("PV21", "f", 3.0)]
    >>> a = pd.DataFrame([(p, r, q, c) for p, r, c in people for q in ("OTL-1", "OTL-2")],
    ...                  columns=["province", "respondent", "question", "current"])
    >>> a = a.assign(wave="1", element="OTL", ambition=4.0)
    >>> overall_intervals(a, default_instrument()).round(4)
      wave province  n  current   lo      hi  spread
    0    1     PV20  4      2.5  1.0  4.0191  1.2910
    1    1     PV21  2      2.5  NaN     NaN  0.7071
    """
    columns = ["wave", "province", "n", "current", "lo", "hi", "spread"]
    if per_respondent is None:
        per_respondent = respondent_scores(answers, instrument)
    if per_respondent.empty:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).astype(
            {"wave": "str", "province": "str", "n": "int64"}
        )
    elements = instrument.element_ids
    weights = instrument.element_frame().set_index("element")["weight"].reindex(elements)
    weights = weights.to_numpy(dtype="float64")
    wide = per_respondent.set_index([*_RESPONDENT, "element"])["current"].unstack("element")
    wide = wide.reindex(columns=elements)
    matrix = wide.to_numpy(dtype="float64")
    own = _weighted_overall(matrix, weights)  # o(r), NaN without any score
    provinces = wide.index.droplevel("respondent")
    people = pd.Series(own, index=provinces).groupby(level=["wave", "province"], sort=True)
    n = people.count()
    spread = people.std()
    means = pd.DataFrame(matrix, index=provinces).groupby(level=["wave", "province"]).mean()
    current = _weighted_overall(means.reindex(n.index).to_numpy(), weights)
    lo, hi = t_interval(current, spread.to_numpy(), n.to_numpy(), _scale(instrument), min_n=min_n)
    out = (
        n.rename("n").reset_index().assign(current=current, lo=lo, hi=hi, spread=spread.to_numpy())
    )
    out["wave"] = out["wave"].astype(str)
    out["province"] = out["province"].astype(str)
    return out[columns].astype(
        {"n": "int64", "current": "float64", "lo": "float64", "hi": "float64", "spread": "float64"}
    )


def _weighted_overall(means: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rule 5 over the last axis: element means (NaN = no score) -> weighted overall."""
    scored = ~np.isnan(means)
    weight = (scored * weights).sum(axis=-1)
    total = (np.where(scored, means, 0.0) * weights).sum(axis=-1)
    return np.divide(total, weight, out=np.full(weight.shape, np.nan), where=weight > 0)
