"""Wide exports: one row per respondent, as Microsoft Forms, Google Forms and LimeSurvey write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bimmaturity.instrument import AnswerError, Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province
from bimmaturity.readers.base import ReadResult, Submission, cell_text, words
from bimmaturity.readers.grid import Sheet
from bimmaturity.textnorm import fold

__all__ = ["Column", "classify_header", "looks_wide", "read_wide"]

CURRENT_WORDS = {"huidig", "huidige", "nu", "current"}
AMBITION_WORDS = {"ambitie", "doel", "gewenst", "ambition", "target"}
ROLE_WORDS = {"rol", "samenwerking", "role"}
COMMENT_WORDS = {"toelichting", "opmerking", "comment"}
PROVINCE_WORDS = {"provincie", "province", "organisatie"}
EMAIL_HEADERS = {"e-mail", "email", "e-mailadres", "emailadres", "e-mail address", "email address"}
NAME_HEADERS = {"naam", "name", "volledige naam", "full name"}
TIME_HEADERS = {
    "tijd van voltooien",
    "completion time",
    "tijdstempel",
    "timestamp",
    "submitdate",
    "date submitted",
}
WAVE_HEADERS = {"wave", "meting"}
KNOWN_META = {
    "id",
    "begintijd",
    "start time",
    "tijd van laatste wijziging",
    "last modified time",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "response id",
}
ANONYMOUS = {"anonymous", "anoniem", ""}

_CODE_IN_HEADER = re.compile(r"(?<![a-z0-9])\[?([a-z][a-z0-9]*)\s*[-_ ]\s*(\d+)\]?(?![0-9])")


@dataclass(frozen=True)
class Column:
    """What one header means: kind is answer, role, comment, province, email, name, time,
    wave, meta, ignore or unmapped; target is the question/element for the first three."""

    kind: str
    target: str = ""
    measure: str = ""


def classify_header(
    header: str, instrument: Instrument, mapping: dict[str, str] | None = None
) -> Column:
    """Classify a wide-export header per the input-formats contract.

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
    """
    folded = fold(header)
    if mapping and folded in mapping:
        return _mapped(mapping[folded], header, instrument)
    header_words = set(words(header))
    element_ids = {fold(e): e for e in instrument.element_ids}
    codes = [
        (element_ids[m.group(1)], m.group(0))
        for m in _CODE_IN_HEADER.finditer(folded)
        if m.group(1) in element_ids
    ]
    if codes:
        raw_code = codes[0][1]
        question = instrument.resolve_question(raw_code)
        if question is None:
            raise AnswerError(
                f"kolomkop {header!r}: vraagcode {raw_code.strip('[]')!r} bestaat niet in het "
                f"instrument; toegestaan: {', '.join(instrument.question_ids[:3])}, ..."
            )
        is_current = bool(header_words & CURRENT_WORDS)
        is_ambition = bool(header_words & AMBITION_WORDS)
        if is_current and is_ambition:
            raise AnswerError(
                f"kolomkop {header!r} noemt zowel huidige situatie als ambitie; "
                "één kolom moet één van beide zijn"
            )
        if not (is_current or is_ambition):
            raise AnswerError(
                f"kolomkop {header!r} noemt vraag {question} maar niet of het de huidige "
                "situatie (huidig, nu, current) of de ambitie (ambitie, doel, gewenst, "
                "target) is"
            )
        return Column("answer", question, "current" if is_current else "ambition")
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


def _mapped(target: str, header: str, instrument: Instrument) -> Column:
    target = target.strip()
    folded = fold(target)
    if folded in {"province", "provincie"}:
        return Column("province")
    if folded in {"respondent", "name", "naam"}:
        return Column("name")
    if folded in {"email", "e-mail"}:
        return Column("email")
    if folded in {"ignore", "negeren"}:
        return Column("ignore")
    if ":" in target:
        left, right = (part.strip() for part in target.split(":", 1))
        right = fold(right)
        question = instrument.resolve_question(left)
        if question and right in {"current", "ambition"}:
            return Column("answer", question, right)
        element = instrument.resolve_element(left)
        if element and right in {"role", "comment"}:
            return Column(right, element)
    raise AnswerError(
        f"kolommen.csv: doel {target!r} voor kolom {header!r} is onbekend; toegestaan: "
        "VRAAG:current, VRAAG:ambition, ELEMENT:role, ELEMENT:comment, province, respondent, "
        "ignore"
    )


def _header_row(sheet: Sheet) -> int:
    for index, row in enumerate(sheet.rows):
        if any(cell_text(value).strip() for value in row):
            return index
    return 0


def looks_wide(sheet: Sheet, instrument: Instrument, mapping: dict[str, str] | None) -> bool:
    """True when the sheet's first filled row holds at least one answer column."""
    row = sheet.rows[_header_row(sheet)] if sheet.rows else []
    for value in row:
        try:
            if classify_header(cell_text(value), instrument, mapping).kind == "answer":
                return True
        except AnswerError:
            return True
    return False


