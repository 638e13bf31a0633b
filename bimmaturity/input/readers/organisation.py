"""The organisation in an export: the words that mark its column or label, and what a message
says when a name is not in the registry in use.

Every reader finds the organisation the same way: a wide export's header holds one of
:data:`ORGANISATION_WORDS` as a whole word; a tidy table's column name or a template's label is
one of :data:`ORGANISATION_HEADERS`. The name in it is matched with
:func:`bimmaturity.organisations.match_province` (the active registry). A name that matches
nothing gets :func:`unknown_organisation`: the registry's own word for its organisations
(``gemeente``, ``waterschap``, ...) and a few names that are allowed, never all of them.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from bimmaturity.organisations import KINDS, Registry, active_registry, default_registry
from bimmaturity.textnorm import fold
from bimmaturity.vocab import org_words

__all__ = [
    "ORGANISATION_HEADERS",
    "ORGANISATION_WORDS",
    "allowed_organisations",
    "header_preference",
    "missing_organisation",
    "unknown_organisation",
]

ORGANISATION_WORDS = frozenset(
    {"provincie", "province", "organisatie", "organisation", "gemeente", "waterschap"}
)
"""Whole words that make a wide export's column the organisation's (``Naam organisatie``,
``Uw gemeente``)."""
ORGANISATION_HEADERS = ORGANISATION_WORDS | {"naam organisatie"}
"""Column names of a tidy table and labels of a template that name the organisation (folded,
the whole cell)."""

_OWN_WORDS = {
    "provincie": {"provincie", "province"},
    "gemeente": {"gemeente"},
    "waterschap": {"waterschap"},
    "organisatie": {"organisatie", "organisation"},
}
_GENERAL_WORDS = {"organisatie", "organisation"}


def header_preference(header: str, kind: str | None = None) -> int:
    """How well a header names the organisation of the registry in use (of ``kind``): 2 when
    it holds the kind's own word, 1 for ``organisatie``, 0 for another kind's word.

    An export with two such columns (``Provincie`` and ``Gemeente`` in a provinces' survey)
    reads the one that prefers most; the other is no error.

    Examples
    --------
    >>> header_preference("Provincie"), header_preference("Organisatie")
    (2, 1)
    >>> header_preference("In welke gemeente werkt u?"), header_preference("Gemeente", "gemeente")
    (0, 2)
    """
    kind = active_registry().kind if kind is None else kind
    found = set(_WORD.findall(fold(header)))
    if found & _OWN_WORDS.get(kind, _GENERAL_WORDS):
        return 2
    return 1 if found & _GENERAL_WORDS else 0


_WORD = re.compile(r"[a-z0-9]+")

LISTED = 6
"""A registry of at most this many organisations is listed in full in a message; a larger one
by a few examples."""
EXAMPLES = 3

_PROVINCES = "de twaalf provincienamen{examples} of hun CBS-code (PV20..PV31)"


def allowed_organisations(
    text: object = "", registry: Registry | None = None, *, examples: bool = True
) -> str:
    """What may stand where an organisation is named, for a message: the registry's size and
    kind, and a few names with their codes (the names that look like ``text`` first).

    The twelve provinces keep their short sentence (``examples``: with two example names). A
    registry of at most six organisations lists them all; a larger one three: those that look
    like ``text`` (after a leading kind word), else its first three.

    Examples
    --------
    >>> allowed_organisations("Hollandia")
    'de twaalf provincienamen (bijv. Fryslân, Noord-Brabant) of hun CBS-code (PV20..PV31)'
    >>> rows = [{"code": f"GM{i}", "name": n, "kind": "gemeente"}
    ...         for i, n in enumerate(["Ede", "Epe", "Urk", "Utrecht", "Zeist", "Venlo", "Baarn"])]
    >>> allowed_organisations("Gemeente Utreht", Registry.from_rows(rows, "organisaties.csv"))
    'de naam of code van een van de 7 gemeenten uit organisaties.csv; lijkt op: Utrecht (GM3)'
    >>> allowed_organisations("Amsterdam", Registry.from_rows(rows, "organisaties.csv"))
    'de naam of code van een van de 7 gemeenten uit organisaties.csv, bijv. Ede (GM0), Epe (GM1), Urk (GM2)'
    """  # noqa: E501
    registry = active_registry() if registry is None else registry
    return _allowed("" if text is None else str(text), registry, registry.source, examples)


@lru_cache(maxsize=1024)
def _allowed(text: str, registry: Registry, source: str, examples: bool) -> str:
    # the source is part of the key: registries with the same rows are equal
    if registry == default_registry():
        shown = " (bijv. Fryslân, Noord-Brabant)" if examples else ""
        return _PROVINCES.format(examples=shown)
    words = org_words(registry.kind)
    origin = f" uit {source}" if source.lower().endswith(".csv") else ""
    frame = registry.frame
    named = [f"{r.name} ({r.code})" for r in frame.itertuples(index=False)]
    if len(named) == 1:
        return f"de naam of code van {words['de']} {words['org']}{origin}: {named[0]}"
    lead = f"de naam of code van een van de {len(named)} {words['orgs']}{origin}"
    if len(named) <= LISTED:
        return f"{lead}: {', '.join(named)}"
    close = _close(text, registry)
    if close:
        return f"{lead}; lijkt op: {', '.join(named[i] for i in close)}"
    return f"{lead}, bijv. {', '.join(named[:EXAMPLES])}"


def _close(text: str, registry: Registry) -> list[int]:
    """Positions of the names (or codes) that look like ``text``, best first."""
    key = fold(text)
    kind, _, rest = key.partition(" ")
    if kind in KINDS and rest:
        key = rest  # "Gemeente Utreht" looks like "Utrecht"
    if not key:
        return []
    keys: dict[str, int] = {}
    for position, row in enumerate(registry.frame.itertuples(index=False)):
        keys.setdefault(fold(row.name), position)
        keys.setdefault(fold(row.code), position)
    found = difflib.get_close_matches(key, list(keys), n=EXAMPLES, cutoff=0.75)
    return list(dict.fromkeys(keys[k] for k in found))


def unknown_organisation(text: str, *, examples: bool = True) -> str:
    """The message for a name that is no organisation of the active registry (``text`` as
    written in the export).

    Examples
    --------
    >>> unknown_organisation("Holland", examples=False)
    "'Holland' is geen provincie; toegestaan: de twaalf provincienamen of hun CBS-code (PV20..PV31)"
    """
    word = org_words(active_registry().kind)["org"]
    return f"{text!r} is geen {word}; toegestaan: {allowed_organisations(text, examples=examples)}"


def missing_organisation() -> str:
    """The message for an empty organisation cell.

    Examples
    --------
    >>> missing_organisation()
    'provincie ontbreekt'
    """
    return f"{org_words(active_registry().kind)['org']} ontbreekt"
