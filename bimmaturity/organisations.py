"""The organisations that assess themselves (a registry) and matching their names in exports.

The twelve Dutch provinces (CBS codes PV20..PV31) are the default registry. An analyst can
point to another one, a CSV such as ``organisaties.csv`` (:func:`read_registry`): municipalities,
water boards, or any mix. The registry in use is *active* (:func:`use_registry`,
:func:`active_registry`): reading exports, names in reports, file names and the population
cost key all follow it. Ingest records it with the processed data, and loading processed data
makes the recorded one active again, so a notebook or a build needs no extra argument.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

import pandas as pd

from bimmaturity.textnorm import fold

__all__ = [
    "KINDS",
    "REGISTRY_FILE",
    "Registry",
    "RegistryError",
    "activate",
    "active_registry",
    "default_registry",
    "file_slug",
    "match_province",
    "organisation_kind",
    "province_code",
    "province_name",
    "provinces",
    "read_registry",
    "use_registry",
]

REGISTRY_FILE = "organisaties.csv"
"""The registry's file name at the top of a raw folder (that folder's registry)."""
KINDS = ("provincie", "gemeente", "waterschap", "organisatie")
"""The kinds of organisation a registry may name (column ``kind``); others are refused."""
MAX_REGISTRY_BYTES = 5_000_000
MAX_REGISTRY_ROWS = 5_000

_LISTED = 12  # names an error lists at most (a registry of 400 municipalities: the first 12)
_CODE = re.compile(r"^pv\s?(\d\d)$")
_SAFE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_COLUMNS = {
    "code": ("code", "cbs_code", "cbs-code", "cbscode", "cbs code"),
    "name": ("name", "naam"),
    "aliases": ("aliases", "alias", "aliassen"),
    "kind": ("kind", "soort"),
    "size": ("size", "omvang", "population", "population_2024", "inwoners", "inwonertal"),
}
"""The registry's columns and the headers accepted for each (folded); other columns are
reference data and are left alone."""


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the file, row and column."""


_FROM_RECORDS: dict[str, Registry] = {}
"""Registries read back from records (:meth:`Registry.from_record`), by the record's text."""
_FROM_RECORDS_KEPT = 8


