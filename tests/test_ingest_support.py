"""Helpers shared by the ingest tests: write real exports (openpyxl, csv) and run the CLI.

No tests here; the ingest, template and bad-input test modules import these functions.
Workbooks are written by openpyxl and, where a case needs what openpyxl cannot write (a formula
with a stored result, an error value from a formula), patched at the XML level the way Excel
stores it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from bimmaturity.instrument import default_instrument

INSTRUMENT = default_instrument()
QUESTIONS = INSTRUMENT.question_ids
FORMS_META = [
    "ID",
    "Begintijd",
    "Tijd van voltooien",
    "E-mail",
    "Naam",
    "Tijd van laatste wijziging",
    "Provincie",
]
FORMS_META_EN = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"]


def answer_headers(questions: Sequence[str] = QUESTIONS) -> list[str]:
    headers = []
    for question in questions:
        text = next(q.text for e in INSTRUMENT.elements for q in e.questions if q.id == question)
        headers += [f"{question} Huidige situatie: {text}", f"{question} Ambitie 2021: {text}"]
    return headers


def person(index: int, province: str = "Zeeland") -> tuple[str, str]:
    """A made-up respondent: (name, e-mail)."""
    first = ["Wietske", "Gerrit", "Ingeborg", "Maarten", "Femke", "Sjoerd", "Hanneke"][index % 7]
    last = ["Zwanenburg", "Oudemolen", "Kleefstra", "Roodbeen"][index % 4]
    domain = province.lower().replace(" ", "").replace("-", "")
    return f"{first} {last}", f"{first.lower()}.{last.lower()}{index}@{domain}.test.nl"


def forms_row(
    index: int,
    province: str = "Zeeland",
    answers: Sequence[Any] | None = None,
    *,
    when: datetime | None = None,
    email: str | None = None,
    name: str | None = None,
) -> list[Any]:
    """One Microsoft Forms row: meta columns, province, then current/ambition per question."""
    default_name, default_email = person(index, province)
    done = when or datetime(2020, 3, 2, 9, 0) + timedelta(hours=index)
    values = list(answers) if answers is not None else [3, 4] * len(QUESTIONS)
    return [
        index,
        done - timedelta(minutes=20),
        done,
        default_email if email is None else email,
        default_name if name is None else name,
        done,
        province,
        *values,
    ]


def forms_sheet(rows: Iterable[list[Any]], questions: Sequence[str] = QUESTIONS) -> list[list]:
    return [[*FORMS_META, *answer_headers(questions)], *rows]


def write_xlsx(
    path: Path,
    sheets: dict[str, list[list[Any]]],
    *,
    hidden: Iterable[str] = (),
    merged: dict[str, Iterable[str]] | None = None,
) -> Path:
    """Write a workbook with openpyxl: {sheet name: rows}; hidden sheets and merged ranges."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in set(hidden):
            sheet.sheet_state = "hidden"
        for ref in (merged or {}).get(name, ()):
            sheet.merge_cells(ref)
    workbook.save(path)
    workbook.close()
    return path


def set_cell_xml(path: Path, ref: str, xml: str, sheet_part: str = "xl/worksheets/sheet1.xml"):
    """Replace cell ``ref`` of a saved workbook by raw XML (as Excel writes it)."""
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == sheet_part:
                pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)'.encode(), re.S)
                assert pattern.search(data), f"{ref} not in {sheet_part}"
                data = pattern.sub(xml.encode(), data, count=1)
            target.writestr(info, data)
    source.close()
    path.write_bytes(buffer.getvalue())


def write_csv(
    path: Path, rows: list[list[Any]], *, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def tidy_rows(province: str, respondent: str = "", level: int = 3) -> list[list[Any]]:
    rows = [["provincie", "respondent", "vraag", "huidig", "ambitie", "toelichting"]]
    rows += [[province, respondent, q, level, min(level + 1, 5), ""] for q in QUESTIONS]
    return rows


def fake_encrypted_workbook() -> bytes:
    """The start of an encrypted Office file: an OLE compound file whose directory names the
    streams ``EncryptionInfo`` and ``EncryptedPackage`` (what Excel writes with a password)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")
    header[26:28] = (3).to_bytes(2, "little")
    header[28:30] = b"\xfe\xff"
    header[30:32] = (9).to_bytes(2, "little")
    directory = bytearray()
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        entry[: len(encoded)] = encoded
        entry[64:66] = len(encoded).to_bytes(2, "little")
        directory += entry
    return bytes(header) + bytes(directory) + bytes(512 - len(directory) % 512)


# ----------------------------------------------------------------------------- templates
def fill_template(
    source: Path,
    target: Path,
    answers: dict[str, tuple[Any, Any]] | None = None,
    *,
    details: dict[str, Any] | None = None,
    roles: dict[str, Any] | None = None,
    comments: dict[str, str] | None = None,
) -> Path:
    """Fill a template written by ``bimmaturity template`` as a province would (openpyxl).

    ``answers`` maps question codes to (current, ambition); default: every question (3, 4).
    ``details`` maps labels on the Gegevens sheet (``Provincie``, ``Naam (optioneel)``, ...)
    to values; ``roles`` and ``comments`` map element ids to the role/comment cells.
    """
    if answers is None:
        answers = {q: ("3 - Beheerst", "4 - Geïntegreerd") for q in QUESTIONS}
    workbook = openpyxl.load_workbook(source)
    questions = workbook["Vragen"]
    for row in questions.iter_rows(min_row=1):
        code = row[0].value
        if code in answers:
            row[2].value, row[3].value = answers[code]
    gegevens = workbook["Gegevens"]
    for row in gegevens.iter_rows(min_row=1):
        if row[0].value in (details or {}):
            row[1].value = details[row[0].value]
    sheet = workbook["Rollen en toelichting"]
    for row in sheet.iter_rows(min_row=1):
        if row[0].value in (roles or {}):
            row[2].value = roles[row[0].value]
        if row[0].value in (comments or {}):
            row[3].value = comments[row[0].value]
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    workbook.close()
    return target


# ----------------------------------------------------------------------------- running the CLI
@contextlib.contextmanager
def _environment(root: Path):
    before = os.environ.get("BIMMATURITY_ROOT")
    os.environ["BIMMATURITY_ROOT"] = str(root)
    try:
        yield
    finally:
        if before is None:
            del os.environ["BIMMATURITY_ROOT"]
        else:
            os.environ["BIMMATURITY_ROOT"] = before


def cli_in_process(args: Sequence[str], root: Path) -> tuple[int, str, str]:
    """Run ``bimmaturity.cli.main(args)`` as the console script does; (exit code, out, err)."""
    from bimmaturity.cli import main

    out, err = io.StringIO(), io.StringIO()
    with _environment(root), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def cli_subprocess(args: Sequence[str], root: Path) -> subprocess.Popen:
    """Start ``python -m bimmaturity.cli ARGS`` with BIMMATURITY_ROOT=root (not waited)."""
    env = dict(os.environ, BIMMATURITY_ROOT=str(root))
    return subprocess.Popen(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        env=env,
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: (bytes, mtime in ns)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
