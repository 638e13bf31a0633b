"""Wide exports: one row per respondent, as Microsoft Forms, Google Forms and LimeSurvey write.

Headers are classified as the input-formats contract says (answer, role, comment, province,
respondent identity, time, wave, known survey metadata, or unmapped). The header row is the
first row, among the first 20 filled rows, that holds an answer column, so a title row above
the header does no harm. Names and e-mail addresses are read only to build the respondent's
identity; a message never quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from bimmaturity.input.grid import Sheet, blank, column_letter, first_rows
from bimmaturity.input.readers.base import (
    Reader,
    ReadResult,
    Submission,
    cell_text,
    fold,
    mask_personal,
    parse_cell,
    redact,
    words,
)
from bimmaturity.instrument import AnswerError, Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province

__all__ = [
    "Column",
    "WideReader",
    "as_time",
    "check_mapping_target",
    "classify_header",
    "header_row",
    "looks_wide",
    "read_wide",
]

CURRENT_WORDS = {"huidig", "huidige", "nu", "current"}
AMBITION_WORDS = {"ambitie", "doel", "gewenst", "gewenste", "ambition", "target"}
ROLE_WORDS = {"rol", "samenwerking", "role"}
COMMENT_WORDS = {"toelichting", "opmerking", "comment"}
PROVINCE_WORDS = {"provincie", "province", "organisatie"}
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
ANONYMOUS = {"anonymous", "anoniem", ""}
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
    """
    folded = fold(header)
    if mapping:
        for key in _mapping_keys(folded, occurrence):
            if key in mapping:
                return _mapped(mapping[key], header, instrument)
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
        if is_current and is_ambition:
            raise AnswerError(
                f"kolomkop {_quoted(header)} noemt zowel huidige situatie als ambitie; "
                "één kolom moet één van beide zijn"
            )
        if not (is_current or is_ambition):
            raise AnswerError(
                f"kolomkop {_quoted(header)} noemt vraag {question} maar niet of het de huidige "
                "situatie (huidig, nu, current) of de ambitie (ambitie, doel, gewenst, "
                "target) is"
            )
        return Column("answer", question, "current" if is_current else "ambition")
    element_ids = {fold(e): e for e in instrument.element_ids}
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
    if folded in {"province", "provincie"}:
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


def _row_columns(
    row: list[Any], instrument: Instrument, mapping: Mapping[str, str] | None
) -> tuple[bool, bool]:
    """(holds a valid answer column, holds a header that names a question but fails)."""
    valid = failed = False
    seen: dict[str, int] = {}
    for value in row:
        text = cell_text(value)
        if not text.strip():
            continue
        folded = fold(text)
        seen[folded] = seen.get(folded, 0) + 1
        try:
            column = classify_header(text, instrument, mapping, occurrence=seen[folded])
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


def looks_wide(sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str] | None) -> bool:
    """True when one of the sheet's first filled rows holds an answer column."""
    return header_row(sheet, instrument, mapping) is not None


_TIME_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%d-%m-%Y",
    "%Y-%m-%d",
)


_FRACTION = re.compile(r"(\d:\d\d:\d\d)[.,]\d+")


