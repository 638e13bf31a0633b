"""Fuzzing ingest (issue 12): random workbooks and CSV files (layouts, headers, cell types, merged
cells, sheet and round names, payloads) never crash an ingest, and what it writes holds no
formula and reaches a page only escaped.

A small budget runs in ``make test``; ``make fuzz`` raises it (``BIMMATURITY_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from datetime import datetime
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_support import QUESTIONS

from bimmaturity.build import write_tables
from bimmaturity.ingest import ingest
from bimmaturity.present.sections.quality import data_quality
from bimmaturity.store import load_processed

EXAMPLES = int(os.environ.get("BIMMATURITY_FUZZ_EXAMPLES", "15"))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1",
    "-1",
    "x/../../y",
    "..",
    "Zeeland",
    "PV26",
    "2022",
]
HEADERS = [
    *(f"{q} huidig" for q in QUESTIONS[:4]),
    *(f"{q} ambitie" for q in QUESTIONS[:4]),
    "provincie",
    "respondent",
    "vraag",
    "huidig",
    "ambitie",
    "meting",
    "wave",
    "toelichting",
    "OTL toelichting",
    "OTL rol",
    "E-mail",
    "Naam",
]
texts = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
)
cells = st.one_of(
    st.none(),
    st.integers(-5, 2025),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from(["3", "vijf", "n.v.t.", "Beheerst", "2 - Gedefinieerd", *QUESTIONS[:4]]),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    texts,
)
headers = st.lists(st.one_of(st.sampled_from(HEADERS), texts), min_size=1, max_size=8)
sheet_names = st.text(
    st.characters(codec="utf-8", exclude_characters="\\/?*[]:'", exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=31,
).filter(lambda s: s.strip() and s.lower() != "history")
folders = st.one_of(st.sampled_from(["2020", "2022", "<b>", "=1", "a b", "x.y"]), st.none())


@st.composite
def tables(draw) -> list[list]:
    header = draw(headers)
    rows = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=6))
    return [header, *rows]


@st.composite
def exports(draw) -> list[tuple[str, str, dict]]:
    """(folder or "", file name, {sheet name: rows}) for one to three files."""
    files = []
    for index in range(draw(st.integers(1, 3))):
        folder = draw(folders) or ""
        if draw(st.booleans()):
            files.append((folder, f"f{index}.csv", {"": draw(tables())}))
        else:
            names = draw(st.lists(sheet_names, min_size=1, max_size=3, unique_by=str.lower))
            files.append((folder, f"f{index}.xlsx", {n: draw(tables()) for n in names}))
    return files


def _write(raw: Path, folder: str, name: str, sheets: dict, merge: bool) -> None:
    path = raw / folder / name if folder else raw / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if name.endswith(".csv"):
        with open(path, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            for row in sheets[""]:
                writer.writerow(["" if v is None else v for v in row])
        return
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_name, rows in sheets.items():
        sheet = workbook.create_sheet(sheet_name)
        for row in rows:
            sheet.append([None] * len(row))
            for cell, value in zip(sheet[sheet.max_row], row, strict=False):
                if isinstance(value, str):  # text as Excel keeps it: "=1" typed as text
                    cell.value = openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", value)
                    cell.data_type = "s"
                else:
                    cell.value = value
        if merge and sheet.max_row >= 2 and sheet.max_column >= 2:
            sheet.merge_cells("A2:B2")
    workbook.save(path)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(files=exports(), merge=st.booleans())
def test_random_exports_never_crash_and_leave_no_formula_or_raw_html(files, merge):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        raw = root / "raw"
        for export_folder, name, sheets in files:
            _write(raw, export_folder, name, sheets, merge)
        collected = ingest(raw, root / "p", salt_path=root / "salt", lenient=True)
        processed = load_processed(root / "p")
        assert len(processed.issues) == len(collected.issues)
        with open(root / "p" / "issues.csv", encoding="utf-8", newline="") as stream:
            fields = [f for row in csv.reader(stream) for f in row]
        assert not [f for f in fields if f.startswith(FORMULA_STARTS)]
        path = write_tables(
            {"answers": processed.answers, "issues": processed.issues}, root / "t.xlsx"
        )
        workbook = openpyxl.load_workbook(path)
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", cell.value
                    assert not (
                        isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                    )
        page = data_quality(processed).data
        tags = set(re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", page))
        assert tags <= {"div", "p", "table", "caption", "thead", "tbody", "tr", "th", "td"}, tags
        assert "javascript:" not in page or "href" not in page
