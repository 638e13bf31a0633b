"""Maturity scores: rules 2-6 of the scoring contract (shared/spec/scoring.md).

Every function is pure: tidy frames in, a new tidy frame out; groupby and array operations
throughout, the bootstrap intervals from :mod:`bimmaturity.rules.resampling`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from bimmaturity.instrument import Instrument
from bimmaturity.rules.resampling import percentile_interval, resampled_means

__all__ = [
    "BOOTSTRAP_RESAMPLES",
    "BOOTSTRAP_SEED",
    "INDICATIVE",
    "MEASURES",
    "MIN_N_ALPHA",
    "MIN_N_INTERVAL",
    "SCORE_COLUMNS",
    "level_of",
    "overall_intervals",
    "overall_scores",
    "province_scores",
    "reliability",
    "respondent_scores",
]

MEASURES = ("current", "ambition")
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
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20181
MIN_N_INTERVAL = 3
MIN_N_ALPHA = 5
_RESPONDENT = ["wave", "province", "respondent"]
_CELL = ["wave", "province", "element"]


def respondent_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rule 2: each respondent's score per element, for the current level and the ambition.

    ``s(r,e)`` is the (question-weighted) mean of r's answered questions on e, provided at least
    ``ceil(k/2)`` of e's k questions are answered; otherwise missing.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements, their questions and the question weights.

    Returns
    -------
    pandas.DataFrame
        wave, province, respondent, element, current, answered_current, ambition,
        answered_ambition: one row per respondent and element of the instrument.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> a = pd.DataFrame({"wave": "1", "province": "PV20", "respondent": "r1",
    ...     "element": "OTL", "question": ["OTL-1", "OTL-2", "OTL-3"],
    ...     "current": [2.0, 3.0, None], "ambition": [4.0, None, None]})
    >>> s = respondent_scores(a, default_instrument())
    >>> s.loc[s.element == "OTL", ["current", "ambition"]].values.tolist()
    [[2.5, nan]]
    """
    questions = instrument.question_frame()[["element", "question", "question_weight"]]
    weighted = answers.merge(questions, on=["element", "question"], how="inner", validate="m:1")
    weight = weighted["question_weight"]
    sums = {}
    for measure in MEASURES:
        valid = weighted[measure].notna()
        sums[f"_wx_{measure}"] = weighted[measure] * weight
        sums[f"_w_{measure}"] = weight.where(valid)
        sums[f"answered_{measure}"] = valid.astype("int64")
    grouped = (
        pd.DataFrame(sums)
        .groupby([weighted[c] for c in [*_RESPONDENT, "element"]], observed=True)
        .sum()
    )
    half = (
        instrument.element_frame()
        .set_index("element")["n_questions"]
        .map(lambda k: math.ceil(k / 2))
    )
    needed = half.reindex(grouped.index.get_level_values("element")).to_numpy()
    for measure in MEASURES:
        enough = grouped[f"answered_{measure}"].to_numpy() >= needed
        grouped[measure] = (grouped[f"_wx_{measure}"] / grouped[f"_w_{measure}"]).where(enough)
    respondents = answers[_RESPONDENT].drop_duplicates().sort_values(_RESPONDENT)
    grid = respondents.merge(pd.DataFrame({"element": instrument.element_ids}), how="cross")
    columns = [c for m in MEASURES for c in (m, f"answered_{m}")]
    result = grid.merge(grouped[columns].reset_index(), on=[*_RESPONDENT, "element"], how="left")
    for measure in MEASURES:
        result[measure] = result[measure].astype("float64")
        result[f"answered_{measure}"] = result[f"answered_{measure}"].fillna(0).astype("int64")
    return result.reset_index(drop=True)


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


def _rwg(answers: pd.DataFrame, counted: pd.DataFrame, n_levels: int) -> pd.Series:
    """rwg(j) per wave, province and element over the counted respondents' current answers.

    ``v`` is the mean, over the element's questions answered by at least 2 of them, of the
    sample variance of those answers; ``J`` the number of such questions; missing when none.
    """
    current = answers.loc[answers["current"].notna(), [*_RESPONDENT, "element", "question"]]
    current = current.assign(current=answers["current"]).merge(
        counted, on=[*_RESPONDENT, "element"]
    )
    current = current.drop_duplicates([*_RESPONDENT, "element", "question"])
    per_question = current.groupby([*_CELL, "question"], observed=True)["current"].agg(
        ["count", "var"]
    )
    usable = per_question[per_question["count"] >= 2]
    per_cell = usable.groupby(level=_CELL, observed=True)["var"].agg(["mean", "size"])
    v, j = per_cell["mean"], per_cell["size"]
    ratio = v / ((n_levels**2 - 1) / 12)
    rwg = (j * (1 - ratio) / (j * (1 - ratio) + ratio)).where(ratio < 1, 0.0)
    return rwg.rename("rwg")