@dataclass(frozen=True, eq=False)
class Registry:
    """The organisations a project knows: code, name, aliases, kind and size, one row each.

    ``frame`` has the columns ``code`` (text), ``name``, ``aliases`` (``|``-separated, may be
    empty), ``kind`` (one of :data:`KINDS`) and ``size`` (float; NaN when unknown): the figure
    the population cost key shares by. ``source`` says where it came from.

    Examples
    --------
    >>> registry = Registry.from_rows(
    ...     [{"code": "GM0363", "name": "Amsterdam", "kind": "gemeente", "size": 931298}]
    ... )
    >>> registry.name("GM0363"), registry.match("gemeente amsterdam"), registry.kind
    ('Amsterdam', 'GM0363', 'gemeente')
    """

    frame: pd.DataFrame
    source: str = ""

    @classmethod
    def from_rows(cls, rows: list[dict], source: str = "") -> Registry:
        """A registry from dicts with ``code``, ``name`` and optionally ``aliases``, ``kind``,
        ``size``; validated as :func:`read_registry` validates a file."""
        return _validated(
            [
                {
                    "code": str(row.get("code", "")),
                    "name": str(row.get("name", "")),
                    "aliases": "" if row.get("aliases") is None else str(row.get("aliases")),
                    "kind": str(row.get("kind") or "organisatie"),
                    "size": "" if row.get("size") is None else str(row.get("size")),
                }
                for row in rows
            ],
            source or "register",
            first_row=1,
        )

    @property
    def codes(self) -> list[str]:
        """The codes, in the registry's order."""
        return self.frame["code"].tolist()

    @property
    def names(self) -> dict[str, str]:
        """Every code with its name."""
        return dict(self._names)

    @cached_property
    def _names(self) -> dict[str, str]:
        return dict(zip(self.frame["code"], self.frame["name"], strict=True))

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return dict(zip(self.frame["code"], self.frame["kind"], strict=True))

    def name(self, code: str) -> str:
        """The name of ``code``.

        Raises
        ------
        KeyError
            When the registry does not know ``code``.
        """
        return self._names[code]

    def kind_of(self, code: str) -> str:
        """The kind of ``code`` (``organisatie`` when unknown)."""
        return self._kinds.get(code, "organisatie")

    @property
    def kind(self) -> str:
        """The kind all organisations share; ``organisatie`` for a mixed registry."""
        kinds = set(self.frame["kind"])
        return kinds.pop() if len(kinds) == 1 else "organisatie"

    @cached_property
    def _lookup(self) -> tuple[dict[str, str], dict[str, str]]:
        names: dict[str, str] = {}
        abbreviations: dict[str, str] = {}
        for row in self.frame.itertuples(index=False):
            names[_key(row.code)] = row.code
            names[_key(row.name)] = row.code
            for alias in filter(None, str(row.aliases).split("|")):
                if len(alias) <= 3 and alias.isupper():
                    abbreviations[_key(alias)] = row.code
                else:
                    names[_key(alias)] = row.code
        return names, abbreviations

    def match(self, name: object, *, allow_abbreviation: bool = True) -> str | None:
        """The code for a name as written in an export, or None (see :func:`match_province`)."""
        if name is None or (isinstance(name, float) and name != name):
            return None
        key = _key(str(name))
        if not key:
            return None
        names, abbreviations = self._lookup
        if key in names:
            return names[key]
        compact = key.replace(" ", "")
        if compact in names and _CODE.match(compact):
            return names[compact]
        kind, _, rest = key.partition(" ")
        if kind in KINDS and rest in names and self.kind_of(names[rest]) == kind:
            return names[rest]  # "Gemeente Utrecht" for the gemeente named Utrecht
        if allow_abbreviation:
            return abbreviations.get(key)
        return None

    def code(self, name: object) -> str:
        """The code of an organisation given by name or code; a Dutch error naming them all."""
        code = self.match(name)
        if code is None:
            shown = self.frame.head(_LISTED)
            allowed = ", ".join(f"{r.name} ({r.code})" for r in shown.itertuples())
            if len(self.frame) > _LISTED:
                allowed += f", ... ({len(self.frame)} in totaal)"
            raise ValueError(
                f"{str(name)!r} is geen {self.kind}. Kies een naam of code: {allowed}."
            )
        return code

    def sizes(self) -> pd.DataFrame:
        """Codes with their size figure as the cost-sharing rules read them (``cbs_code``,
        ``population_2024``); organisations without a size are left out."""
        known = self.frame[self.frame["size"].notna()]
        return pd.DataFrame(
            {"cbs_code": known["code"].tolist(), "population_2024": known["size"].tolist()}
        )

    def record(self) -> dict:
        """The registry as JSON-ready data (for the processed data's manifest)."""
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "aliases": r.aliases,
                "kind": r.kind,
                "size": None if math.isnan(r.size) else r.size,
            }
            for r in self.frame.itertuples(index=False)
        ]
        return {"source": self.source, "rows": rows}

    @classmethod
    def from_record(cls, record: dict) -> Registry:
        """The registry :meth:`record` wrote.

        A record read before gives the same (validated) registry again: a warm report kernel
        reads the same manifest for every report, and validating 400 rows costs more than a
        small report's own work.

        Examples
        --------
        >>> towns = Registry.from_rows([{"code": "GM1", "name": "Ede", "kind": "gemeente"}])
        >>> again = Registry.from_record(towns.record())
        >>> again == towns, again is Registry.from_record(towns.record())
        (True, True)
        """
        key = json.dumps(record, sort_keys=True, ensure_ascii=False)
        registry = _FROM_RECORDS.get(key)
        if registry is None:
            registry = cls.from_rows(record["rows"], record.get("source", ""))
            if len(_FROM_RECORDS) >= _FROM_RECORDS_KEPT:
                _FROM_RECORDS.clear()
            _FROM_RECORDS[key] = registry
        return registry

    @cached_property
    def digest(self) -> str:
        """A fingerprint of the rows (not of the source), for build stamps."""
        text = json.dumps(self.record()["rows"], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Registry) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)


