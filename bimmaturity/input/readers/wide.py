"""Wide exports: one row per respondent, as Microsoft Forms, Google Forms and LimeSurvey write.

Headers are classified as the input-formats contract says (answer, role, comment, province,
respondent identity, time, wave, known survey metadata, or unmapped) by
:mod:`bimmaturity.input.readers.headers` (its public names are re-exported here). The header
row is the first row, among the first 20 filled rows, that holds an answer column, so a title
row above the header does no harm. Names and e-mail addresses are read only to build the
respondent's identity; a message never quotes them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from bimmaturity.input.grid import Sheet, _blank, blank, column_letter
from bimmaturity.input.readers.base import (
    Reader,
    ReadResult,
    RowAnswers,
    RowPlan,
    Submission,
    cell_text,
    fold,
    mask_personal,
    parse_cell,
    redact,
)
from bimmaturity.input.readers.headers import (
    Column,
    _mapping_keys,
    _quoted,
    check_mapping_target,
    classify_header,
    header_row,
    numbered,
)
from bimmaturity.input.readers.organisation import (
    header_preference,
    missing_organisation,
    unknown_organisation,
)
from bimmaturity.instrument import AnswerError, Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import match_province
from bimmaturity.vocab import org_words

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

ANONYMOUS = {"anonymous", "anoniem", ""}


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
    if isinstance(value, date):  # a time at midnight, as calamine gives it
        return datetime(value.year, value.month, value.day)
    text = cell_text(value).split(" GMT")[0].strip()
    text = _FRACTION.sub(r"\1", text)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _outranked(
    headers: list[str], width: int, instrument: Instrument, mapping: Mapping[str, str] | None
) -> dict[int, int]:
    """Organisation columns that another column names better (``Gemeente`` beside
    ``Provincie`` in a provinces' survey; a column mapped in kolommen.csv is best): their
    positions, each with the better column's. Columns that name it equally well stay (two of
    them are an error)."""
    ranks: dict[int, int] = {}
    for position, header, folded, occurrence in numbered(headers[:width]):
        try:
            column = classify_header(header, instrument, mapping, occurrence=occurrence)
        except AnswerError:
            continue
        if column.kind == "province":
            keys = _mapping_keys(folded, occurrence)
            mapped = bool(mapping) and any(key in mapping for key in keys)
            ranks[position] = 3 if mapped else header_preference(header)
    if len(ranks) < 2:
        return {}
    best = max(ranks.values())
    first = next(position for position, rank in ranks.items() if rank == best)
    return {position: first for position, rank in ranks.items() if rank < best}


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
    named = {position: (folded, nth) for position, _, folded, nth in numbered(headers)}
    outranked = _outranked(headers, sheet.width, instrument, mapping)
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
        folded, occurrence = named[position]
        if mapping:
            for key in _mapping_keys(folded, occurrence):
                if key in mapping:
                    result.mapped.add(key)
                    break
        try:
            column = classify_header(header, instrument, mapping, occurrence=occurrence)
        except AnswerError as exc:
            result.issues.append(Issue(file, sheet.name, location, ERROR, str(exc)))
            continue
        if position in outranked:
            better = outranked[position]
            result.unmapped.append(" ".join(header.split()))
            result.issues.append(
                Issue(
                    file,
                    sheet.name,
                    location,
                    WARNING,
                    "kolom {quoted} is niet gelezen: {de} {org} staat in kolom {better} "
                    "({cell})".format(
                        quoted=_quoted(header),
                        better=_quoted(headers[better]),
                        cell=sheet.location(header_index, better),
                        **org_words(),
                    ),
                )
            )
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
                "geen kolom met de {org} gevonden (kop met 'Provincie', 'Organisatie', "
                "'Gemeente', 'Waterschap', 'Province' of 'Organisation'); geen enkele rij "
                "gelezen".format(**org_words()),
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
    # What each column of a row becomes, in column order (the order of the issues), with
    # its letters; a sheet without notes or merged cells has no cell problems to look up.
    plan = [
        (
            position,
            column.kind,
            column.target,
            instrument.element_of(column.target) if column.kind == "answer" else "",
            column.measure,
            column_letter(position),
        )
        for position, column in columns.items()
        if column.kind in {"answer", "role", "comment"}
    ]
    notes = sheet.notes
    clean = not notes and not sheet.merged
    # a sheet without cell problems keeps each row's levels compact (RowAnswers)
    slots: dict[str, int] = {}
    for _position, kind, target, _element, _measure, _letters in plan:
        if kind == "answer":
            slots.setdefault(target, len(slots))
    letters_of = {(c.target, c.measure): column_letter(p) for p, c in columns.items()}
    first_measure = {}
    for _position, kind, target, _element, measure, _letters in plan:
        if kind == "answer":
            first_measure.setdefault(target, measure)
    row_plan = RowPlan(
        questions=tuple(slots),
        elements=tuple(instrument.element_of(q) for q in slots),
        first=tuple(first_measure[q] for q in slots),
        current_letters=tuple(letters_of.get((q, "current"), "") for q in slots),
        ambition_letters=tuple(letters_of.get((q, "ambition"), "") for q in slots),
    )
    parse_level, parse_role = instrument.parse_level, instrument.parse_role
    # levels and roles read so far, by kind and (type, value): a survey repeats a few answers
    known: dict[str, dict[tuple[type, Any], Any]] = {"answer": {}, "role": {}}
    known_levels = known["answer"]
    size = len(slots)
    # each answer column's place among the row's levels (current ones, then ambition ones)
    answer_places = [
        (position, slots[target] + (size if measure == "ambition" else 0))
        for position, kind, target, _element, measure, _letters in plan
        if kind == "answer"
    ]
    other_plan = [entry for entry in plan if entry[1] != "answer"]
    # the quickest way, for a row whose answers are all texts read before: pick the answer
    # cells, look each up, and pick the current and ambition levels in question order
    answer_cells = _picker([position for position, _place in answer_places])
    by_place = {place: index for index, (_position, place) in enumerate(answer_places)}
    missing = len(answer_places)  # a question without a current or an ambition column
    current_of = _picker([by_place.get(slot, missing) for slot in range(size)])
    ambition_of = _picker([by_place.get(size + slot, missing) for slot in range(size)])
    known_texts: dict[str, int | None] = {}  # the levels of texts (never of other values)
    widest = max((position for position, _place in answer_places), default=-1)
    provinces: dict[tuple[type, Any], str | None] = {}  # match_province, remembered
    for row_index in data_rows:
        row = sheet.rows[row_index]
        length = len(row)
        if all(_blank(v) for v in row) and not any((row_index, c) in notes for c in columns):
            continue
        result.rows_read += 1

        def filled_cells(row=row, row_index=row_index, length=length) -> int:
            return sum(
                not _blank(row[p] if p < length else "") or (row_index, p) in notes
                for p in content_columns
            )

        if not any(  # a quick test; the count only for a message
            not _blank(row[p] if p < length else "") or (row_index, p) in notes
            for p in content_columns
        ):
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
        if problem:
            province = None
        else:
            key = (raw_province.__class__, raw_province)
            if key not in provinces:
                provinces[key] = match_province(raw_province, allow_abbreviation=True)
            province = provinces[key]
        if province is None:
            shown = cell_text(raw_province).strip()
            if problem:
                message = problem
            elif shown:
                message = redact(unknown_organisation(shown), shown, secrets)
            else:
                message = missing_organisation()
            message += (
                f"; de {filled_cells()} ingevulde antwoordcel(len) van deze rij zijn niet gelezen"
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
            submitted=as_time(sheet.cell(row_index, by_kind["time"]))
            if "time" in by_kind
            else None,
            order=row_index,
        )
        answers = submission.answers
        number = row_index + 1
        levels: list[int | None] = [None] * (2 * size)
        entries = plan
        found = None
        if clean and length > widest:
            try:
                found = [*map(known_texts.__getitem__, answer_cells(row)), None]
            except (KeyError, TypeError):  # a value not read before, or not hashable
                found = None
        if found is not None:
            current, ambition = current_of(found), ambition_of(found)
            entries = other_plan
        elif clean:  # the usual row: every answer a level seen before; then roles and comments
            for position, place in answer_places:
                value = row[position] if position < length else ""
                level = known_levels.get((value.__class__, value), _UNKNOWN)
                if level is _UNKNOWN:
                    break  # read the row column by column (its issues in column order)
                levels[place] = level
            else:
                entries = other_plan
        for position, kind, target, element, measure, letters in entries:
            value = row[position] if position < length else ""
            cell = f"{letters}{number}"
            if kind == "comment":
                if clean and (value is None or value == ""):
                    continue  # no comment (and no cell problem in this sheet)
                problem = None if clean else sheet.problem(row_index, position)
                if problem:
                    result.issues.append(Issue(file, sheet.name, cell, WARNING, problem))
                    continue
                text = mask_personal(cell_text(value).strip(), secrets)
                if text:
                    submission.comments[target] = (text, cell)
                continue
            parse = parse_level if kind == "answer" else parse_role
            parsed = None
            clean_value = False
            if clean:
                key = (value.__class__, value)
                parsed = known[kind].get(key, _UNKNOWN)
                if parsed is _UNKNOWN:
                    try:
                        parsed = parse(value)
                    except AnswerError:
                        parsed = None
                    else:
                        known[kind][key] = parsed
                        if kind == "answer" and value.__class__ is str:
                            known_texts[value] = parsed
                        clean_value = True
                else:
                    clean_value = True
            if not clean_value:  # the issue, as parse_cell reports it
                parsed = parse_cell(
                    sheet,
                    row_index,
                    position,
                    parse,
                    file=file,
                    issues=result.issues,
                    secrets=secrets,
                )
            if kind == "answer" and clean:
                levels[slots[target] + (size if measure == "ambition" else 0)] = parsed
            elif kind == "answer":
                record = answers.get(target)
                if record is None:
                    record = {"element": element, "current": None, "ambition": None, "cells": {}}
                    answers[target] = record
                record[measure] = parsed
                record["cells"][measure] = cell
            elif parsed is not None:
                submission.roles[target] = (parsed, cell)
        if found is not None:
            submission.answers = RowAnswers(row_plan, number, current, ambition)
        elif clean:
            submission.answers = RowAnswers(
                row_plan, number, tuple(levels[:size]), tuple(levels[size:])
            )
        result.submissions.append(submission)
    return result


_UNKNOWN = object()


def _picker(indexes: list[int]) -> Callable[[Sequence[Any]], tuple]:
    """A function giving the items at ``indexes`` of a sequence, always as a tuple."""
    if len(indexes) >= 2:
        return itemgetter(*indexes)
    return lambda values: tuple(values[index] for index in indexes)


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
