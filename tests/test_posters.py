"""The A3 posters: one landscape page per measured province, names and round on each, data
printed as written (never run as Typst markup), the same bytes for the same data and date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest

from bimmaturity.analysis import Analysis, load_analysis
from bimmaturity.instrument import Instrument
from bimmaturity.organisations import province_name
from bimmaturity.present import posters
from bimmaturity.safety import UnsafeName

DAY = dt.date(2026, 11, 30)
WAVE = "2020"
A3_LANDSCAPE = (1190.55, 841.89)  # 420 x 297 mm in points
SLUGS = [
    "groningen",
    "fryslan",
    "drenthe",
    "overijssel",
    "flevoland",
    "gelderland",
    "utrecht",
    "noord-holland",
    "zuid-holland",
    "zeeland",
    "noord-brabant",
    "limburg",
]


@pytest.fixture(scope="module")
def analysis(example_project: Path) -> Analysis:
    """The analysis the shared example build saved (loaded, not computed again)."""
    return load_analysis(example_project / "data" / "processed")


@pytest.fixture(scope="module")
def written(analysis: Analysis, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """All posters of the example data, written once for the module."""
    return posters.write_posters(analysis, WAVE, tmp_path_factory.mktemp("posters"), made=DAY)


def _text(pdf: Path | bytes) -> str:
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_one_a3_landscape_page_per_measured_province(written: list[Path]) -> None:
    assert [path.name for path in written] == [f"{slug}.pdf" for slug in SLUGS]
    assert sorted(p.name for p in written[0].parent.iterdir()) == sorted(
        p.name for p in written
    )  # nothing else left behind (atomic writes)
    for path in written:
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert float(box.width) == pytest.approx(A3_LANDSCAPE[0], abs=1)
        assert float(box.height) == pytest.approx(A3_LANDSCAPE[1], abs=1)


def test_every_poster_names_its_province_round_source_and_example_marker(
    written: list[Path], analysis: Analysis
) -> None:
    codes = posters.measured_provinces(analysis.overall, WAVE)
    assert len(codes) == 12
    for code, path in zip(codes, written, strict=True):
        text = _text(path)
        assert province_name(code) in text
        assert "Meting 2020" in text
        assert "Voorbeelddata - fictief" in text
        assert (
            "Bron: zelfevaluaties Roadmap BIM Provincies, meting 2020; "
            "gemaakt op 30 november 2026." in text
        )
        assert pypdf.PdfReader(path).metadata.title == f"{province_name(code)} - Meting 2020"


def test_noord_holland_poster_content(analysis: Analysis) -> None:
    content = posters.poster_content(analysis, "PV27", WAVE, made=DAY)
    assert content["overall"] == {
        "current": "4,0",
        "level": "Geïntegreerd",
        "ambition": "4,6",
        "ambition_level": "Geïntegreerd",
        "gap": "0,6",
    }
    assert [(i["label"], i["value"]) for i in content["strongest"]] == [
        ("Objecttypebibliotheek", "4,7"),
        ("Assetmanagement en beheer", "4,7"),
        ("Processen en werkwijze", "4,3"),
    ]
    assert [(i["label"], i["value"]) for i in content["weakest"]] == [
        ("Systemen en tools", "3,2"),
        ("Mensen en competenties", "3,6"),
        ("Visie en strategie", "3,6"),
    ]
    assert [i["label"] for i in content["lead"]] == [
        "Visie en strategie",
        "Organisatie en governance",
        "Mensen en competenties",
        "Processen en werkwijze",
        "Uitvraag en contracten",
        "Open standaarden",
        "Objecttypebibliotheek",
        "Assetmanagement en beheer",
        "Ketensamenwerking",
    ]
    assert content["follow"] == [{"label": "Systemen en tools", "value": "3,2 → 4,6", "note": ""}]
    assert content["idle"] == (
        "Ook koploper bij Informatie- en datamanagement, zonder opgegeven wens om te trekken "
        "of mee te doen."
    )
    assert [(i["label"], i["value"], i["note"]) for i in content["deals"]] == [
        ("Processen en werkwijze", "Trekker", "samen met 11 andere provincies; voorstel robuust"),
        ("Uitvraag en contracten", "Trekker", "samen met 11 andere provincies; voorstel robuust"),
        ("Objecttypebibliotheek", "Trekker", "samen met 9 andere provincies; voorstel robuust"),
        (
            "Assetmanagement en beheer",
            "Trekker",
            "samen met 10 andere provincies; voorstel robuust",
        ),
    ]
    assert (content["lead_more"], content["follow_more"], content["deals_more"]) == ("", "", "")


HOSTILE = [
    # markup, math, labels, raw, comments, a closing bracket and a backslash (short enough
    # for the chart's axis, which shortens longer labels with an ellipsis)
    'Ze#e ] [x] "q" \\ <b> $x$ *v* @r // `c` = k </s>',
    # leaving a string literal to run code
    '")) #panic("ingespoten") #(("',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_from_data_are_printed_as_written_never_run(analysis: Analysis, hostile: str) -> None:
    # a hostile element label goes through the whole route: lists, deals and the chart's SVG
    record = analysis.instrument.model_dump()
    record["elements"][6]["label"] = hostile  # OTL: strongest, lead and a deal of PV27
    result = dataclasses.replace(analysis, instrument=Instrument.model_validate(record))
    content = posters.poster_content(result, "PV27", WAVE, made=DAY)
    assert content["strongest"][0]["label"] == hostile
    # a hostile province and round name (the registry and the round-name rule keep them out
    # of real data; the poster must not depend on that)
    content["name"] = hostile
    content["wave_label"] = f"Meting {hostile}"
    pdf = posters.render_poster(
        content, posters._svg(posters.poster_chart(result, "PV27", WAVE)), made=DAY
    )
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1
    # name, round, chart axis, strongest, lead chip, deal card: printed, not run or dropped
    # (compared without white space: a long name may wrap anywhere)
    assert re.sub(r"\s", "", _text(pdf)).count(re.sub(r"\s", "", hostile)) == 6


def test_same_content_and_date_give_the_same_bytes(analysis: Analysis, written: list[Path]) -> None:
    content = posters.poster_content(analysis, "PV20", WAVE, made=DAY)
    chart = posters._svg(posters.poster_chart(analysis, "PV20", WAVE))
    again = posters.render_poster(content, chart, made=DAY)
    assert again == written[0].read_bytes()  # groningen.pdf, written by write_posters
    assert re.search(rb"/CreationDate ?\(D:20261130", again)


def test_a_planted_link_out_of_the_folder_is_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "posters"
    folder.mkdir()
    assert posters.poster_path(folder, "PV21") == folder / "fryslan.pdf"
    (folder / "fryslan.pdf").symlink_to(tmp_path / "elders.pdf")
    with pytest.raises(UnsafeName, match="ligt buiten"):
        posters.poster_path(folder, "PV21")


def test_two_processes_typeset_the_same_posters_in_the_same_order(
    analysis: Analysis, written: list[Path], tmp_path: Path
) -> None:
    again = posters.write_posters(analysis, WAVE, tmp_path, made=DAY, jobs=2)
    assert [p.name for p in again] == [p.name for p in written]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