def _intervals(counted: pd.DataFrame) -> pd.DataFrame:
    """The 90% percentile-bootstrap interval of every cell with at least 3 respondents.

    Each cell (wave, province, element) resamples its respondents' scores (in respondent
    order) in its own stream, keyed ``"wave|province|element"``.
    """
    cells = counted.sort_values(_CELL, kind="stable")
    sizes = cells.groupby(_CELL, sort=False, observed=True).size()
    sizes = sizes[sizes >= MIN_N_INTERVAL]
    if sizes.empty:
        return pd.DataFrame(columns=[*_CELL, "lo", "hi"])
    cells = cells.merge(sizes.rename("_n").reset_index(), on=_CELL)
    names = sizes.index.to_frame(index=False).astype("str")
    keys = (names["wave"] + "|" + names["province"] + "|" + names["element"]).tolist()
    means = resampled_means(
        cells["current"].to_numpy(dtype="float64"),
        sizes.to_numpy(),
        BOOTSTRAP_RESAMPLES,
        seed=BOOTSTRAP_SEED,
        keys=keys,
        ordered=False,
    )
    lo, hi = percentile_interval(means[:, :, 0], axis=1)
    return sizes.index.to_frame(index=False).assign(lo=lo, hi=hi)


def province_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rules 3, 4 and 6: each province's score per element and wave.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements, questions and scale.

    Returns
    -------
    pandas.DataFrame
        One row per wave, province (with any answer in that wave) and element of the instrument:

        - current, ambition: mean respondent score ``S(p,e)``, ``A(p,e)``
        - gap: ``A - S``
        - n: respondents contributing to ``current``
        - lo, hi: 90% percentile-bootstrap interval of ``current`` (n >= 3 only)
        - spread: sample standard deviation of the respondent scores (n >= 2)
        - rwg: agreement rwg(j) on the current answers (n >= 2)
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
    per_respondent = respondent_scores(answers, instrument)
    result = (
        per_respondent.groupby(_CELL, sort=False, observed=True)
        .agg(
            current=("current", "mean"),
            ambition=("ambition", "mean"),
            n=("current", "count"),
            spread=("current", "std"),
        )
        .reset_index()
    )
    result["gap"] = result["ambition"] - result["current"]
    counted = per_respondent.loc[
        per_respondent["current"].notna(), [*_RESPONDENT, "element", "current"]
    ]
    n_levels = len(instrument.scale.levels)
    rwg = _rwg(answers, counted[[*_RESPONDENT, "element"]], n_levels).reset_index()
    result = result.merge(_intervals(counted), on=_CELL, how="left")
    result = result.merge(rwg, on=_CELL, how="left")
    result["level"] = _levels(result["current"], instrument)
    result["flag"] = np.where((result["n"] > 0) & (result["n"] < MIN_N_INTERVAL), INDICATIVE, "")
    for column in ("current", "ambition", "gap", "lo", "hi", "spread", "rwg"):
        result[column] = result[column].astype("float64")
    result["n"] = result["n"].astype("int64")
    order = pd.Categorical(result["element"], categories=instrument.element_ids).codes
    result = result.assign(_order=order).sort_values(["wave", "province", "_order"])
    result = result.reset_index(drop=True)
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


