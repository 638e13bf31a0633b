"""The business-case sections (notebook 50) and progress between waves (notebook 60).

Chart builders, Dutch sentences and tables with hand-checked values, then one real papermill
run of each notebook on the example data (and notebook 50 without a cost table), exported to
offline HTML.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
import shutil
from pathlib import Path

import altair as alt
import nbformat
import pandas as pd
import pytest
from IPython.display import HTML, Markdown
from vegalite import channel, data_with, fields, setting, spec_of

from bimmaturity import vocab
from bimmaturity.analysis import Analysis, AnalysisOptions, analyse
from bimmaturity.build import ReportJob, export_html, run_report, vega_bundle
from bimmaturity.ingest import ingest
from bimmaturity.instrument import default_instrument
from bimmaturity.present.sections import businesscase as case
from bimmaturity.present.sections import cost_sharing, programme
from bimmaturity.present.sections import overall_progress as overall_section
from bimmaturity.present.sections import progress as progress_section
from bimmaturity.rules import businesscase
from bimmaturity.rules.progress import overall_progress, progress
from bimmaturity.rules.scoring import overall_scores, province_scores
from bimmaturity.store import load_processed

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
INSTRUMENT = default_instrument()
OTL_SENTENCE = (
    "Samen ontwikkelen van de objecttypebibliotheek bespaart EUR 5.519.000 over drie jaar ten "
    "opzichte van ieder voor zich: 12 provincies betalen samen EUR 1.081.000 (inclusief 15% "
    "coördinatie) in plaats van EUR 6.600.000. Samen ontwikkelen loont vanaf 2 deelnemers."
)
PROPOSED = ["PROC", "UITV", "OTL", "BEHEER"]


def _html(shown: HTML | Markdown) -> str:
    return shown.data


# ----------------------------------------------------------------------------- small frames
def _business_case() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave": "2020",
            "element": ["OTL", "DATA", "TECH", "KETEN"],
            "participants": [12, 4, 1, 0],
            "alone": [6_600_000.0, 1_920_000.0, 860_000.0, math.nan],
            "joint": [1_081_000.0, 1_035_000.0, 2_392_000.0, math.nan],
            "saving": [5_519_000.0, 885_000.0, -1_532_000.0, math.nan],
            "break_even": pd.array([2, 3, 3, None], dtype="Int64"),
        }
    )


def _shares() -> pd.DataFrame:
    rows = []
    for element, province, key, share, net in [
        ("OTL", "PV20", "equal", 0.5, 1000.0),
        ("OTL", "PV28", "equal", 0.5, 1000.0),
        ("OTL", "PV20", "population", 0.2, 1600.0),
        ("OTL", "PV28", "population", 0.8, 400.0),
        ("DATA", "PV20", "equal", 1.0, -250.0),
        ("DATA", "PV20", "population", 1.0, -250.0),
    ]:
        rows.append(("2020", element, province, key, share, net))
    return pd.DataFrame(
        rows, columns=["wave", "element", "province", "key", "share", "net_benefit"]
    )


def _progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "from_wave": "2018",
            "to_wave": "2020",
            "province": ["PV20", "PV20", "PV21", "PV21"],
            "element": ["OTL", "DATA", "OTL", "DATA"],
            "change": [1.0, -0.6, 0.25, math.nan],
            "ambition_attained": pd.array([True, False, None, None], dtype="boolean"),
            "from_current": [1.0, 2.6, 2.0, math.nan],
            "to_current": [2.0, 2.0, 2.25, 3.0],
            "from_ambition": [2.0, 3.0, math.nan, 4.0],
        }
    )


# ----------------------------------------------------------------------------- charts
def test_business_case_chart_data_and_encoding():
    chart = case.business_case_chart(_business_case(), "2020", INSTRUMENT, ["OTL"])
    assert isinstance(chart, alt.Chart)
    spec = spec_of(chart)
    assert setting(spec, "mark")["type"] == "bar"
    assert fields(spec, "y") == {"element_label"}
    assert fields(spec, "x") == {"bedrag"}
    assert fields(spec, "yOffset") == {"maat"}
    assert channel(spec, "color", "maat")["scale"]["domain"] == [
        "Ieder voor zich",
        "Samen, incl. coördinatie",
    ]
    # elements in instrument order, the one without costs left out; proposed labels bold
    y = channel(spec, "y", "element_label")
    assert y["sort"] == [
        "Objecttypebibliotheek",
        "Informatie- en datamanagement",
        "Systemen en tools",
    ]
    assert '["Objecttypebibliotheek"]' in y["axis"]["labelFontWeight"]["condition"]["test"]
    data = chart.data
    assert data["bedrag"].tolist() == [
        6_600_000.0,
        1_081_000.0,
        1_920_000.0,
        1_035_000.0,
        860_000.0,
        2_392_000.0,
    ]
    assert data["bedrag_tekst"].tolist()[:2] == ["EUR 6.600.000", "EUR 1.081.000"]
    assert data["besparing_tekst"].tolist()[-1] == "EUR -1.532.000"
    assert data["deelnemers"].tolist() == [12, 12, 4, 4, 1, 1]
    assert data["voorgesteld"].tolist() == ["ja", "ja", "nee", "nee", "nee", "nee"]


def test_net_benefit_chart_sums_the_proposed_deals_per_province_and_key():
    chart = cost_sharing.net_benefit_chart(_shares(), ["OTL", "DATA"], "2020")
    assert isinstance(chart, alt.Chart)
    records = chart.data.to_dict("records")
    assert records == [
        {"provincie": "Groningen", "sleutel": "Gelijke delen", "netto": 750.0,
         "netto_tekst": "EUR 750", "deals": 2},
        {"provincie": "Groningen", "sleutel": "Naar inwonertal", "netto": 1350.0,
         "netto_tekst": "EUR 1.350", "deals": 2},
        {"provincie": "Zuid-Holland", "sleutel": "Gelijke delen", "netto": 1000.0,
         "netto_tekst": "EUR 1.000", "deals": 1},
        {"provincie": "Zuid-Holland", "sleutel": "Naar inwonertal", "netto": 400.0,
         "netto_tekst": "EUR 400", "deals": 1},
    ]  # fmt: skip
    spec = spec_of(chart)
    assert channel(spec, "color", "sleutel")["scale"]["domain"] == [
        "Gelijke delen",
        "Naar inwonertal",
    ]
    # only proposed deals count
    only_otl = cost_sharing.net_benefit_chart(_shares(), ["OTL"], "2020").data
    assert only_otl["netto"].tolist() == [1000.0, 1600.0, 1000.0, 400.0]


def test_budget_chart_bars_and_totals():
    budget = businesscase.programme_budget(_business_case(), ["OTL", "DATA"], [0.4, 0.4, 0.2])
    chart = programme.budget_chart(budget, INSTRUMENT)
    assert isinstance(chart, alt.LayerChart)
    bars, totals = data_with(chart, "budget"), data_with(chart, "totaal")
    assert bars["budget"].tolist() == [
        432_400.0,
        414_000.0,
        432_400.0,
        414_000.0,
        216_200.0,
        207_000.0,
    ]
    assert bars["jaar"].tolist()[::2] == ["Jaar 1", "Jaar 2", "Jaar 3"]
    assert totals.to_dict("list") == {
        "jaar": ["Jaar 1", "Jaar 2", "Jaar 3"],
        "totaal": [846_400.0, 846_400.0, 423_200.0],
        "totaal_tekst": ["EUR 846.400", "EUR 846.400", "EUR 423.200"],
    }
    assert fields(spec_of(chart), "color") == {"element_label"}


def test_sensitivity_chart_two_curves():
    by_overhead = pd.DataFrame({"overhead": [0.0, 0.25, 0.5], "saving": [300.0, 250.0, 200.0]})
    by_count = pd.DataFrame({"participants": [1, 2, 3], "saving": [-100.0, 0.0, 100.0]})
    chart = programme.sensitivity_chart(by_overhead, by_count, 0.15)
    assert isinstance(chart, alt.HConcatChart)
    left, right = data_with(chart, "overhead"), data_with(chart, "deelnemers")
    assert left.to_dict("list") == {
        "overhead": [0.0, 0.25, 0.5],
        "besparing": [300.0, 250.0, 200.0],
        "overhead_tekst": ["0%", "25%", "50%"],
        "besparing_tekst": ["EUR 300", "EUR 250", "EUR 200"],
    }
    assert right["besparing_tekst"].tolist() == ["EUR -100", "EUR 0", "EUR 100"]
    spec = spec_of(chart)
    assert channel(spec, "x", "overhead")["axis"]["format"] == ".0%"
    assert "aanname 15%" in json.dumps(spec)


def test_progress_heatmap_labels_and_scale():
    chart = progress_section.progress_heatmap(_progress(), INSTRUMENT)
    assert isinstance(chart, alt.LayerChart)
    data = chart.data
    assert data["label"].tolist() == ["+1,0 ✓", "-0,6", "+0,3"]  # NaN change left out
    assert data["gehaald"].tolist() == ["ja", "nee", "onbekend"]
    assert data["provincie"].tolist() == ["Groningen", "Groningen", "Fryslân"]
    scale = channel(spec_of(chart), "color", "verandering")["scale"]
    assert scale["domain"] == [-1.0, 1.0] and scale["domainMid"] == 0


def test_movement_chart_counts():
    chart = progress_section.movement_chart(_progress(), INSTRUMENT, threshold=0.5)
    assert chart.data.to_dict("list") == {
        "element_label": ["Objecttypebibliotheek", "Objecttypebibliotheek",
                          "Informatie- en datamanagement"],
        "beweging": ["gestegen", "gelijk", "gedaald"],
        "aantal": [1, 1, 1],
        "volgorde": [0, 1, 2],
    }  # fmt: skip
    assert channel(spec_of(chart), "color", "beweging")["scale"]["domain"] == [
        "gestegen",
        "gelijk",
        "gedaald",
    ]


def test_slope_chart_lines_and_spread_labels():
    overall = pd.DataFrame(
        {
            "province": ["PV20", "PV21", "PV22"],
            "from_current": [1.5, 2.0, 3.0],
            "to_current": [2.0, 2.0, 2.4],
            "change": [0.5, 0.0, -0.6],
        }
    )
    chart = overall_section.slope_chart(overall, "2018", "2020")
    lines, labels = data_with(chart, "beweging"), data_with(chart, "label")
    assert lines.to_dict("list") == {
        "provincie": ["Groningen", "Groningen", "Fryslân", "Fryslân", "Drenthe", "Drenthe"],
        "meting": ["2018", "2020"] * 3,
        "niveau": [1.5, 2.0, 2.0, 2.0, 3.0, 2.4],
        "beweging": ["gestegen", "gestegen", "gelijk", "gelijk", "gedaald", "gedaald"],
    }
    assert labels["label"].tolist() == ["Groningen 2,0", "Fryslân 2,0", "Drenthe 2,4"]
    positions = labels["label_y"].tolist()
    gap = (3.0 - 1.5) * 14 / 420
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(positions))
    assert sum(positions[:2]) / 2 == pytest.approx(2.0)  # a pushed-apart pair stays centred
    assert fields(spec_of(chart), "y") == {"niveau", "label_y"}


# ----------------------------------------------------------------------------- sentences
def test_deal_sentences_in_dutch():
    rows = _business_case().set_index("element")
    quote = {"overhead": 0.15, "years": 3}
    assert case.deal_sentence({"element": "OTL", **rows.loc["OTL"]}, INSTRUMENT, **quote) == (
        OTL_SENTENCE
    )
    assert case.deal_sentence({"element": "TECH", **rows.loc["TECH"]}, INSTRUMENT, **quote) == (
        "Samen ontwikkelen van systemen en tools kost over drie jaar EUR 1.532.000 meer dan "
        "ieder voor zich: de enige deelnemer betaalt EUR 2.392.000 (inclusief 15% coördinatie) "
        "in plaats van EUR 860.000. Samen ontwikkelen loont pas vanaf 3 deelnemers; nu zijn het "
        "er 1."
    )
    assert case.deal_sentence({"element": "KETEN", **rows.loc["KETEN"]}, INSTRUMENT, **quote) == (
        "Voor Ketensamenwerking zijn geen kosten opgegeven; de business case ontbreekt."
    )
    free_alone = {
        "element": "DATA",
        "participants": 2,
        "alone": 0.0,
        "joint": 100.0,
        "saving": -100.0,
        "break_even": pd.NA,
    }
    assert case.deal_sentence(free_alone, INSTRUMENT, overhead=0.0, years=0).endswith(
        "kost eenmalig EUR 100 meer dan ieder voor zich: 2 provincies betalen samen "
        "EUR 100 in plaats van EUR 0. Bij geen enkel aantal deelnemers is samen ontwikkelen "
        "goedkoper."
    )
    nobody = {"element": "OTL", "participants": 0, "alone": 0.0, "joint": 5.0, "saving": -5.0}
    assert case.deal_sentence(nobody, INSTRUMENT, **quote).startswith(
        "Voor de objecttypebibliotheek meldt zich geen deelnemer"
    )


def test_small_phrases():
    assert case.years_text(3) == "over drie jaar"
    assert case.years_text(0) == "aan eenmalige kosten"
    assert case.element_phrase("Ketensamenwerking") == "de ketensamenwerking"
    assert case.element_phrase("Open standaarden") == "open standaarden"
    assert vocab.KEY_LABELS == {
        "equal": "Gelijke delen",
        "population": "Naar inwonertal",
        "mixed": "Gemengd",
    }


def test_business_case_summary_without_costs_or_deals():
    no_money = _business_case().assign(alone=math.nan, joint=math.nan, saving=math.nan)
    text = case.business_case_summary(no_money, ["OTL"], "2020", INSTRUMENT, overhead=0.15, years=3)
    assert text == programme.NO_COSTS
    assert text.startswith("Er is geen kostentabel aangeleverd (kosten.xlsx of kosten.csv")
    text = case.business_case_summary(
        _business_case(), [], "2020", INSTRUMENT, overhead=0.15, years=3
    )
    assert text.startswith("In meting 2020 is geen element kansrijk als gezamenlijke deal")
    one = case.business_case_summary(
        _business_case(), ["OTL", "KETEN"], "2020", INSTRUMENT, overhead=0.15, years=3
    )
    assert one == (
        "De twee voorgestelde deals (Objecttypebibliotheek en Ketensamenwerking) besparen samen "
        "EUR 5.519.000 over drie jaar ten opzichte van ieder voor zich: de deelnemers betalen "
        "samen EUR 1.081.000 in plaats van EUR 6.600.000. Voor Ketensamenwerking ontbreken de "
        "kosten in de kostentabel; die deal telt niet mee. " + OTL_SENTENCE
    )


def test_shares_summary_flags_provinces_worse_off():
    text = cost_sharing.shares_summary(_shares(), ["OTL", "DATA"], "2020", "population")
    assert text == (
        "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de provincies "
        "wordt verdeeld. Bij verdeling naar inwonertal (de gekozen sleutel) loopt het netto "
        "voordeel uiteen van EUR 400 (Zuid-Holland) tot EUR 1.350 (Groningen). Bij verdeling in "
        "gelijke delen loopt dat uiteen van EUR 750 (Groningen) tot EUR 1.000 (Zuid-Holland)."
    )
    worse = cost_sharing.shares_summary(_shares(), ["DATA"], "2020", "equal")
    assert (
        "gaat elke deelnemende provincie er over de voorgestelde deals samen EUR 250 op "
        "achteruit." in worse
    )
    assert worse.endswith(
        "Let op: bij verdeling in gelijke delen is Groningen over de voorgestelde deals samen "
        "duurder uit dan bij alleen ontwikkelen. Let op: bij verdeling naar inwonertal is "
        "Groningen over de voorgestelde deals samen duurder uit dan bij alleen ontwikkelen."
    )


def test_profile_sentences():
    text = cost_sharing.profile_business_summary(
        _shares(), _business_case(), ["OTL", "DATA"], "PV28", "2020", "population"
    )
    assert text == (
        "Zuid-Holland doet mee aan 1 van de 2 voorgestelde deals (Objecttypebibliotheek). Bij "
        "verdeling naar inwonertal draagt Zuid-Holland daaraan EUR 549.600 bij in plaats van "
        "EUR 550.000 bij alleen ontwikkelen: een netto voordeel van EUR 400 over drie jaar."
    )
    assert cost_sharing.profile_business_summary(
        _shares(), _business_case(), ["DATA"], "PV20", "2020", "equal"
    ).endswith("een netto nadeel van EUR 250 over drie jaar.")
    assert cost_sharing.profile_business_summary(
        _shares(), _business_case(), ["OTL"], "PV29", "2020"
    ) == (
        "Zeeland doet niet mee aan de voorgestelde deals: bij geen ervan heeft Zeeland een gat én "
        "de rol trekken, meedoen of volgen opgegeven."
    )
    assert overall_section.profile_progress_summary(
        _progress().iloc[:0], None, "PV29", None, "2018", INSTRUMENT
    ) == (
        "Voor Zeeland is er nog maar één meting (2018); de voortgang is te zien na een volgende "
        "meting."
    )


# ----------------------------------------------------------------------------- tables
def test_tables_show_money_the_dutch_way():
    page = _html(case.business_case_table(_business_case(), "2020", INSTRUMENT, ["TECH"]))
    assert page.index("Systemen en tools") < page.index("Objecttypebibliotheek")
    assert '<td class="num" style="white-space: nowrap">EUR 5.519.000</td>' in page
    assert "EUR -1.532.000" in page and "<th>Loont vanaf (deelnemers)</th>" in page
    shares = _html(cost_sharing.shares_table(_shares(), ["OTL"], "2020", INSTRUMENT))
    assert "<th>Netto voordeel (naar inwonertal)</th>" in shares and "80,0%" in shares
    assert shares.count(">Objecttypebibliotheek</td>") == 1  # the deal once, on its first row
    totals = _html(cost_sharing.net_benefit_table(_shares(), ["OTL", "DATA"], "2020"))
    assert ">Totaal</td>" in totals and "EUR 1.750" in totals  # 750 + 1000 under equal
    budget = businesscase.programme_budget(_business_case(), ["OTL", "KETEN"], [0.5, 0.5])
    budget_page = _html(programme.budget_table(budget, INSTRUMENT))
    assert "EUR 540.500" in budget_page and "EUR 1.081.000" in budget_page
    assert ">Ketensamenwerking</td>" in budget_page and "–" in budget_page


def test_programme_status_helpers():
    cases = _business_case()
    assert programme.costed_deals(cases, ["KETEN", "OTL"], "2020") == ["OTL"]
    assert programme.programme_note(cases, ["OTL"], "2020") is None
    assert "geen gezamenlijke deal" in programme.programme_note(cases, [], "2020").data
    assert "Voor geen van de" in programme.programme_note(cases, ["KETEN"], "2020").data
    empty = cases.assign(alone=math.nan, joint=math.nan)
    assert "geen kostentabel" in programme.programme_note(empty, ["OTL"], "2020").data
    assert not programme.has_costs(empty)


def test_progress_tables():
    frame = _progress()
    per_province = _html(progress_section.province_progress_table(frame))
    assert re.search(r">Groningen</td>.*?>1<.*?>0<.*?>1<.*?>\+0,2<.*?>1 van 2<", per_province)
    movers = _html(progress_section.movers_table(frame, INSTRUMENT))
    assert "<th>Meting 2018</th>" in movers and "-0,6" in movers
    overall = pd.DataFrame(
        {
            "province": ["PV20"],
            "from_current": [1.5],
            "to_current": [2.0],
            "change": [0.5],
            "from_ambition": [2.5],
            "ambition_attained": pd.array([False], dtype="boolean"),
        }
    )
    page = _html(overall_section.overall_progress_table(overall, "2018", "2020"))
    assert "<th>Ambitie 2018</th>" in page and "<td>gestegen</td>" in page


# ----------------------------------------------------------------------------- example data
@pytest.fixture(scope="module")
def example_analysis(example_data) -> Analysis:
    """The analysis of every wave, as the build saves it; the sections show wave 2020."""
    return analyse(example_data, AnalysisOptions())


def test_example_headline_figures(example_analysis: Analysis):
    proposed = example_analysis.proposed("2020")
    assert proposed == PROPOSED
    shares = example_analysis.shares
    chosen = shares[(shares["wave"] == "2020") & shares["element"].isin(proposed)]
    totals = chosen.groupby("key")["net_benefit"].sum()
    for key in ("equal", "population", "mixed"):
        assert totals[key] == pytest.approx(15_574_000.0, abs=1e-6)
    summary = case.business_case_summary(
        example_analysis.businesscase, proposed, "2020", INSTRUMENT, overhead=0.15, years=3
    )
    assert summary.startswith(
        "De vier voorgestelde deals (Processen en werkwijze, Uitvraag en contracten, "
        "Objecttypebibliotheek en Assetmanagement en beheer) besparen samen EUR 15.574.000 over "
        "drie jaar ten opzichte van ieder voor zich: de deelnemers betalen samen EUR 3.266.000 "
        "in plaats van EUR 18.840.000."
    )
    assert OTL_SENTENCE in summary


def test_profile_business_on_example(example_analysis: Analysis):
    page = _html(cost_sharing.profile_business(example_analysis, "PV28", "2020", "population"))
    assert page.startswith(
        "<p>Zuid-Holland doet mee aan 4 van de 4 voorgestelde deals (Processen en werkwijze, "
        "Uitvraag en contracten, Objecttypebibliotheek en Assetmanagement en beheer). Bij "
        "verdeling naar inwonertal draagt Zuid-Holland daaraan EUR 698.898 bij in plaats van EUR "
        "1.570.000 bij alleen ontwikkelen: een netto voordeel van EUR 871.102 over drie jaar.</p>"
    )
    assert ">EUR 318.675</td>" in page  # its net benefit on the object type library
    equal = _html(cost_sharing.profile_business(example_analysis, "PV28", "2020", "equal"))
    assert "een netto voordeel van EUR 1.297.833 over drie jaar" in equal
    with pytest.raises(ValueError, match="cost_key"):
        cost_sharing.profile_business(example_analysis, "PV28", "2020", "naar rato")


def test_profile_progress_on_example(example_data, example_analysis: Analysis):
    scores = province_scores(example_data.answers, INSTRUMENT)
    step = progress(scores, "2018", "2020")
    overall = overall_progress(overall_scores(scores, INSTRUMENT), "2018", "2020")
    own = step[step["province"] == "PV20"]
    row = overall[overall["province"] == "PV20"].iloc[0].to_dict()
    expected = overall_section.profile_progress_summary(
        own, row, "PV20", "2018", "2020", INSTRUMENT
    )
    assert expected.startswith(
        "Groningen ging gemiddeld van 1,5 in meting 2018 naar 2,0 in meting 2020 (+0,6 niveau)"
    )
    page = overall_section.profile_progress(example_analysis, "PV20", "2018", "2020")
    assert isinstance(page, HTML)
    assert page.data.startswith(f"<p>{expected}</p>")
    assert page.data.count("<tr>") == 1 + len(INSTRUMENT.element_ids)
    one = overall_section.profile_progress(example_analysis, "PV20", to_wave="2018")
    assert isinstance(one, Markdown)
    assert one.data == (
        "Voor Groningen is er nog maar één meting (2018); de voortgang is te zien na een volgende "
        "meting."
    )


# ----------------------------------------------------------------------------- notebooks
BUSINESS_PARAMETERS = {
    "wave": "2020",
    **AnalysisOptions().as_dict(),
}


def _run(notebook: str, processed: Path, reports: Path, parameters: dict) -> str:
    job = ReportJob(
        notebook,
        notebook,
        "Titel",
        "Overzichten",
        {"processed_dir": str(processed), "report_mode": True, **parameters},
    )
    run_report(job, NOTEBOOKS, reports, vega_bundle())
    return (reports / "html" / f"{notebook}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(example_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    reports = tmp_path_factory.mktemp("reports5")
    _run("50_businesscase", example_processed, reports, BUSINESS_PARAMETERS)
    _run("60_voortgang", example_processed, reports, {"from_wave": "2018", "to_wave": "2020"})
    return {
        "50": reports / "html" / "50_businesscase.html",
        "60": reports / "html" / "60_voortgang.html",
        "nb50": reports / "notebooks" / "50_businesscase.ipynb",
    }


def _common_checks(page: str) -> None:
    assert "Voorbeelddata - fictief" in page
    assert "import bimmaturity" not in page and "bm.report" not in page
    assert "load_analysis" not in page
    assert not re.search(r">\s*(In|Out)\s*\[\d*\]:", page)
    assert not re.search(r"<script[^>]+src=", page)
    assert "Traceback" not in page


@pytest.mark.slow
def test_business_case_report(built: dict[str, Path]):
    page = built["50"].read_text(encoding="utf-8")
    _common_checks(page)
    assert "<h1" in page and "Business case gezamenlijke ontwikkeling, meting 2020" in page
    for money in ("EUR 15.574.000", "EUR 3.266.000", "EUR 2.014.000", "EUR 3.390.000",
                  "EUR 5.519.000", "EUR 4.651.000", "EUR 1.297.833", "EUR 871.102",
                  "EUR 1.306.400", "EUR 14.580.000"):  # fmt: skip
        assert money in page, money
    assert OTL_SENTENCE in html.unescape(page)
    assert len(re.findall(r'<div[^>]*id="bm-chart-\d+"', page)) == 4
    # the stored executed notebook keeps the parameters as injected by papermill
    executed = nbformat.read(built["nb50"], as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


@pytest.mark.slow
def test_progress_report(built: dict[str, Path]):
    page = built["60"].read_text(encoding="utf-8")
    _common_checks(page)
    assert "Voortgang tussen meting 2018 en meting 2020" in page
    assert "steeg het gemiddelde volwassenheidsniveau bij alle 12 provincies" in page
    assert len(re.findall(r'<div[^>]*id="bm-chart-\d+"', page)) == 3
    assert "<th>Ambitie gehaald (elementen)</th>" in page


@pytest.mark.slow
def test_business_case_report_without_cost_table(example_raw: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(example_raw, raw)
    (raw / "kosten.csv").unlink()
    processed = tmp_path / "processed"
    ingest(raw, processed, salt_path=tmp_path / "salt", example=True)
    assert load_processed(processed).costs.empty
    page = _run("50_businesscase", processed, tmp_path / "reports", BUSINESS_PARAMETERS)
    _common_checks(page)
    assert "Er is geen kostentabel aangeleverd" in page
    assert not re.search(r"EUR \d", page)  # no amounts at all
    assert "<th>Deelnemers</th>" in page  # who would take part is still shown
    assert not re.search(r'<div[^>]*id="bm-chart-\d+"', page)


@pytest.mark.slow
def test_reports_render_offline_in_headless_chromium(built: dict[str, Path], rendered_charts):
    expected = {"50": 4, "60": 3}
    for name, charts_on_page in expected.items():
        pieces, _ = rendered_charts(built[name])
        assert len(pieces) == charts_on_page, name
        for piece in pieces:
            assert re.search(r'<svg[^>]*class="marks"', piece), name


@pytest.mark.slow
def test_export_is_reproducible(built: dict[str, Path]):
    """The page is bimmaturity.build.export_html of the executed notebook, nothing more."""
    executed = nbformat.read(built["nb50"], as_version=4)
    page = export_html(executed, "Titel", vega_bundle())
    assert page == built["50"].read_text(encoding="utf-8")
