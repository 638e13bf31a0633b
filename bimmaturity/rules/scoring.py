"""Maturity scores: rules 2-6 of the scoring contract (shared/spec/scoring.md).

Every function is pure: tidy frames in, a new tidy frame out.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import pandas as pd

from bimmaturity.instrument import Instrument

__all__ = [
    "INDICATIVE",
    "MEASURES",
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


def _question_weights(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    questions = instrument.question_frame()[["element", "question", "question_weight"]]
    return answers.merge(questions, on=["element", "question"], how="inner", validate="m:1")


def respondent_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rule 2: each respondent's score per element, for the current level and the ambition.

    ``s(r,e)`` is the (question-weighted) mean of r's answered questions on e, provided at least
    ``ceil(k/2)`` of e's k questions are answered; otherwise missing.

    Parameters
    ----------
    answers : DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument

    Returns
    -------
    DataFrame
        wave, province, respondent, element, current, ambition, answered_current,
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
    keys = ["wave", "province", "respondent"]
    weighted = _question_weights(answers, instrument)
    n_questions = instrument.element_frame().set_index("element")["n_questions"]
    parts = []
    for measure in MEASURES:
        valid = weighted[weighted[measure].notna()]
        grouped = (
            valid.assign(_wx=valid[measure] * valid["question_weight"])
            .groupby([*keys, "element"], observed=True)
            .agg(_wx=("_wx", "sum"), _w=("question_weight", "sum"), _k=(measure, "size"))
        )
        needed = grouped.index.get_level_values("element").map(
            lambda e: math.ceil(n_questions[e] / 2)
        )
        score = (grouped["_wx"] / grouped["_w"]).where(grouped["_k"].to_numpy() >= needed)
        parts.append(score.rename(measure))
        parts.append(grouped["_k"].rename(f"answered_{measure}"))
    respondents = answers[keys].drop_duplicates()
    grid = respondents.merge(pd.DataFrame({"element": instrument.element_ids}), how="cross")
    result = grid.merge(pd.concat(parts, axis=1).reset_index(), on=[*keys, "element"], how="left")
    for measure in MEASURES:
        result[measure] = result[measure].astype("float64")
        result[f"answered_{measure}"] = result[f"answered_{measure}"].fillna(0).astype("int64")
    return result.sort_values([*keys, "element"], key=_element_order_key(instrument)).reset_index(
        drop=True
    )


def _element_order_key(instrument: Instrument):
    order = {element: i for i, element in enumerate(instrument.element_ids)}

    def key(column: pd.Series) -> pd.Series:
        return column.map(order) if column.name == "element" else column

    return key


def level_of(score: float, instrument: Instrument) -> int | None:
    """Rule 6: the level reached by a score, ``floor(x + 1e-9)`` clipped to the scale.

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


def _bootstrap_interval(values: np.ndarray, key: str) -> tuple[float, float]:
    seed = np.random.SeedSequence([BOOTSTRAP_SEED, zlib.crc32(key.encode("utf-8"))])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(values), size=(BOOTSTRAP_RESAMPLES, len(values)))
    means = values[picks].mean(axis=1)
    lo, hi = np.percentile(means, [5, 95])
    return float(lo), float(hi)


def _rwg(answer_matrix: pd.DataFrame, n_levels: int) -> float:
    """rwg(j) over a respondents x questions matrix of current answers (NaN = missing)."""
    counts = answer_matrix.notna().sum(axis=0)
    usable = answer_matrix.loc[:, counts >= 2]
    if usable.shape[1] == 0:
        return float("nan")
    variances = usable.var(axis=0, ddof=1)
    v = float(variances.mean())
    expected = (n_levels**2 - 1) / 12
    if v >= expected:
        return 0.0
    j = usable.shape[1]
    ratio = v / expected
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


