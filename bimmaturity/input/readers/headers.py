"""Wide-export headers: what each column of a survey export means.

Headers are classified as the input-formats contract says (answer, role, comment, province,
respondent identity, time, wave, known survey metadata, or unmapped), by question codes and
words in the header, or by a ``kolommen.csv`` mapping. The header row is the first row, among
the first 20 filled rows, that holds an answer column. The wide reader
(:mod:`bimmaturity.input.readers.wide`) reads the rows below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from bimmaturity.input.grid import Sheet, first_rows
from bimmaturity.input.readers.base import cell_text, fold, measure_words, words
from bimmaturity.input.readers.organisation import ORGANISATION_WORDS
from bimmaturity.instrument import AnswerError, Instrument

__all__ = [
    "Column",
    "check_mapping_target",
    "classify_header",
    "header_row",
    "numbered",
]

CURRENT_WORDS = {"huidig", "huidige", "nu", "current"}
AMBITION_WORDS = {"ambitie", "doel", "gewenst", "gewenste", "ambition", "target"}
ROLE_WORDS = {"rol", "samenwerking", "role"}
COMMENT_WORDS = {"toelichting", "opmerking", "comment"}
PROVINCE_WORDS = set(ORGANISATION_WORDS)
"""Whole words that make a header the organisation's (provincie, gemeente, waterschap, ...)."""
EMAIL_HEADERS = {
    "e-mail",
    "email",
    "e-mailadres",
    "emailadres",
    "e-mail address",
    "email address",
    "e-mail adres",
}
NAME_HEADERS = {"naam", "name", "volledige naam", "full name", "uw naam", "your name"}
TIME_HEADERS = {
    "tijd van voltooien",
    "completion time",
    "tijdstempel",
    "timestamp",
    "submitdate",
    "date submitted",
    "datum verzonden",
}
WAVE_HEADERS = {"wave", "meting"}
KNOWN_META = {
    # Microsoft Forms (Dutch and English)
    "id",
    "begintijd",
    "start time",
    "tijd van laatste wijziging",
    "last modified time",
    "totaal aantal punten",
    "total points",
    "feedback over test",
    "quiz feedback",
    # Google Forms
    "score",
    # LimeSurvey (codes and full headings)
    "lastpage",
    "last page",
    "startlanguage",
    "start language",
    "seed",
    "startdate",
    "date started",
    "datestamp",
    "date last action",
    "ipaddr",
    "ip address",
    "refurl",
    "referrer url",
    "token",
    "response id",
    "interviewtime",
    "total time",
}
HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    """What one header means: kind is answer, role, comment, province, email, name, time,
    wave, meta, ignore or unmapped; target is the question/element for the first three."""

    kind: str
    target: str = ""
    measure: str = ""


@cache
def _code_pattern(element_ids: tuple[str, ...]) -> re.Pattern[str]:
    # an element id, a separator (-, _, space or nothing) and a number, as whole word
    alternatives = "|".join(sorted((re.escape(fold(e)) for e in element_ids), key=len)[::-1])
    return re.compile(rf"(?<![a-z0-9])\[?({alternatives})\s*[-_ ]?\s*(\d+)\]?(?![0-9])")


def classify_header(
    header: str,
    instrument: Instrument,
    mapping: Mapping[str, str] | None = None,
    *,
    occurrence: int = 1,
) -> Column:
    """Classify a wide-export header per the input-formats contract.

    ``occurrence`` is 2 for the second column with the same header, and so on: the mapping
    file may then name it as ``<header>#2``.

    Raises
    ------
    AnswerError
        For a header that names a question but cannot be placed (no or both measure words,
        an unknown question code).

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> inst = default_instrument()
    >>> classify_header("[VISIE-1] Huidige situatie: Er is een visie", inst)
    Column(kind='answer', target='VISIE-1', measure='current')
    >>> classify_header("[OTL rol] Welke rol wil uw provincie spelen?", inst)
    Column(kind='role', target='OTL', measure='')
    >>> classify_header("VISIE1_ambitie", inst)
    Column(kind='answer', target='VISIE-1', measure='ambition')
    >>> classify_header("Organisatie", inst).kind, classify_header("Doelen", inst).kind
    ('province', 'unmapped')
    >>> classify_header("Naam organisatie", inst).kind, classify_header("Gemeente", inst).kind
    ('province', 'province')
    """
    folded = fold(header)
    if mapping:
        for key in _mapping_keys(folded, occurrence):
            if key in mapping:
                return _mapped(mapping[key], header, instrument)
    # the same headers come back in every export of a survey: remembered per instrument
    return instrument._remembered("wide header", header, partial(_classify, instrument=instrument))


