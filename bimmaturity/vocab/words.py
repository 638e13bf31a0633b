"""How texts name the organisations of the registry in use: provincie, gemeente, waterschap or
organisatie, with the pronouns and articles that agree with it (:func:`org_words`), and labels
that fill those words in each time they are read (:class:`OrgLabels`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

__all__ = ["KIND_WORDS", "OrgLabels", "org_text", "org_words", "plural"]

# ---------------------------------------------------------------------------- organisations
KIND_WORDS: dict[str, dict[str, str]] = {
    "provincie": {
        "org": "provincie",
        "orgs": "provincies",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "provincieprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
    "gemeente": {
        "org": "gemeente",
        "orgs": "gemeenten",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "gemeenteprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
    "waterschap": {
        "org": "waterschap",
        "orgs": "waterschappen",
        "haar": "zijn",
        "zij": "het",
        "de": "het",
        "die": "dat",
        "profiel": "waterschapsprofiel",
        "elke": "elk",
        "enkele": "enkel",
        "dezelfde": "hetzelfde",
    },
    "organisatie": {
        "org": "organisatie",
        "orgs": "organisaties",
        "haar": "haar",
        "zij": "zij",
        "de": "de",
        "die": "die",
        "profiel": "organisatieprofiel",
        "elke": "elke",
        "enkele": "enkele",
        "dezelfde": "dezelfde",
    },
}
"""How a sentence names one kind of organisation (:data:`bimmaturity.organisations.KINDS`):
singular, plural, possessive and subject pronoun, article, relative pronoun, the name of
one organisation's profile report, and the words before the noun that follow its gender
(``elke provincie``, ``elk waterschap``; ``geen enkele``, ``geen enkel``; ``dezelfde``,
``hetzelfde``)."""


def org_words(kind: str | None = None) -> dict[str, str]:
    """The words for ``kind`` (default: the kind of the registry in use) as ``str.format``
    fields: ``{org}``, ``{orgs}`` and capitalised ``{Org}``, ``{Orgs}``; ``{haar}``, ``{zij}``,
    ``{de}``, ``{die}`` (and ``{Zij}``, ``{De}``) agree with the noun's gender, as do
    ``{elke}``, ``{enkele}``, ``{dezelfde}`` ("elk waterschap"), ``{deze}`` ("dit
    waterschap") and ``{e}``, an adjective's ending ("elk deelnemend{e} {org}"); ``{profiel}`` /
    ``{Profiel}`` name one organisation's profile report ("waterschapsprofiel").

    Examples
    --------
    >>> "Mediaan alle {orgs}".format(**org_words("gemeente"))
    'Mediaan alle gemeenten'
    >>> "{De} {org} en {haar} ambitie".format(**org_words("waterschap"))
    'Het waterschap en zijn ambitie'
    """
    if kind is None:
        from bimmaturity.organisations import organisation_kind

        kind = organisation_kind()
    words = dict(KIND_WORDS.get(kind, KIND_WORDS["organisatie"]))
    neuter = words["de"] == "het"  # het waterschap: dit waterschap, elk deelnemend waterschap
    words.setdefault("deze", "dit" if neuter else "deze")
    words.update({f"{k[0].upper()}{k[1:]}": v[0].upper() + v[1:] for k, v in list(words.items())})
    words.setdefault("e", "" if neuter else "e")  # an adjective's ending: enig{e} {org}
    return words


def plural(kind: str | None = None) -> str:
    """The plural of ``kind`` (default: the kind of the registry in use).

    Examples
    --------
    >>> plural("provincie"), plural("waterschap")
    ('provincies', 'waterschappen')
    """
    return org_words(kind)["orgs"]


_ORG_FIELD = re.compile(r"\{(\w+)\}")


def org_text(template: str, kind: str | None = None) -> str:
    """``template`` with only its organisation fields (``{org}``, ``{Orgs}``, ``{haar}``,
    ``{deze}``, ``{e}``, ... of :func:`org_words`) filled in for ``kind`` (default: the
    registry in use); other fields such as ``{name}`` stay for a later ``str.format``.

    Examples
    --------
    >>> org_text("Elk{e} deelnemend{e} {org} en {name}", "waterschap")
    'Elk deelnemend waterschap en {name}'
    >>> org_text("{Deze} {org} wil groeien; {zij} heeft {haar} ambitie", "provincie")
    'Deze provincie wil groeien; zij heeft haar ambitie'
    """
    words = org_words(kind)
    return _ORG_FIELD.sub(lambda match: words.get(match.group(1), match.group(0)), template)


class OrgLabels(Mapping[str, str]):
    """Labels that name the organisations: templates (with the fields of :func:`org_text`)
    that read, each time one is looked up, in the words of the registry in use. With the
    provinces they read as they always did.

    Examples
    --------
    >>> labels = OrgLabels({"alone": "als enig{e} {org}"})
    >>> labels["alone"], dict(labels)
    ('als enige provincie', {'alone': 'als enige provincie'})
    >>> labels.template("alone")
    'als enig{e} {org}'
    """

    def __init__(self, templates: Mapping[str, str]) -> None:
        self._templates = dict(templates)

    def __getitem__(self, key: str) -> str:
        return org_text(self._templates[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)

    def template(self, key: str) -> str:
        """The label ``key`` with its fields as written."""
        return self._templates[key]

    def __repr__(self) -> str:
        return f"OrgLabels({self._templates!r})"
