"""Rule 8's robustness: positions and deals under resampling of respondents."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bimmaturity.instrument import default_instrument
from bimmaturity.rules.collaboration import opportunities, roles_table, stated_roles
from bimmaturity.rules.robustness import DEAL_COLUMNS, POSITION_COLUMNS, robustness
from bimmaturity.rules.scoring import province_scores

INSTRUMENT = default_instrument()
QUESTIONS = INSTRUMENT.question_frame()[["element", "question"]]
LEADERS = ["PV20", "PV21", "PV22"]
FOLLOWERS = ["PV23", "PV24", "PV25", "PV26", "PV27", "PV28"]
OTHERS = ["PV29", "PV30", "PV31"]


def _respondent(wave, province, respondent, levels, roles, rows, role_rows) -> None:
    """levels: element -> (current, ambition) for every question; roles: element -> role."""
    for element, question in QUESTIONS.itertuples(index=False):
        current, ambition = levels.get(element, (2, 2))
        rows.append((wave, province, respondent, element, question, current, ambition))
    for element in INSTRUMENT.element_ids:
        role_rows.append((wave, province, respondent, element, roles.get(element, "niet")))


def planted(seed: int = 1, wave: str = "2022") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Planted deals OTL and DATA (3 koplopers with trekken, 6 followers with large gaps and
    volgen), far from every threshold; VISIE wobbles: one koploper with trekken, two clear
    followers and PV29, whose two respondents have gaps 0 and 2 (mean 1: a large gap only
    when the resample holds the second one at least as often as the first: 3/4)."""
    rng = np.random.default_rng(seed)
    rows, role_rows = [], []
    for p in LEADERS + FOLLOWERS + OTHERS:
        for r in range(5 if p != "PV29" else 2):
            levels, roles = {}, {}
            if p in LEADERS:
                for e in ("OTL", "DATA"):
                    levels[e] = (int(rng.integers(4, 6)), 5)
                    roles[e] = "trekken"
            if p in FOLLOWERS:
                for e in ("OTL", "DATA"):
                    levels[e] = (int(rng.integers(1, 3)), int(rng.integers(4, 6)))
                    roles[e] = "volgen"
            if p == "PV20":
                levels["VISIE"], roles["VISIE"] = (4, 4), "trekken"
            if p in ("PV23", "PV24"):
                levels["VISIE"], roles["VISIE"] = (1, 4), "volgen"
            if p == "PV29":
                levels["VISIE"], roles["VISIE"] = (2, 2 + 2 * r), "volgen"
            _respondent(wave, p, f"{p}-{r}", levels, roles, rows, role_rows)
    answers = pd.DataFrame(
        rows,
        columns=["wave", "province", "respondent", "element", "question", "current", "ambition"],
    ).astype({"current": "float64", "ambition": "float64"})
    roles = pd.DataFrame(role_rows, columns=["wave", "province", "respondent", "element", "role"])
    return answers, roles


def test_planted_deals_are_robust_and_absent_ones_are_not() -> None:
    answers, roles = planted()
    result = robustness(answers, roles, INSTRUMENT, resamples=400)
    assert list(result.deals.columns) == DEAL_COLUMNS
    assert list(result.positions.columns) == POSITION_COLUMNS
    deals = result.deals.set_index("element")
    for element in ("OTL", "DATA"):
        assert deals.loc[element, "p_kansrijk"] >= 0.95
        assert deals.loc[element, "p_proposed"] >= 0.95
    # VISIE: kansrijk exactly when PV29's resampled gap reaches 1 (probability 3/4)
    assert deals.loc["VISIE", "p_kansrijk"] == pytest.approx(0.75, abs=0.07)
    assert deals.loc["VISIE", "p_proposed"] == deals.loc["VISIE", "p_kansrijk"]  # 3 <= n_deals
    absent = deals.drop(index=["OTL", "DATA", "VISIE"])
    assert (absent["p_kansrijk"] <= 0.05).all() and (absent["p_proposed"] <= 0.05).all()
    positions = result.positions.set_index(["province", "element"])
    for p in LEADERS:
        assert positions.loc[(p, "OTL"), "p_koploper"] >= 0.95
    for p in FOLLOWERS:
        assert positions.loc[(p, "OTL"), "p_koploper"] <= 0.05
        assert positions.loc[(p, "OTL"), "p_starter"] >= 0.95
    # a grensgeval: PV29's starter position on VISIE
    assert positions.loc[("PV29", "VISIE"), "p_starter"] == pytest.approx(0.75, abs=0.07)
    # the same deterministic decisions as rule 9 on the data itself
    scores = province_scores(answers, INSTRUMENT)
    table = opportunities(scores, stated_roles(roles, INSTRUMENT), INSTRUMENT)
    assert sorted(table.loc[table["proposed"], "element"]) == ["DATA", "OTL", "VISIE"]


