"""Rule 11 (business case), with hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import provinces
from bimmaturity.rules.businesscase import (
    business_case,
    cost_shares,
    participants,
    programme_budget,
    saving_sensitivity,
)

INSTRUMENT = default_instrument()
ELEMENTS = INSTRUMENT.element_ids


# ----------------------------------------------------------------------------- fixtures
def _scores_and_roles() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wave 2020: OTL has participants PV20, PV21, PV26; DATA has PV27, PV28.

    Wave 2018: OTL has one participant (PV20).
    """
    rows = [
        # wave, province, element, gap, stated_role
        ("2020", "PV20", "OTL", 1.0, "trekken"),  # in
        ("2020", "PV21", "OTL", 0.5, "volgen"),  # in
        ("2020", "PV22", "OTL", 0.0, "meedoen"),  # gap not > 0
        ("2020", "PV23", "OTL", 2.0, "niet"),  # role niet
        ("2020", "PV24", "OTL", math.nan, "meedoen"),  # gap missing
        ("2020", "PV25", "OTL", 1.5, None),  # no stated role
        ("2020", "PV26", "OTL", 0.25, "meedoen"),  # in
        ("2020", "PV20", "DATA", -0.5, "trekken"),  # negative gap
        ("2020", "PV27", "DATA", 1.0, "meedoen"),  # in
        ("2020", "PV28", "DATA", 2.0, "volgen"),  # in
        ("2018", "PV20", "OTL", 2.0, "meedoen"),  # in
        ("2018", "PV21", "OTL", 1.0, "niet"),
    ]
    frame = pd.DataFrame(rows, columns=["wave", "province", "element", "gap", "stated_role"])
    scores = frame.drop(columns="stated_role").assign(current=2.0)
    stated = frame[["wave", "province", "element", "stated_role"]]
    return scores, stated


COSTS = pd.DataFrame(
    {
        "element": ["OTL", "DATA"],
        "cost_alone": [120_000.0, 50_000.0],
        "cost_joint": [200_000.0, 115_000.0],
        "upkeep_alone": [10_000.0, 0.0],
        "upkeep_joint": [20_000.0, 0.0],
    }
)


def _row(frame: pd.DataFrame, **where: str) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, where
    return frame[mask].iloc[0]


# ----------------------------------------------------------------------------- participants
def test_participants_rule_11() -> None:
    scores, stated = _scores_and_roles()
    got = participants(scores, stated, wave="2020")
    # rule 11 (revised): the participants carry whether they are koploper (K) or follower (F)
    assert list(got.columns) == ["wave", "element", "province", "gap", "stated_role", "koploper"]
    assert not got["koploper"].any()  # every current score is 2.0 < 3.5
    assert got[["element", "province"]].values.tolist() == [
        ["OTL", "PV20"],
        ["OTL", "PV21"],
        ["OTL", "PV26"],
        ["DATA", "PV27"],
        ["DATA", "PV28"],
    ]
    every = participants(scores, stated)
    assert every["wave"].tolist() == ["2018"] + ["2020"] * 5


def test_participants_do_not_mutate_inputs() -> None:
    scores, stated = _scores_and_roles()
    before_scores, before_stated = scores.copy(), stated.copy()
    participants(scores, stated)
    business_case(scores, stated, COSTS, INSTRUMENT)
    pd.testing.assert_frame_equal(scores, before_scores)
    pd.testing.assert_frame_equal(stated, before_stated)


def test_participants_rejects_duplicate_roles() -> None:
    scores, stated = _scores_and_roles()
    with pytest.raises(ValueError, match="dubbele rijen"):
        participants(scores, pd.concat([stated, stated.iloc[:1]]))