def as_time(value: Any) -> datetime | None:
    """A completion time as written by a survey tool, or None when it is not one.

    Examples
    --------
    >>> as_time("2020/03/05 10:11:12 AM GMT+1"), as_time("5-3-2020 10:11:12").day
    (datetime.datetime(2020, 3, 5, 10, 11, 12), 5)
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    text = cell_text(value).split(" GMT")[0].strip()
    text = _FRACTION.sub(r"\1", text)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def read_wide(
    sheet: Sheet,
    instrument: Instrument,
    *,
    file: str,
    mapping: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read a wide export sheet into submissions (one per filled data row) and issues."""
    result = ReadResult(layout="wide", sheet=sheet.name, sheets=[sheet.name])
    header_index = header_row(sheet, instrument, mapping)
    if header_index is None:
        result.issues.append(
            Issue(file, sheet.name, "", ERROR, "geen enkele antwoordkolom herkend")
        )
        return result
    headers = [cell_text(v) for v in sheet.rows[header_index]]
    data_rows = range(header_index + 1, len(sheet.rows))
    columns: dict[int, Column] = {}
    targets: dict[tuple[str, str, str], int] = {}
    seen: dict[str, int] = {}
    for position in range(sheet.width):
        header = headers[position] if position < len(headers) else ""
        location = sheet.location(header_index, position)
        if not header.strip():
            filled = sum(not blank(sheet.cell(r, position)) for r in data_rows)
            if filled:
                result.unmapped.append(f"(kolom {column_letter(position)} zonder kop)")
                result.issues.append(
                    Issue(
                        file,
                        sheet.name,
                        location,
                        WARNING,
                        f"kolom zonder kop met {filled} ingevulde cel(len) is niet gelezen; "
                        "geef de kolom een kop of leg haar vast in kolommen.csv",
                    )
                )
            continue
        folded = fold(header)
        seen[folded] = seen.get(folded, 0) + 1
        if mapping:
            for key in _mapping_keys(folded, seen[folded]):
                if key in mapping:
                    result.mapped.add(key)
                    break
        try:
            column = classify_header(header, instrument, mapping, occurrence=seen[folded])
        except AnswerError as exc:
            result.issues.append(Issue(file, sheet.name, location, ERROR, str(exc)))
            continue
        key = (column.kind, column.target, column.measure)
        if column.kind in {"answer", "role", "comment", "province", "email", "name", "wave"}:
            if key in targets:
                first = sheet.location(header_index, targets[key])
                result.issues.append(
                    Issue(
                        file,
                        sheet.name,
                        location,
                        ERROR,
                        f"kolom {_quoted(header)} ({location}) en kolom "
                        f"{_quoted(headers[targets[key]])} ({first}) gaan over hetzelfde "
                        f"({_describe(column)}); laat één van beide weg",
                    )
                )
                continue
            targets[key] = position
        if column.kind == "unmapped":
            filled = sum(not blank(sheet.cell(r, position)) for r in data_rows)
            result.unmapped.append(" ".join(header.split()))
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    location,
                    WARNING,
                    f"kolom {_quoted(header)} is niet herkend en niet gelezen "
                    f"({filled} ingevulde cel(len)); leg haar zo nodig vast in kolommen.csv",
                )
            )
        columns[position] = column
    content_columns = [p for p, c in columns.items() if c.kind in {"answer", "role", "comment"}]
    if not any(c.kind == "answer" for c in columns.values()):
        result.issues.append(
            Issue(file, sheet.name, "", ERROR, "geen enkele antwoordkolom herkend")
        )
        return result
    province_column = next((p for p, c in columns.items() if c.kind == "province"), None)
    if province_column is None:
        result.issues.append(
            Issue(
                file,
                sheet.name,
                sheet.location(header_index, 0),
                ERROR,
                "geen kolom met de provincie gevonden (kop met 'Provincie', 'Province' of "
                "'Organisatie'); geen enkele rij gelezen",
            )
        )
        return result
    by_kind = {c.kind: p for p, c in columns.items() if c.kind in {"email", "name", "time", "wave"}}
    secrets = {
        fold(cell_text(sheet.cell(r, by_kind[kind])))
        for kind in ("email", "name")
        if kind in by_kind
        for r in data_rows
    } - ANONYMOUS
    for row_index in data_rows:
        row = sheet.rows[row_index]
        if all(blank(v) for v in row) and not any((row_index, c) in sheet.notes for c in columns):
            continue
        result.rows_read += 1
        filled = sum(
            not blank(sheet.cell(row_index, p)) or (row_index, p) in sheet.notes
            for p in content_columns
        )
        if not filled:
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    sheet.location(row_index),
                    WARNING,
                    "lege inzending (geopend, niet ingevuld); overgeslagen",
                )
            )
            continue
        province_cell = sheet.location(row_index, province_column)
        raw_province = sheet.cell(row_index, province_column)
        problem = sheet.problem(row_index, province_column)
        province = None if problem else match_province(raw_province, allow_abbreviation=True)
        if province is None:
            shown = cell_text(raw_province).strip()
            if problem:
                message = problem
            elif shown:
                message = redact(
                    f"{shown!r} is geen provincie; toegestaan: de twaalf provincienamen "
                    "(bijv. Fryslân, Noord-Brabant) of hun CBS-code (PV20..PV31)",
                    shown,
                    secrets,
                )
            else:
                message = "provincie ontbreekt"
            message += f"; de {filled} ingevulde antwoordcel(len) van deze rij zijn niet gelezen"
            result.issues.append(Issue(file, sheet.name, province_cell, ERROR, message))
            continue
        identity = _identity(sheet, row_index, by_kind, province, file)
        wave = (
            cell_text(sheet.cell(row_index, by_kind["wave"])).strip() if "wave" in by_kind else ""
        )
        submission = Submission(
            file=file,
            sheet=sheet.name,
            location=sheet.location(row_index),
            province=province,
            identity=identity,
            wave=wave or None,
            submitted=as_time(sheet.cell(row_index, by_kind["time"]))
            if "time" in by_kind
            else None,
            order=row_index,
        )
        for position, column in columns.items():
            cell = sheet.location(row_index, position)
            if column.kind == "answer":
                level = parse_cell(
                    sheet,
                    row_index,
                    position,
                    instrument.parse_level,
                    file=file,
                    issues=result.issues,
                    secrets=secrets,
                )
                element = instrument.element_of(column.target)
                submission.set_answer(column.target, element, column.measure, level, cell)
            elif column.kind == "role":
                role = parse_cell(
                    sheet,
                    row_index,
                    position,
                    instrument.parse_role,
                    file=file,
                    issues=result.issues,
                    secrets=secrets,
                )
                if role is not None:
                    submission.roles[column.target] = (role, cell)
            elif column.kind == "comment":
                problem = sheet.problem(row_index, position)
                if problem:
                    result.issues.append(Issue(file, sheet.name, cell, WARNING, problem))
                    continue
                text = mask_personal(cell_text(sheet.cell(row_index, position)).strip(), secrets)
                if text:
                    submission.comments[column.target] = (text, cell)
        result.submissions.append(submission)
    return result


