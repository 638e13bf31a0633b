"""Tidy tables: one row per answer (CSV or a sheet), and role tables (one row per role)."""

from __future__ import annotations

from bimmaturity.instrument import AnswerError, Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province
from bimmaturity.readers.base import ReadResult, Submission, cell_text
from bimmaturity.readers.grid import Sheet
from bimmaturity.textnorm import fold

__all__ = ["looks_tidy", "read_tidy"]

_COLUMN_NAMES = {
    "province": {"provincie", "province"},
    "respondent": {"respondent"},
    "question": {"vraag", "question"},
    "current": {"huidig", "current", "huidige situatie"},
    "ambition": {"ambitie", "ambition"},
    "wave": {"meting", "wave"},
    "comment": {"toelichting", "comment"},
    "element": {"element"},
    "role": {"rol", "role"},
}


def _header_row(sheet: Sheet) -> int:
    for index, row in enumerate(sheet.rows):
        if any(cell_text(v).strip() for v in row):
            return index
    return 0


def _columns(sheet: Sheet) -> tuple[int, dict[str, int]]:
    header_index = _header_row(sheet)
    found: dict[str, int] = {}
    row = sheet.rows[header_index] if sheet.rows else []
    for position, value in enumerate(row):
        name = fold(cell_text(value))
        for key, names in _COLUMN_NAMES.items():
            if name in names and key not in found:
                found[key] = position
    return header_index, found


def looks_tidy(sheet: Sheet) -> bool:
    """True for a tidy answers table or a roles table (by its column names)."""
    _, found = _columns(sheet)
    answers = {"province", "question"} <= found.keys() and bool(
        {"current", "ambition"} & found.keys()
    )
    roles = {"province", "element", "role"} <= found.keys()
    return answers or roles


def read_tidy(sheet: Sheet, instrument: Instrument, *, file: str) -> ReadResult:
    """Read a tidy answers table (or a roles table) into one submission per respondent.

    A row whose question is ``<ELEMENT>:rol`` holds that element's collaboration role (in the
    ``rol`` column when there is one, else in the ``huidig`` column). A missing respondent
    means the province's consolidated answer.
    """
    result = ReadResult(layout="tidy")
    header_index, found = _columns(sheet)
    submissions: dict[tuple[str | None, str, str], Submission] = {}
    seen: dict[tuple, tuple[tuple, str]] = {}

    def value(row: int, key: str) -> object:
        return sheet.cell(row, found[key]) if key in found else ""

    def location(row: int, key: str) -> str:
        return sheet.location(row, found[key]) if key in found else sheet.location(row)

    for row_index in range(header_index + 1, len(sheet.rows)):
        if not any(cell_text(v).strip() for v in sheet.rows[row_index]):
            continue
        result.rows_read += 1
        province = match_province(value(row_index, "province"), allow_abbreviation=True)
        if province is None:
            shown = cell_text(value(row_index, "province")).strip()
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    location(row_index, "province"),
                    ERROR,
                    f"{shown!r} is geen provincie; toegestaan: de twaalf provincienamen of hun "
                    "CBS-code"
                    if shown
                    else "provincie ontbreekt",
                )
            )
            continue
        respondent = cell_text(value(row_index, "respondent")).strip()
        wave = cell_text(value(row_index, "wave")).strip() or None
        key = (wave, province, fold(respondent))
        if key not in submissions:
            submissions[key] = Submission(
                file=file,
                sheet=sheet.name,
                location=sheet.location(row_index),
                province=province,
                identity=f"tidy:{province}:{fold(respondent)}",
                wave=wave,
                order=row_index,
            )
        submission = submissions[key]
        role_element = None
        question = None
        if "question" in found:
            raw_question = cell_text(value(row_index, "question")).strip()
            if raw_question.lower().endswith(":rol") or raw_question.lower().endswith(":role"):
                role_element = instrument.resolve_element(raw_question.split(":")[0])
                if role_element is None:
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            location(row_index, "question"),
                            ERROR,
                            f"{raw_question!r}: onbekend element; toegestaan: "
                            f"{', '.join(instrument.element_ids)}",
                        )
                    )
                    continue
            else:
                question = instrument.resolve_question(raw_question)
                if question is None:
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            location(row_index, "question"),
                            ERROR,
                            f"{raw_question!r} is geen vraagcode van het instrument; "
                            f"toegestaan: {instrument.question_ids[0]} .. "
                            f"{instrument.question_ids[-1]} of ELEMENT:rol",
                        )
                    )
                    continue
        elif "element" in found:
            role_element = instrument.resolve_element(cell_text(value(row_index, "element")))
            if role_element is None:
                result.issues.append(
                    Issue(
                        file,
                        sheet.name,
                        location(row_index, "element"),
                        ERROR,
                        f"{cell_text(value(row_index, 'element'))!r} is geen element; "
                        f"toegestaan: {', '.join(instrument.element_ids)}",
                    )
                )
                continue
        if role_element is not None:
            role_key = "role" if "role" in found else "current"
            try:
                role = instrument.parse_role(value(row_index, role_key))
            except AnswerError as exc:
                result.issues.append(
                    Issue(file, sheet.name, location(row_index, role_key), ERROR, str(exc))
                )
                continue
            if role is not None:
                submission.roles[role_element] = (role, location(row_index, role_key))
            continue
        assert question is not None
        levels: dict[str, int | None] = {}
        for measure in ("current", "ambition"):
            if measure not in found:
                levels[measure] = None
                continue
            try:
                levels[measure] = instrument.parse_level(value(row_index, measure))
            except AnswerError as exc:
                result.issues.append(
                    Issue(file, sheet.name, location(row_index, measure), ERROR, str(exc))
                )
                levels[measure] = None
        duplicate_key = (*key, question)
        this = (levels["current"], levels["ambition"])
        if duplicate_key in seen:
            earlier, earlier_location = seen[duplicate_key]
            same = earlier == this
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    sheet.location(row_index),
                    WARNING if same else ERROR,
                    f"vraag {question} staat twee keer voor dezelfde respondent "
                    f"({earlier_location} en rij {row_index + 1})"
                    + (
                        "; gelijke antwoorden, één keer geteld"
                        if same
                        else f": {earlier} tegen {this}; houd één van beide"
                    ),
                )
            )
            continue
        seen[duplicate_key] = (this, sheet.location(row_index))
        element = instrument.element_of(question)
        for measure in ("current", "ambition"):
            if measure in found:
                submission.set_answer(
                    question, element, measure, levels[measure], location(row_index, measure)
                )
        comment = cell_text(value(row_index, "comment")).strip()
        if comment:
            existing = submission.comments.get(element)
            text = f"{existing[0]}\n{comment}" if existing else comment
            submission.comments[element] = (text, location(row_index, "comment"))
    result.submissions = list(submissions.values())
    return result
