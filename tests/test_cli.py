"""The command line: help everywhere, exit codes, Dutch messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def cli(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if root is not None:
        env["BIMMATURITY_ROOT"] = str(root)
    return subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


@pytest.mark.parametrize(
    "command", [[], ["example"], ["template"], ["ingest"], ["tables"], ["build"]]
)
def test_help_works_everywhere(command):
    done = cli(*command, "--help")
    assert done.returncode == 0
    assert "usage: bimmaturity" in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["nonsense"],
        ["example"],
        ["ingest", "--bogus"],
        ["tables", "--out", "x.xlsx", "--cost-key", "alles"],
    ],
)
def test_wrong_usage_exits_2(args):
    assert cli(*args).returncode == 2


def test_example_then_ingest(tmp_path: Path):
    done = cli("example", "--out", str(tmp_path / "raw"), root=tmp_path)
    assert done.returncode == 0
    assert done.stdout.strip() == f"6 voorbeeldbestanden geschreven naar {tmp_path / 'raw'}."
    done = cli(
        "ingest",
        "--raw",
        str(tmp_path / "raw"),
        "--processed",
        str(tmp_path / "processed"),
        root=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Ingelezen: 5 bestand(en), 85 respondenten, 12 provincies, metingen 2018, 2020" in (
        done.stdout
    )
    assert (tmp_path / ".bimmaturity-salt").is_file()


def test_ingest_of_an_empty_raw_folder_uses_the_example(tmp_path: Path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    done = cli("ingest", root=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "de fictieve voorbeelddata wordt gebruikt" in done.stdout
    assert (tmp_path / "data" / "processed" / "answers.parquet").is_file()


def test_raw_with_files_but_no_export_is_not_replaced_by_the_example(tmp_path: Path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "README.md").write_text("uitleg", encoding="utf-8")
    (raw / "~$Form1.xlsx").write_bytes(b"lock")
    (raw / "notities.pdf").write_bytes(b"%PDF")
    done = cli("ingest", root=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"Fout: geen exports (.xlsx, .xlsm, .csv) in {raw}, wel: notities.pdf, ~$Form1.xlsx. "
        "Zet de exports in deze map, of maak haar leeg (op README.md na) om de fictieve "
        "voorbeelddata te gebruiken."
    )
    assert not (tmp_path / "data" / "processed").exists()


def test_bad_cost_table_stops_ingest_naming_the_cell(tmp_path: Path):
    raw = tmp_path / "raw"
    assert cli("example", "--out", str(raw), root=tmp_path).returncode == 0
    lines = (raw / "kosten.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("120000", "veel")  # MENS, cost_alone, cell B4
    lines.append("BRUG,1,2,0,0")  # an element the instrument does not know, row 13
    (raw / "kosten.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = cli("ingest", "--raw", str(raw), "--processed", str(tmp_path / "p"), root=tmp_path)
    assert done.returncode == 1
    errors = [line.strip() for line in done.stderr.splitlines() if line.strip().startswith("FOUT")]
    assert len(errors) == 2
    assert errors[0].startswith("FOUT kosten.csv, cel B4: 'veel'")
    assert errors[1].startswith("FOUT kosten.csv, cel A13: 'BRUG'")
    assert not (tmp_path / "p").exists()