def _plain_number(text: str) -> str:
    """A number as written in a Dutch or English CSV, in Python's notation: ``931.298`` and
    ``931298`` are the same whole number; ``1,5`` is one and a half."""
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return text.replace(".", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    return text


def _key(text: str) -> str:
    key = " ".join(re.sub(r"[-.\s]+", " ", fold(text)).split())
    # "Prov." is the usual short form of "Provincie"; provinces.csv lists it for two provinces
    # only, so it is normalised here for all (a fixed rule, not a guess).
    return re.sub(r"^prov ", "provincie ", key)


# ----------------------------------------------------------------------------- reading
def read_registry(path: Path) -> Registry:
    """Read and validate a registry CSV (comma or semicolon separated, UTF-8 or Windows-1252).

    Columns (header names in Dutch or English, any case): ``code`` (or ``cbs_code``): letters,
    digits, ``.``, ``_``, ``-``, at most 40; ``name`` (``naam``); optional ``aliases``
    (``|``-separated other names; an upper-case alias of up to three letters counts only in a
    column of organisation names); optional ``kind`` (``soort``): one of :data:`KINDS`
    (default ``organisatie``); optional ``size`` (``population``, ``inwoners``, ...): the
    figure the population cost key shares by. Other columns are left alone.

    Raises
    ------
    RegistryError
        Naming the file, row and column: a missing column, an empty or unsafe code, a
        repeated code, name or alias, an empty name (or one of only dashes and dots), an
        unknown kind, a size that is not a number of at least 0, names that give the same file
        name, more than 5000 organisations, a file too large.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "organisaties.csv"
    >>> _ = path.write_text("code;naam;soort;inwoners\\nWS0155;Aa en Maas;waterschap;800000\\n")
    >>> read_registry(path).name("WS0155")
    'Aa en Maas'
    >>> _ = path.write_text("code,name\\nGM1,Ede\\nGM1,Epe\\n")
    >>> read_registry(path)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bimmaturity.organisations.RegistryError: ...rij 3, kolom code: code 'GM1' staat ook in rij 2...
    """
    path = Path(path)
    where = path.name
    try:
        size = path.stat().st_size
        if size > MAX_REGISTRY_BYTES:
            raise RegistryError(
                f"{where}: het register is {size} bytes; ten hoogste {MAX_REGISTRY_BYTES}"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise RegistryError(f"{where}: niet te lezen ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Dutch Windows
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise RegistryError(f"{where}: leeg; verwacht een kopregel met minstens code en naam")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        for column, accepted in _COLUMNS.items():
            if fold(title).replace(" ", "_") in {a.replace(" ", "_") for a in accepted}:
                if column in columns:
                    raise RegistryError(
                        f"{where}: rij 1, kolom {title!r}: tweede kolom voor {column}; "
                        "laat er één staan"
                    )
                columns[column] = index
    for column, label in (("code", "code"), ("name", "naam")):
        if column not in columns:
            accepted = ", ".join(_COLUMNS[column])
            raise RegistryError(
                f"{where}: rij 1: kolom {label} ontbreekt (kopregel: {', '.join(header)}); "
                f"toegestaan: {accepted}"
            )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_REGISTRY_ROWS:
            raise RegistryError(
                f"{where}: rij {number}: meer dan {MAX_REGISTRY_ROWS} organisaties; "
                "splits het register of laat rijen weg"
            )

        def cell(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        rows.append({"_row": number, **{column: cell(column) for column in _COLUMNS}})
    if not rows:
        raise RegistryError(f"{where}: geen organisaties onder de kopregel")
    return _validated(rows, where, first_row=None)


def _validated(rows: list[dict], where: str, first_row: int | None) -> Registry:
    """Check rows (``_row``: the file's row number; else counted from ``first_row``)."""
    seen_codes: dict[str, int] = {}
    seen_keys: dict[str, tuple[int, str]] = {}
    seen_slugs: dict[str, int] = {}
    clean = []
    for position, row in enumerate(rows):
        number = row.get("_row", (first_row or 1) + position)

        def fail(column: str, message: str, number: int = number) -> RegistryError:
            return RegistryError(f"{where}: rij {number}, kolom {column}: {message}")

        code, name = row["code"].strip(), " ".join(row["name"].split())
        if not code:
            raise fail("code", "leeg; elke organisatie heeft een code (bijvoorbeeld GM0363)")
        if not _SAFE_CODE.match(code):
            raise fail(
                "code",
                f"{code[:60]!r} is geen geldige code: alleen letters, cijfers, '.', '_' en '-', "
                "ten hoogste 40 tekens, beginnend met een letter of cijfer",
            )
        if code in seen_codes:
            raise fail("code", f"code {code!r} staat ook in rij {seen_codes[code]}")
        seen_codes[code] = number
        if not name:
            raise fail("naam", f"leeg voor {code}; elke organisatie heeft een naam")
        if len(name) > 200 or any(ord(c) < 32 for c in name):
            raise fail("naam", "langer dan 200 tekens of met stuurtekens")
        if not _key(name):
            raise fail("naam", f"{name!r} is alleen streepjes en punten; geen naam")
        kind = fold(row.get("kind") or "") or "organisatie"
        if kind not in KINDS:
            raise fail(
                "soort", f"{row['kind'][:40]!r} is geen soort; toegestaan: {', '.join(KINDS)}"
            )
        aliases = [" ".join(a.split()) for a in str(row.get("aliases") or "").split("|")]
        aliases = [a for a in aliases if a]
        for label, text in [("code", code), ("naam", name), *(("aliassen", a) for a in aliases)]:
            key = _key(text)
            if not key:
                continue
            earlier = seen_keys.get(key)
            if earlier is not None and earlier[1] != code:
                raise fail(
                    label,
                    f"{text!r} is ook een naam, alias of code van {earlier[1]} (rij "
                    f"{earlier[0]}); namen en aliassen moeten één organisatie aanwijzen",
                )
            seen_keys[key] = (number, code)
        slug = file_slug(name)
        if slug in seen_slugs:
            raise fail(
                "naam",
                f"{name!r} geeft dezelfde bestandsnaam ({slug}) als rij {seen_slugs[slug]}; "
                "maak de namen verschillend",
            )
        seen_slugs[slug] = number
        size_text = str(row.get("size") or "").strip().replace("\u00a0", "").replace(" ", "")
        size = math.nan
        if size_text:
            try:
                size = float(_plain_number(size_text))
            except ValueError:
                size = -1.0
            if not math.isfinite(size) or size < 0:
                raise fail(
                    "omvang",
                    f"{size_text[:40]!r} is geen getal van 0 of meer (bijvoorbeeld 931298)",
                )
        clean.append(
            {"code": code, "name": name, "aliases": "|".join(aliases), "kind": kind, "size": size}
        )
    frame = pd.DataFrame(clean, columns=["code", "name", "aliases", "kind", "size"])
    frame["size"] = frame["size"].astype(float)
    return Registry(frame, where)


@cache
def _provinces_frame() -> pd.DataFrame:
    ref = resources.files("bimmaturity") / "data" / "provinces.csv"
    with ref.open("rb") as handle:
        return pd.read_csv(handle, dtype={"aliases": "str"})


@cache
def default_registry() -> Registry:
    """The twelve provinces (the packaged ``provinces.csv``), the default registry.

    Examples
    --------
    >>> default_registry().kind, len(default_registry().codes)
    ('provincie', 12)
    """
    frame = _provinces_frame()
    return Registry.from_rows(
        [
            {
                "code": r.cbs_code,
                "name": r.name,
                "aliases": r.aliases,
                "kind": "provincie",
                "size": r.population_2024,
            }
            for r in frame.itertuples()
        ],
        "provinces.csv",
    )


# ----------------------------------------------------------------------------- active registry
_active: list[Registry] = []


def active_registry() -> Registry:
    """The registry in use: the one last made active, else the provinces."""
    return _active[-1] if _active else default_registry()


def activate(registry: Registry | None) -> None:
    """Make ``registry`` the one in use from now on (None: the provinces again)."""
    _active.clear()
    if registry is not None and registry != default_registry():
        _active.append(registry)


@contextlib.contextmanager
def use_registry(registry: Registry | None) -> Iterator[Registry]:
    """Use ``registry`` inside a ``with`` block; the one before is in use again after it.

    Examples
    --------
    >>> other = Registry.from_rows([{"code": "WS1", "name": "Vallei en Veluwe"}])
    >>> with use_registry(other):
    ...     province_name("WS1")
    'Vallei en Veluwe'
    >>> province_name("PV21")
    'Fryslân'
    """
    before = list(_active)
    activate(registry)
    try:
        yield active_registry()
    finally:
        _active[:] = before


# ----------------------------------------------------------------------------- shortcuts
def provinces() -> pd.DataFrame:
    """The province registry: cbs_code, name, aliases, population_2024, municipalities_2024.

    Examples
    --------
    >>> provinces()["cbs_code"].tolist()[:3]
    ['PV20', 'PV21', 'PV22']
    """
    return _provinces_frame().copy()


def match_province(name: object, *, allow_abbreviation: bool = True) -> str | None:
    """Return the code for an organisation name as written in an export, or None.

    Names come from the active registry (the provinces unless another is in use). Matching
    ignores case, surrounding and non-breaking spaces, diacritics, and treats ``-``, ``.`` and
    spaces alike; a leading kind word ("Gemeente Utrecht") is allowed for an organisation of
    that kind. Short upper-case abbreviations count only when ``allow_abbreviation`` is true
    (a column that holds organisation names).

    Examples
    --------
    >>> match_province("provincie  fryslan"), match_province("Noord Holland"), match_province("NB")
    ('PV21', 'PV27', 'PV30')
    >>> match_province("Holland") is None
    True
    """
    return active_registry().match(name, allow_abbreviation=allow_abbreviation)


def province_code(name: object) -> str:
    """The code of an organisation given by name or code, as a person types it; else an error.

    Matching is that of :func:`match_province` (abbreviations such as ``ZH`` included). For a
    parameter such as notebook 10's ``province``.

    Raises
    ------
    ValueError
        In Dutch, naming every organisation and its code, when ``name`` matches none.

    Examples
    --------
    >>> province_code("Zuid-Holland"), province_code("pv21"), province_code("Friesland")
    ('PV28', 'PV21', 'PV21')
    >>> province_code("Holland")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: 'Holland' is geen provincie. Kies een naam of code: Groningen (PV20), ...
    """
    return active_registry().code(name)


def province_name(code: str) -> str:
    """The name of an organisation by code (the active registry; KeyError when unknown).

    Examples
    --------
    >>> province_name("PV21")
    'Fryslân'
    """
    return active_registry().name(code)


def organisation_kind(code: str | None = None) -> str:
    """The kind of organisation ``code`` is, or (no code) the kind the registry's
    organisations share (``organisatie`` when they differ).

    Examples
    --------
    >>> organisation_kind(), organisation_kind("PV20")
    ('provincie', 'provincie')
    """
    registry = active_registry()
    return registry.kind if code is None else registry.kind_of(code)


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
