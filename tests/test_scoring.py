"""Scoring rules 2-6 on small hand-computed frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bimmaturity.rules.scoring import (
    SCORE_COLUMNS,
    level_of,
    overall_scores,
    province_scores,
    reliability,
    respondent_scores,
)


def answers(rows):
    """rows: (province, respondent, question, current, ambition)."""
    frame = pd.DataFrame(
        rows, columns=["province", "respondent", "question", "current", "ambition"]
    )
    frame.insert(0, "wave", "1")
    frame["element"] = frame["question"].str.split("-").str[0]
    frame["current"] = frame["current"].astype("float64")
    frame["ambition"] = frame["ambition"].astype("float64")
    return frame


def test_respondent_score_needs_half_the_questions(instrument):
    frame = answers(
        [
            ("PV20", "a", "OTL-1", 2, 4),
            ("PV20", "a", "OTL-2", 3, None),
            ("PV20", "a", "OTL-3", None, None),
            ("PV20", "b", "OTL-1", 5, 5),
            ("PV20", "b", "OTL-2", None, None),
        ]
    )
    scores = respondent_scores(frame, instrument)
    otl = scores[scores["element"] == "OTL"].set_index("respondent")
    # k = 3, so ceil(3/2) = 2 answers are needed
    assert otl.loc["a", "current"] == 2.5
    assert math.isnan(otl.loc["a", "ambition"])
    assert math.isnan(otl.loc["b", "current"])
    assert otl.loc["a", "answered_current"] == 2
    # every element of the instrument gets a row, answered or not
    assert len(scores) == 2 * len(instrument.element_ids)


def test_question_weights_make_a_weighted_mean(tmp_path):
    import yaml

    from bimmaturity.instrument import load_instrument

    spec = {
        "id": "w",
        "title": "w",
        "version": "1",
        "scale": {"levels": [{"value": v, "label": f"L{v}"} for v in range(1, 6)]},
        "measures": {"current": {"label": "c"}, "ambition": {"label": "a"}},
        "collaboration_roles": [{"id": "trekken", "label": "Trekken"}],
        "elements": [
            {
                "id": "E",
                "label": "E",
                "questions": [
                    {"id": "E-1", "text": "x", "weight": 3},
                    {"id": "E-2", "text": "y", "weight": 1},
                ],
            }
        ],
    }
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    weighted = load_instrument(path)
    frame = answers([("PV20", "a", "E-1", 1, 2), ("PV20", "a", "E-2", 5, 2)])
    scores = respondent_scores(frame, weighted)
    assert scores["current"].tolist() == [2.0]  # (3*1 + 1*5) / 4


def test_province_score_n_spread_gap_level_flag(instrument):
    frame = answers(
        [
            ("PV20", "a", "OTL-1", 2, 4),
            ("PV20", "a", "OTL-2", 3, 4),
            ("PV20", "a", "OTL-3", 4, 4),
            ("PV20", "b", "OTL-1", 1, 3),
            ("PV20", "b", "OTL-2", 1, 3),
            ("PV20", "b", "OTL-3", 1, 3),
        ]
    )
    scores = province_scores(frame, instrument)
    assert list(scores.columns) == SCORE_COLUMNS
    otl = scores[scores["element"] == "OTL"].iloc[0]
    assert otl["current"] == 2.0  # mean of 3.0 and 1.0
    assert otl["ambition"] == 3.5
    assert otl["gap"] == 1.5
    assert otl["n"] == 2
    assert otl["spread"] == pytest.approx(math.sqrt(2.0), abs=1e-12)
    assert otl["level"] == 2
    assert otl["flag"] == "indicatief"
    assert math.isnan(otl["lo"]) and math.isnan(otl["hi"])
    # rwg(j): per question variances of (2,1), (3,1), (4,1): 0.5, 2, 4.5; v = 7/3 >= E = 2
    assert otl["rwg"] == 0.0
    visie = scores[scores["element"] == "VISIE"].iloc[0]
    assert visie["n"] == 0 and math.isnan(visie["current"]) and visie["flag"] == ""
    assert pd.isna(visie["level"])


def test_rwg_hand_computed(instrument):
    # three respondents, answers per question: (3,3,4), (2,3,3), (4,4,4)
    frame = answers(
        [
            ("PV21", r, q, v, 5)
            for r, values in zip("abc", [(3, 2, 4), (3, 3, 4), (4, 3, 4)], strict=True)
            for q, v in zip(["DATA-1", "DATA-2", "DATA-3"], values, strict=True)
        ]
    )
    scores = province_scores(frame, instrument)
    data = scores[scores["element"] == "DATA"].iloc[0]
    v = (1 / 3 + 1 / 3 + 0) / 3  # sample variances 1/3, 1/3, 0
    ratio = v / 2.0
    expected = 3 * (1 - ratio) / (3 * (1 - ratio) + ratio)
    assert data["rwg"] == pytest.approx(expected, abs=1e-12)
    assert data["n"] == 3 and data["flag"] == ""
    # bootstrap interval brackets the mean and lies within the respondent scores
    assert data["lo"] <= data["current"] <= data["hi"]
    assert data["lo"] >= 3.0 and data["hi"] <= 11 / 3


def test_bootstrap_is_reproducible(instrument):
    rng = np.random.default_rng(1)
    rows = [
        ("PV22", f"r{i}", q, int(rng.integers(1, 6)), 5)
        for i in range(6)
        for q in ["OTL-1", "OTL-2", "OTL-3"]
    ]
    first = province_scores(answers(rows), instrument)
    second = province_scores(answers(rows), instrument)
    pd.testing.assert_frame_equal(first, second)


def test_consolidated_assessment_has_n_one(instrument):
    frame = answers([("PV29", "zeeland", "KETEN-1", 3, 4), ("PV29", "zeeland", "KETEN-2", 3, 4)])
    keten = province_scores(frame, instrument).query("element == 'KETEN'").iloc[0]
    assert (keten["current"], keten["n"], keten["flag"]) == (3.0, 1, "indicatief")
    assert math.isnan(keten["spread"]) and math.isnan(keten["rwg"])


@pytest.mark.parametrize(
    ("score", "level"),
    [(2.99, 2), (3.0, 3), (2.9999999999, 3), (1.0, 1), (5.0, 5), (0.5, 1), (5.4, 5)],
)
def test_level_reached(instrument, score, level):
    assert level_of(score, instrument) == level


def test_overall_weighted_with_coverage(instrument):
    scores = pd.DataFrame(
        {
            "wave": "1",
            "province": "PV20",
            "element": ["VISIE", "ORG", "MENS"],
            "current": [1.0, 3.0, np.nan],
            "ambition": [2.0, 4.0, 5.0],
        }
    )
    scores["gap"] = scores["ambition"] - scores["current"]
    row = overall_scores(scores, instrument).iloc[0]
    assert row["current"] == 2.0
    assert row["ambition"] == pytest.approx(11 / 3, abs=1e-12)
    assert row["gap"] == 1.0
    total_weight = sum(element.weight for element in instrument.elements)
    assert row["coverage"] == pytest.approx(2 / total_weight, abs=1e-12)


def test_cronbach_alpha_hand_computed(instrument):
    values = [[1, 1, 2], [2, 2, 2], [3, 3, 4], [4, 4, 4], [5, 4, 5]]
    rows = [
        ("PV20", f"r{i}", q, v, None)
        for i, vals in enumerate(values)
        for q, v in zip(["OTL-1", "OTL-2", "OTL-3"], vals, strict=True)
    ]
    table = reliability(answers(rows), instrument).set_index("element")
    # item variances 2.5, 1.7, 1.8 (sum 6.0); total-score variance 17.2
    assert table.loc["OTL", "alpha"] == pytest.approx(1.5 * (1 - 6.0 / 17.2), abs=1e-12)
    assert table.loc["OTL", "n_complete"] == 5
    assert math.isnan(table.loc["VISIE", "alpha"]) and table.loc["VISIE", "n_complete"] == 0


def test_alpha_needs_five_complete_respondents(instrument):
    rows = [
        ("PV20", f"r{i}", q, i + 1, None) for i in range(4) for q in ["OTL-1", "OTL-2", "OTL-3"]
    ]
    table = reliability(answers(rows), instrument).set_index("element")
    assert math.isnan(table.loc["OTL", "alpha"]) and table.loc["OTL", "n_complete"] == 4


def test_inputs_are_not_mutated(instrument):
    frame = answers([("PV20", "a", "OTL-1", 2, 4), ("PV20", "a", "OTL-2", 3, 4)])
    before = frame.copy()
    province_scores(frame, instrument)
    reliability(frame, instrument)
    pd.testing.assert_frame_equal(frame, before)
