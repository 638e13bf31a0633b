"""The per-organisation profile, the business case, the what-if, the poster, the people's
workbook, the index and the method page say gemeente or waterschap when the registry does; with
the provinces they read as before.

The analysis is the shared example build's (loaded, not computed again); the registries give
the same codes PV20..PV31 other names and kinds, made active after loading (loading makes the
data's own registry active).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import altair as alt
import openpyxl
import pandas as pd
import pypdf
import pytest
from IPython.display import HTML, Markdown

from bimmaturity import vocab
from bimmaturity.analysis import Analysis, load_analysis
from bimmaturity.organisations import Registry, default_registry, use_registry
from bimmaturity.present import index, method, posters, whatif, workbook
from bimmaturity.present.sections import (
    businesscase,
    cost_sharing,
    coverage,
    profile,
    whatif_case,
)

DAY = dt.date(2026, 11, 30)
WAVE = "2020"
CODES = [f"PV{n}" for n in range(20, 32)]
TOWNS = [
    "Groningen",
    "Leeuwarden",
    "Assen",
    "Zwolle",
    "Lelystad",
    "Arnhem",
    "Utrecht",
    "Haarlem",
    "Den Haag",
    "Middelburg",
    "'s-Hertogenbosch",
    "Maastricht",
]
BOARDS = [
    "Noorderzijlvest",
    "Wetterskip Fryslân",
    "Hunze en Aa's",
    "Drents Overijsselse Delta",
    "Zuiderzeeland",
    "Rijn en IJssel",
    "De Stichtse Rijnlanden",
    "Hollands Noorderkwartier",
    "Delfland",
    "Scheldestromen",
    "Aa en Maas",
    "Limburg",
]


def _registry(names: list[str], kind: str) -> Registry:
    return Registry.from_rows(
        [
            {"code": code, "name": name, "kind": kind, "size": 100_000 + i}
            for i, (code, name) in enumerate(zip(CODES, names, strict=True))
        ]
    )


GEMEENTEN = _registry(TOWNS, "gemeente")
EQUAL_SHARES = pd.DataFrame(
    {
        "wave": WAVE,
        "element": "OTL",
        "province": ["PV20", "PV28"],
        "key": "equal",
        "share": [0.5, 0.5],
        "net_benefit": [500.0, 500.0],
    }
)
WATERSCHAPPEN = _registry(BOARDS, "waterschap")


@pytest.fixture(scope="module")
def analysis(example_project: Path) -> Analysis:
    return load_analysis(example_project / "data" / "processed")


def _texts(parts: object) -> Iterator[str]:
    """What a reader sees of report parts: Markdown and HTML as written, a chart's spec
    without its data field names (``provincie`` there is a column name nobody sees)."""
    for part in parts if isinstance(parts, list) else [parts]:
        if isinstance(part, Markdown | HTML):
            yield part.data
        elif isinstance(part, alt.TopLevelMixin):
            spec = json.dumps(part.to_dict(validate=False), ensure_ascii=False)
            spec = re.sub(r'"field": "provincie"|"provincie":|datum\.provincie', "", spec)
            yield spec
        else:
            yield str(part)


def _sees(text: str, analysis: Analysis) -> str:
    """``text`` without the questionnaire's own name (Roadmap BIM Provincies: data, not ours)."""
    for title in (analysis.instrument.title, analysis.instrument.short_title):
        text = text.replace(title, "")
    return text


def _assert_gemeenten(text: str, analysis: Analysis, where: str) -> None:
    seen = _sees(text, analysis)
    assert "gemeente" in seen.lower(), where
    assert "provincie" not in seen.lower(), (
        where,
        seen[seen.lower().find("provincie") - 80 :][:160],
    )


