"""Load an export into plain grids of cell values, one per sheet, with exact cell positions.

Workbooks are read with python-calamine (values only, fast) by default; ``engine="openpyxl"``
gives the same grids through openpyxl (slower; kept as a fallback and for the benchmark).
CSV files are read with the csv module after detecting the encoding and the delimiter.
A grid's row 0 is Excel row 1 and its column 0 is column A, whatever the sheet's used range.
The grid and its cell helpers live in :mod:`bimmaturity.input.cells` (re-exported here); this
module loads files into grids within the reading limits.

calamine gives values, not cell detail. Three things that matter for answers are not in its
values, so they are taken from the workbook itself and kept per sheet as :class:`CellNote`:

- Excel error values (``#N/A``, ``#DIV/0!``): calamine returns an empty cell for them, which
  would silently make an answer missing. They are found in the sheet XML (``t="e"``).
- Formulas: the value Excel stored with the formula (its cached result) is what is read;
  nothing is ever evaluated. A formula without a stored result (a file written by a program,
  never opened and saved in Excel) reads as empty, so it is noted as well.
- Merged cells: the ranges come from calamine (``merged_cell_ranges``). A value in a merged
  range sits only in its top-left cell; the other cells of the range are noted as covered.

The XML is only parsed for a sheet whose bytes contain a formula or an error cell, so plain
exports (the usual case) pay one substring search per sheet.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

import python_calamine

from bimmaturity.input.cells import (
    CellNote,
    Sheet,
    _blank,
    a1,
    blank,
    column_letter,
    first_rows,
    parse_a1,
)

__all__ = [
    "ENGINES",
    "CellNote",
    "ExportUnreadable",
    "Sheet",
    "a1",
    "blank",
    "column_letter",
    "decode_csv",
    "first_rows",
    "load_sheets",
    "parse_a1",
]

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
ENGINES = ("calamine", "openpyxl")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


# Reading is bounded: an export is a few hundred rows by a few hundred columns. These limits
# are far above that and far below what would exhaust memory (a dense grid of Python values).
MAX_FILE_BYTES = 50 * 2**20  # an export on disk
MAX_UNPACKED_BYTES = 400 * 2**20  # a workbook's parts once unzipped (a zip bomb is refused)
MAX_ROWS = 100_000
MAX_COLUMNS = 2_000
MAX_CELLS = 5_000_000  # rows x columns of one sheet's used range


class ExportUnreadable(Exception):
    """The file looks like an export but cannot be opened; the message says why (Dutch).

    ``sheet`` and ``cell`` locate the problem when it lies in one sheet or cell.
    """

    def __init__(self, message: str, *, sheet: str = "", cell: str = "") -> None:
        super().__init__(message)
        self.sheet = sheet
        self.cell = cell


def load_sheets(path: Path, *, engine: str = "calamine") -> list[Sheet]:
    """Read every worksheet of an ``.xlsx``/``.xlsm`` workbook, or a ``.csv`` file, as grids.

    The file is read once into memory and never opened for writing.

    Parameters
    ----------
    path
        The export.
    engine
        ``"calamine"`` (fast, the default) or ``"openpyxl"``; both give the same grids.

    Raises
    ------
    ExportUnreadable
        For encrypted, old-format, truncated or mislabelled workbooks and undecodable CSV files.
    """
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES and suffix != ".csv":
        raise ExportUnreadable(f"bestandstype {suffix} wordt niet gelezen")
    if engine not in ENGINES:
        raise ValueError(f"onbekende engine {engine!r}; kies uit {', '.join(ENGINES)}")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ExportUnreadable(
            f"bestand is te groot om als export te lezen ({_megabytes(size)}; hoogstens "
            f"{_megabytes(MAX_FILE_BYTES)}); lever alleen de antwoorden aan, zonder bijlagen "
            "of afbeeldingen"
        )
    if suffix == ".csv":
        return [_load_csv(path)]
    return _load_workbook(path.read_bytes(), engine)


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def check_extent(sheet: str, rows: int, columns: int, last_cell: str) -> None:
    """Refuse a sheet whose used range is beyond what an export can hold (bounded reading).

    Examples
    --------
    >>> check_extent("Form1", 40, 80, "CB40")
    >>> try:
    ...     check_extent("Form1", 1_048_576, 16_384, "XFD1048576")
    ... except ExportUnreadable as error:
    ...     print(error.sheet, error.cell, str(error)[:57])
    Form1 XFD1048576 blad 'Form1' loopt door tot cel XFD1048576 (1048576 rijen
    """
    if rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS:
        return
    where = f"blad '{sheet}'" if sheet else "het bestand"
    raise ExportUnreadable(
        f"{where} loopt door tot cel {last_cell} ({rows} rijen x {columns} kolommen); gelezen "
        f"worden hoogstens {MAX_ROWS} rijen, {MAX_COLUMNS} kolommen en {MAX_CELLS} cellen per "
        "blad: wis de inhoud en opmaak buiten de tabel (of kopieer de tabel naar een nieuw "
        "blad) en sla opnieuw op",
        sheet=sheet,
        cell=last_cell,
    )


# ----------------------------------------------------------------------------- workbooks
def _check_container(data: bytes) -> zipfile.ZipFile:
    """The workbook's zip container, or a clear reason why this is not a workbook we read."""
    if not data:
        raise ExportUnreadable("bestand is leeg (0 bytes); sla de werkmap opnieuw op als .xlsx")
    if data[:8] == OLE_MAGIC:
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data:
            raise ExportUnreadable(
                "werkmap is met een wachtwoord beveiligd (versleuteld) en kan niet worden "
                "gelezen; sla haar op zonder wachtwoord (Bestand > Info > Werkmap beveiligen)"
            )
        raise ExportUnreadable(
            "dit is een oud Excel-bestand (.xls-formaat) met de extensie .xlsx; "
            "open het in Excel en sla het op als Excel-werkmap (.xlsx)"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExportUnreadable(
            "geen geldig .xlsx-bestand (afgebroken of geen Excel-werkmap); "
            "sla het opnieuw op als .xlsx"
        )
    try:
        container = zipfile.ZipFile(io.BytesIO(data))
        names = set(container.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExportUnreadable(
            f"geen geldig .xlsx-bestand ({exc}); sla het opnieuw op als .xlsx"
        ) from exc
    if "mimetype" in names and b"opendocument" in container.read("mimetype"):
        raise ExportUnreadable(
            "dit is een OpenDocument-werkmap (.ods) met de extensie .xlsx; "
            "sla het op als Excel-werkmap (.xlsx)"
        )
    unpacked = sum(info.file_size for info in container.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExportUnreadable(
            f"werkmap pakt uit tot {_megabytes(unpacked)} (hoogstens "
            f"{_megabytes(MAX_UNPACKED_BYTES)}); dit is geen gewone export: lever alleen de "
            "antwoorden aan"
        )
    if "xl/workbook.xml" not in names:
        kind = "Word-document" if "word/document.xml" in names else "zip-bestand"
        raise ExportUnreadable(
            f"geen Excel-werkmap maar een {kind} met de extensie .xlsx; "
            "lever de export aan als .xlsx"
        )
    return container


_KEEP_XML_BYTES = 32 * 2**20  # sheet XML kept between the limits and the notes (else re-read)


def _load_workbook(data: bytes, engine: str) -> list[Sheet]:
    container = _check_container(data)
    try:
        names = set(container.namelist())
        parts = _sheet_parts(container)
        kept: dict[str, bytes] = {}  # sheet XML read for the limits, kept for the notes
        for sheet_name, part in parts.items():
            if part in names:  # before an engine builds a dense grid of the used range
                xml = container.read(part)
                if not _within_limits(xml):  # else the exact extent, for the message
                    check_extent(sheet_name, *_xml_extent(xml))
                if sum(map(len, kept.values())) + len(xml) <= _KEEP_XML_BYTES:
                    kept[part] = xml
        sheets = _openpyxl_sheets(data) if engine == "openpyxl" else _calamine_sheets(data)
        for sheet in sheets:
            part = parts.get(sheet.name)
            if part is not None and part in names:
                xml = kept.pop(part, None)
                sheet.notes = _cell_notes(container.read(part) if xml is None else xml)
    except ExportUnreadable:
        raise
    except Exception as exc:  # the engines raise several error types for broken files
        raise ExportUnreadable(f"werkmap kan niet worden gelezen ({exc})") from exc
    finally:
        container.close()
    return sheets


def _calamine_sheets(data: bytes) -> list[Sheet]:
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = []
        for meta in workbook.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            grid = sheet.to_python(skip_empty_area=False)
            merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
            sheets.append(
                Sheet(
                    name=meta.name,
                    rows=grid,
                    visible=meta.visible == python_calamine.SheetVisibleEnum.Visible,
                    merged=merged,
                )
            )
    finally:
        workbook.close()
    return sheets


def _openpyxl_sheets(data: bytes) -> list[Sheet]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    try:
        sheets = []
        for worksheet in workbook.worksheets:
            grid = [
                ["" if value is None else value for value in row]
                for row in worksheet.iter_rows(
                    min_row=1, min_col=1, max_row=worksheet.max_row, values_only=True
                )
            ]
            while grid and all(_blank(value) for value in grid[-1]):
                grid.pop()
            merged = [
                (r.min_row - 1, r.min_col - 1, r.max_row - 1, r.max_col - 1)
                for r in worksheet.merged_cells.ranges
            ]
            sheets.append(
                Sheet(
                    name=worksheet.title,
                    rows=[[_openpyxl_value(value) for value in row] for row in grid],
                    visible=worksheet.sheet_state == "visible",
                    merged=merged,
                )
            )
    finally:
        workbook.close()
    return sheets


def _openpyxl_value(value: Any) -> Any:
    # calamine gives numbers as floats and error cells as empty; make openpyxl agree
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, str) and value in _EXCEL_ERRORS:
        return ""
    return value


_EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)


def _sheet_parts(container: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> part name of its XML (``xl/worksheets/sheet1.xml``)."""
    workbook_xml = container.read("xl/workbook.xml")
    try:
        rels_xml = container.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        ElementTree.fromstring(workbook_xml)  # a broken workbook part is still an error
        return {}
    if len(workbook_xml) + len(rels_xml) <= 2**16:  # exports of one tool: the same parts
        return dict(_remembered_parts(workbook_xml, rels_xml))
    return dict(_parts(workbook_xml, rels_xml))


@lru_cache(maxsize=64)
def _remembered_parts(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str], ...]:
    return _parts(workbook_xml, rels_xml)


def _parts(workbook_xml: bytes, rels_xml: bytes) -> tuple[tuple[str, str], ...]:
    workbook = ElementTree.fromstring(workbook_xml)
    rels = ElementTree.fromstring(rels_xml)
    targets = {}
    for rel in rels.iter(f"{{{_PKG_REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        # normalise "xl/../x" forms
        segments: list[str] = []
        for segment in part.split("/"):
            if segment == "..":
                if segments:
                    segments.pop()
            elif segment not in ("", "."):
                segments.append(segment)
        targets[rel.get("Id")] = "/".join(segments)
    parts = {}
    for sheet in workbook.iter(f"{{{_MAIN_NS}}}sheet"):
        rel_id = sheet.get(f"{{{_REL_NS}}}id")
        if rel_id in targets:
            parts[sheet.get("name", "")] = targets[rel_id]
    return tuple(parts.items())


_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Za-z]+)(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", re.S)


_FILLED_CELL = re.compile(
    rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,3})(\d{1,7})"[^>]*?(?<!/)>\s*<(?:\w+:)?[vfi]', re.S
)
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")


def _xml_extent(xml: bytes) -> tuple[int, int, str]:
    """Rows, columns and last cell of a worksheet's used range, from its XML (cells with a
    value or formula; cells that only carry formatting do not count).

    Examples
    --------
    >>> _xml_extent(b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576" s="1"/></row>'
    ...             b'<row r="7"><c r="C7" t="s"><v>0</v></c></row>')
    (7, 3, 'C7')
    """
    rows = columns = 0
    references = _FILLED_CELL.findall(xml)  # (letters, digits) of every filled cell
    for digits in {digits for _, digits in references}:
        rows = max(rows, int(digits))
    for letters in {letters.upper() for letters, _ in references}:
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        columns = max(columns, column)
    # rows without a reference are numbered one after the other by the readers
    rows = max(rows, len(_ROW_TAG.findall(xml)) if b"<row>" in xml else 0)
    return rows, columns, a1(max(rows, 1) - 1, max(columns, 1) - 1)


# every r="A1"-like attribute (the cells'; any other only raises the bound): no \b, which
# would cost the regex its quick scan for the literal r="
_ANY_REFERENCE = re.compile(rb'r="([A-Za-z]{1,3})(\d{1,7})"')


_FAR_REFERENCE = re.compile(rb'r="(?:[A-Za-z]{3}|[A-Za-z]{1,2}\d{4})')


def _within_limits(xml: bytes) -> bool:
    """True when every cell reference in a worksheet's XML (filled or not: an upper bound of
    :func:`_xml_extent`) lies within the reading limits; a quick test for the usual sheet.

    Examples
    --------
    >>> _within_limits(b'<row r="1"><c r="A1"><v>1</v></c></row>')
    True
    >>> _within_limits(b'<row r="1"><c r="XFD1" s="1"/></row>')
    False
    >>> _within_limits(b'<row r="1"><c r="A1"/><c r="A100001" s="1"/></row>')
    False
    """
    near_is_within = MAX_ROWS >= 999 and MAX_COLUMNS >= 702 and MAX_CELLS >= 999 * 702
    if near_is_within and b"<row>" not in xml and _FAR_REFERENCE.search(xml) is None:
        return True  # no column beyond ZZ (702), no row beyond 999: far inside the limits
    all_letters, all_digits = tuple(zip(*_ANY_REFERENCE.findall(xml), strict=True)) or ((), ())
    rows = max(map(int, set(all_digits)), default=0)
    rows = max(rows, len(_ROW_TAG.findall(xml)) if b"<row>" in xml else 0)
    columns = 0
    for letters in {letters.upper() for letters in set(all_letters)}:
        column = 0
        for letter in letters:
            column = column * 26 + letter - 64
        columns = max(columns, column)
    return rows <= MAX_ROWS and columns <= MAX_COLUMNS and rows * columns <= MAX_CELLS


def _cell_notes(xml: bytes) -> dict[tuple[int, int], CellNote]:
    """Error cells and formulas without a stored result in one worksheet's XML.

    Examples
    --------
    >>> xml = (b'<sheetData><row r="2"><c r="B2" t="e"><v>#N/A</v></c>'
    ...        b'<c r="C2"><f>1+2</f><v/></c><c r="D2"><f>1+2</f><v>3</v></c></row></sheetData>')
    >>> _cell_notes(xml)
    {(1, 1): CellNote(kind='error', text='#N/A'), (1, 2): CellNote(kind='formula', text='=1+2')}
    """
    if b't="e"' not in xml and (  # every formula tag holds "<f" or, prefixed, ":f"
        (b"<f" not in xml and b":f" not in xml) or not _HAS_FORMULA.search(xml)
    ):
        return {}
    notes: dict[tuple[int, int], CellNote] = {}
    for match in _CELL.finditer(xml):
        attributes, content = match.group(1), match.group(2) or b""
        ref = _REF.search(attributes)
        if ref is None:
            continue
        kind = _TYPE.search(attributes)
        cell_type = kind.group(1) if kind else b"n"
        value = _VALUE.search(content)
        value_text = (value.group(1) or b"") if value else None
        position = parse_a1((ref.group(1) + ref.group(2)).decode("ascii"))
        if cell_type == b"e":
            shown = html.unescape((value_text or b"#N/A").decode("utf-8", "replace"))
            notes[position] = CellNote("error", shown)
            continue
        formula = _FORMULA.search(content)
        if formula is None:
            continue
        if value_text is None or (value_text == b"" and cell_type != b"str"):
            text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            notes[position] = CellNote("formula", f"={text}" if text else "(gedeelde formule)")
    return notes


# ----------------------------------------------------------------------------- CSV
def decode_csv(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM) or cp1252; returns (text, encoding).

    Raises
    ------
    ExportUnreadable
        For UTF-16/UTF-32 text, a workbook with a .csv extension, or bytes in no known encoding.

    Examples
    --------
    >>> decode_csv("a;é".encode("cp1252"))
    ('a;é', 'cp1252')
    >>> decode_csv(b"\\xef\\xbb\\xbfa,b")
    ('a,b', 'utf-8')
    """
    if data[:4] == b"PK\x03\x04":
        raise ExportUnreadable(
            "dit is een Excel-werkmap met de extensie .csv; geef het bestand de extensie .xlsx"
        )
    if data[:8] == OLE_MAGIC:
        raise ExportUnreadable(
            "dit is een (oud of versleuteld) Excel-bestand met de extensie .csv; "
            "sla het op als CSV UTF-8 of als .xlsx"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff":
        raise ExportUnreadable(
            "tekenset UTF-16/Unicode-tekst wordt niet gelezen; sla het bestand op als "
            "'CSV UTF-8 (door komma's gescheiden)' of 'CSV (puntkomma's)'"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ExportUnreadable(
            "tekenset niet herkend (geen UTF-8 en geen Windows-1252); sla het bestand op als "
            "'CSV UTF-8 (door komma's gescheiden)'"
        )
    if "\x00" in text:
        raise ExportUnreadable(
            "tekenset niet herkend (nul-tekens: UTF-16 zonder BOM of geen tekstbestand); sla "
            "het bestand op als 'CSV UTF-8 (door komma's gescheiden)'"
        )
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def _delimiter(text: str) -> str:
    """The delimiter that splits the header record into the most fields (ties: comma)."""
    best, best_fields = ",", 0
    for delimiter in (",", ";", "\t"):
        try:
            first = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(first) > best_fields:
            best, best_fields = delimiter, len(first)
    return best


def _load_csv(path: Path) -> Sheet:
    text, encoding = decode_csv(path.read_bytes())
    delimiter = _delimiter(text)
    rows: list[list[Any]] = []
    cells = width = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            cells += len(row)
            width = max(width, len(row))
            if len(rows) > MAX_ROWS or width > MAX_COLUMNS or cells > MAX_CELLS:  # cheap test first
                check_extent("", len(rows), width, a1(len(rows) - 1, width - 1))
    except csv.Error as exc:
        raise ExportUnreadable(f"CSV kan niet worden gelezen ({exc})") from exc
    return Sheet(name="", rows=rows, is_csv=True, encoding=encoding)
