"""Respondent scores: rule 2 of the scoring contract (docs/method.md).

Each respondent's (question-weighted) score per element, the one table every other scoring
rule starts from. Pure: tidy answers in, a new tidy frame out; the key columns are coded to
integers once (:mod:`bimmaturity.rules.keys`) and the sums taken by one groupby on those codes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from bimmaturity.frames import floats
from bimmaturity.instrument import Instrument
from bimmaturity.rules.keys import Codes, combine, split

__all__ = ["MEASURES", "respondent_scores"]

MEASURES = ("current", "ambition")
_RESPONDENT = ["wave", "province", "respondent"]


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
    elements = instrument.element_ids
    n_e = len(elements)
    people, person = _people(answers)
    n_people = len(people["wave"])
    position, weight = _question_rows(answers, instrument)
    known = position >= 0
    cell = person[known] * n_e + position[known]
    weight = weight[known]
    sums = {}
    for measure in MEASURES:
        values = floats(answers[measure])[known]
        valid = ~np.isnan(values)
        sums[f"_wx_{measure}"] = values * weight
        sums[f"_w_{measure}"] = np.where(valid, weight, np.nan)
        sums[f"answered_{measure}"] = valid.astype("int64")
    grouped = pd.DataFrame(sums).groupby(cell).sum()  # as on the key columns, bit for bit
    at = grouped.index.to_numpy()
    n_cells = n_people * n_e
    half = [math.ceil(len(e.questions) / 2) for e in instrument.elements]
    needed = np.tile(np.asarray(half, dtype="int64"), n_people)
    columns = {}
    for measure in MEASURES:
        answered = np.zeros(n_cells, dtype="int64")
        answered[at] = grouped[f"answered_{measure}"].to_numpy()
        score = np.full(n_cells, np.nan)
        with np.errstate(invalid="ignore", divide="ignore"):
            score[at] = grouped[f"_wx_{measure}"].to_numpy() / grouped[f"_w_{measure}"].to_numpy()
        columns[measure] = np.where(answered >= needed, score, np.nan)
        columns[f"answered_{measure}"] = answered
    each = np.repeat(np.arange(n_people), n_e)
    return pd.DataFrame(
        {
            **{c: people[c].take(each) for c in _RESPONDENT},
            "element": pd.array(np.tile(np.asarray(elements, dtype=object), n_people), "str"),
            **columns,
        }
    )


def _people(answers: pd.DataFrame) -> tuple[dict[str, pd.Index], np.ndarray]:
    """The respondents (wave, province, respondent) of ``answers``, sorted, and each row's."""
    codes = Codes(answers, _RESPONDENT)
    sizes = [codes.size(c) for c in _RESPONDENT]
    key = combine([codes[c] for c in _RESPONDENT], sizes)
    person, keys = pd.factorize(key, sort=True)
    parts = split(np.asarray(keys, dtype="int64"), sizes)
    people = {c: codes.values(c, part) for c, part in zip(_RESPONDENT, parts, strict=True)}
    return people, person.astype("int64")


def _question_rows(answers: pd.DataFrame, instrument: Instrument) -> tuple[np.ndarray, ...]:
    """Per answer row, its element's position in the instrument (-1 when the element and
    question are not one of the instrument's) and the question weight."""
    element_code, element_ids = pd.factorize(answers["element"])  # NaN -> -1
    question_code, question_ids = pd.factorize(answers["question"])
    width = len(question_ids) + 1
    row, pairs = pd.factorize((element_code.astype("int64") + 1) * width + question_code + 1)
    position = {e.id: i for i, e in enumerate(instrument.elements)}
    weight = {(e.id, q.id): float(q.weight) for e in instrument.elements for q in e.questions}
    found_position, found_weight = [], []
    for value in np.asarray(pairs, dtype="int64"):  # each distinct (element, question) once
        e, q = divmod(int(value), width)
        pair = (element_ids[e - 1] if e else None, question_ids[q - 1] if q else None)
        found_position.append(position[pair[0]] if pair in weight else -1)
        found_weight.append(weight.get(pair, np.nan))
    return (
        np.asarray(found_position, dtype="int64")[row],
        np.asarray(found_weight, dtype="float64")[row],
    )