def _by_label(header: str, instrument: Instrument) -> tuple[bool, bool]:
    """Whether ``header`` holds the instrument's current label and its ambition label, each
    label's words in a row anywhere (``[A-1] Streefbeeld 2030``)."""
    labels = measure_words(instrument)
    if not labels:
        return False, False
    found = tuple(words(header))

    def holds(label: tuple[str, ...]) -> bool:
        return any(found[i : i + len(label)] == label for i in range(len(found)))

    current, ambition = labels
    return holds(current), holds(ambition)


def _classify(header: str, instrument: Instrument) -> Column:
    folded = fold(header)
    header_words = set(words(header))
    match = _code_pattern(tuple(instrument.element_ids)).search(folded)
    if match:
        element = instrument.resolve_element(match.group(1))
        assert element is not None
        raw_code = f"{element}-{int(match.group(2))}"
        question = instrument.resolve_question(raw_code)
        if question is None:
            raise AnswerError(
                f"kolomkop {_quoted(header)}: vraagcode {raw_code!r} bestaat niet in het "
                f"instrument; toegestaan: {_examples(instrument)}"
            )
        is_current = bool(header_words & CURRENT_WORDS)
        is_ambition = bool(header_words & AMBITION_WORDS)
        if not (is_current or is_ambition):  # the instrument's own words ("Streefbeeld")
            is_current, is_ambition = _by_label(header, instrument)
        if is_current and is_ambition:
            raise AnswerError(
                f"kolomkop {_quoted(header)} noemt zowel huidige situatie als ambitie; "
                "één kolom moet één van beide zijn"
            )
        if not (is_current or is_ambition):
            current, ambition = (
                _quoted(instrument.measures[m].label) for m in ("current", "ambition")
            )
            raise AnswerError(
                f"kolomkop {_quoted(header)} noemt vraag {question} maar niet of het de huidige "
                f"situatie (huidig, nu, current of {current}) of de ambitie (ambitie, doel, "
                f"gewenst, target of {ambition}) is"
            )
        return Column("answer", question, "current" if is_current else "ambition")
    element_ids = {fold(e): e for e in instrument.element_ids}
    tagged = _tagged(folded, element_ids)
    if tagged is not None:
        return tagged  # "[X toelichting] ...": the tag decides over words in the text
    mentioned = [element_ids[w] for w in words(header) if w in element_ids]
    if mentioned and header_words & ROLE_WORDS:
        return Column("role", mentioned[0])
    if mentioned and header_words & COMMENT_WORDS:
        return Column("comment", mentioned[0])
    if folded in EMAIL_HEADERS:
        return Column("email")
    if folded in NAME_HEADERS:
        return Column("name")
    if folded in TIME_HEADERS:
        return Column("time")
    if folded in WAVE_HEADERS:
        return Column("wave")
    if folded in KNOWN_META:
        return Column("meta")
    if header_words & PROVINCE_WORDS:
        return Column("province")
    return Column("unmapped")


_TAG = re.compile(r"^\s*\[([^\]]*)\]")


def _tagged(folded: str, element_ids: Mapping[str, str]) -> Column | None:
    """The role or comment column a leading ``[ELEMENT rol]`` / ``[ELEMENT toelichting]`` tag
    names, or None when the header has no such tag (or the tag names both or neither)."""
    match = _TAG.match(folded)
    if match is None:
        return None
    tag = words(match.group(1))
    mentioned = [element_ids[w] for w in tag if w in element_ids]
    is_role, is_comment = bool(ROLE_WORDS.intersection(tag)), bool(COMMENT_WORDS.intersection(tag))
    if not mentioned or is_role == is_comment:
        return None
    return Column("role" if is_role else "comment", mentioned[0])


