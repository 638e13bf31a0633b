"""The `tables` command: every sheet, its columns in the documented order, exact values."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bimmaturity.analysis import TABLE_COLUMNS, result_tables

SPEC_COLUMNS = {
    "scores": "wave, province, province_name, element, current, ambition, gap, n, lo, hi, "
    "spread, rwg, level, flag",
    "overall": "wave, province, province_name, current, ambition, gap, coverage",
    "reliability": "wave, element, alpha, n_complete, icc1",
    "roles": "wave, province, element, stated_role, position, p_koploper, p_starter",
    "opportunities": "wave, element, supply, demand, mean_gap, kansrijk, rank, proposed, "
    "p_kansrijk, p_proposed",
    "clusters": "wave, province, cluster, stability",
    "businesscase": "wave, element, participants, alone, joint, saving, break_even, saving_low, "
    "saving_high",
    "shares": "wave, element, province, key, share, net_benefit",
    "progress": "from_wave, to_wave, province, element, change, ambition_attained, change_lo, "
    "change_hi",
    "issues": "file, sheet, cell, severity, message",
}


def test_table_columns_follow_the_spec():
    assert {name: ", ".join(cols) for name, cols in TABLE_COLUMNS.items()} == SPEC_COLUMNS


def test_tables_command_writes_every_sheet(tmp_path: Path, example_processed: Path, example_data):
    out = tmp_path / "tabellen.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bimmaturity.cli",
            "tables",
            "--processed",
            str(example_processed),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == list(SPEC_COLUMNS)
    for name, columns in SPEC_COLUMNS.items():
        header = next(workbook[name].iter_rows(max_row=1, values_only=True))
        assert ", ".join(header[: len(columns.split(", "))]) == columns
    scores = pd.read_excel(out, sheet_name="scores", engine="openpyxl", dtype={"wave": str})
    expected = result_tables(example_data)["scores"]
    assert len(scores) == len(expected) == 2 * 12 * 11
    assert scores["current"].tolist() == pytest.approx(expected["current"].tolist(), abs=1e-12)
    # numbers are numbers, missing is empty
    first = next(workbook["scores"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert isinstance(first[4], float) and isinstance(first[7], int)


def test_tables_for_one_wave(tmp_path: Path, example_processed: Path):
    out = tmp_path / "t.xlsx"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bimmaturity.cli",
            "tables",
            "--processed",
            str(example_processed),
            "--out",
            str(out),
            "--wave",
            "2020",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    overall = pd.read_excel(out, sheet_name="overall", engine="openpyxl", dtype={"wave": str})
    assert overall["wave"].unique().tolist() == ["2020"]
    assert len(overall) == 12
    assert not any(math.isnan(c) for c in overall["coverage"])


def test_tables_without_processed_data_says_so(tmp_path: Path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bimmaturity.cli",
            "tables",
            "--processed",
            str(tmp_path / "leeg"),
            "--out",
            str(tmp_path / "x.xlsx"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "draai eerst 'bimmaturity ingest'" in done.stderr