# ----------------------------------------------------------------------------- business case
def test_business_case_hand_computed() -> None:
    scores, stated = _scores_and_roles()
    # no koplopers (every current score 2.0), no adoption cost, upkeep undiscounted: the
    # revised rule 11 gives the figures of the original one
    bc = business_case(scores, stated, COSTS, INSTRUMENT, overhead=0.15, years=3, discount=0.0)
    assert list(bc.columns) == [
        "wave",
        "element",
        "participants",
        "alone",
        "joint",
        "saving",
        "break_even",
        "saving_low",
        "saving_high",
        "koplopers",
        "followers",
        "per_alone",
    ]
    # every element of the instrument per wave, waves chronological, instrument order
    assert bc["wave"].tolist() == ["2018"] * len(ELEMENTS) + ["2020"] * len(ELEMENTS)
    assert bc["element"].tolist() == ELEMENTS * 2
    assert str(bc["break_even"].dtype) == "Int64"

    otl = _row(bc, wave="2020", element="OTL")
    # per province alone: 120000 + 3 * 10000 = 150000; 3 participants
    assert otl["participants"] == 3
    assert otl["alone"] == 450_000.0
    # joint: 1.15 * (200000 + 3 * 20000) = 1.15 * 260000 = 299000
    assert otl["joint"] == 299_000.0
    assert otl["saving"] == 151_000.0
    # ceil(299000 / 150000) = ceil(1.993) = 2
    assert otl["break_even"] == 2

    data = _row(bc, wave="2020", element="DATA")
    # alone 2 * 50000; joint 1.15 * 115000 = 132250
    assert data["participants"] == 2
    assert data["alone"] == 100_000.0
    assert data["joint"] == 132_250.0
    assert data["saving"] == -32_250.0
    # ceil(132250 / 50000) = ceil(2.645) = 3
    assert data["break_even"] == 3

    otl_2018 = _row(bc, wave="2018", element="OTL")
    assert otl_2018["participants"] == 1
    assert otl_2018["alone"] == 150_000.0
    assert otl_2018["saving"] == -149_000.0


def test_business_case_element_without_costs_is_missing() -> None:
    scores, stated = _scores_and_roles()
    bc = business_case(scores, stated, COSTS, INSTRUMENT)
    visie = _row(bc, wave="2020", element="VISIE")
    assert visie["participants"] == 0
    assert math.isnan(visie["alone"]) and math.isnan(visie["joint"])
    assert math.isnan(visie["saving"])
    assert visie["break_even"] is pd.NA


def test_business_case_parameters() -> None:
    scores, stated = _scores_and_roles()
    bc = business_case(scores, stated, COSTS, INSTRUMENT, overhead=0.0, years=0)
    otl = _row(bc, wave="2020", element="OTL")
    # years 0: alone 3 * 120000, joint 200000, break-even ceil(200000/120000) = 2
    assert (otl["alone"], otl["joint"], otl["saving"], otl["break_even"]) == (
        360_000.0,
        200_000.0,
        160_000.0,
        2,
    )
    with pytest.raises(ValueError, match="overhead"):
        business_case(scores, stated, COSTS, INSTRUMENT, overhead=-0.1)


def _single(cost_alone: float, cost_joint: float) -> pd.DataFrame:
    return pd.DataFrame(
        {"element": ["OTL"], "cost_alone": [cost_alone], "cost_joint": [cost_joint]}
    )


def test_break_even_exact_boundary() -> None:
    scores, stated = _scores_and_roles()
    costs = _single(1_100.0, 3_000.0)
    bc = business_case(scores, stated, costs, INSTRUMENT, overhead=0.1, years=3)
    otl = _row(bc, wave="2020", element="OTL")
    # joint = 1.1 * 3000 = 3300 exactly (floating point gives 3300.0000000000005);
    # with 3 participants alone = 3300, so the saving is exactly 0 and break-even is 3.
    assert otl["joint"] == 3_300.0
    assert otl["saving"] == 0.0
    assert otl["break_even"] == 3
    # 1.15 * 100 = 115 exactly: one participant paying 115 alone already breaks even
    bc = business_case(scores, stated, _single(115.0, 100.0), INSTRUMENT, overhead=0.15)
    otl = _row(bc, wave="2020", element="OTL")
    assert otl["joint"] == 115.0
    assert otl["break_even"] == 1
    # one cent more than the boundary needs a second participant
    bc = business_case(scores, stated, _single(115.0, 100.01), INSTRUMENT, overhead=0.15)
    assert _row(bc, wave="2020", element="OTL")["break_even"] == 2


