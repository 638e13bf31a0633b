"""Read one export file: open it (bounded), let the reader registry read its sheets, and
collect the file's issues. Combining files and writing the processed tables is ingest's job.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bimmaturity.input.grid import ExportUnreadable, Sheet, load_sheets
from bimmaturity.input.readers import READERS
from bimmaturity.input.readers.base import Reader, ReadResult
from bimmaturity.instrument import Instrument
from bimmaturity.issues import ERROR, WARNING, Issue
from bimmaturity.organisations import Registry, activate, active_registry
from bimmaturity.parallel import PARALLEL_FROM, map_in_processes
from bimmaturity.vocab import org_words

__all__ = ["PARALLEL_FROM", "FileRead", "has_macros", "read_export", "read_exports"]

log = logging.getLogger("bimmaturity.ingest")


@dataclass
class FileRead:
    """What one export gave: a result per sheet (or per template workbook) and file issues."""

    path: str
    wave: str | None
    results: list[tuple[str, ReadResult]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    not_read: list[str] = field(default_factory=list)


def read_export(
    path: Path,
    relative: str,
    instrument: Instrument,
    mapping: Mapping[str, str],
    *,
    engine: str = "calamine",
) -> FileRead:
    """Read one export with the readers of :data:`bimmaturity.input.readers.READERS`.

    A whole-workbook reader gets the visible sheets when one of them holds its layout (a
    workbook with a template questions table is read as one template, details and roles from
    its other sheets); every other visible sheet goes through the first reader whose layout it
    holds (tidy, then wide).

    Hidden sheets are not read. A hidden sheet that holds a recognisable layout is an error
    (is it an old copy, or the real answers?): make it visible to have it read, or delete it;
    with ``--lenient`` it stays unread. Hidden sheets without a layout (lists, helper data)
    are only listed in the manifest.
    """
    file_read = FileRead(relative, None)
    try:
        _read_sheets(path, relative, instrument, mapping, engine, file_read)
    except Exception as exc:  # a reader bug on odd input: that file is refused, never a crash
        log.debug("reading %s failed", relative, exc_info=True)
        file_read.results.clear()
        file_read.issues.append(
            Issue(
                relative,
                "",
                "",
                ERROR,
                f"bestand kon niet worden gelezen ({type(exc).__name__}); niet gelezen",
            )
        )
    return file_read


def has_macros(path: Path) -> bool:
    """True when the workbook at ``path`` holds a VBA project (``xl/vbaProject.bin``): read
    from the zip directory only.

    Examples
    --------
    >>> import tempfile, zipfile
    >>> path = Path(tempfile.mkdtemp()) / "a.xlsm"
    >>> with zipfile.ZipFile(path, "w") as book:
    ...     book.writestr("xl/vbaProject.bin", b"")
    >>> has_macros(path), has_macros(path.with_suffix(".csv"))
    (True, False)
    """
    if path.suffix.lower() == ".csv":
        return False
    try:
        with zipfile.ZipFile(path) as book:
            return any(n.lower().endswith("vbaproject.bin") for n in book.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def _read_sheets(
    path: Path,
    relative: str,
    instrument: Instrument,
    mapping: Mapping[str, str],
    engine: str,
    file_read: FileRead,
) -> None:
    try:
        sheets = load_sheets(path, engine=engine)
    except ExportUnreadable as exc:
        file_read.issues.append(Issue(relative, exc.sheet, exc.cell, ERROR, str(exc)))
        return
    except OSError as exc:
        file_read.issues.append(
            Issue(relative, "", "", ERROR, f"bestand kan niet worden geopend ({exc.strerror})")
        )
        return
    if has_macros(path):
        file_read.issues.append(
            Issue(relative, "", "", WARNING, "bevat macro's; die worden nooit uitgevoerd")
        )
    filled = [sheet for sheet in sheets if not sheet.is_empty]
    if not filled:
        file_read.issues.append(
            Issue(relative, "", "", ERROR, "werkmap of bestand is leeg; er is niets te lezen")
        )
        return
    visible = [sheet for sheet in filled if sheet.visible]
    claimed: set[str] = set()
    detected: dict[tuple[int, int], bool] = {}

    def detect(reader: Reader, sheet: Sheet) -> bool:  # each reader looks at a sheet once
        key = (id(reader), id(sheet))
        if key not in detected:
            detected[key] = reader.detect(sheet, instrument, mapping)
        return detected[key]

    def pick_reader(sheet: Sheet) -> Reader | None:  # as readers.pick_reader, remembered
        return next((reader for reader in READERS if detect(reader, sheet)), None)

    for reader in READERS:
        if not reader.whole_workbook:
            continue
        free = [sheet for sheet in visible if sheet.name not in claimed]
        if any(detect(reader, sheet) for sheet in free):
            result = reader.read(free, instrument, file=relative, mapping=mapping)
            file_read.results.append((result.sheet, result))
            claimed |= set(result.sheets)
    unrecognised: list[Sheet] = []
    for sheet in visible:
        if sheet.name in claimed:
            continue
        reader = pick_reader(sheet)
        if reader is None or reader.whole_workbook:
            unrecognised.append(sheet)
        else:
            result = reader.read([sheet], instrument, file=relative, mapping=mapping)
            file_read.results.append((sheet.name, result))
    for sheet in filled:
        if sheet.visible:
            continue
        file_read.hidden.append(sheet.name)
        reader = pick_reader(sheet)
        if reader is not None:
            rows = sum(1 for row in sheet.rows if any(str(v).strip() for v in row))
            file_read.issues.append(
                Issue(
                    relative,
                    sheet.name,
                    "",
                    ERROR,
                    f"verborgen blad met antwoorden ({reader.layout}, {rows} gevulde rijen) is "
                    "niet gelezen: is het een oude kopie of tellen deze antwoorden mee? Maak het "
                    "blad zichtbaar om het te laten lezen, of verwijder het",
                )
            )
    for sheet in unrecognised:
        file_read.not_read.append(sheet.name)
        severity = WARNING if file_read.results else ERROR
        file_read.issues.append(
            Issue(
                relative,
                sheet.name,
                "",
                severity,
                "indeling niet herkend: geen antwoordkolommen (vraagcode + huidig/ambitie), "
                "geen tabel met {org}/vraag/huidig/ambitie en geen ingevulde vragenlijst "
                "(kolommen Code, Huidige situatie, Ambitie)".format(**org_words())
                + ("; blad niet gelezen" if file_read.results else ""),
            )
        )
    if not file_read.results and not any(i.is_error for i in file_read.issues):
        file_read.issues.append(
            Issue(relative, "", "", ERROR, "geen zichtbaar blad met een herkenbare indeling")
        )


# ----------------------------------------------------------------------------- many files
_worker_state: tuple[Instrument, dict[str, str], str] | None = None


def _start_worker(
    instrument: Instrument, mapping: dict[str, str], engine: str, registry: Registry
) -> None:
    global _worker_state
    _worker_state = (instrument, mapping, engine)
    activate(registry)  # a spawned reader starts with the provinces


def _read_in_worker(item: tuple[Path, str]) -> FileRead:
    assert _worker_state is not None
    instrument, mapping, engine = _worker_state
    return read_export(item[0], item[1], instrument, mapping, engine=engine)


def read_exports(
    items: list[tuple[Path, str]],
    instrument: Instrument,
    mapping: Mapping[str, str],
    *,
    engine: str = "calamine",
    jobs: int | None = None,
) -> list[FileRead]:
    """Read every export of ``items`` (path, name shown in issues) with
    :func:`~bimmaturity.input.export.read_export`, in ``jobs`` processes.

    Files are independent until they are combined, so they are read in parallel when that
    pays (``jobs`` None: two processes from :data:`PARALLEL_FROM` files on, if the machine
    has two cores); the results come back in the order of ``items``, so the issues and tables
    are the same for any ``jobs``. Each process reads one file at a time within the limits of
    :mod:`bimmaturity.input.grid`.

    Examples
    --------
    >>> import tempfile
    >>> from bimmaturity.instrument import default_instrument
    >>> path = Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_text("provincie;vraag;huidig;ambitie\\nZeeland;VISIE-1;2;3\\n")
    >>> [read.path for read in read_exports([(path, "a.csv")], default_instrument(), {})]
    ['a.csv']
    """
    return map_in_processes(
        _read_in_worker,
        items,
        jobs=jobs,
        initializer=_start_worker,
        initargs=(instrument, dict(mapping), engine, active_registry()),
    )
