"""Tidy tables: one row per answer (CSV or a sheet), and role tables (one row per role).

The header row is found by its column names among the first 20 filled rows. A row without a
respondent is the organisation's consolidated answer (respondent identity: the organisation
itself, the same as a template without a name). The organisation's column is named by one of
:data:`~bimmaturity.input.readers.organisation.ORGANISATION_HEADERS` (``provincie``,
``organisatie``, ``gemeente``, ``waterschap``, ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bimmaturity.input.grid import Sheet, first_rows
from bimmaturity.input.readers.base import (
    Reader,
    ReadResult,
    Submission,
    cell_text,
    fold,
    parse_cell,
    redact,
)
from bimmaturity.input.readers.organisation import (
    ORGANISATION_HEADERS,
    header_preference,
    missing_organisation,
    unknown_organisation,
)
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province
from bimmaturity.vocab import org_words

__all__ = ["TidyReader", "looks_tidy", "read_tidy"]

_COLUMN_NAMES = {
    "province": set(ORGANISATION_HEADERS),
    "respondent": {"respondent"},
    "question": {"vraag", "question", "vraagcode", "code"},
    "current": {"huidig", "current", "huidige situatie"},
    "ambition": {"ambitie", "ambition"},
    "wave": {"meting", "wave"},
    "comment": {"toelichting", "comment"},
    "element": {"element"},
    "role": {"rol", "role"},
}
HEADER_SEARCH_ROWS = 20


def _found(row: list) -> dict[str, int]:
    try:  # cells known to name no column are skipped: most rows are answers seen before
        unknown = set(row) - _NAMES_NOTHING
    except TypeError:  # an unhashable value (not from a reader of this package)
        unknown = None
    if unknown is not None and not any(map(_names_a_column, unknown)):
        _NAMES_NOTHING.update(unknown)
        if len(_NAMES_NOTHING) > 100_000:
            _NAMES_NOTHING.clear()
        return {}
    found: dict[str, int] = {}
    for position, value in enumerate(row):
        if not isinstance(value, str) or len(value) > 40:
            continue  # column names are short texts
        for key in _KEYS_BY_NAME.get(fold(value), ()):
            if key not in found:
                found[key] = position
            elif key == "province" and header_preference(value) > header_preference(
                row[found[key]]
            ):
                found[key] = position  # "provincie" over "gemeente" in a provinces' table
    return found


def _names_a_column(value: object) -> bool:
    # folding keeps digits and "@": a text with one (an address, a time) names no column
    if not isinstance(value, str) or len(value) > 40 or _DIGIT_OR_AT.search(value):
        return False
    return fold(value) in _KEYS_BY_NAME


_DIGIT_OR_AT = re.compile(r"[0-9@]")


_NAMES_NOTHING: set = set()  # cell values seen in rows that named no column: they name none


_KEYS_BY_NAME: dict[str, list[str]] = {}
for _key, _names in _COLUMN_NAMES.items():
    for _name in _names:
        _KEYS_BY_NAME.setdefault(_name, []).append(_key)


def _is_table(found: dict[str, int]) -> bool:
    answers = {"province", "question"} <= found.keys() and bool(
        {"current", "ambition"} & found.keys()
    )
    roles = {"province", "element", "role"} <= found.keys()
    return answers or roles


def _columns(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    for index in first_rows(sheet, HEADER_SEARCH_ROWS):
        found = _found(sheet.rows[index])
        if _is_table(found):
            return index, found
    return None


def looks_tidy(sheet: Sheet) -> bool:
    """True for a tidy answers table or a roles table (by its column names)."""
    return _columns(sheet) is not None


def read_tidy(sheet: Sheet, instrument: Instrument, *, file: str) -> ReadResult:
    """Read a tidy answers table (or a roles table) into one submission per respondent.

    A row whose question is ``<ELEMENT>:rol`` holds that element's collaboration role (in the
    ``rol`` column when there is one, else in the ``huidig`` column). A missing respondent
    means the organisation's consolidated answer.
    """
    result = ReadResult(layout="tidy", sheet=sheet.name, sheets=[sheet.name])
    located = _columns(sheet)
    if located is None:
        result.issues.append(
            Issue(
                file,
                sheet.name,
                "",
                ERROR,
                "geen tabel met {org}/vraag/huidig/ambitie".format(**org_words()),
            )
        )
        return result
    header_index, found = located
    submissions: dict[tuple[str | None, str, str], Submission] = {}
    seen: dict[tuple, tuple[tuple, str]] = {}
    data_rows = range(header_index + 1, len(sheet.rows))
    secrets = (
        {fold(cell_text(sheet.cell(r, found["respondent"]))) for r in data_rows} - {""}
        if "respondent" in found
        else set()
    )

    def value(row: int, key: str) -> object:
        return sheet.cell(row, found[key]) if key in found else ""

    def location(row: int, key: str) -> str:
        return sheet.location(row, found[key]) if key in found else sheet.location(row)

    def raw_values(row: int) -> str:
        # the values of a row that is not read, for the issue (nothing read is lost)
        shown = [
            f"{name} {redact(repr(cell_text(value(row, key)).strip()), value(row, key), secrets)}"
            for key, name in (("current", "huidig"), ("ambition", "ambitie"), ("role", "rol"))
            if key in found and cell_text(value(row, key)).strip()
        ]
        return f"; rij niet gelezen ({', '.join(shown)})" if shown else "; rij niet gelezen"

    for row_index in data_rows:
        if not any(cell_text(v).strip() for v in sheet.rows[row_index]) and not any(
            (row_index, c) in sheet.notes for c in found.values()
        ):
            continue
        result.rows_read += 1
        problem = sheet.problem(row_index, found["province"])
        province = (
            None
            if problem
            else match_province(value(row_index, "province"), allow_abbreviation=True)
        )
        if province is None:
            shown = cell_text(value(row_index, "province")).strip()
            if problem:
                message = problem
            elif shown:
                message = redact(unknown_organisation(shown, examples=False), shown, secrets)
            else:
                message = missing_organisation()
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    location(row_index, "province"),
                    ERROR,
                    message + raw_values(row_index),
                )
            )
            continue
        respondent = fold(cell_text(value(row_index, "respondent")))
        wave = cell_text(value(row_index, "wave")).strip() or None
        key = (wave, province, respondent)
        if key not in submissions:
            submissions[key] = Submission(
                file=file,
                sheet=sheet.name,
                location=sheet.location(row_index),
                province=province,
                identity=f"tidy:{province}:{respondent}" if respondent else f"province:{province}",
                wave=wave,
                order=row_index,
            )
        submission = submissions[key]
        role_element = None
        question = None
        if "question" in found:
            raw_question = cell_text(value(row_index, "question")).strip()
            if fold(raw_question).endswith((":rol", ":role")):
                role_element = instrument.resolve_element(raw_question.split(":")[0])
                if role_element is None:
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            location(row_index, "question"),
                            ERROR,
                            f"{raw_question!r}: onbekend element; toegestaan: "
                            f"{', '.join(instrument.element_ids)} (als ELEMENT:rol)"
                            + raw_values(row_index),
                        )
                    )
                    continue
            else:
                question = instrument.resolve_question(raw_question)
                if question is None:
                    shown = (
                        f"{raw_question!r} is geen vraagcode van het instrument"
                        if raw_question
                        else "vraagcode ontbreekt"
                    )
                    result.issues.append(
                        Issue(
                            file,
                            sheet.name,
                            location(row_index, "question"),
                            ERROR,
                            f"{shown}; toegestaan: {instrument.question_ids[0]} .. "
                            f"{instrument.question_ids[-1]} of ELEMENT:rol" + raw_values(row_index),
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
                        f"toegestaan: {', '.join(instrument.element_ids)}" + raw_values(row_index),
                    )
                )
                continue
        if role_element is not None:
            role_key = "role" if "role" in found else "current"
            if role_key not in found:
                continue
            role = parse_cell(
                sheet,
                row_index,
                found[role_key],
                instrument.parse_role,
                file=file,
                issues=result.issues,
                secrets=secrets,
            )
            if role is not None:
                submission.roles[role_element] = (role, location(row_index, role_key))
            continue
        assert question is not None
        levels: dict[str, int | None] = {}
        for measure in ("current", "ambition"):
            if measure not in found:
                levels[measure] = None
                continue
            levels[measure] = parse_cell(
                sheet,
                row_index,
                found[measure],
                instrument.parse_level,
                file=file,
                issues=result.issues,
                secrets=secrets,
            )
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
                        else f": {_pair(earlier)} tegen {_pair(this)}; houd één van beide"
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


def _pair(levels: tuple[int | None, int | None]) -> str:
    def show(level: int | None) -> str:
        return "leeg" if level is None else str(level)

    return f"huidig {show(levels[0])}, ambitie {show(levels[1])}"


class TidyReader(Reader):
    """The tidy layout: :func:`looks_tidy` recognises a sheet, :func:`read_tidy` reads it."""

    layout = "tidy"

    def detect(self, sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str]) -> bool:
        return looks_tidy(sheet)

    def read(
        self,
        sheets: Sequence[Sheet],
        instrument: Instrument,
        *,
        file: str,
        mapping: Mapping[str, str],
    ) -> ReadResult:
        (sheet,) = sheets
        return read_tidy(sheet, instrument, file=file)