def test_profile_and_business_case_say_gemeente(analysis: Analysis) -> None:
    with use_registry(GEMEENTEN):
        profile_parts = {
            "header": profile.header(analysis, "PV28", WAVE),
            "chart_text": profile.section_text("chart"),
            "chart": profile.profile_chart(analysis.scores, "PV28", WAVE, analysis.instrument),
            "table": profile.profile_table(analysis.scores, "PV28", WAVE, analysis.instrument),
            "collaboration": profile.profile_collaboration(analysis, "PV28", WAVE),
            "business": cost_sharing.profile_business(analysis, "PV28", WAVE),
        }
        case_parts = {
            "header": businesscase.header(analysis, WAVE, [0.4, 0.4, 0.2]),
            "texts": [businesscase.section_text(p) for p in ("costs", "shares", "method")],
            "shares_heading": businesscase.section_text("shares_detail"),
            "case_chart": businesscase.case_chart(analysis, WAVE),
            "shares": cost_sharing.shares_part(analysis, WAVE),
            "detail": cost_sharing.shares_detail(analysis, WAVE),
            "whatif": whatif_case.whatif_part(analysis, WAVE),
        }
        deal = businesscase.deal_sentence(
            {"element": "OTL", "participants": 0, "alone": 0.0, "joint": 0.0},
            analysis.instrument,
            overhead=0.15,
            years=3,
        )
        box = whatif.whatif_businesscase(analysis, WAVE)
        every = cost_sharing.shares_summary(EQUAL_SHARES, ["OTL"], WAVE)
    texts = {f"profile {k}": "\n".join(_texts(v)) for k, v in profile_parts.items()}
    texts |= {f"business case {k}": "\n".join(_texts(v)) for k, v in case_parts.items()}
    for where in ("profile chart_text", "profile chart", "business case shares"):
        _assert_gemeenten(texts[where], analysis, where)
    for where, text in texts.items():
        assert "provincie" not in _sees(text, analysis).lower(), where
    assert "Mediaan alle gemeenten" in texts["profile chart"]
    assert texts["business case shares_heading"] == (
        "### Aandeel en netto voordeel per deal en gemeente"
    )
    assert "## Verdeling van de kosten over de gemeenten" in texts["business case texts"]
    assert "verdeelsleutel in de gemeenteprofielen: gelijke delen" in texts["business case header"]
    assert (
        "het aandeel van de gemeente in het inwonertal van de deelnemers, zoals het register "
        "van de gemeenten het geeft)" in texts["business case texts"]
    )
    assert "Netto voordeel per gemeente over de voorgestelde deals" in texts["business case shares"]
    assert every == (
        "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de gemeenten "
        "wordt verdeeld. Bij verdeling in gelijke delen (de gekozen sleutel) gaat elke "
        "deelnemende gemeente er over de voorgestelde deals samen € 500 op vooruit."
    )
    assert deal == (
        "Voor de objecttypebibliotheek meldt zich geen deelnemer: geen gemeente heeft hier een "
        "gat en de rol trekken, meedoen of volgen."
    )
    lab = box.output.value
    assert "Aandeel en netto voordeel per deal en gemeente" in lab
    assert "provincie" not in lab.lower()


def test_whatif_min_demand_slider_follows_the_organisations_measured(
    analysis: Analysis,
) -> None:
    measured = len(posters.measured_provinces(analysis.overall, WAVE))
    box = whatif.whatif_collaboration(analysis, WAVE)
    assert (measured, box.controls["min_demand"].max) == (12, 12)
    few = SimpleNamespace(overall=analysis.overall[analysis.overall["province"].isin(CODES[:5])])
    assert whatif.measured_count(few, WAVE) == 5
    assert whatif._control("min_demand", 3, analysis.instrument, 5).max == 5
    assert whatif._control("min_demand", 8, analysis.instrument, 5).max == 8  # the build's value
    assert whatif._control("min_demand", 3, analysis.instrument, 400).max == 400


def test_a_waterschap_is_het_waterschap_with_zijn(analysis: Analysis) -> None:
    with use_registry(WATERSCHAPPEN):
        page = method.method_page(
            analysis.options,
            analysis.instrument,
            coverage.coverage_by_wave(analysis.processed.answers),
            WAVE,
        )
        notes = dict(vocab.WORKBOOK_SHEET_NOTES)
        collaboration = profile.profile_collaboration(analysis, "PV28", WAVE).data
        shares = businesscase.section_text("shares").data
        every = cost_sharing.shares_summary(EQUAL_SHARES, ["OTL"], WAVE)
    assert (
        "Een positief gat betekent dat\nhet waterschap op dat element wil groeien; hoe groter "
        "het gat, hoe meer het nog te\ndoen heeft." in page
    )
    assert "het gemiddelde van de scores van\nzijn respondenten" in page
    assert "Ieder ander waterschap met een score hoort bij het" in page
    assert "van elk waterschap <strong>" in page
    assert notes["roles"] == (
        "Per meting, waterschap en element: de rol die het waterschap zelf kiest en zijn "
        "positie (koploper, starter of middenveld)."
    )
    assert notes["shares"].startswith(
        "Per meting, element, deelnemend waterschap en verdeelsleutel: zijn aandeel"
    )
    assert "waarop dit waterschap" in collaboration and "deze" not in collaboration
    assert "wat het alleen kwijt zou zijn, min zijn aandeel" in shares
    assert every.endswith(
        "gaat elk deelnemend waterschap er over de voorgestelde deals samen € 500 op vooruit."
    )
    assert "provincie" not in (page + collaboration + shares).replace(
        analysis.instrument.title, ""
    ).lower().replace(analysis.instrument.short_title.lower(), "")