def _mapping_keys(folded: str, occurrence: int) -> tuple[str, ...]:
    # the n-th column with the same header is "<header>#n" in kolommen.csv; the first also
    # plain "<header>"
    return (f"{folded}#{occurrence}", folded) if occurrence == 1 else (f"{folded}#{occurrence}",)


def _quoted(header: str) -> str:
    text = " ".join(header.split())
    return repr(text if len(text) <= 80 else text[:77] + "...")


def _examples(instrument: Instrument) -> str:
    return f"{', '.join(instrument.question_ids[:3])}, ... {instrument.question_ids[-1]}"


MAPPING_TARGETS = (
    "VRAAG:current, VRAAG:ambition, ELEMENT:role, ELEMENT:comment, province, respondent, "
    "email, ignore"
)


def _mapped(target: str, header: str, instrument: Instrument) -> Column:
    target = target.strip()
    folded = fold(target)
    if folded in ORGANISATION_WORDS:
        return Column("province")
    if folded in {"respondent", "name", "naam"}:
        return Column("name")
    if folded in {"email", "e-mail"}:
        return Column("email")
    if folded in {"ignore", "negeren", "negeer"}:
        return Column("ignore")
    if folded in {"wave", "meting"}:
        return Column("wave")
    if folded in {"time", "tijd"}:
        return Column("time")
    if ":" in target:
        left, right = (part.strip() for part in target.split(":", 1))
        right = fold(right)
        measure = {"current": "current", "huidig": "current", "ambition": "ambition"}
        measure |= {"ambitie": "ambition"}
        question = instrument.resolve_question(left)
        if question and right in measure:
            return Column("answer", question, measure[right])
        element = instrument.resolve_element(left)
        kinds = {"role": "role", "rol": "role", "comment": "comment", "toelichting": "comment"}
        if element and right in kinds:
            return Column(kinds[right], element)
    raise AnswerError(
        f"doel {target!r} voor kolom {_quoted(header)} is onbekend; toegestaan: {MAPPING_TARGETS}"
    )


def check_mapping_target(target: str, instrument: Instrument) -> str | None:
    """The Dutch error for a mapping target that means nothing, or None when it is valid.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> check_mapping_target("VISIE-1:current", default_instrument()) is None
    True
    >>> check_mapping_target("VISIE-9:current", default_instrument())[:22]
    "doel 'VISIE-9:current'"
    """
    try:
        _mapped(target, "", instrument)
    except AnswerError as exc:
        return str(exc).replace(" voor kolom ''", "")
    return None


def numbered(headers: Iterable[Any]) -> Iterator[tuple[int, str, str, int]]:
    """Every filled header with its position, its text folded and its occurrence: 2 for the
    second column with the same header (which the mapping file names ``<header>#2``), and so on.

    Examples
    --------
    >>> list(numbered(["Naam", None, "NAAM", 3.0]))
    [(0, 'Naam', 'naam', 1), (2, 'NAAM', 'naam', 2), (3, '3', '3', 1)]
    """
    seen: dict[str, int] = {}
    for position, value in enumerate(headers):
        text = cell_text(value)
        if not text.strip():
            continue
        folded = fold(text)
        seen[folded] = seen.get(folded, 0) + 1
        yield position, text, folded, seen[folded]


def _row_columns(
    row: list[Any], instrument: Instrument, mapping: Mapping[str, str] | None
) -> tuple[bool, bool]:
    """(holds a valid answer column, holds a header that names a question but fails)."""
    valid = failed = False
    for _position, text, _folded, occurrence in numbered(row):
        try:
            column = classify_header(text, instrument, mapping, occurrence=occurrence)
        except AnswerError:
            failed = True
            continue
        if column.kind == "answer":
            valid = True
            break
    return valid, failed


def header_row(
    sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str] | None = None
) -> int | None:
    """The header row of a wide export, or None when the sheet holds no answer column.

    The first of the first 20 filled rows with a valid answer column; else the first with a
    header that names a question but cannot be placed (so its error is reported).
    """
    fallback = None
    for index in first_rows(sheet, HEADER_SEARCH_ROWS):
        valid, failed = _row_columns(sheet.rows[index], instrument, mapping)
        if valid:
            return index
        if failed and fallback is None:
            fallback = index
    return fallback
