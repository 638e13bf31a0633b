"""Bounded reading: files that would exhaust memory or time are refused with a clear message."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bimmaturity.input import grid
from bimmaturity.input.grid import ExportUnreadable, load_sheets


def _far_cell_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(["ID", "Provincie", "[VISIE-1] huidig"])
    sheet.append([1, "Utrecht", 3])
    sheet["XFD1048576"] = "x"  # a 1.6 KB file whose used range is the whole sheet
    workbook.save(path)
    return path


def _limit_memory() -> None:  # runs in the child: 3 GiB of address space
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))


@pytest.mark.slow
def test_a_cell_at_the_end_of_the_sheet_is_refused_within_bounded_memory(tmp_path: Path):
    raw = tmp_path / "data" / "raw" / "2022"
    raw.mkdir(parents=True)
    _far_cell_workbook(raw / "verre-cel.xlsx")
    done = subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", "ingest"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "BIMMATURITY_ROOT": str(tmp_path)},
        preexec_fn=_limit_memory,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr[-2000:]
    assert (
        "FOUT 2022/verre-cel.xlsx, blad Form1, cel XFD1048576: blad 'Form1' loopt door tot cel "
        "XFD1048576 (1048576 rijen x 16384 kolommen); gelezen worden hoogstens 100000 rijen"
    ) in done.stderr
    assert not (tmp_path / "data" / "processed" / "manifest.json").exists()


def test_formatting_far_away_is_no_data_and_reads_normally(tmp_path: Path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Provincie"])
    sheet["XFD1048576"].font = openpyxl.styles.Font(bold=True)  # style only, no value
    workbook.save(tmp_path / "styled.xlsx")
    (read,) = load_sheets(tmp_path / "styled.xlsx")
    assert read.rows == [["ID", "Provincie"]]


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path, monkeypatch):
    path = _far_cell_workbook(tmp_path / "plain.xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("xl/media/opvulling.bin", b"\0" * (3 * 2**20))  # 3 MB of zeros, ~3 KB packed
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(buffer.getvalue())
    assert bomb.stat().st_size < 20_000
    monkeypatch.setattr(grid, "MAX_UNPACKED_BYTES", 2 * 2**20)
    with pytest.raises(ExportUnreadable, match=r"^werkmap pakt uit tot 3 MB \(hoogstens 2 MB\)"):
        load_sheets(bomb)


def test_a_file_too_large_is_refused_by_its_size(tmp_path: Path, monkeypatch):
    path = tmp_path / "groot.csv"
    path.write_text("provincie;respondent;vraag;huidig;ambitie\n" * 40_000, encoding="utf-8")
    monkeypatch.setattr(grid, "MAX_FILE_BYTES", 2**20)
    with pytest.raises(ExportUnreadable, match=r"^bestand is te groot om als export te lezen"):
        load_sheets(path)


@pytest.mark.parametrize(
    ("lines", "cell"),
    [
        (["a;b"] * 101, "B101"),  # one row too many
        (["a;" * 11 + "z"], "L1"),  # one column too many
    ],
)
def test_a_csv_beyond_the_limits_stops_at_the_first_cell_too_far(
    tmp_path: Path, monkeypatch, lines: list[str], cell: str
):
    monkeypatch.setattr(grid, "MAX_ROWS", 100)
    monkeypatch.setattr(grid, "MAX_COLUMNS", 11)
    path = tmp_path / "lang.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ExportUnreadable) as caught:
        load_sheets(path)
    assert caught.value.cell == cell
    assert str(caught.value).startswith(f"het bestand loopt door tot cel {cell}")