def test_break_even_edge_cases() -> None:
    scores, stated = _scores_and_roles()
    # going alone costs nothing: no number of participants breaks even
    bc = business_case(scores, stated, _single(0.0, 100.0), INSTRUMENT)
    assert _row(bc, wave="2020", element="OTL")["break_even"] is pd.NA
    # going alone and adopting both cost nothing: per <= cost_adopt, so missing (rule 11,
    # revised: "missing when per(e) <= cost_adopt(e)"; it was 1 before)
    bc = business_case(scores, stated, _single(0.0, 0.0), INSTRUMENT)
    otl = _row(bc, wave="2020", element="OTL")
    assert otl["break_even"] is pd.NA and otl["saving"] == 0.0
    bc = business_case(scores, stated, _single(50.0, 0.0), INSTRUMENT)
    assert _row(bc, wave="2020", element="OTL")["break_even"] == 1


def test_business_case_costs_without_upkeep_columns() -> None:
    scores, stated = _scores_and_roles()
    bc = business_case(scores, stated, _single(100.0, 200.0), INSTRUMENT, overhead=0.15)
    otl = _row(bc, wave="2020", element="OTL")
    assert (otl["alone"], otl["joint"], otl["saving"], otl["break_even"]) == (
        300.0,
        230.0,
        70.0,
        3,
    )


# ----------------------------------------------------------------------------- cost shares
def test_population_figures_are_the_reference_data() -> None:
    pop = provinces().set_index("cbs_code")["population_2024"]
    assert (pop["PV20"], pop["PV21"], pop["PV26"]) == (601_510, 661_956, 1_400_187)


def test_cost_shares_hand_computed() -> None:
    scores, stated = _scores_and_roles()
    shares = cost_shares(scores, stated, COSTS, provinces(), overhead=0.15, years=3, discount=0)
    # rule 11 (revised): a koploper's net benefit differs, so each row says whether it is one
    assert list(shares.columns) == [
        "wave",
        "element",
        "province",
        "key",
        "share",
        "net_benefit",
        "koploper",
    ]
    assert not shares["koploper"].any()
    otl = shares[(shares["wave"] == "2020") & (shares["element"] == "OTL")]
    assert otl["province"].tolist() == ["PV20"] * 3 + ["PV21"] * 3 + ["PV26"] * 3
    assert otl["key"].tolist() == ["equal", "population", "mixed"] * 3

    total = 601_510 + 661_956 + 1_400_187  # 2,663,653 inhabitants
    per_alone, joint = 150_000, 299_000
    expected_pop = {"PV20": 601_510 / total, "PV21": 661_956 / total, "PV26": 1_400_187 / total}
    for province, population_share in expected_pop.items():
        equal = _row(otl, province=province, key="equal")
        assert equal["share"] == 1 / 3
        assert equal["net_benefit"] == pytest.approx(150_000 - 299_000 / 3, abs=1e-9)
        by_pop = _row(otl, province=province, key="population")
        assert by_pop["share"] == pytest.approx(population_share, abs=1e-15)
        assert by_pop["net_benefit"] == pytest.approx(
            per_alone - population_share * joint, abs=1e-9
        )
        mixed = _row(otl, province=province, key="mixed")
        assert mixed["share"] == pytest.approx((1 / 3 + population_share) / 2, abs=1e-15)
        assert mixed["net_benefit"] == pytest.approx(
            per_alone - (1 / 3 + population_share) / 2 * joint, abs=1e-9
        )
    # the shares of a key add up to 1 and the net benefits to alone - joint
    for _key, group in otl.groupby("key"):
        assert group["share"].sum() == pytest.approx(1.0, abs=1e-12)
        assert group["net_benefit"].sum() == pytest.approx(450_000 - 299_000, abs=1e-6)
    # hand-rounded figures for PV20: 601510 / 2663653 = 0.2258215;
    # 150000 - 0.2258215 * 299000 = 150000 - 67520.62 = 82479.38
    pv20 = _row(otl, province="PV20", key="population")
    assert round(pv20["share"], 7) == 0.2258215
    assert round(pv20["net_benefit"], 2) == 82_479.38
    # mixed: (0.3333333 + 0.2258215) / 2 = 0.2795774; 150000 - 0.2795774 * 299000 = 66406.36
    pv20 = _row(otl, province="PV20", key="mixed")
    assert round(pv20["share"], 7) == 0.2795774
    assert round(pv20["net_benefit"], 2) == 66_406.36

    data = shares[(shares["wave"] == "2020") & (shares["element"] == "DATA")]
    # two participants: equal share 1/2, net benefit 50000 - 132250 / 2 = -16125
    assert _row(data, province="PV27", key="equal")["net_benefit"] == -16_125.0


