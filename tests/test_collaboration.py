"""Rules 7-9: stated roles, positions, opportunities (hand-computed expectations)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bimmaturity.instrument import default_instrument
from bimmaturity.rules.collaboration import (
    deal_partners,
    opportunities,
    positions,
    proposed_deals,
    roles_table,
    stated_roles,
)

INSTRUMENT = default_instrument()
ROLE_IDS = INSTRUMENT.role_ids
NAN = float("nan")


def make_scores(rows: list[tuple], wave: str = "2018") -> pd.DataFrame:
    """Scores frame from (province, element, current, gap) tuples; ambition = current + gap."""
    frame = pd.DataFrame(rows, columns=["province", "element", "current", "gap"])
    frame.insert(0, "wave", wave)
    frame["ambition"] = frame["current"] + frame["gap"]
    frame["n"] = 3
    for column in ["lo", "hi", "spread", "rwg"]:
        frame[column] = NAN
    frame["level"] = np.floor(frame["current"])
    frame["flag"] = ""
    columns = ["wave", "province", "element", "current", "ambition", "gap", "n", "lo", "hi"]
    return frame[[*columns, "spread", "rwg", "level", "flag"]]


def make_stated(rows: list[tuple], wave: str = "2018") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["province", "element", "stated_role"])
    frame.insert(0, "wave", wave)
    return frame


def make_roles(answers: dict[tuple[str, str], list[object]], wave: str = "2018") -> pd.DataFrame:
    rows = [
        (wave, province, f"r{i}", element, role)
        for (province, element), roles in answers.items()
        for i, role in enumerate(roles)
    ]
    return pd.DataFrame(rows, columns=["wave", "province", "respondent", "element", "role"])


# ------------------------------------------------------------------------------- rule 7
@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["volgen", "volgen", "trekken"], "volgen"),  # plain majority beats engagement
        (["niet", "trekken"], "trekken"),  # ties go to the more engaged role
        (["volgen", "meedoen"], "meedoen"),
        (["niet", "volgen"], "volgen"),
        (["meedoen", "trekken"], "trekken"),
        (["meedoen", "meedoen", "niet", "niet", "trekken"], "meedoen"),
        (["niet", "niet", "volgen", "volgen", "meedoen", "trekken"], "volgen"),
        ([None, None, "niet"], "niet"),  # missing answers do not count
        ([NAN, pd.NA, "", "  ", "volgen"], "volgen"),
        (["Trekken ", " meedoen "], "trekken"),  # read like the instrument reads roles
    ],
)
def test_stated_role_majority_and_ties(answers: list[object], expected: str) -> None:
    roles = make_roles({("PV20", "OTL"): answers})
    result = stated_roles(roles, INSTRUMENT)
    assert result["stated_role"].tolist() == [expected]


def test_stated_role_without_answers_is_missing_row() -> None:
    roles = make_roles({("PV20", "OTL"): [None, NAN], ("PV20", "VISIE"): ["niet"]})
    result = stated_roles(roles)
    assert list(result.columns) == ["wave", "province", "element", "stated_role"]
    # instrument element order: VISIE before OTL
    assert result["element"].tolist() == ["VISIE", "OTL"]
    assert result["stated_role"].iloc[0] == "niet"
    assert pd.isna(result["stated_role"].iloc[1])


def test_stated_roles_per_wave_province_element_and_sorted() -> None:
    roles = pd.concat(
        [
            make_roles({("PV21", "OTL"): ["volgen"], ("PV20", "OTL"): ["trekken"]}, "2020"),
            make_roles({("PV21", "OTL"): ["niet", "niet"], ("PV21", "DATA"): ["meedoen"]}),
        ],
        ignore_index=True,
    )
    before = roles.copy()
    result = stated_roles(roles, INSTRUMENT)
    pd.testing.assert_frame_equal(roles, before)  # argument not mutated
    assert result.to_dict("list") == {
        "wave": ["2018", "2018", "2020", "2020"],
        "province": ["PV21", "PV21", "PV20", "PV21"],
        "element": ["OTL", "DATA", "OTL", "OTL"],
        "stated_role": ["niet", "meedoen", "trekken", "volgen"],
    }


def test_stated_roles_rejects_unknown_role() -> None:
    roles = make_roles({("PV20", "OTL"): ["trekken", "leiden"]})
    with pytest.raises(ValueError, match="leiden"):
        stated_roles(roles)


def test_stated_roles_requires_columns() -> None:
    with pytest.raises(ValueError, match="role"):
        stated_roles(pd.DataFrame({"wave": ["2018"], "province": ["PV20"], "element": ["OTL"]}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*ROLE_IDS, None]), min_size=1, max_size=12))
def test_stated_role_is_a_most_frequent_input(answers: list[str | None]) -> None:
    roles = make_roles({("PV20", "OTL"): answers})
    stated = stated_roles(roles, INSTRUMENT)["stated_role"].iloc[0]
    given_roles = [a for a in answers if a is not None]
    if not given_roles:
        assert pd.isna(stated)
        return
    assert stated in given_roles
    counts = {role: given_roles.count(role) for role in set(given_roles)}
    top = max(counts.values())
    assert counts[stated] == top
    assert ROLE_IDS.index(stated) == min(ROLE_IDS.index(r) for r, c in counts.items() if c == top)


# ------------------------------------------------------------------------------- rule 8
def test_positions_at_the_boundaries() -> None:
    scores = make_scores(
        [
            ("PV20", "OTL", 3.5, 1.5),  # S exactly 3.5: koploper even with a large gap
            ("PV21", "OTL", 3.4, 1.0),  # gap exactly 1.0 and S < 3.5: starter
            ("PV22", "OTL", 3.0, 0.99),  # gap just below: middenveld
            ("PV23", "OTL", 3.49, 0.0),  # S just below: middenveld
            ("PV24", "OTL", NAN, NAN),  # no current score: no position
            ("PV25", "OTL", 2.0, NAN),  # current but no ambition: middenveld
            ("PV26", "OTL", 3.5 - 1e-12, 0.0),  # within tolerance: koploper
            # a gap that is 1.0 in exact arithmetic but 0.9999999999999996 in floating point
            ("PV27", "OTL", 3.1, 4.1 - 3.1),
        ]
    )
    assert scores["gap"].iloc[-1] < 1.0
    result = positions(scores)
    assert list(result.columns) == ["wave", "province", "element", "position"]
    expected = [
        "koploper",
        "starter",
        "middenveld",
        "middenveld",
        None,
        "middenveld",
        "koploper",
        "starter",
    ]
    got = [None if pd.isna(v) else v for v in result["position"]]
    assert got == expected


def test_positions_with_other_thresholds() -> None:
    scores = make_scores([("PV20", "OTL", 3.0, 0.5), ("PV21", "OTL", 2.0, 0.5)])
    result = positions(scores, leader_level=3.0, gap_threshold=0.5)
    assert result["position"].tolist() == ["koploper", "starter"]


def test_roles_table_one_row_per_score_row_in_order() -> None:
    scores = make_scores(
        [("PV21", "OTL", 2.0, 2.0), ("PV20", "OTL", 4.0, 0.0), ("PV20", "DATA", NAN, NAN)]
    )
    stated = make_stated([("PV20", "OTL", "trekken"), ("PV21", "OTL", "volgen")])
    before = scores.copy()
    result = roles_table(scores, stated)
    pd.testing.assert_frame_equal(scores, before)
    assert list(result.columns) == ["wave", "province", "element", "stated_role", "position"]
    assert result["province"].tolist() == ["PV21", "PV20", "PV20"]
    assert result["stated_role"].tolist()[:2] == ["volgen", "trekken"]
    assert pd.isna(result["stated_role"].iloc[2])
    assert result["position"].tolist()[:2] == ["starter", "koploper"]
    assert pd.isna(result["position"].iloc[2])


def test_roles_table_rejects_duplicate_stated_rows() -> None:
    scores = make_scores([("PV20", "OTL", 2.0, 2.0)])
    stated = make_stated([("PV20", "OTL", "trekken"), ("PV20", "OTL", "volgen")])
    with pytest.raises(ValueError, match=r"many-to-one|many_to_one"):
        roles_table(scores, stated)


# ------------------------------------------------------------------------------- rule 9
# Hand-built wave over five provinces; (current, gap, stated role) per province.
CASE: dict[str, list[tuple[float, float, str | None]]] = {
    # demand 4, supply 0, mean gap 1.2: first by demand, not kansrijk
    "VISIE": [(2.0, 1.5, "volgen")] * 4 + [(2.0, 0.0, "niet")],
    # demand 3, supply 2 (trekken + meedoen), mean gap 0.64
    "DATA": [(4.0, 0.0, "trekken"), (3.6, 0.2, "meedoen")] + [(2.0, 1.0, "volgen")] * 3,
    # demand 3, supply 1, mean gap 1.2
    "STAND": [(4.0, 0.0, "trekken")] + [(2.0, 2.0, "volgen")] * 3 + [(2.0, 0.0, "niet")],
    # demand 3, supply 1, mean gap 0.6
    "OTL": [(4.0, 0.0, "meedoen")] + [(2.0, 1.0, "volgen")] * 3 + [(2.0, 0.0, "volgen")],
    # ORG and MENS identical: demand 2, supply 1, mean gap 1.0 -> element order decides
    "ORG": [
        (4.0, 0.5, "trekken"),
        (2.0, 1.0, "volgen"),
        (2.0, 1.0, "meedoen"),
        (2.0, 2.0, "niet"),
        (2.0, 0.5, "volgen"),
    ],
    "MENS": [
        (4.0, 0.5, "trekken"),
        (2.0, 1.0, "volgen"),
        (2.0, 1.0, "meedoen"),
        (2.0, 2.0, "niet"),
        (2.0, 0.5, "volgen"),
    ],
    # koploper with a large gap and role trekken counts in supply and demand; a koploper
    # that only follows is no supply; a large gap without a role is no demand
    "PROC": [
        (4.0, 1.0, "trekken"),
        (2.0, 1.0, "niet"),
        (2.0, 1.0, "niet"),
        (2.0, 3.0, None),
        (3.9, 0.0, "volgen"),
    ],
    # nothing on offer, mean gap 0.3: ahead of the elements without any gap
    "TECH": [(2.0, 0.3, "niet")] * 5,
    # rows without scores: mean gap missing
    "UITV": [(NAN, NAN, "volgen")] * 5,
    # BEHEER and KETEN: no rows at all
}
PROVINCES = ["PV20", "PV21", "PV22", "PV23", "PV24"]
EXPECTED_ORDER = [
    "VISIE",
    "DATA",
    "STAND",
    "OTL",
    "ORG",
    "MENS",
    "PROC",
    "TECH",
    "UITV",
    "BEHEER",
    "KETEN",
]
EXPECTED = {  # element: (supply, demand, mean_gap)
    "VISIE": (0, 4, 1.2),
    "DATA": (2, 3, 0.64),
    "STAND": (1, 3, 1.2),
    "OTL": (1, 3, 0.6),
    "ORG": (1, 2, 1.0),
    "MENS": (1, 2, 1.0),
    "PROC": (1, 1, 1.2),
    "TECH": (0, 0, 0.3),
    "UITV": (0, 0, NAN),
    "BEHEER": (0, 0, NAN),
    "KETEN": (0, 0, NAN),
}


def case_frames(wave: str = "2018") -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, stated = [], []
    for element, entries in CASE.items():
        for province, (current, gap, role) in zip(PROVINCES, entries, strict=True):
            rows.append((province, element, current, gap))
            stated.append((province, element, role))
    return make_scores(rows, wave), make_stated(stated, wave)


def test_opportunities_supply_demand_rank_and_proposed() -> None:
    scores, stated = case_frames()
    before = (scores.copy(), stated.copy())
    table = opportunities(scores, stated, INSTRUMENT)
    pd.testing.assert_frame_equal(scores, before[0])
    pd.testing.assert_frame_equal(stated, before[1])
    assert list(table.columns) == [
        "wave",
        "element",
        "supply",
        "demand",
        "mean_gap",
        "kansrijk",
        "rank",
        "proposed",
    ]
    assert table["element"].tolist() == EXPECTED_ORDER
    assert table["rank"].tolist() == list(range(1, 12))
    for row in table.itertuples():
        supply, demand, mean_gap = EXPECTED[row.element]
        assert (row.supply, row.demand) == (supply, demand), row.element
        if math.isnan(mean_gap):
            assert math.isnan(row.mean_gap)
        else:
            assert row.mean_gap == pytest.approx(mean_gap, abs=1e-12)
    kansrijk = table.loc[table["kansrijk"], "element"].tolist()
    assert kansrijk == ["DATA", "STAND", "OTL"]
    assert table.loc[table["proposed"], "element"].tolist() == ["DATA", "STAND", "OTL"]
    assert table["supply"].dtype == "int64"
    assert table["rank"].dtype == "int64"
    assert table["kansrijk"].dtype == bool
    assert table["proposed"].dtype == bool


def test_opportunities_parameters() -> None:
    scores, stated = case_frames()
    table = opportunities(scores, stated, n_deals=2)
    assert table.loc[table["proposed"], "element"].tolist() == ["DATA", "STAND"]
    table = opportunities(scores, stated, min_demand=2)
    assert table.loc[table["kansrijk"], "element"].tolist() == [
        "DATA",
        "STAND",
        "OTL",
        "ORG",
        "MENS",
    ]
    assert table.loc[table["proposed"], "element"].tolist() == ["DATA", "STAND", "OTL", "ORG"]
    table = opportunities(scores, stated, n_deals=0)
    assert not table["proposed"].any()
    # a higher gap threshold removes the gap-1.0 followers: DATA and OTL lose demand
    table = opportunities(scores, stated, gap_threshold=1.5)
    demand = dict(zip(table["element"], table["demand"], strict=True))
    assert (demand["VISIE"], demand["STAND"], demand["DATA"], demand["OTL"]) == (4, 3, 0, 0)


def test_opportunities_mean_gap_ties_within_1e9_fall_to_element_order() -> None:
    scores, stated = case_frames()
    # MENS now has a mean gap larger by 1e-13: still a tie, ORG stays ahead
    mask = (scores["element"] == "MENS") & (scores["province"] == "PV20")
    scores.loc[mask, "gap"] = 0.5 + 5e-13
    table = opportunities(scores, stated)
    assert table["element"].tolist()[4:6] == ["ORG", "MENS"]
    # a real difference in mean gap does reorder them
    scores.loc[mask, "gap"] = 0.6
    table = opportunities(scores, stated)
    assert table["element"].tolist()[4:6] == ["MENS", "ORG"]


def test_opportunities_per_wave() -> None:
    scores_a, stated_a = case_frames("2018")
    scores_b, stated_b = case_frames("2020")
    # in 2020 nobody wants VISIE any more
    scores_b.loc[scores_b["element"] == "VISIE", "gap"] = 0.0
    scores = pd.concat([scores_b, scores_a], ignore_index=True)
    stated = pd.concat([stated_a, stated_b], ignore_index=True)
    table = opportunities(scores, stated)
    n_elements = len(INSTRUMENT.element_ids)
    assert table["wave"].tolist() == ["2018"] * n_elements + ["2020"] * n_elements
    assert table["rank"].tolist() == list(range(1, 12)) * 2
    later = table[table["wave"] == "2020"]
    assert later["element"].tolist()[:3] == ["DATA", "STAND", "OTL"]


def test_opportunities_missing_stated_role_counts_nowhere() -> None:
    scores, stated = case_frames()
    stated = stated[stated["element"] != "STAND"]
    table = opportunities(scores, stated)
    row = table[table["element"] == "STAND"].iloc[0]
    assert (row["supply"], row["demand"], bool(row["kansrijk"])) == (0, 0, False)


def test_opportunities_rejects_unknown_element() -> None:
    scores = make_scores([("PV20", "XYZ", 2.0, 1.0)])
    stated = make_stated([("PV20", "XYZ", "volgen")])
    with pytest.raises(ValueError, match="XYZ"):
        opportunities(scores, stated)


def test_opportunities_empty_scores() -> None:
    scores, stated = case_frames()
    table = opportunities(scores.iloc[0:0], stated)
    assert table.empty
    assert list(table.columns)[:3] == ["wave", "element", "supply"]


def test_deal_partners() -> None:
    scores, stated = case_frames()
    partners = deal_partners(scores, stated, INSTRUMENT)
    assert list(partners.columns)[:4] == ["wave", "element", "province", "part"]
    by_element = {
        element: list(zip(group["province"], group["part"], strict=True))
        for element, group in partners.groupby("element", sort=False)
    }
    assert list(by_element) == ["VISIE", "ORG", "MENS", "PROC", "STAND", "OTL", "DATA"]
    assert by_element["DATA"] == [
        ("PV20", "trekker"),
        ("PV21", "trekker"),
        ("PV22", "volger"),
        ("PV23", "volger"),
        ("PV24", "volger"),
    ]
    # the koploper with a large gap and role trekken is listed once, as trekker
    assert by_element["PROC"] == [("PV20", "trekker")]
    assert by_element["VISIE"] == [(p, "volger") for p in PROVINCES[:4]]
    # the number of trekkers equals supply for every element
    table = opportunities(scores, stated)
    trekkers = partners[partners["part"] == "trekker"].groupby("element").size()
    supply = table.set_index("element")["supply"]
    assert trekkers.reindex(supply.index, fill_value=0).tolist() == supply.tolist()


def test_proposed_deals_in_rank_order_per_wave() -> None:
    scores = make_scores(
        [
            ("PV20", "OTL", 4.0, 0.0),
            ("PV21", "OTL", 2.0, 2.0),
            ("PV22", "OTL", 2.0, 1.5),
            ("PV23", "OTL", 1.0, 1.0),
            ("PV20", "DATA", 4.0, 1.0),
            ("PV21", "DATA", 2.0, 2.0),
            ("PV22", "DATA", 2.0, 1.5),
            ("PV23", "DATA", 1.0, 1.0),
            ("PV24", "DATA", 1.0, 1.0),
        ]
    )
    stated = scores[["wave", "province", "element"]].assign(stated_role="trekken")
    table = opportunities(scores, stated, INSTRUMENT)
    # DATA: demand 5 (PV20 has a gap of 1 too), OTL: demand 3; both with a koploper
    assert proposed_deals(table, "2018") == ["DATA", "OTL"]
    assert proposed_deals(table, "2020") == []
    one = opportunities(scores, stated, INSTRUMENT, n_deals=1)
    assert proposed_deals(one, "2018") == ["DATA"]
    # the table's row order does not matter, the rank does
    shuffled = table.sample(frac=1.0, random_state=3)
    assert proposed_deals(shuffled, "2018") == ["DATA", "OTL"]
    pd.testing.assert_frame_equal(shuffled, table.sample(frac=1.0, random_state=3))
