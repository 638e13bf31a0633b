"""Province name matching (docs/input-formats.md, province names)."""

from __future__ import annotations

import pytest

from bimmaturity.organisations import match_province, province_name, provinces


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Groningen", "PV20"),
        ("Fryslân", "PV21"),
        ("Fryslan", "PV21"),
        ("friesland", "PV21"),
        ("Provinsje Fryslân", "PV21"),
        ("  provincie  fryslan ", "PV21"),
        ("Noord-Holland", "PV27"),
        ("Noord Holland", "PV27"),
        ("noord.holland", "PV27"),
        ("N-Holland", "PV27"),
        ("Zuid\u00a0Holland", "PV28"),
        ("Prov. Utrecht", "PV26"),
        ("Prov. Drenthe", "PV22"),
        ("prov noord-brabant", "PV30"),
        ("Brabant", "PV30"),
        ("PV25", "PV25"),
        ("pv 31", "PV31"),
        ("NB", "PV30"),
        ("gld", "PV25"),
    ],
)
def test_names_aliases_and_codes(name, code):
    assert match_province(name) == code


@pytest.mark.parametrize(
    "name", ["Holland", "Amsterdam", "", None, "Noord", "PV32", "Prov.", "Provo Utrecht"]
)
def test_no_guessing(name):
    assert match_province(name) is None


def test_abbreviations_only_where_allowed():
    assert match_province("ZH", allow_abbreviation=False) is None
    assert match_province("Zuid-Holland", allow_abbreviation=False) == "PV28"


def test_registry():
    frame = provinces()
    assert frame["cbs_code"].tolist() == [f"PV{n}" for n in range(20, 32)]
    assert int(frame["population_2024"].sum()) == 17_947_684
    assert province_name("PV21") == "Fryslân"