def test_cost_shares_keys_and_missing_costs() -> None:
    scores, stated = _scores_and_roles()
    only_otl = COSTS[COSTS["element"] == "OTL"]
    shares = cost_shares(scores, stated, only_otl, provinces(), keys=["equal"])
    data = shares[(shares["wave"] == "2020") & (shares["element"] == "DATA")]
    assert data["share"].tolist() == [0.5, 0.5]
    assert data["net_benefit"].isna().all()
    with pytest.raises(ValueError, match="keys"):
        cost_shares(scores, stated, COSTS, provinces(), keys=["gewogen"])
    no_pop = provinces()[provinces()["cbs_code"] != "PV21"]
    with pytest.raises(ValueError, match="PV21"):
        cost_shares(scores, stated, COSTS, no_pop, keys=["population"])


def test_cost_shares_instrument_order() -> None:
    scores, stated = _scores_and_roles()
    shares = cost_shares(scores, stated, COSTS, provinces(), keys=["equal"], instrument=INSTRUMENT)
    # DATA comes after OTL in the instrument
    assert shares[shares["wave"] == "2020"]["element"].drop_duplicates().tolist() == [
        "OTL",
        "DATA",
    ]


# ----------------------------------------------------------------------------- programme
def test_programme_budget() -> None:
    scores, stated = _scores_and_roles()
    bc = business_case(scores, stated, COSTS, INSTRUMENT, discount=0.0)
    budget = programme_budget(bc, ["OTL", "DATA"])
    assert list(budget.columns) == ["year", "element", "budget"]
    assert budget.values.tolist() == [
        [1, "OTL", 119_600.0],
        [1, "DATA", 52_900.0],
        [2, "OTL", 119_600.0],
        [2, "DATA", 52_900.0],
        [3, "OTL", 59_800.0],
        [3, "DATA", 26_450.0],
    ]
    opportunities = pd.DataFrame(
        {
            "wave": ["2020", "2020", "2020", "2018"],
            "element": ["OTL", "DATA", "VISIE", "ORG"],
            "rank": [2, 1, 3, 1],
            "proposed": [True, True, False, True],
        }
    )
    from_frame = programme_budget(bc, opportunities, phasing=(0.5, 0.5))
    assert from_frame["element"].tolist() == ["DATA", "OTL", "DATA", "OTL"]
    assert from_frame["budget"].tolist() == [66_125.0, 149_500.0, 66_125.0, 149_500.0]
    # ten times 0.1 sums to exactly 1 as decimals (not in binary floating point)
    assert len(programme_budget(bc, ["OTL"], phasing=(0.1,) * 10)) == 10
    with pytest.raises(ValueError, match="optellen tot 1"):
        programme_budget(bc, ["OTL"], phasing=(0.5, 0.4))
    with pytest.raises(ValueError, match=">= 0"):
        programme_budget(bc, ["OTL"], phasing=(1.5, -0.5))
    with pytest.raises(ValueError, match="XYZ"):
        programme_budget(bc, ["XYZ"])
    visie = programme_budget(bc, ["VISIE"])
    assert visie["budget"].isna().all()