_TIME_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
)


def _as_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    text = cell_text(value).split(" GMT")[0].strip()
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
    mapping: dict[str, str] | None = None,
) -> ReadResult:
    """Read a wide export sheet into submissions (one per data row) and issues."""
    result = ReadResult(layout="wide")
    header_index = _header_row(sheet)
    headers = [cell_text(v) for v in sheet.rows[header_index]]
    columns: dict[int, Column] = {}
    targets: dict[tuple[str, str, str], int] = {}
    for position, header in enumerate(headers):
        if not header.strip():
            if any(
                cell_text(sheet.cell(r, position)).strip()
                for r in range(header_index + 1, len(sheet.rows))
            ):
                result.unmapped.append(f"(kolom {position + 1} zonder kop)")
            continue
        location = sheet.location(header_index, position)
        try:
            column = classify_header(header, instrument, mapping)
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
                        f"kolom {header!r} ({location}) en kolom {headers[targets[key]]!r} "
                        f"({first}) gaan over hetzelfde ({_describe(column)}); "
                        "laat één van beide weg",
                    )
                )
                continue
            targets[key] = position
        if column.kind == "unmapped":
            result.unmapped.append(header.strip())
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    location,
                    WARNING,
                    f"kolom {header.strip()!r} is niet herkend en niet gelezen; "
                    "leg haar zo nodig vast in kolommen.csv",
                )
            )
        columns[position] = column
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
                "'Organisatie')",
            )
        )
        return result
    by_kind = {c.kind: p for p, c in columns.items() if c.kind in {"email", "name", "time", "wave"}}
    for row_index in range(header_index + 1, len(sheet.rows)):
        row = sheet.rows[row_index]
        if not any(cell_text(v).strip() for v in row):
            continue
        result.rows_read += 1
        province_cell = sheet.location(row_index, province_column)
        raw_province = sheet.cell(row_index, province_column)
        province = match_province(raw_province, allow_abbreviation=True)
        if province is None:
            shown = cell_text(raw_province).strip()
            message = (
                f"{shown!r} is geen provincie; toegestaan: de twaalf provincienamen "
                "(bijv. Fryslân, Noord-Brabant) of hun CBS-code"
                if shown
                else "provincie ontbreekt"
            )
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
            submitted=_as_time(sheet.cell(row_index, by_kind["time"]))
            if "time" in by_kind
            else None,
            order=row_index,
        )
        for position, column in columns.items():
            value = sheet.cell(row_index, position)
            cell = sheet.location(row_index, position)
            if column.kind == "answer":
                try:
                    level = instrument.parse_level(value)
                except AnswerError as exc:
                    result.issues.append(Issue(file, sheet.name, cell, ERROR, str(exc)))
                    level = None
                element = instrument.element_of(column.target)
                submission.set_answer(column.target, element, column.measure, level, cell)
            elif column.kind == "role":
                try:
                    role = instrument.parse_role(value)
                except AnswerError as exc:
                    result.issues.append(Issue(file, sheet.name, cell, ERROR, str(exc)))
                    role = None
                if role is not None:
                    submission.roles[column.target] = (role, cell)
            elif column.kind == "comment":
                text = cell_text(value).strip()
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
