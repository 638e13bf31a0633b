"""Reliability of the instrument per element and wave (rule 3 of the scoring contract).

Cronbach's alpha on within-province deviations, the number of complete respondents and ICC(1)
of the respondent scores by province. Pure: tidy frames in, a new tidy frame out; the key
columns are coded to integers once (:mod:`bimmaturity.rules.keys`), so every groupby runs on
one number and gives the same figures, bit for bit, as one on the columns themselves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bimmaturity.frames import floats
from bimmaturity.instrument import Instrument
from bimmaturity.rules.keys import Codes, combine, split
from bimmaturity.rules.respondents import respondent_scores

__all__ = ["MIN_N_ALPHA", "RELIABILITY_COLUMNS", "reliability"]

MIN_N_ALPHA = 5
"""Fewest respondents for Cronbach's alpha (rule 3)."""
RELIABILITY_COLUMNS = ["wave", "element", "alpha", "n_complete", "icc1"]
_RESPONDENT = ["wave", "province", "respondent"]


def reliability(
    answers: pd.DataFrame,
    instrument: Instrument,
    *,
    per_respondent: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Reliability of the instrument per element and wave, on the current measure (rule 3).

    - ``alpha``: Cronbach's alpha on within-province deviations. The complete respondents
      (every question of the element answered) of provinces with at least 2 of them are
      taken; each answer is replaced by its deviation from the mean of that question over the
      complete respondents of the same province; ``alpha = k/(k-1) * (1 - sum of the item
      variances / variance of the summed deviations)`` with sample variances over all those
      respondents together. Missing with fewer than 5 such respondents, a single-question
      element, or a variance of the sums of 0 (below 1e-12, rounding noise).
    - ``n_complete``: the number of those respondents.
    - ``icc1``: ICC(1) of the respondent scores ``s(r,e)`` by province (one-way analysis of
      variance): ``(MSB - MSW) / (MSB + (n0 - 1) MSW)``; missing when fewer than 2
      provinces have a score, ``N - g < 1`` or the denominator is 0 (below 1e-12).

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers: wave, province, respondent, element, question, current, ambition.
    instrument : Instrument
        Gives the elements, their questions and the question weights.
    per_respondent : pandas.DataFrame, optional
        :func:`respondent_scores` of ``answers``, when already computed.

    Returns
    -------
    pandas.DataFrame
        wave, element, alpha, n_complete, icc1: every element for every wave of ``answers``.

    Examples
    --------
    Two provinces of three complete respondents each; within each province the first
    respondent answers one level below the province mean on every question:

    >>> from bimmaturity.instrument import default_instrument
    >>> people = {("PV20", "a"): [1, 1, 2], ("PV20", "b"): [2, 2, 3], ("PV20", "c"): [3, 3, 3],
    ...           ("PV21", "d"): [3, 4, 4], ("PV21", "e"): [4, 5, 5], ("PV21", "f"): [5, 5, 5]}
    >>> rows = [(p, r, q, v) for (p, r), vals in people.items()
    ...         for q, v in zip(["OTL-1", "OTL-2", "OTL-3"], vals)]
    >>> a = pd.DataFrame(rows, columns=["province", "respondent", "question", "current"])
    >>> a = a.assign(wave="1", element="OTL", ambition=None)
    >>> r = reliability(a, default_instrument()).set_index("element")
    >>> r.loc["OTL", ["alpha", "n_complete", "icc1"]].astype(float).round(4).tolist()
    [0.9375, 6.0, 0.7931]
    """
    questions = instrument.question_frame()
    k = questions.groupby("element", sort=False).size()
    columns = [*_RESPONDENT, "question"]
    codes = Codes(answers, columns)
    # the element of each question (codes by element id, sorted as a groupby sorts); -1: none
    element_ids = np.asarray(sorted(set(questions["element"])), dtype=object)
    element_code = pd.Series(np.arange(len(element_ids)), index=element_ids)
    of_question = questions.set_index("question")["element"].map(element_code)
    question_ids = codes.values("question", np.arange(codes.size("question")))
    element_of = of_question.reindex(question_ids).fillna(-1).to_numpy(dtype="int64")
    rows = np.flatnonzero(answers["current"].notna().to_numpy())
    answer = combine([codes[c][rows] for c in columns], [codes.size(c) for c in columns])
    rows = rows[~pd.Series(answer).duplicated().to_numpy()]  # each question once per person
    element = element_of[codes["question"][rows]]
    rows, element = rows[element >= 0], element[element >= 0]
    wave, province, respondent, question = (codes[c][rows] for c in columns)
    n_w, n_p, n_r, n_q = (codes.size(c) for c in columns)
    sizes = [n_w, len(element_ids), n_p, n_r]
    person = combine([wave, element, province, respondent], sizes)  # as (wave, element, ...)
    people, of_person, answered = np.unique(person, return_inverse=True, return_counts=True)
    needed = k.reindex(element_ids).to_numpy(dtype="int64")[split(people, sizes)[1]]
    complete = answered == needed
    cell = people // n_r  # wave, element, province
    of_cell = np.unique(cell[complete], return_inverse=True)[1]
    enough = np.zeros(len(people), dtype=bool)
    enough[np.flatnonzero(complete)] = np.bincount(of_cell)[of_cell] >= 2
    kept = enough[of_person]
    current = pd.Series(floats(answers["current"])[rows[kept]])
    person, question = person[kept], question[kept]
    cell_question = (person // n_r) * n_q + question
    deviation = current - current.groupby(cell_question).transform("mean")
    wave_element = person // (n_p * n_r)
    item = deviation.groupby(wave_element * n_q + question).var()
    sums = deviation.groupby(person).sum()
    of_sum = sums.index.to_numpy() // (n_p * n_r)
    stats_frame = pd.DataFrame(
        {
            "item_variance": item.groupby(item.index.to_numpy() // n_q).sum(),
            "total_variance": sums.groupby(of_sum).var(),
            "n_complete": sums.groupby(of_sum).size(),
        }
    )
    waves = sorted(answers["wave"].unique())
    grid = pd.MultiIndex.from_product([waves, instrument.element_ids], names=["wave", "element"])
    grid_wave = codes.on("wave", grid.get_level_values("wave"))
    grid_element = element_code.reindex(grid.get_level_values("element")).fillna(-1)
    grid_element = grid_element.to_numpy(dtype="int64")
    grid_key = np.where(
        (grid_wave >= 0) & (grid_element >= 0), grid_wave * len(element_ids) + grid_element, -1
    )
    stats_frame = stats_frame.reindex(grid_key).set_axis(grid)
    n = stats_frame["n_complete"].fillna(0).astype("int64")
    k_of = k.reindex(grid.get_level_values("element")).to_numpy()
    total = stats_frame["total_variance"].to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        usable = (n.to_numpy() >= MIN_N_ALPHA) & (k_of >= 2) & (total > 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = k_of / (k_of - 1) * (1 - stats_frame["item_variance"].to_numpy() / total)
    if per_respondent is None:
        per_respondent = respondent_scores(answers, instrument)
    icc = _icc1(per_respondent).reindex(grid)
    out = pd.DataFrame(
        {
            "alpha": np.where(usable, alpha, np.nan).astype("float64"),
            "n_complete": n.to_numpy(),
            "icc1": icc.to_numpy(dtype="float64"),
        },
        index=grid,
    )
    return out.reset_index()[RELIABILITY_COLUMNS]


def _icc1(per_respondent: pd.DataFrame) -> pd.Series:
    """ICC(1) of the current respondent scores by province, per wave and element (rule 3)."""
    scored = per_respondent[per_respondent["current"].notna()]
    if scored.empty:
        return pd.Series(dtype="float64")
    codes = Codes(scored, ["wave", "element", "province"])
    n_w, n_e, n_p = (codes.size(c) for c in ("wave", "element", "province"))
    province_key = combine([codes["wave"], codes["element"], codes["province"]], [n_w, n_e, n_p])
    values = pd.Series(floats(scored["current"]))
    group = values.groupby(province_key)
    province_mean = group.transform("mean")
    by_province = group.agg(["size", "mean"])
    size, mean = by_province["size"].astype("float64"), by_province["mean"]
    cells = by_province.index.to_numpy() // n_p  # wave, element
    n_total = size.groupby(cells).sum()
    g = size.groupby(cells).size().astype("float64")
    grand = (size * mean).groupby(cells).sum() / n_total
    between = size * (mean - grand.reindex(cells).to_numpy()) ** 2
    msb = between.groupby(cells).sum() / (g - 1)
    within = ((values - province_mean) ** 2).groupby(province_key // n_p).sum()
    msw = within.reindex(msb.index) / (n_total - g)
    n0 = (n_total - (size**2).groupby(cells).sum() / n_total) / (g - 1)
    denominator = msb + (n0 - 1) * msw
    with np.errstate(divide="ignore", invalid="ignore"):
        icc = (msb - msw) / denominator
    usable = (g >= 2) & (n_total - g >= 1) & (denominator.abs() > 1e-12)
    wave, element = split(icc.index.to_numpy(), [n_w, n_e])
    index = pd.MultiIndex.from_arrays(
        [codes.values("wave", wave), codes.values("element", element)], names=["wave", "element"]
    )
    return icc.where(usable).astype("float64").set_axis(index)