def test_saving_sensitivity() -> None:
    scores, stated = _scores_and_roles()
    bc = business_case(scores, stated, COSTS, INSTRUMENT, discount=0.0)
    by_overhead, by_n = saving_sensitivity(bc, COSTS, ["OTL", "DATA"], discount=0.0)
    assert list(by_overhead.columns) == ["overhead", "saving"]
    # rule 11 (revised): the second curve varies the followers, the koplopers as they are
    assert list(by_n.columns) == ["followers", "saving"]
    assert by_overhead["overhead"].tolist() == [i / 20 for i in range(11)]
    # saving(o) = 3 * 150000 + 2 * 50000 - (1 + o) * (260000 + 115000)
    assert by_overhead["saving"].tolist() == [550_000 - (20 + i) * 375_000 / 20 for i in range(11)]
    assert by_overhead["saving"].iloc[0] == 175_000.0
    assert by_overhead["saving"].iloc[3] == 118_750.0  # 0.15 = the business case total
    assert by_overhead["saving"].iloc[3] == bc[bc["wave"] == "2020"]["saving"].sum()
    assert by_overhead["saving"].iloc[10] == -12_500.0
    # saving(n) = n * (150000 + 50000) - 1.15 * 375000
    assert by_n["followers"].tolist() == list(range(1, 13))
    assert by_n["saving"].tolist() == [n * 200_000 - 431_250.0 for n in range(1, 13)]
    # default elements: those with costs
    default_overhead, _ = saving_sensitivity(bc, COSTS, discount=0.0)
    pd.testing.assert_frame_equal(default_overhead, by_overhead)
    with pytest.raises(ValueError, match="geen kosten"):
        saving_sensitivity(bc, COSTS, ["VISIE"])


