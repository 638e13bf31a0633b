"""The twelve Dutch provinces (CBS codes PV20..PV31) and matching their names in exports."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import pandas as pd

from bimmaturity.textnorm import fold

__all__ = ["file_slug", "match_province", "province_code", "province_name", "provinces"]

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


def province_code(name: object) -> str:
    """The CBS code of a province given by name or code, as a person types it; else an error.

    Matching is that of :func:`match_province` (abbreviations such as ``ZH`` included). For a
    parameter such as notebook 10's ``province``.

    Raises
    ------
    ValueError
        In Dutch, naming every province and its code, when ``name`` matches none.

    Examples
    --------
    >>> province_code("Zuid-Holland"), province_code("pv21"), province_code("Friesland")
    ('PV28', 'PV21', 'PV21')
    >>> province_code("Holland")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'Holland' is geen provincie. Kies een naam of code: Groningen (PV20), ...
    """
    code = match_province(name)
    if code is None:
        allowed = ", ".join(
            f"{row.name} ({row.cbs_code})" for row in _registry().itertuples(index=False)
        )
        raise ValueError(f"{str(name)!r} is geen provincie. Kies een naam of code: {allowed}.")
    return code


def province_name(code: str) -> str:
    """The official name of a province by CBS code.

    Examples
    --------
    >>> province_name("PV21")
    'Fryslân'
    """
    names = dict(zip(_registry()["cbs_code"], _registry()["name"], strict=True))
    return names[code]


def file_slug(name: str) -> str:
    """A file-name part people recognise for a name: lower case, no diacritics, words joined by
    ``-``, only ``a-z``, ``0-9`` and ``-`` (so it is safe in any path). Empty names give ``x``.

    Examples
    --------
    >>> file_slug("Noord-Holland"), file_slug("Fryslân"), file_slug("  Zuid Holland ")
    ('noord-holland', 'fryslan', 'zuid-holland')
    >>> file_slug("../<script>"), file_slug("")
    ('script', 'x')
    """
    words = re.findall(r"[a-z0-9]+", fold(name))
    return "-".join(words)[:60].strip("-") or "x"
