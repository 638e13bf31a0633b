"""A build on a registry of municipalities, from the synthetic population to the pages.

One real build (six municipalities, two rounds, all three layouts) through the command line,
then what a council member sees: titles and texts in the registry's words, pages and posters
named after the organisations, names in the tables from the registry, nothing about provinces.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from bimmaturity.population import write_population
from tests.conftest import run_build_cli

pytestmark = pytest.mark.slow

ORGANISATIONS = 6


@pytest.fixture(scope="module")
def municipal_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gemeenten")
    write_population(root / "raw", ORGANISATIONS, 2)
    done = run_build_cli(
        root,
        "build",
        "--raw", str(root / "raw"),
        "--processed", str(root / "processed"),
        "--reports", str(root / "reports"),
        "--notebooks", str(Path(__file__).parents[1] / "notebooks"),
        "--resamples", "20",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (root / "stdout.txt").write_text(done.stdout, encoding="utf-8")
    return root


def _registry(root: Path) -> list[dict[str, str]]:
    text = (root / "raw" / "organisaties.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text[:200] else ","))


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _chart_titles(page: str) -> list[str]:
    return re.findall(r'"title": ?"((?:[^"\\]|\\.)*)"', page)


def test_the_build_speaks_of_gemeenten_and_names_every_page_after_one(municipal_build: Path):
    reports = municipal_build / "reports"
    registry = _registry(municipal_build)
    assert {row["soort"] if "soort" in row else row["kind"] for row in registry} == {"gemeente"}
    names = [row.get("naam") or row["name"] for row in registry]
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<h1>BIM-volwassenheid van de gemeenten</h1>" in index
    assert "Gemeenteprofielen" in index
    assert "Vergelijking van de gemeenten, meting 2024" in _visible_text(index)
    from bimmaturity.organisations import file_slug

    profiles = sorted(p.name for p in (reports / "html").glob("gemeenteprofiel-*.html"))
    assert profiles == sorted(f"gemeenteprofiel-{file_slug(n)}.html" for n in names)
    posters = sorted(p.name for p in (reports / "posters").glob("*.pdf"))
    assert len(posters) <= ORGANISATIONS
    assert set(posters) <= {f"{file_slug(n)}.pdf" for n in names}
    first = (reports / "html" / profiles[0]).read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", first).group(1)
    assert html.unescape(title).startswith("Gemeenteprofiel ")
    assert "gemeenten wordt gezegd" not in first  # no half-translated sentence


def test_no_page_says_provincie_outside_the_instruments_own_title(municipal_build: Path):
    reports = municipal_build / "reports"
    pages = [reports / "index.html", reports / "verantwoording.html"]
    pages += sorted((reports / "html").glob("*.html"))
    assert len(pages) == 2 + 5 + ORGANISATIONS
    for path in pages:
        page = path.read_text(encoding="utf-8")
        text = _visible_text(page).replace("Roadmap BIM Provincies", "")
        assert not re.search(r"(?i)provinci", text), (path.name, text[:200])
        for title in _chart_titles(page):
            assert not re.search(r"(?i)provinci", title), (path.name, title)


def test_tables_and_processed_data_carry_the_registry(municipal_build: Path):
    registry = {row["code"]: row.get("naam") or row["name"] for row in _registry(municipal_build)}
    manifest = json.loads((municipal_build / "processed" / "manifest.json").read_text("utf-8"))
    assert [row["code"] for row in manifest["registry"]["rows"]] == list(registry)
    workbook = openpyxl.load_workbook(municipal_build / "reports" / "tabellen.xlsx")
    sheet = next(ws for ws in workbook.worksheets if ws.title != workbook.sheetnames[0])
    header = [cell.value for cell in sheet[1]]
    shown = {cell for row in sheet.iter_rows(min_row=2, values_only=True) for cell in row}
    assert set(registry.values()) <= shown, header
    stdout = (municipal_build / "stdout.txt").read_text(encoding="utf-8")
    assert f"{ORGANISATIONS} gemeenten" in stdout