# ----------------------------------------------------------------------------- revised rule 11
def _with_koplopers() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Wave 2020, OTL: PV20 and PV21 koplopers (S >= 3.5), PV22, PV23, PV24 followers;
    PV25 has a gap but role niet, PV26 no gap: 5 participants, |K| = 2, |F| = 3."""
    rows = [
        ("PV20", 3.5, 0.5, "trekken"),
        ("PV21", 4.0, 1.0, "meedoen"),
        ("PV22", 2.0, 1.0, "volgen"),
        ("PV23", 1.0, 2.0, "meedoen"),
        ("PV24", 3.4999, 0.5, "trekken"),
        ("PV25", 1.0, 2.0, "niet"),
        ("PV26", 2.0, 0.0, "volgen"),
    ]
    frame = pd.DataFrame(rows, columns=["province", "current", "gap", "stated_role"])
    frame = frame.assign(wave="2020", element="OTL")
    return frame.drop(columns="stated_role"), frame[["wave", "province", "element", "stated_role"]]


RANGED = pd.DataFrame(
    {
        "element": ["OTL"],
        "cost_alone": [100_000.0],
        "cost_joint": [200_000.0],
        "upkeep_alone": [10_000.0],
        "upkeep_joint": [20_000.0],
        "cost_adopt": [5_000.0],
        "cost_alone_low": [60_000.0],
        "cost_alone_high": [150_000.0],
        "cost_joint_low": [math.nan],  # missing range value: the central value
        "cost_joint_high": [300_000.0],
    }
)


def test_present_value_factor_hand_computed() -> None:
    from fractions import Fraction

    from bimmaturity.rules.money import present_value_factor

    assert present_value_factor(3, 0) == 3
    assert present_value_factor(0, 0.0225) == 0
    # 1/1.0225 + 1/1.0225^2 + 1/1.0225^3 = 0.97799511 + 0.95647444 + 0.93542732
    d = present_value_factor(3, 0.0225)
    assert d == Fraction(400, 409) + Fraction(400, 409) ** 2 + Fraction(400, 409) ** 3
    assert round(float(d), 8) == 2.86989687
    assert float(present_value_factor(2, 0.25)) == 1.44  # 0.8 + 0.64


def test_business_case_followers_adoption_discounting_and_ranges() -> None:
    scores, stated = _with_koplopers()
    bc = business_case(scores, stated, RANGED, INSTRUMENT, overhead=0.1, years=2, discount=0.25)
    otl = _row(bc, wave="2020", element="OTL")
    # P = {20, 21, 22, 23, 24}; K = {20, 21} (3.4999 < 3.5); F = {22, 23, 24}
    assert (otl["participants"], otl["koplopers"], otl["followers"]) == (5, 2, 3)
    # D = 1/1.25 + 1/1.25^2 = 1.44; per = 100000 + 1.44 * 10000 = 114400
    assert otl["per_alone"] == 114_400.0
    assert otl["alone"] == 3 * 114_400.0  # 343200: the koplopers spend nothing alone
    # joint = 1.1 * (200000 + 1.44 * 20000) + 5 * 5000 = 1.1 * 228800 + 25000 = 276680
    assert otl["joint"] == 276_680.0
    assert otl["saving"] == 343_200.0 - 276_680.0  # 66520
    # low: 3 * (60000 + 14400) - (1.1 * (300000 + 28800) + 25000) = 223200 - 386680
    assert otl["saving_low"] == -163_480.0
    # high: 3 * (150000 + 14400) - (1.1 * (200000 + 28800) + 25000) = 493200 - 276680
    assert otl["saving_high"] == 216_520.0
    # break-even: m * 114400 >= 251680 + (m + 2) * 5000  <=>  109400 m >= 261680: m = 3
    assert otl["break_even"] == 3


def test_break_even_with_adoption_cost_boundaries() -> None:
    from fractions import Fraction

    from bimmaturity.rules.money import break_even

    # m * 100 >= 230 + (m + 0) * 0: 3; with 2 koplopers and adoption 10: 90 m >= 250: 3
    assert break_even(Fraction(100), Fraction(230), 0, Fraction(0)) == 3
    assert break_even(Fraction(100), Fraction(230), 2, Fraction(10)) == 3
    # exactly on the boundary: 90 m >= 270 at m = 3
    assert break_even(Fraction(100), Fraction(250), 2, Fraction(10)) == 3
    assert break_even(Fraction(100), Fraction(251), 2, Fraction(10)) == 4
    # at least 1, even when the joint development is free
    assert break_even(Fraction(100), Fraction(0), 0, Fraction(10)) == 1
    # per <= cost_adopt: it never pays
    assert break_even(Fraction(10), Fraction(0), 0, Fraction(10)) is None
    assert break_even(Fraction(5), Fraction(0), 0, Fraction(10)) is None


def test_cost_shares_koploper_net_benefit() -> None:
    scores, stated = _with_koplopers()
    shares = cost_shares(
        scores, stated, RANGED, provinces(), overhead=0.1, years=2, discount=0.25, keys=["equal"]
    )
    assert shares["province"].tolist() == ["PV20", "PV21", "PV22", "PV23", "PV24"]
    assert shares["koploper"].tolist() == [True, True, False, False, False]
    # joint 276680 / 5 = 55336; follower 114400 - 55336 = 59064; koploper -55336
    assert shares["net_benefit"].tolist() == [-55_336.0] * 2 + [59_064.0] * 3
    # the net benefits add up to the saving
    assert shares["net_benefit"].sum() == 66_520.0


def test_cost_alone_sensitivity_and_followers_curve() -> None:
    from bimmaturity.rules.businesscase import cost_alone_sensitivity

    scores, stated = _with_koplopers()
    bc = business_case(scores, stated, RANGED, INSTRUMENT, overhead=0.1, years=2, discount=0.25)
    curve = cost_alone_sensitivity(bc, RANGED, ["OTL"], overhead=0.1, years=2, discount=0.25)
    assert list(curve.columns) == ["factor", "saving"]
    assert curve["factor"].tolist() == [i / 20 for i in range(6, 21)]  # 0.3 .. 1.0
    # saving(f) = 3 * (f * 100000 + 14400) - 276680
    assert curve["saving"].tolist() == [3 * (i * 5_000 + 14_400) - 276_680.0 for i in range(6, 21)]
    assert curve["saving"].iloc[-1] == bc["saving"][bc["element"] == "OTL"].iloc[0]
    by_overhead, by_followers = saving_sensitivity(
        bc, RANGED, ["OTL"], overhead=0.1, years=2, discount=0.25, overheads=[0.1], counts=[3]
    )
    assert by_overhead["saving"].tolist() == [66_520.0]
    assert by_followers["saving"].tolist() == [66_520.0]  # 3 followers: the business case