def reliability(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Cronbach's alpha per element and wave, on the current answers (rule 3).

    Uses every respondent of the wave who answered all of the element's questions; alpha is
    missing with fewer than five such respondents or a single-question element.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, question, current.
    instrument : Instrument
        Gives the elements and their questions.

    Returns
    -------
    pandas.DataFrame
        wave, element, alpha, n_complete: every element for every wave of ``answers``.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> rows = [(f"r{i}", q, v) for i, vals in enumerate([[1,1,2],[2,2,2],[3,3,4],[4,4,4],[5,4,5]])
    ...         for q, v in zip(["OTL-1", "OTL-2", "OTL-3"], vals)]
    >>> a = pd.DataFrame(rows, columns=["respondent", "question", "current"])
    >>> a = a.assign(wave="1", province="PV20", element="OTL", ambition=None)
    >>> r = reliability(a, default_instrument())
    >>> r.loc[r.element == "OTL", ["alpha", "n_complete"]].round(4).values.tolist()
    [[0.9767, 5.0]]
    """
    questions = instrument.question_frame()
    k = questions.groupby("element", sort=False).size()
    by_question = questions.set_index("question")["element"]
    answered = answers.loc[answers["current"].notna(), [*_RESPONDENT, "question", "current"]]
    answered = answered.drop_duplicates([*_RESPONDENT, "question"])
    answered = answered.assign(element=answered["question"].map(by_question)).dropna(
        subset=["element"]
    )
    person = ["wave", "element", "province", "respondent"]
    per_person = answered.groupby(person, observed=True)["current"].agg(["size", "sum"])
    needed = k.reindex(per_person.index.get_level_values("element")).to_numpy()
    per_person = per_person[per_person["size"].to_numpy() == needed]
    complete = answered.merge(per_person.index.to_frame(index=False), on=person)
    item = complete.groupby(["wave", "element", "question"], observed=True)["current"].var()
    stats = pd.DataFrame(
        {
            "item_variance": item.groupby(level=["wave", "element"]).sum(),
            "total_variance": per_person["sum"].groupby(level=["wave", "element"]).var(),
            "n_complete": per_person.groupby(level=["wave", "element"]).size(),
        }
    )
    waves = sorted(answers["wave"].unique())
    grid = pd.MultiIndex.from_product([waves, instrument.element_ids], names=["wave", "element"])
    stats = stats.reindex(grid)
    n = stats["n_complete"].fillna(0).astype("int64")
    k_of = k.reindex(grid.get_level_values("element")).to_numpy()
    usable = (n.to_numpy() >= MIN_N_ALPHA) & (k_of >= 2) & (stats["total_variance"] > 0)
    alpha = k_of / (k_of - 1) * (1 - stats["item_variance"] / stats["total_variance"])
    out = pd.DataFrame(
        {"alpha": alpha.where(usable).astype("float64"), "n_complete": n}, index=grid
    )
    return out.reset_index()


def overall_intervals(
    answers: pd.DataFrame,
    instrument: Instrument,
    *,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
    min_n: int = MIN_N_INTERVAL,
) -> pd.DataFrame:
    """A 90% percentile-bootstrap interval of each province's overall maturity ``M(p)``.

    ``shared/spec/scoring.md`` defines intervals per element only (rule 3); this is the same
    method carried over to rule 5, as the sensible reading for a ranking of provinces: in each
    of ``resamples`` resamples the province's respondents are drawn with replacement (a
    respondent's element scores together, so the dependence between elements is kept),
    ``S(p,e)`` is recomputed as the mean over the drawn respondents with a score on e, and
    ``M(p)`` as the element-weighted mean over the elements with a score (rule 5). The interval
    is the 5th and 95th percentile of those ``M(p)``. Only for provinces with at least
    ``min_n`` respondents (those with a current score on some element); otherwise lo and hi
    are missing, as for an ``indicatief`` element score. The random stream is seeded per wave
    and province (key ``"wave|province|overall"``), so the figures are the same on every run.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements and their weights.
    resamples : int
        Number of bootstrap resamples (default 2,000).
    seed : int
        Base seed; combined with the wave and the province.
    min_n : int
        Fewest respondents for an interval (default 3).

    Returns
    -------
    pandas.DataFrame
        wave, province, n (respondents with a current score), current (``M(p)``, as in
        :func:`overall_scores`), lo, hi; one row per wave and province, sorted.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> people = [("PV20", "a", 1.0), ("PV20", "b", 2.0), ("PV20", "c", 3.0),
    ...           ("PV20", "d", 4.0), ("PV21", "e", 2.0), ("PV21", "f", 3.0)]
    >>> a = pd.DataFrame([(p, r, q, c) for p, r, c in people for q in ("OTL-1", "OTL-2")],
    ...                  columns=["province", "respondent", "question", "current"])
    >>> a = a.assign(wave="1", element="OTL", ambition=4.0)
    >>> overall_intervals(a, default_instrument())
      wave province  n  current   lo   hi
    0    1     PV20  4      2.5  1.5  3.5
    1    1     PV21  2      2.5  NaN  NaN
    """
    if resamples < 1:
        raise ValueError(f"resamples moet >= 1 zijn / must be >= 1, got {resamples}")
    columns = ["wave", "province", "n", "current", "lo", "hi"]
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
    scored = ~np.isnan(matrix).all(axis=1)
    provinces = wide.index.droplevel("respondent")
    n = pd.Series(scored, index=provinces).groupby(level=["wave", "province"], sort=True).sum()
    means = pd.DataFrame(matrix, index=provinces).groupby(level=["wave", "province"]).mean()
    current = _weighted_overall(means.reindex(n.index).to_numpy()[np.newaxis], weights)[0]
    out = n.rename("n").reset_index().assign(current=current, lo=np.nan, hi=np.nan)
    enough = (n >= min_n).to_numpy()
    if enough.any():
        chosen = n.index[enough]
        keep = scored & provinces.isin(chosen)
        resampled = resampled_means(
            matrix[keep],
            n[enough].to_numpy(),
            resamples,
            seed=seed,
            keys=[f"{wave}|{province}|overall" for wave, province in chosen],
            ordered=False,
        )
        totals = _weighted_overall(np.moveaxis(resampled, 0, 1), weights)
        lo, hi = percentile_interval(totals, axis=0)
        out.loc[enough, "lo"], out.loc[enough, "hi"] = lo, hi
    out["wave"] = out["wave"].astype(str)
    out["province"] = out["province"].astype(str)
    return out[columns].astype(
        {"n": "int64", "current": "float64", "lo": "float64", "hi": "float64"}
    )


def _weighted_overall(means: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Rule 5 over the last axis: element means (NaN = no score) -> weighted overall."""
    scored = ~np.isnan(means)
    weight = (scored * weights).sum(axis=-1)
    total = (np.where(scored, means, 0.0) * weights).sum(axis=-1)
    return np.divide(total, weight, out=np.full(weight.shape, np.nan), where=weight > 0)