def test_workbook_headers_and_notes_say_gemeente(analysis: Analysis, tmp_path: Path) -> None:
    with use_registry(GEMEENTEN):
        path = workbook.write_people_tables(
            analysis,
            analysis.processed.issues,
            tmp_path / "tabellen.xlsx",
            wave=WAVE,
            is_example=True,
            built=DAY,
        )
    book = openpyxl.load_workbook(path, read_only=True)
    headers = [cell.value for cell in next(book["Scores per element"].iter_rows(max_row=1))]
    assert headers[:3] == ["Meting", "Gemeentecode", "Gemeente"]
    reliability = [c.value for c in next(book["Betrouwbaarheid"].iter_rows(max_row=1))]
    assert "Verschil tussen gemeenten (ICC1)" in reliability
    notes = [
        " ".join(str(c) for c in row if c is not None)
        for row in book["Toelichting"].iter_rows(values_only=True)
    ]
    assert notes[0] == "Resultaten zelfevaluatie BIM-volwassenheid van de gemeenten"
    assert (
        "Codes Gemeentecode is de code uit het register (PV20 Groningen tot PV31 Maastricht), "
        "Elementcode de code uit de vragenlijst. De naam staat ernaast." in notes
    )
    text = "\n".join(notes) + "\n".join(str(h) for h in headers + reliability)
    _assert_gemeenten(text, analysis, "tabellen.xlsx")
    book.close()


def test_index_title_and_method_page_say_gemeenten(analysis: Analysis, tmp_path: Path) -> None:
    with use_registry(GEMEENTEN):
        findings = index.key_findings(analysis, WAVE)
        page = index.index_page(
            tmp_path, [], analysis.processed, WAVE, findings=findings, built=DAY
        )
        method_page = method.method_page(
            analysis.options,
            analysis.instrument,
            coverage.coverage_by_wave(analysis.processed.answers),
            WAVE,
            is_example=True,
        )
    assert "<h1>BIM-volwassenheid van de gemeenten</h1>" in page
    assert "<title>BIM-volwassenheid van de gemeenten: rapportages meting 2020</title>" in page
    assert findings[0].startswith(
        "In meting 2020 ligt het gemiddelde volwassenheidsniveau van de twaalf gemeten gemeenten"
    )
    _assert_gemeenten(page, analysis, "index")
    _assert_gemeenten(method_page, analysis, "verantwoording")
    assert "ten minste <strong>3</strong> gemeenten" in method_page


@pytest.mark.slow
def test_a_poster_says_gemeente_and_fits_a_long_name(analysis: Analysis) -> None:
    long_name = "Samenwerkende gemeenten Noordoost-Brabant en Land van Maas en Waal"  # 66
    names = [long_name if code == "PV28" else town for code, town in zip(CODES, TOWNS, strict=True)]
    with use_registry(_registry(names, "gemeente")):
        content = posters.poster_content(analysis, "PV28", WAVE, made=DAY)
        chart = posters._svg(posters.poster_chart(analysis, "PV28", WAVE))
        path = posters.poster_path(Path("/tmp/posters"), "PV28")
    pdf = posters.render_poster(content, chart, made=DAY)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert " ".join(long_name.split()) in text  # set smaller, never cut
    assert "samen met 11 andere gemeenten" in text
    assert "Mediaan alle gemeenten" in text
    _assert_gemeenten(text, analysis, "poster")
    assert path.name == "samenwerkende-gemeenten-noordoost-brabant-en-land-van-maas-e.pdf"


def test_the_provinces_read_as_before(analysis: Analysis) -> None:
    with use_registry(default_registry()):
        labels = dict(vocab.POSTER_LABELS)
        headers = [vocab.WORKBOOK_HEADERS[k] for k in ("province", "province_name", "icc1")]
        first = vocab.WORKBOOK_TEXT["title"]
        cost_text = cost_sharing.shares_summary(analysis.shares, ["OTL"], WAVE)
        chart = profile.section_text("chart").data
    assert (labels["with_count"], labels["alone"]) == (
        "samen met {n} andere provincies",
        "als enige provincie",
    )
    assert headers == ["Provinciecode", "Provincie", "Verschil tussen provincies (ICC1)"]
    assert first == "Resultaten zelfevaluatie BIM-volwassenheid van de provincies"
    assert cost_text.startswith(
        "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de "
        "provincies wordt verdeeld."
    )
    assert chart.endswith("naast de mediaan van alle provincies.")
    assert vocab.org_text(vocab.INDEX_TITLE) == "BIM-volwassenheid van de provincies"