def province_scores(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rules 3, 4 and 6: each province's score per element and wave.

    Parameters
    ----------
    answers : DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument

    Returns
    -------
    DataFrame
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
    keys = ["wave", "province", "element"]
    grouped = per_respondent.groupby(keys, sort=False, observed=True)
    result = grouped.agg(
        current=("current", "mean"),
        ambition=("ambition", "mean"),
        n=("current", "count"),
        spread=("current", lambda s: s.std(ddof=1) if s.count() >= 2 else np.nan),
    ).reset_index()
    result["gap"] = result["ambition"] - result["current"]

    counted = per_respondent[per_respondent["current"].notna()]
    current_answers = answers.loc[answers["current"].notna()].merge(
        counted[["wave", "province", "respondent", "element"]],
        on=["wave", "province", "respondent", "element"],
    )
    n_levels = len(instrument.scale.levels)
    lo, hi, rwg = {}, {}, {}
    for key, group in counted.groupby(keys, sort=False):
        if len(group) >= MIN_N_INTERVAL:
            lo[key], hi[key] = _bootstrap_interval(
                group["current"].to_numpy(dtype="float64"), "|".join(key)
            )
    for key, group in current_answers.groupby(keys, sort=False):
        if group["respondent"].nunique() >= 2:
            matrix = group.pivot_table(
                index="respondent", columns="question", values="current", aggfunc="first"
            )
            rwg[key] = _rwg(matrix, n_levels)
    index = list(zip(result["wave"], result["province"], result["element"], strict=True))
    result["lo"] = [lo.get(k, np.nan) for k in index]
    result["hi"] = [hi.get(k, np.nan) for k in index]
    result["rwg"] = [rwg.get(k, np.nan) for k in index]
    result["level"] = pd.array([level_of(x, instrument) for x in result["current"]], dtype="Int64")
    result["flag"] = np.where((result["n"] > 0) & (result["n"] < MIN_N_INTERVAL), INDICATIVE, "")
    for column in ("current", "ambition", "gap", "lo", "hi", "spread", "rwg"):
        result[column] = result[column].astype("float64")
    result["n"] = result["n"].astype("int64")
    result = result.sort_values(keys, key=_element_order_key(instrument)).reset_index(drop=True)
    return result[SCORE_COLUMNS]


def overall_scores(scores: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Rule 5: overall maturity, ambition and gap per province, weighted by element weight.

    Returns
    -------
    DataFrame
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
    total_weight = float(weights.sum())
    frame = scores.assign(_w=scores["element"].map(weights))
    rows = []
    for (wave, province), group in frame.groupby(["wave", "province"], sort=True):
        row = {"wave": wave, "province": province}
        for measure in ("current", "ambition", "gap"):
            present = group[group[measure].notna()]
            weight = float(present["_w"].sum())
            row[measure] = (
                float((present[measure] * present["_w"]).sum() / weight) if weight else np.nan
            )
            if measure == "current":
                row["coverage"] = weight / total_weight
        rows.append(row)
    columns = ["wave", "province", "current", "ambition", "gap", "coverage"]
    return pd.DataFrame(rows, columns=columns)


def reliability(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Cronbach's alpha per element and wave, on the current answers (rule 3).

    Uses every respondent of the wave who answered all of the element's questions; alpha is
    missing with fewer than five such respondents or a single-question element.

    Returns
    -------
    DataFrame
        wave, element, alpha, n_complete.

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
    rows = []
    answered = answers[answers["current"].notna()]
    for wave in sorted(answers["wave"].unique()):
        in_wave = answered[answered["wave"] == wave]
        for element in instrument.elements:
            questions = [q.id for q in element.questions]
            matrix = in_wave[in_wave["question"].isin(questions)].pivot_table(
                index=["province", "respondent"],
                columns="question",
                values="current",
                aggfunc="first",
            )
            matrix = matrix.reindex(columns=questions).dropna()
            k = len(questions)
            alpha = np.nan
            if len(matrix) >= MIN_N_ALPHA and k >= 2:
                item_variance = matrix.var(axis=0, ddof=1).sum()
                total_variance = matrix.sum(axis=1).var(ddof=1)
                if total_variance > 0:
                    alpha = k / (k - 1) * (1 - item_variance / total_variance)
            rows.append((wave, element.id, float(alpha), len(matrix)))
    return pd.DataFrame(rows, columns=["wave", "element", "alpha", "n_complete"]).astype(
        {"n_complete": "int64"}
    )


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
    and province, so the figures are the same on every run.

    Parameters
    ----------
    answers : DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
    resamples : int
        Number of bootstrap resamples (default 2,000).
    seed : int
        Base seed; combined with the wave and the province.
    min_n : int
        Fewest respondents for an interval (default 3).

    Returns
    -------
    DataFrame
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
    per_respondent = respondent_scores(answers, instrument)
    weights = instrument.element_frame().set_index("element")["weight"]
    elements = instrument.element_ids
    element_weights = weights.reindex(elements).to_numpy(dtype="float64")
    rows = []
    for (wave, province), group in per_respondent.groupby(["wave", "province"], sort=True):
        wide = group.pivot_table(
            index="respondent", columns="element", values="current", aggfunc="first"
        ).reindex(columns=elements)
        matrix = wide.to_numpy(dtype="float64")
        matrix = matrix[~np.all(np.isnan(matrix), axis=1)]
        n = len(matrix)
        current = _weighted_overall(matrix[np.newaxis, :, :], element_weights)[0] if n else np.nan
        lo = hi = np.nan
        if n >= min_n:
            key = f"{wave}|{province}|overall"
            rng = np.random.default_rng(
                np.random.SeedSequence([seed, zlib.crc32(key.encode("utf-8"))])
            )
            picks = rng.integers(0, n, size=(resamples, n))
            totals = _weighted_overall(matrix[picks], element_weights)
            lo, hi = (float(x) for x in np.percentile(totals, [5, 95]))
        rows.append((str(wave), str(province), n, float(current), lo, hi))
    columns = ["wave", "province", "n", "current", "lo", "hi"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"n": "int64", "current": "float64", "lo": "float64", "hi": "float64"}
    )


def _weighted_overall(samples: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """M per sample from a (samples x respondents x elements) array of respondent scores."""
    present = ~np.isnan(samples)
    counts = present.sum(axis=1)
    sums = np.where(present, samples, 0.0).sum(axis=1)
    scored = counts > 0
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=scored)
    weight = (scored * weights[np.newaxis, :]).sum(axis=1)
    total = (means * weights[np.newaxis, :]).sum(axis=1)
    return np.divide(total, weight, out=np.full(len(total), np.nan), where=weight > 0)