def test_unanimous_provinces_give_the_deterministic_answer() -> None:
    # every respondent of a province answers alike: each resample is the data itself
    answers, roles = planted()
    answers = answers[answers["province"] != "PV29"]
    roles = roles[roles["province"] != "PV29"]
    first = answers.groupby(["province", "element", "question"])
    answers = answers.assign(
        current=first["current"].transform("first"), ambition=first["ambition"].transform("first")
    )
    roles = roles.assign(role=roles.groupby(["province", "element"])["role"].transform("first"))
    result = robustness(answers, roles, INSTRUMENT, resamples=30)
    scores = province_scores(answers, INSTRUMENT)
    stated = stated_roles(roles, INSTRUMENT)
    table = roles_table(scores, stated).merge(result.positions, on=["wave", "province", "element"])
    assert (table["p_koploper"] == (table["position"] == "koploper")).all()
    assert (table["p_starter"] == (table["position"] == "starter")).all()
    deals = opportunities(scores, stated, INSTRUMENT).merge(result.deals, on=["wave", "element"])
    assert (deals["p_kansrijk"] == deals["kansrijk"]).all()
    assert (deals["p_proposed"] == deals["proposed"]).all()


def test_borderline_koploper_probability() -> None:
    # two respondents at 3 and 4: the mean of two draws is 3, 3.5 or 4; koploper (>= 3.5)
    # with probability 3/4
    rows, role_rows = [], []
    for r, level in enumerate((3, 4)):
        _respondent("1", "PV20", f"r{r}", {"OTL": (level, 5)}, {}, rows, role_rows)
    answers = pd.DataFrame(
        rows,
        columns=["wave", "province", "respondent", "element", "question", "current", "ambition"],
    ).astype({"current": "float64", "ambition": "float64"})
    roles = pd.DataFrame(role_rows, columns=["wave", "province", "respondent", "element", "role"])
    result = robustness(answers, roles, INSTRUMENT, resamples=1000)
    row = result.positions.query("element == 'OTL'").iloc[0]
    assert row["p_koploper"] == pytest.approx(0.75, abs=0.04)
    # the complement has G = 5 - S >= 1 (S = 3 or 3.5 < 4): starter exactly when not koploper
    assert row["p_starter"] == pytest.approx(1 - row["p_koploper"], abs=1e-12)


def test_seeded_per_wave_and_zero_resamples() -> None:
    answers, roles = planted()
    once = robustness(answers, roles, INSTRUMENT, resamples=50)
    pd.testing.assert_frame_equal(
        once.deals, robustness(answers, roles, INSTRUMENT, resamples=50).deals
    )
    other_answers, other_roles = planted(seed=7, wave="2024")
    both = robustness(
        pd.concat([answers, other_answers]),
        pd.concat([roles, other_roles]),
        INSTRUMENT,
        resamples=50,
    )
    assert both.deals["wave"].unique().tolist() == ["2022", "2024"]
    pd.testing.assert_frame_equal(
        both.deals[both.deals["wave"] == "2022"].reset_index(drop=True), once.deals
    )
    pd.testing.assert_frame_equal(
        both.positions[both.positions["wave"] == "2022"].reset_index(drop=True), once.positions
    )
    none = robustness(answers, roles, INSTRUMENT, resamples=0)
    assert len(none.deals) == len(INSTRUMENT.element_ids)
    assert none.deals[["p_kansrijk", "p_proposed"]].isna().all().all()
    assert none.positions[["p_koploper", "p_starter"]].isna().all().all()
    with pytest.raises(ValueError, match="resamples"):
        robustness(answers, roles, INSTRUMENT, resamples=-1)


def test_robustness_does_not_depend_on_row_order_or_chunking(monkeypatch) -> None:
    # Respondents are found by code, not by position: shuffled rows give the same draws and
    # the same probabilities; the provinces' sums taken a few at a time change nothing.
    answers, roles = planted()
    expected = robustness(answers, roles, INSTRUMENT, resamples=60)
    wobble = expected.positions.query("province == 'PV29' and element == 'VISIE'")
    assert 0 < wobble["p_starter"].iloc[0] < 1  # the draws matter
    rng = np.random.default_rng(5)
    shuffled = robustness(
        answers.iloc[rng.permutation(len(answers))].reset_index(drop=True),
        roles.iloc[rng.permutation(len(roles))],
        INSTRUMENT,
        resamples=60,
    )
    pd.testing.assert_frame_equal(shuffled.positions, expected.positions)
    pd.testing.assert_frame_equal(shuffled.deals, expected.deals)
    import bimmaturity.rules.robustness as module

    monkeypatch.setattr(module, "_CHUNK", 1)  # one province at a time
    chunked = robustness(answers, roles, INSTRUMENT, resamples=60)
    pd.testing.assert_frame_equal(chunked.positions, expected.positions)
    pd.testing.assert_frame_equal(chunked.deals, expected.deals)