def _identity(
    sheet: Sheet, row_index: int, by_kind: dict[str, int], province: str, file: str
) -> str:
    if "email" in by_kind:
        email = fold(cell_text(sheet.cell(row_index, by_kind["email"])))
        if email not in ANONYMOUS:
            return f"email:{email}"
    if "name" in by_kind:
        name = fold(cell_text(sheet.cell(row_index, by_kind["name"])))
        if name not in ANONYMOUS:
            return f"name:{province}:{name}"
    return f"row:{file}:{sheet.name}:{row_index}"


def _describe(column: Column) -> str:
    if column.kind == "answer":
        return f"{column.target} {'huidige situatie' if column.measure == 'current' else 'ambitie'}"
    if column.target:
        return f"{column.kind} {column.target}"
    return column.kind


class WideReader(Reader):
    """The wide layout: :func:`looks_wide` recognises a sheet, :func:`read_wide` reads it."""

    layout = "wide"

    def detect(self, sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str]) -> bool:
        return looks_wide(sheet, instrument, mapping)

    def read(
        self,
        sheets: Sequence[Sheet],
        instrument: Instrument,
        *,
        file: str,
        mapping: Mapping[str, str],
    ) -> ReadResult:
        (sheet,) = sheets
        return read_wide(sheet, instrument, file=file, mapping=mapping)
