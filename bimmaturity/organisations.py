"""The twelve Dutch provinces (CBS codes PV20..PV31) and matching their names in exports."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

from bimmaturity.textnorm import fold

__all__ = ["match_province", "province_name", "provinces"]

_CODE = re.compile(r"^pv\s?(\d\d)$")


@cache
def _registry() -> pd.DataFrame:
    ref = resources.files("bimmaturity") / "data" / "provinces.csv"
    with ref.open("rb") as handle:
        frame = pd.read_csv(handle, dtype={"aliases": "str"})
    return frame


def provinces() -> pd.DataFrame:
    """The province registry: cbs_code, name, aliases, population_2024, municipalities_2024.

    Examples
    --------
    >>> provinces()["cbs_code"].tolist()[:3]
    ['PV20', 'PV21', 'PV22']
    """
    return _registry().copy()


def _key(text: str) -> str:
    key = " ".join(re.sub(r"[-.\s]+", " ", fold(text)).split())
    # "Prov." is the usual short form of "Provincie"; provinces.csv lists it for two provinces
    # only, so it is normalised here for all twelve (a fixed rule, not a guess).
    return re.sub(r"^prov ", "provincie ", key)


@cache
def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    abbreviations: dict[str, str] = {}
    for row in _registry().itertuples():
        names[_key(row.cbs_code)] = row.cbs_code
        names[_key(row.name)] = row.cbs_code
        for alias in str(row.aliases).split("|"):
            if len(alias) <= 3 and alias.isupper():
                abbreviations[_key(alias)] = row.cbs_code
            else:
                names[_key(alias)] = row.cbs_code
    return names, abbreviations


def match_province(name: object, *, allow_abbreviation: bool = True) -> str | None:
    """Return the CBS code for a province name as written in an export, or None.

    Matching ignores case, surrounding and non-breaking spaces, diacritics, and treats
    ``-``, ``.`` and spaces alike. Two-letter abbreviations count only when
    ``allow_abbreviation`` is true (a column that holds province names).

    Examples
    --------
    >>> match_province("provincie  fryslan"), match_province("Noord Holland"), match_province("NB")
    ('PV21', 'PV27', 'PV30')
    >>> match_province("Holland") is None
    True
    """
    if name is None or (isinstance(name, float) and name != name):
        return None
    key = _key(str(name))
    if not key:
        return None
    names, abbreviations = _lookup()
    if key in names:
        return names[key]
    if _CODE.match(key.replace(" ", "")):
        return names.get(key.replace(" ", ""))
    if allow_abbreviation:
        return abbreviations.get(key)
    return None


def province_name(code: str) -> str:
    """The official name of a province by CBS code.

    Examples
    --------
    >>> province_name("PV21")
    'Fryslân'
    """
    names = dict(zip(_registry()["cbs_code"], _registry()["name"], strict=True))
    return names[code]
