"""Scoring rules 2-6 on small hand-computed frames."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from bimmaturity.rules.scoring import (
    RELIABILITY_COLUMNS,
    SCORE_COLUMNS,
    level_of,
    overall_intervals,
    overall_scores,
    province_scores,
    reliability,
    respondent_scores,
    t_interval,
    t_quantile,
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
    # rwg(j) only from n = 3 (rule 3, revised: at n = 2 it exceeds 0.7 for random answers a
    # third of the time); it was 0 here (v = 7/3 >= E = 2)
    assert math.isnan(otl["rwg"])
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
    # Student-t interval (rule 3, revised; was a percentile bootstrap): scores 3, 10/3, 11/3,
    # mean 10/3, sd 1/3; t(0.95; 2) = 2.9199856; half width 2.9199856 * (1/3) / sqrt(3)
    half = 2.919985580353725 * (1 / 3) / math.sqrt(3)
    assert data["spread"] == pytest.approx(1 / 3, abs=1e-12)
    assert data["lo"] == pytest.approx(10 / 3 - half, abs=1e-12)  # 2.7713818
    assert data["hi"] == pytest.approx(10 / 3 + half, abs=1e-12)  # 3.8952849
    assert round(data["lo"], 6) == 2.771382 and round(data["hi"], 6) == 3.895285


def test_scores_are_reproducible(instrument):
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


# ----------------------------------------------------------------------------- revised rule 3
@pytest.mark.parametrize(
    ("df", "quantile"),
    # t(0.95; df) from the printed tables (six decimals)
    [
        (1, 6.313752),
        (2, 2.919986),
        (3, 2.353363),
        (4, 2.131847),
        (5, 2.015048),
        (7, 1.894579),
        (10, 1.812461),
        (30, 1.697261),
    ],
)
def test_t_quantiles_match_the_tables(df, quantile):
    assert round(float(t_quantile(df)), 6) == quantile


def test_t_interval_clipped_to_the_scale_and_only_from_n_3(instrument):
    # n = 4, scores 1, 1, 1, 5: mean 2, sd 2; half = t(0.95; 3) * 2 / 2 = 2.353363
    frame = answers(
        [
            ("PV20", r, q, v, 5)
            for r, v in zip("abcd", [1, 1, 1, 5], strict=True)
            for q in ("OTL-1", "OTL-2", "OTL-3")
        ]
    )
    otl = province_scores(frame, instrument).query("element == 'OTL'").iloc[0]
    assert otl["spread"] == 2.0
    assert otl["lo"] == 1.0  # 2 - 2.353363 clipped to the lowest level
    assert otl["hi"] == pytest.approx(2 + 2.3533634348018264, abs=1e-12)
    lo, hi = t_interval([2.0, 4.5], [3.0, 1.0], [3, 2], (1, 5))
    assert (lo[0], hi[0]) == (1.0, 5.0) and np.isnan(lo[1]) and np.isnan(hi[1])


def test_rwg_at_n_3_with_a_question_answered_once(instrument):
    # three respondents; OTL-3 answered by one of them only: J = 2 questions (OTL-1, OTL-2)
    # OTL-1: 1, 2, 3 (variance 1); OTL-2: 2, 2, 2 (variance 0); v = 1/2; E = (25 - 1)/12 = 2
    frame = answers(
        [
            ("PV20", "a", "OTL-1", 1, 5),
            ("PV20", "a", "OTL-2", 2, 5),
            ("PV20", "a", "OTL-3", 5, 5),
            ("PV20", "b", "OTL-1", 2, 5),
            ("PV20", "b", "OTL-2", 2, 5),
            ("PV20", "c", "OTL-1", 3, 5),
            ("PV20", "c", "OTL-2", 2, 5),
        ]
    )
    otl = province_scores(frame, instrument).query("element == 'OTL'").iloc[0]
    assert otl["n"] == 3
    # rwg = J(1 - v/E) / (J(1 - v/E) + v/E) = 2 * 0.75 / (1.5 + 0.25) = 6/7
    assert otl["rwg"] == pytest.approx(6 / 7, abs=1e-12)


def test_rwg_is_zero_when_v_reaches_e(instrument):
    frame = answers(
        [
            ("PV20", r, q, v, 5)
            for r, v in zip("abc", [1, 5, 1], strict=True)
            for q in ("OTL-1", "OTL-2")
        ]
    )  # variance of 1, 5, 1 = 16/3 >= 2
    assert province_scores(frame, instrument).query("element == 'OTL'").iloc[0]["rwg"] == 0.0


def _two_provinces() -> list[tuple]:
    """Six complete respondents in two provinces, one incomplete, one lone province."""
    people = {
        ("PV20", "a"): [1, 1, 2],
        ("PV20", "b"): [2, 2, 3],
        ("PV20", "c"): [3, 3, 3],
        ("PV21", "d"): [3, 4, 4],
        ("PV21", "e"): [4, 5, 5],
        ("PV21", "f"): [5, 5, 5],
        ("PV22", "g"): [5, 5, 5],  # the only complete respondent of PV22: left out of alpha
    }
    rows = [
        (p, r, q, v, None)
        for (p, r), vals in people.items()
        for q, v in zip(["OTL-1", "OTL-2", "OTL-3"], vals, strict=True)
    ]
    # incomplete (OTL-3 missing): out of alpha, in icc1 (2 of 3 answered, s = 4)
    rows += [("PV21", "h", "OTL-1", 4, None), ("PV21", "h", "OTL-2", 4, None)]
    return rows


def test_within_province_alpha_hand_computed(instrument):
    table = reliability(answers(_two_provinces()), instrument).set_index("element")
    assert list(reliability(answers(_two_provinces()), instrument).columns) == RELIABILITY_COLUMNS
    # deviations from the province question means (PV20: 2, 2, 8/3; PV21: 4, 14/3, 14/3):
    # a -1, -1, -2/3; b 0, 0, 1/3; c 1, 1, 1/3; d -1, -2/3, -2/3; e 0, 1/3, 1/3; f 1, 1/3, 1/3
    # item variances 4/5, 8/15, 4/15 (sum 8/5); sums -8/3, 1/3, 7/3, -7/3, 2/3, 5/3:
    # variance 64/15; alpha = 3/2 * (1 - (8/5) / (64/15)) = 3/2 * 5/8 = 15/16
    assert table.loc["OTL", "alpha"] == pytest.approx(15 / 16, abs=1e-12)
    assert table.loc["OTL", "n_complete"] == 6
    # over the raw answers alpha would be much higher (the provinces differ): not used
    assert table.loc["OTL", "alpha"] < 0.95


def test_icc1_hand_computed(instrument):
    table = reliability(answers(_two_provinces()), instrument).set_index("element")
    # s(r): PV20 4/3, 7/3, 3 (mean 20/9); PV21 11/3, 14/3, 5, 4 (mean 13/3); PV22 5
    # N = 8, g = 3, grand mean = (20/3 + 52/3 + 5) / 8 = 29/8
    s = {"PV20": [4 / 3, 7 / 3, 3], "PV21": [11 / 3, 14 / 3, 5, 4], "PV22": [5]}
    values = [v for group in s.values() for v in group]
    grand = sum(values) / 8
    msb = sum(len(g) * (sum(g) / len(g) - grand) ** 2 for g in s.values()) / 2
    msw = sum((v - sum(g) / len(g)) ** 2 for g in s.values() for v in g) / 5
    n0 = (8 - (9 + 16 + 1) / 8) / 2  # 2.375
    expected = (msb - msw) / (msb + (n0 - 1) * msw)
    assert table.loc["OTL", "icc1"] == pytest.approx(expected, abs=1e-12)
    # by hand, in fractions: MSB = 2117/432, MSW = 68/135, n0 = 19/8, icc1 = 9497/12081
    assert msb == pytest.approx(2117 / 432, abs=1e-12)
    assert msw == pytest.approx(68 / 135, abs=1e-12)
    assert table.loc["OTL", "icc1"] == pytest.approx(9497 / 12081, abs=1e-12)  # 0.7861104


def test_icc1_missing_cases(instrument):
    one = [("PV20", r, "OTL-1", v, None) for r, v in zip("ab", [1, 2], strict=True)]
    one += [("PV20", r, "OTL-2", v, None) for r, v in zip("ab", [1, 2], strict=True)]
    table = reliability(answers(one), instrument).set_index("element")
    assert math.isnan(table.loc["OTL", "icc1"])  # g = 1
    lone = [("PV20", "a", "OTL-1", 1, None), ("PV21", "b", "OTL-1", 3, None)]
    lone += [("PV20", "a", "OTL-2", 1, None), ("PV21", "b", "OTL-2", 3, None)]
    assert math.isnan(
        reliability(answers(lone), instrument).set_index("element").loc["OTL", "icc1"]
    )
    same = [
        (p, r, q, 3, None)
        for p, r in [("PV20", "a"), ("PV20", "b"), ("PV21", "c"), ("PV21", "d")]
        for q in ("OTL-1", "OTL-2")
    ]
    table = reliability(answers(same), instrument).set_index("element")
    assert math.isnan(table.loc["OTL", "icc1"])  # denominator 0


def test_alpha_missing_when_the_sums_do_not_vary(instrument):
    rows = [
        (p, f"{p}{i}", q, 3, None)
        for p in ("PV20", "PV21", "PV22")
        for i in range(2)
        for q in ("OTL-1", "OTL-2", "OTL-3")
    ]
    table = reliability(answers(rows), instrument).set_index("element")
    assert table.loc["OTL", "n_complete"] == 6 and math.isnan(table.loc["OTL", "alpha"])


def test_overall_intervals_student_t(instrument):
    # PV20: four respondents with overall scores 1, 2, 3, 4 (one element): M = 2.5, sd = 1.2910
    people = [("PV20", "a", 1), ("PV20", "b", 2), ("PV20", "c", 3), ("PV20", "d", 4)]
    rows = [(p, r, q, v, 4) for p, r, v in people for q in ("OTL-1", "OTL-2")]
    out = overall_intervals(answers(rows), instrument).iloc[0]
    sd = math.sqrt(5 / 3)
    assert (out["n"], out["current"]) == (4, 2.5)
    assert out["spread"] == pytest.approx(sd, abs=1e-12)
    assert out["lo"] == 1.0  # 2.5 - 2.353363 * 1.2910 / 2 = 0.981 clipped
    assert out["hi"] == pytest.approx(2.5 + 2.3533634348018264 * sd / 2, abs=1e-12)


def test_scores_do_not_depend_on_row_order_or_foreign_rows(instrument):
    # The rules code their key columns once: shuffled rows, and rows of no element or
    # question of the instrument, give the same tables as the tidy input.
    rng = np.random.default_rng(4)
    questions = instrument.question_frame()[["element", "question"]]
    rows = []
    for province in ("PV20", "PV21", "PV22"):
        for r in range(6):
            for element, question in questions.itertuples(index=False):
                current = float(rng.integers(1, 6)) if rng.random() > 0.15 else math.nan
                rows.append((province, f"{province}-{r}", element, question, current, 5.0))
    tidy = pd.DataFrame(
        rows, columns=["province", "respondent", "element", "question", "current", "ambition"]
    )
    tidy.insert(0, "wave", "1")
    foreign = tidy.head(3).assign(element="X", question=["X-1", "X-2", "OTL-9"], current=1.0)
    mixed = pd.concat([tidy, foreign], ignore_index=True)
    mixed = mixed.iloc[rng.permutation(len(mixed))].reset_index(drop=True)
    for rule in (respondent_scores, province_scores, reliability):
        expected, got = rule(tidy, instrument), rule(mixed, instrument)
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=0, atol=1e-12)
    scores = province_scores(tidy, instrument)
    assert scores["province"].tolist()[:2] == ["PV20", "PV20"]
    assert scores["element"].tolist()[: len(instrument.element_ids)] == instrument.element_ids
    assert reliability(tidy, instrument)["alpha"].notna().any()
