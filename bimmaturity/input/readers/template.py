"""Filled questionnaire templates (as written by ``bimmaturity template``), read per workbook.

A template spreads one assessment over several sheets, so it is recognised and read as a
whole workbook, not per sheet:

- the questions table: the header row is found by its cells (a ``Code`` column and
  ``Huidige situatie`` / ``Ambitie`` columns, or columns headed by the instrument's own
  measure labels) among the first 30 filled rows of any sheet, so
  rows inserted above it and columns moved around do no harm; a ``Toelichting`` column is
  optional. Rows whose code cell is not a question code (element headings, notes) are skipped
  when they hold no answer;
- the details: labelled cells (``Provincie``, or ``Organisatie``, ``Gemeente``, ``Waterschap``
  and the others of :data:`~bimmaturity.input.readers.organisation.ORGANISATION_HEADERS`;
  ``Rol van de invuller``, ``Datum``, ``Meting``,
  and optionally ``Naam``/``E-mail``), the value in the cell to the right of the label (or
  after a colon in the same cell), on the sheet with the most such labels;
- roles and comments per element: a table with an ``Element`` column and a ``Rol`` column
  (``Toelichting`` optional).

Respondent identity: the province (one consolidated assessment, n = 1), unless the details
name the person (``Naam`` or ``E-mail``): then that person, pseudonymised at ingest like a
survey respondent. Two templates of one province in one wave without names are therefore the
same respondent: their answers are combined, and conflicting answers are an error naming both
files and cells.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bimmaturity.input.grid import Sheet, blank, first_rows
from bimmaturity.input.readers.base import (
    Reader,
    ReadResult,
    Submission,
    cell_text,
    fold,
    measure_words,
    parse_cell,
    redact,
    words,
)
from bimmaturity.input.readers.organisation import (
    ORGANISATION_HEADERS,
    missing_organisation,
    unknown_organisation,
)
from bimmaturity.input.readers.wide import as_time
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province
from bimmaturity.vocab import org_words

__all__ = [
    "DETAIL_LABELS",
    "QuestionsTable",
    "RolesTable",
    "TemplateReader",
    "looks_template",
    "questions_table",
    "read_template",
    "roles_table",
]

HEADER_SEARCH_ROWS = 30
MAX_HEADER = 60  # characters; a longer cell is no header of the questions or roles table
CODE_HEADERS = {"code", "vraagcode", "vraag code"}
CURRENT_WORDS = {"huidig", "huidige", "current"}
AMBITION_WORDS = {"ambitie", "ambition", "gewenst", "doel"}
COMMENT_HEADERS = {"toelichting", "opmerking", "opmerkingen", "comment", "comments"}
ELEMENT_HEADERS = {"element", "onderdeel"}
ROLE_WORDS = {"rol", "role", "samenwerking", "samenwerkingsrol"}
DETAIL_LABELS = {
    "province": set(ORGANISATION_HEADERS),
    "role": {"rol van de invuller", "rol invuller", "functie", "functie van de invuller"},
    "date": {"datum", "date", "datum van invullen", "ingevuld op"},
    "wave": {"meting", "wave", "meetronde"},
    "name": {"naam", "naam invuller", "naam van de invuller", "name"},
    "email": {"e-mail", "e-mailadres", "email", "e-mail invuller", "e-mailadres invuller"},
}
INSTRUCTION_SHEETS = {"instructies", "instructie", "uitleg", "lijsten", "toelichting"}


@dataclass(frozen=True)
class QuestionsTable:
    """Where the questions table of a template sheet is: header row and column positions."""

    header: int
    code: int
    current: int
    ambition: int
    comment: int | None = None


@dataclass(frozen=True)
class RolesTable:
    """Where the roles-and-comments table is: header row and column positions."""

    header: int
    element: int
    role: int
    comment: int | None = None


def questions_table(sheet: Sheet, instrument: Instrument | None = None) -> QuestionsTable | None:
    """The questions table of a sheet, found by its header cells, or None.

    An answer column is found by a fixed word (``Huidige situatie``, ``Ambitie``, ``Doel``)
    or, given the ``instrument``, by its own measure label: a header that starts with the
    label's words (``Nu``, ``Nu (huidige situatie)``, ``Streefbeeld 2030`` for the labels
    ``Nu`` and ``Streefbeeld``). A label decides over the fixed words.

    Examples
    --------
    >>> sheet = Sheet("Vragen", [["Titel"], [], ["Vraag", "Code", "Ambitie", "Huidige situatie"]])
    >>> questions_table(sheet)
    QuestionsTable(header=2, code=1, current=3, ambition=2, comment=None)
    >>> from bimmaturity.instrument import Measure, default_instrument
    >>> nu = default_instrument().model_copy(update={"measures": {
    ...     "current": Measure(label="Nu"), "ambition": Measure(label="Streefbeeld")}})
    >>> questions_table(Sheet("Vragen", [["Code", "Streefbeeld 2030", "Nu"]]), nu)
    QuestionsTable(header=0, code=0, current=2, ambition=1, comment=None)
    """
    labels = measure_words(instrument)
    for index in first_rows(sheet, HEADER_SEARCH_ROWS):
        if not _has_code_header(sheet.rows[index]):
            continue  # no code column: not the header row (a quick test before the full one)
        code = current = ambition = comment = None
        for position, value in enumerate(sheet.rows[index]):
            if not isinstance(value, str) or len(value) > MAX_HEADER:
                continue  # headers are short texts; skip numbers and long answers quickly
            text = fold(value).rstrip(":")
            if not text:
                continue
            found = set(words(text))
            is_current, is_ambition = bool(found & CURRENT_WORDS), bool(found & AMBITION_WORDS)
            if labels:
                leading = tuple(words(text))
                by_label = [leading[: len(label)] == label for label in labels]
                if by_label[0] != by_label[1]:
                    is_current, is_ambition = by_label
            if text in CODE_HEADERS and code is None:
                code = position
            elif is_current and not is_ambition and current is None:
                current = position
            elif is_ambition and not is_current and ambition is None:
                ambition = position
            elif text in COMMENT_HEADERS and comment is None:
                comment = position
        if code is not None and current is not None and ambition is not None:
            return QuestionsTable(index, code, current, ambition, comment)
    return None


def _has_code_header(row: list[Any]) -> bool:
    """True when a cell of ``row`` is a code column header (values known to be none are
    remembered, so a row of answers seen before costs one set difference)."""
    try:
        unknown = set(row) - _NO_CODE
    except TypeError:  # an unhashable value (not from a reader of this package)
        return any(map(_is_code_header, row))
    found = False
    for value in unknown:
        if _is_code_header(value):
            found = True
        else:
            _NO_CODE.add(value)
    if len(_NO_CODE) > 100_000:
        _NO_CODE.clear()
    return found


_NO_CODE: set[Any] = set()


def _is_code_header(value: Any) -> bool:
    if value.__class__ is not str:
        return isinstance(value, str) and _is_code_text(value)
    known = _CODE_TEXTS.get(value)
    if known is None:
        known = _CODE_TEXTS[value] = _is_code_text(value)
        if len(_CODE_TEXTS) > 100_000:
            _CODE_TEXTS.clear()
    return known


def _is_code_text(text: str) -> bool:
    # folding keeps digits and "@": a text with one (an address, a time) is no code header
    if len(text) > MAX_HEADER or _DIGIT_OR_AT.search(text):
        return False
    return fold(text).rstrip(":") in CODE_HEADERS


_DIGIT_OR_AT = re.compile(r"[0-9@]")


_CODE_TEXTS: dict[str, bool] = {}  # the cells of one survey repeat: their answer remembered


def roles_table(sheet: Sheet) -> RolesTable | None:
    """The roles-and-comments table of a sheet (``Element`` and ``Rol`` columns), or None."""
    for index in first_rows(sheet, HEADER_SEARCH_ROWS):
        element = role = comment = None
        for position, value in enumerate(sheet.rows[index]):
            if not isinstance(value, str) or len(value) > MAX_HEADER:
                continue
            text = fold(value).rstrip(":")
            if not text:
                continue
            if text in ELEMENT_HEADERS and element is None:
                element = position
            elif set(words(text)) & ROLE_WORDS and role is None:
                role = position
            elif text in COMMENT_HEADERS and comment is None:
                comment = position
        if element is not None and role is not None:
            return RolesTable(index, element, role, comment)
    return None


def _as_sheets(sheets: Sheet | Sequence[Sheet]) -> list[Sheet]:
    return [sheets] if isinstance(sheets, Sheet) else list(sheets)


def looks_template(sheets: Sheet | Sequence[Sheet], instrument: Instrument | None = None) -> bool:
    """True when a sheet (or any sheet of a workbook) holds a template questions table."""
    return any(questions_table(sheet, instrument) is not None for sheet in _as_sheets(sheets))


def _label(text: str) -> tuple[str | None, str]:
    """(detail kind, value after a colon) for a label cell such as ``Provincie:`` or
    ``Naam (optioneel)``."""
    folded = fold(text)
    value = ""
    if ":" in folded:
        folded, _, rest = folded.partition(":")
        value = text.partition(":")[2].strip()
        if not rest.strip():
            value = ""
    while "(" in folded and folded.endswith(")"):
        folded = folded[: folded.rfind("(")].strip()
    folded = folded.strip(" *")
    for kind, labels in DETAIL_LABELS.items():
        if folded in labels:
            return kind, value
    return None, ""


@dataclass
class _Detail:
    value: Any
    cell: str
    label_cell: str


def _details(sheet: Sheet, stop: int | None = None) -> dict[str, _Detail]:
    found: dict[str, _Detail] = {}
    rows = sheet.rows if stop is None else sheet.rows[:stop]
    for row_index, row in enumerate(rows):
        for position, value in enumerate(row):
            if not isinstance(value, str) or len(value) > 60:
                continue
            kind, inline = _label(value)
            if kind is None or kind in found:
                continue
            label_cell = sheet.location(row_index, position)
            if inline:
                found[kind] = _Detail(inline, label_cell, label_cell)
                continue
            # the value is in the cell to the right of the label (of its merged range)
            target = position + 1
            for r0, c0, _r1, c1 in sheet.merged:
                if (r0, c0) == (row_index, position):
                    target = c1 + 1
            found[kind] = _Detail(
                sheet.cell(row_index, target), sheet.location(row_index, target), label_cell
            )
    return found


def read_template(
    sheets: Sheet | Sequence[Sheet], instrument: Instrument, *, file: str
) -> ReadResult:
    """Read a filled template workbook (its visible sheets) into one submission.

    Returns a result without submissions (and with the reason as an issue) when the province
    cannot be read or when nothing is filled in.
    """
    sheets = _as_sheets(sheets)
    tables = [(s, t) for s in sheets if (t := questions_table(s, instrument)) is not None]
    result = ReadResult(layout="template")
    if not tables:
        result.issues.append(
            Issue(
                file, "", "", ERROR, "geen vragentabel (kolommen Code, Huidige situatie, Ambitie)"
            )
        )
        return result
    result.sheet = tables[0][0].name
    used = {s.name for s, _ in tables}
    roles = [(s, t) for s in sheets if s.name not in used and (t := roles_table(s)) is not None]
    used |= {s.name for s, _ in roles}
    # details: the sheet with the most labels (a province label required); rows above the
    # questions header count too
    candidates = []
    for sheet in sheets:
        table = next((t for s, t in tables if s is sheet), None)
        stop = table.header if table is not None else None
        if sheet.name in {s.name for s, _ in roles}:
            stop = next(t.header for s, t in roles if s is sheet)
        details = _details(sheet, stop)
        if "province" in details:
            candidates.append((len(details), -sheets.index(sheet), sheet, details))
    details: dict[str, _Detail] = {}
    details_sheet = ""
    if candidates:
        _, _, chosen, details = max(candidates, key=lambda c: (c[0], c[1]))
        details_sheet = chosen.name
        used.add(chosen.name)
    used |= {s.name for s in sheets if fold(s.name) in INSTRUCTION_SHEETS}
    result.sheets = [s.name for s in sheets if s.name in used]

    secrets = {fold(cell_text(details[k].value)) for k in ("name", "email") if k in details} - {""}
    province = _province(details, details_sheet, file, result, secrets)
    if province is None:
        return result
    identity = f"province:{province}"
    if "email" in details and fold(cell_text(details["email"].value)):
        identity = f"email:{fold(cell_text(details['email'].value))}"
    elif "name" in details and fold(cell_text(details["name"].value)):
        identity = f"name:{province}:{fold(cell_text(details['name'].value))}"
    wave = cell_text(details["wave"].value).strip() if "wave" in details else ""
    submitted = as_time(details["date"].value) if "date" in details else None
    first_sheet, first_table = tables[0]
    submission = Submission(
        file=file,
        sheet=first_sheet.name,
        location=first_sheet.location(first_table.header),
        province=province,
        identity=identity,
        wave=wave or None,
        submitted=submitted,
    )
    seen: dict[str, dict[str, tuple[int | None, str, str]]] = {}
    for sheet, table in tables:
        _read_questions(sheet, table, instrument, file, submission, seen, result, secrets)
    for sheet, table in roles:
        _read_roles(sheet, table, instrument, file, submission, result, secrets)
    filled = any(
        not blank(sheet.cell(r, c)) or (r, c) in sheet.notes
        for sheet, table in tables
        for r in range(table.header + 1, len(sheet.rows))
        for c in (table.current, table.ambition)
    )
    if not filled and not submission.roles and not submission.comments:
        if not result.has_errors:
            result.issues.append(
                Issue(
                    file,
                    first_sheet.name,
                    "",
                    WARNING,
                    "lege vragenlijst (niets ingevuld); overgeslagen",
                )
            )
        return result
    result.submissions.append(submission)
    return result


def _province(
    details: dict[str, _Detail],
    sheet: str,
    file: str,
    result: ReadResult,
    secrets: set[str],
) -> str | None:
    detail = details.get("province")
    if detail is None:
        result.issues.append(
            Issue(
                file,
                "",
                "",
                ERROR,
                "geen cel '{Org}' gevonden (blad Gegevens); de vragenlijst is niet gelezen".format(
                    **org_words()
                ),
            )
        )
        return None
    text = cell_text(detail.value).strip()
    province = match_province(detail.value, allow_abbreviation=True)
    if province is None:
        message = (
            redact(unknown_organisation(text), text, secrets)
            if text
            else f"{missing_organisation()} (naast het label in cel {detail.label_cell})"
        )
        result.issues.append(
            Issue(file, sheet, detail.cell, ERROR, message + "; de vragenlijst is niet gelezen")
        )
    return province


def _raw(sheet: Sheet, row: int, columns: dict[str, int], secrets: set[str]) -> str:
    shown = []
    for name, column in columns.items():
        value = sheet.cell(row, column)
        text = cell_text(value).strip()
        if text:
            shown.append(f"{name} {redact(repr(text), value, secrets)}")
    return f" ({', '.join(shown)})" if shown else ""


def _read_questions(
    sheet: Sheet,
    table: QuestionsTable,
    instrument: Instrument,
    file: str,
    submission: Submission,
    seen: dict[str, dict[str, tuple[int | None, str, str]]],
    result: ReadResult,
    secrets: set[str],
) -> None:
    measures = {"current": table.current, "ambition": table.ambition}
    for row_index in range(table.header + 1, len(sheet.rows)):
        code_text = cell_text(sheet.cell(row_index, table.code)).strip()
        answered = [
            m
            for m, c in measures.items()
            if not blank(sheet.cell(row_index, c)) or (row_index, c) in sheet.notes
        ]
        if not code_text and not answered:
            continue
        question = instrument.resolve_question(code_text) if code_text else None
        if question is None and not answered:
            continue  # an element heading, a note, or an unanswered row of another instrument
        result.rows_read += 1
        if question is None:
            what = (
                f"{code_text!r} is geen vraagcode van het instrument"
                if code_text
                else "antwoord zonder vraagcode"
            )
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    sheet.location(row_index, table.code),
                    ERROR,
                    f"{what}; toegestaan: {instrument.question_ids[0]} .. "
                    f"{instrument.question_ids[-1]}; rij niet gelezen"
                    + _raw(
                        sheet,
                        row_index,
                        {"huidig": table.current, "ambitie": table.ambition},
                        secrets,
                    ),
                )
            )
            continue
        element = instrument.element_of(question)
        for measure, column in measures.items():
            cell = sheet.location(row_index, column)
            level = parse_cell(
                sheet,
                row_index,
                column,
                instrument.parse_level,
                file=file,
                issues=result.issues,
                secrets=secrets,
            )
            earlier = seen.setdefault(question, {}).get(measure)
            if earlier is not None:
                earlier_level, earlier_sheet, earlier_cell = earlier
                where = f"blad {earlier_sheet}, cel {earlier_cell}"
                if earlier_level == level:
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            cell,
                            WARNING,
                            f"{question} staat twee keer in de vragenlijst (ook {where}), met "
                            "hetzelfde antwoord; één keer geteld",
                        )
                    )
                else:
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            cell,
                            ERROR,
                            f"{question} ({_measure(measure)}) is {_level(level)} hier maar "
                            f"{_level(earlier_level)} in {where}; houd één van beide",
                        )
                    )
                continue
            seen[question][measure] = (level, sheet.name, cell)
            submission.set_answer(question, element, measure, level, cell)
        if table.comment is not None:
            text = cell_text(sheet.cell(row_index, table.comment)).strip()
            if text:
                _add_comment(
                    submission,
                    element,
                    f"{question}: {text}",
                    sheet.location(row_index, table.comment),
                )


def _read_roles(
    sheet: Sheet,
    table: RolesTable,
    instrument: Instrument,
    file: str,
    submission: Submission,
    result: ReadResult,
    secrets: set[str],
) -> None:
    labels = {fold(e.label): e.id for e in instrument.elements}
    for row_index in range(table.header + 1, len(sheet.rows)):
        raw_element = cell_text(sheet.cell(row_index, table.element)).strip()
        role_blank = blank(sheet.cell(row_index, table.role)) and (
            (row_index, table.role) not in sheet.notes
        )
        comment = (
            cell_text(sheet.cell(row_index, table.comment)).strip()
            if table.comment is not None
            else ""
        )
        if not raw_element and role_blank and not comment:
            continue
        element = instrument.resolve_element(raw_element) or labels.get(fold(raw_element))
        if element is None:
            if role_blank and not comment:
                continue  # a heading or a note
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    sheet.location(row_index, table.element),
                    ERROR,
                    (f"{raw_element!r} is geen element" if raw_element else "element ontbreekt")
                    + f"; toegestaan: {', '.join(instrument.element_ids)}; rij niet gelezen"
                    + _raw(sheet, row_index, {"rol": table.role}, secrets),
                )
            )
            continue
        result.rows_read += 1
        role = parse_cell(
            sheet,
            row_index,
            table.role,
            instrument.parse_role,
            file=file,
            issues=result.issues,
            secrets=secrets,
        )
        if role is not None:
            submission.roles[element] = (role, sheet.location(row_index, table.role))
        if comment:
            assert table.comment is not None
            _add_comment(submission, element, comment, sheet.location(row_index, table.comment))


def _add_comment(submission: Submission, element: str, text: str, cell: str) -> None:
    existing = submission.comments.get(element)
    if existing:
        submission.comments[element] = (f"{existing[0]}\n{text}", existing[1])
    else:
        submission.comments[element] = (text, cell)


def _measure(measure: str) -> str:
    return "huidige situatie" if measure == "current" else "ambitie"


def _level(level: int | None) -> str:
    return "leeg" if level is None else str(level)


class TemplateReader(Reader):
    """The filled questionnaire template, read per workbook: a sheet with a questions table
    (:func:`questions_table`) makes the workbook a template, and :func:`read_template` reads
    its visible sheets."""

    layout = "template"
    whole_workbook = True

    def detect(self, sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str]) -> bool:
        return questions_table(sheet, instrument) is not None

    def read(
        self,
        sheets: Sequence[Sheet],
        instrument: Instrument,
        *,
        file: str,
        mapping: Mapping[str, str],
    ) -> ReadResult:
        return read_template(sheets, instrument, file=file)
