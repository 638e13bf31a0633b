"""The result tables for people: ``reports/tabellen.xlsx``.

``bimmaturity tables`` writes the machine tables of :func:`bimmaturity.analysis.tables_from`
(English column names, codes, raw numbers): the contract for scripts. This module writes the
same tables for people who open them in Excel: a first sheet *Toelichting* that says what every
sheet holds and what the columns mean, then one sheet per result table with Dutch names and
headers, the province, element and level names beside their codes, numbers formatted (levels
with one decimal, shares as percentages, amounts in euros), ``ja``/``nee`` for true/false,
fitted column widths, a filter on the header and a frozen header row and name column.

Every row and column of the machine tables is kept, relabelled and formatted only; the cells
hold the exact numbers. Text that came from a data supplier never becomes a formula
(:func:`bimmaturity.safety.spreadsheet_value`).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity.analysis import Analysis, tables_from
from bimmaturity.config import AnalysisOptions
from bimmaturity.instrument import Instrument
from bimmaturity.organisations import active_registry, default_registry, province_name
from bimmaturity.present.format import listing, number, percent
from bimmaturity.present.machine_tables import append_table
from bimmaturity.safety import spreadsheet_value
from bimmaturity.store import atomic_write
from bimmaturity.vocab import (
    KEY_LABELS,
    NO,
    POSITION_LABELS,
    SEVERITY_LABELS,
    WORKBOOK_HEADERS,
    WORKBOOK_SETTINGS,
    WORKBOOK_SHEET_NOTES,
    WORKBOOK_SHEETS,
    WORKBOOK_TERMS,
    WORKBOOK_TEXT,
    YES,
    org_words,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["NUMBER_FORMATS", "people_tables", "write_people_tables"]

LEVEL = "0.0"
SIGNED_LEVEL = "+0.0;−0.0;0.0"
RATIO = "0.00"
SHARE = "0%"
EURO = '"€ "#,##0;"€ −"#,##0'
WHOLE = "0"
DATE = "d mmmm yyyy"

NUMBER_FORMATS: dict[str, str] = {
    **dict.fromkeys(["current", "ambition", "lo", "hi", "spread", "change_lo", "change_hi"], LEVEL),
    **dict.fromkeys(["gap", "mean_gap", "change"], SIGNED_LEVEL),
    **dict.fromkeys(["rwg", "alpha", "icc1", "stability"], RATIO),
    **dict.fromkeys(
        ["coverage", "share", "p_koploper", "p_starter", "p_kansrijk", "p_proposed"], SHARE
    ),
    **dict.fromkeys(["alone", "joint", "saving", "saving_low", "saving_high", "net_benefit"], EURO),
    **dict.fromkeys(
        ["n", "n_complete", "level", "supply", "demand", "rank", "cluster", "participants"], WHOLE
    ),
    "break_even": WHOLE,
}
"""Excel number format of each numeric column of the result tables. Excel stores the codes
locale-free (``0.0``, ``#,##0``); a Dutch Excel shows ``2,5`` and ``€ 1.250.000``."""

NAME_COLUMNS = ("province_name", "element_name")
"""Columns up to the first of these stay in view when scrolling to the right."""

MIN_WIDTH, MAX_WIDTH = 8, 60
"""Bounds of a fitted column width, in characters."""

_HEADER_FILL = "E8EDF2"


# ---------------------------------------------------------------------------- the tables
def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _mapped(series: pd.Series, label: Callable[[object], object]) -> pd.Series:
    labels = {value: label(value) for value in series.dropna().unique()}
    values = [None if _missing(value) else labels[value] for value in series]
    return pd.Series(values, index=series.index, dtype=object)


def _lookup(labels: Callable[[str], str], *, keep: bool = True) -> Callable[[object], object]:
    """A label for each value; an unknown value stays itself (``keep``) or gets no label."""

    def label(value: object) -> object:
        try:
            return labels(str(value))
        except (KeyError, IndexError, ValueError, TypeError):
            return value if keep else None

    return label


def _level_label(instrument: Instrument) -> Callable[[str], str]:
    def label(level: str) -> str:
        value = int(float(level))
        if not instrument.min_level <= value <= instrument.max_level:
            raise ValueError(level)
        return instrument.level_label(value)

    return label


def _insert_after(frame: pd.DataFrame, column: str, name: str, values: pd.Series) -> None:
    frame.insert(frame.columns.get_loc(column) + 1, name, values)


def _people_frame(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """One machine table with names beside the codes and Dutch values; machine column keys."""
    table = frame.reset_index(drop=True)  # a copy: the argument is never changed
    columns = set(table.columns)
    names = {  # code column -> (name column, the name of a code; none for an unknown code)
        "province": ("province_name", _lookup(province_name, keep=False)),
        "element": ("element_name", _lookup(instrument.element_label, keep=False)),
        "level": ("level_name", _lookup(_level_label(instrument), keep=False)),
    }
    for code, (name, label) in names.items():
        if code in columns and name not in columns:
            _insert_after(table, code, name, _mapped(table[code], label))
    relabel = {
        "stated_role": _lookup(instrument.role_label),
        "position": _lookup(POSITION_LABELS.__getitem__),
        "key": _lookup(KEY_LABELS.__getitem__),
        "severity": _lookup(SEVERITY_LABELS.__getitem__),
    }
    for column, label in relabel.items():
        if column in columns:
            table[column] = _mapped(table[column], label)
    for column in table.columns:
        if pd.api.types.is_bool_dtype(table[column].dtype):
            table[column] = _mapped(table[column], lambda value: YES if value else NO)
    return table


def _prepared(
    tables: Mapping[str, pd.DataFrame], instrument: Instrument
) -> dict[str, pd.DataFrame]:
    return {name: _people_frame(frame, instrument) for name, frame in tables.items()}


def _sheet_name(table: str) -> str:
    return WORKBOOK_SHEETS.get(table, table)[:31]


def people_tables(
    tables: Mapping[str, pd.DataFrame], instrument: Instrument
) -> dict[str, pd.DataFrame]:
    """The result tables as people read them: Dutch sheet names and headers, names beside codes.

    Every row and column of ``tables`` is kept: the province, element and level names are
    added beside their codes, roles, positions, cost keys and severities get their Dutch labels
    and true/false becomes ``ja``/``nee``. Numbers stay numbers (their display format is
    :data:`NUMBER_FORMATS`). Pure: ``tables`` is not changed.

    Parameters
    ----------
    tables
        Machine tables by name, as :func:`bimmaturity.analysis.tables_from` gives them.
    instrument
        The questionnaire, for the element, level and role labels.

    Returns
    -------
    dict of str to pandas.DataFrame
        By Dutch sheet name, in the order of ``tables``.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> scores = pd.DataFrame({"wave": ["2020"], "province": ["PV21"],
    ...     "province_name": ["Fryslân"], "element": ["OTL"], "level": [2]})
    >>> people = people_tables({"scores": scores}, default_instrument())
    >>> table = people["Scores per element"]
    >>> table.columns.tolist()
    ['Meting', 'Provinciecode', 'Provincie', 'Elementcode', 'Element', 'Bereikt niveau', \
'Naam niveau']
    >>> table.iloc[0, :5].tolist(), table.loc[0, "Naam niveau"]
    (['2020', 'PV21', 'Fryslân', 'OTL', 'Objecttypebibliotheek'], 'Gedefinieerd')
    >>> opportunities = pd.DataFrame({"element": ["OTL"], "kansrijk": [True]})
    >>> people_tables({"opportunities": opportunities}, default_instrument())[
    ...     "Kansrijke elementen"].to_dict("records")
    [{'Elementcode': 'OTL', 'Element': 'Objecttypebibliotheek', 'Kansrijk': 'ja'}]
    """
    return {
        _sheet_name(name): frame.rename(columns=_header)
        for name, frame in _prepared(tables, instrument).items()
    }


def _header(column: object) -> str:
    return WORKBOOK_HEADERS.get(str(column), str(column))


# ---------------------------------------------------------------------------- widths
def _shown(value: object, number_format: str | None) -> str:
    """About what a cell shows, to fit the column width."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    shown = {
        LEVEL: "{:.1f}",
        SIGNED_LEVEL: "{:+.1f}",
        RATIO: "{:.2f}",
        SHARE: "{:.0%}",
        EURO: "€ {:,.0f}",
        WHOLE: "{:.0f}",
    }.get(number_format or "", "{}")
    return shown.format(value)


def _width(header: str, texts: list[str]) -> float:
    longest = max((len(text) for text in texts), default=0)
    # a bold header with the filter button beside it needs a few characters more
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2, round(len(header) * 1.1) + 4)))


# ---------------------------------------------------------------------------- the sheets
def _write_table(sheet: Worksheet, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = [str(column) for column in frame.columns]
    headers = [_header(column) for column in columns]
    append_table(sheet, headers, frame)
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for position, (column, header) in enumerate(zip(columns, headers, strict=True), start=1):
        number_format = NUMBER_FORMATS.get(column)
        texts = []
        for (cell,) in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
            if number_format is not None and isinstance(cell.value, int | float):
                cell.number_format = number_format
            text = _shown(cell.value, number_format)
            if len(text) > MAX_WIDTH:
                cell.alignment = wrap
            texts.append(text)
        sheet.column_dimensions[get_column_letter(position)].width = _width(header, texts)
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    names = [columns.index(column) for column in NAME_COLUMNS if column in columns]
    sheet.freeze_panes = f"{get_column_letter(min(names) + 2)}2" if names else "A2"
    _print_setup(sheet)


def _print_setup(sheet: Worksheet, *, header: bool = True) -> None:
    """Printed: landscape A4, as wide as the page, the header row on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header:
        sheet.print_title_rows = "1:1"


def _share_text(value: float) -> str:
    whole = abs(value * 100 - round(value * 100)) < 1e-9
    return percent(value, 0 if whole else 2)


def _settings(options: AnalysisOptions) -> dict[str, str]:
    """The analysis options as people read them (Dutch numbers)."""
    return {
        "leader_level": number(options.leader_level, 1),
        "gap_threshold": number(options.gap_threshold, 1),
        "min_demand": str(options.min_demand),
        "n_deals": str(options.n_deals),
        "clusters": (
            WORKBOOK_TEXT["clusters_chosen"] if options.clusters is None else str(options.clusters)
        ),
        "overhead": _share_text(options.overhead),
        "years": str(options.years),
        "discount": _share_text(options.discount),
        "cost_key": KEY_LABELS.get(options.cost_key, options.cost_key),
        "resamples": str(options.resamples),
    }


def _scale(instrument: Instrument) -> str:
    first, last = instrument.scale.levels[0], instrument.scale.levels[-1]
    return f"{first.value} ({first.label}) tot {last.value} ({last.label})"


def _registry_fields() -> dict[str, str]:
    """The registry in use for the terms: its first and last organisation (code and name) and
    where its codes come from (the CBS for the provinces)."""
    registry = active_registry()
    codes = registry.codes
    return {
        "first": f"{codes[0]} {registry.name(codes[0])}",
        "last": f"{codes[-1]} {registry.name(codes[-1])}",
        "code_source": WORKBOOK_TEXT[
            "cbs_code" if registry == default_registry() else "registry_code"
        ],
    }


def _write_notes(
    sheet: Worksheet,
    tables: Mapping[str, pd.DataFrame],
    result: Analysis,
    *,
    wave: str | None,
    is_example: bool,
    built: datetime.date,
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    bold = Font(bold=True)
    top = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 100
    sheet.column_dimensions["C"].width = 10

    rows = [0]

    def row(*values: object, font: Font | None = None) -> int:
        rows[0] += 1
        number = rows[0]
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(number, position, spreadsheet_value(value))
            cell.alignment = top if len(values) > 1 else Alignment(vertical="top")
        if font is not None:
            sheet.cell(number, 1).font = font
        return number

    row(WORKBOOK_TEXT["title"], font=Font(bold=True, size=14))
    if is_example:
        row(WORKBOOK_TEXT["example"], font=Font(bold=True, color="B00020"))
    row(WORKBOOK_TEXT["rounds"], listing(result.waves), font=bold)
    if wave is not None:
        row(WORKBOOK_TEXT["reported"], str(wave), font=bold)
    date_row = row(WORKBOOK_TEXT["built"], built, font=bold)
    date_cell = sheet.cell(date_row, 2)
    date_cell.number_format = DATE
    date_cell.alignment = Alignment(horizontal="left", vertical="top")
    row()
    row(WORKBOOK_TEXT["about"], WORKBOOK_TEXT["about_text"], font=bold)

    def heading(title: str, *headers: str) -> None:
        row()
        row(title, font=Font(bold=True, size=12))
        number = row(*headers)
        for cell in sheet[number]:
            cell.font = bold

    heading(WORKBOOK_TEXT["sheets"], WORKBOOK_TEXT["sheet"], WORKBOOK_TEXT["contents"])
    sheet.cell(rows[0], 3, WORKBOOK_TEXT["rows"]).font = bold
    for name, frame in tables.items():
        title = _sheet_name(name)
        number = row(title, WORKBOOK_SHEET_NOTES.get(name, ""), len(frame))
        link = sheet.cell(number, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{title}'!A1")
        link.style = "Hyperlink"
        link.alignment = top

    options = result.options
    fields = {
        **org_words(),
        **_registry_fields(),
        **_settings(options),
        "scale": _scale(result.instrument),
    }
    heading(WORKBOOK_TEXT["terms"], WORKBOOK_TEXT["term"], WORKBOOK_TEXT["meaning"])
    for term, meaning in WORKBOOK_TERMS:
        row(term, meaning.format(**fields))
    heading(WORKBOOK_TEXT["settings"], WORKBOOK_TEXT["setting"], WORKBOOK_TEXT["value"])
    for key, text in _settings(options).items():
        row(WORKBOOK_SETTINGS[key], text)
    _print_setup(sheet, header=False)


def write_people_tables(
    result: Analysis,
    issues: pd.DataFrame,
    path: Path,
    *,
    wave: str | None = None,
    is_example: bool = False,
    built: datetime.date | None = None,
) -> Path:
    """Write the result tables for people to one workbook (``reports/tabellen.xlsx``), atomically.

    The first sheet, *Toelichting*, names the rounds in the file, the round the reports show
    (``wave``), the build date and, on example data, that the data is fictitious; it says what
    every sheet holds, what the columns mean and which analysis options were used. Then one
    sheet per table of :func:`bimmaturity.analysis.tables_from`, as :func:`people_tables` gives
    it, with number formats (:data:`NUMBER_FORMATS`), fitted widths, a filter on the header
    and the header row and the columns up to the first name frozen.

    Parameters
    ----------
    result
        The analysis (every round: the tables hold every round of it).
    issues
        The ingest issues (``Processed.issues``).
    path
        The workbook to write (replaced whole, or left as it was on failure).
    wave
        The round the reports of this build show, named on the first sheet.
    is_example
        The data is the fictitious example: the first sheet says so.
    built
        The build date (default: today).

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> from bimmaturity.analysis import analyse
    >>> from bimmaturity.ingest import ingest
    >>> from bimmaturity.store import load_processed
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     root = Path(folder)
    ...     (root / "raw").mkdir()
    ...     _ = (root / "raw" / "antwoorden.csv").write_text(
    ...         "provincie,respondent,vraag,huidig,ambitie\\n"
    ...         "Zeeland,a,OTL-1,2,4\\nZeeland,a,OTL-2,3,4\\n")
    ...     _ = ingest(root / "raw", root / "p", salt_path=root / "salt")
    ...     data = load_processed(root / "p")
    ...     path = write_people_tables(analyse(data), data.issues, root / "tabellen.xlsx",
    ...                                built=datetime.date(2026, 11, 30))
    ...     book = openpyxl.load_workbook(path)
    >>> book.sheetnames[:4]
    ['Toelichting', 'Scores per element', 'Totaalscore', 'Betrouwbaarheid']
    >>> sheet = book["Totaalscore"]
    >>> [cell.value for cell in sheet[2]][:3], sheet["D2"].value, sheet["D2"].number_format
    ([1, 'PV29', 'Zeeland'], 2.5, '0.0')
    """
    instrument = result.instrument
    tables = _prepared(tables_from(result, issues), instrument)
    import openpyxl

    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = WORKBOOK_TEXT["notes"]
    _write_notes(
        notes,
        tables,
        result,
        wave=wave,
        is_example=is_example,
        built=built or datetime.date.today(),
    )
    for name, frame in tables.items():
        _write_table(workbook.create_sheet(_sheet_name(name)), frame)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = Path(path)
    atomic_write(path, buffer.getvalue())
    return path
