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
from bimmaturity.organisations import Registry, use_registry
from bimmaturity.present.sections import businesscase as case
from bimmaturity.present.sections import cost_sharing, programme, sensitivity
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
    "Samen ontwikkelen van de objecttypebibliotheek bespaart naar schatting € 3,3 miljoen over "
    "drie jaar (bandbreedte € 2,1 tot 4,5 miljoen): de 8 volgers zouden ieder voor zich samen "
    "€ 4,4 miljoen kwijt zijn, één gezamenlijke ontwikkeling kost € 1,1 miljoen (inclusief "
    "15% coördinatie). De 4 koplopers hebben het al; zij brengen kennis in en betalen mee. Samen "
    "ontwikkelen loont vanaf 2 volgers."
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
            "alone": [4_400_000.0, 1_440_000.0, 860_000.0, math.nan],
            "joint": [1_081_000.0, 1_035_000.0, 2_392_000.0, math.nan],
            "saving": [3_319_000.0, 405_000.0, -1_532_000.0, math.nan],
            "break_even": pd.array([2, 3, 3, None], dtype="Int64"),
            "saving_low": [2_100_000.0, -100_000.0, -1_532_000.0, math.nan],
            "saving_high": [4_500_000.0, 900_000.0, -1_532_000.0, math.nan],
            "koplopers": [4, 1, 0, 0],
            "followers": [8, 3, 1, 0],
            "per_alone": [550_000.0, 480_000.0, 860_000.0, math.nan],
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
    frame = pd.DataFrame(
        rows, columns=["wave", "element", "province", "key", "share", "net_benefit"]
    )
    return frame.assign(koploper=False)


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
            "change_lo": [0.4, -1.4, -0.2, math.nan],  # the fall's interval includes 0
            "change_hi": [1.6, 0.2, 0.7, math.nan],
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
        "Volgers ieder voor zich",
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
        4_400_000.0,
        1_081_000.0,
        1_440_000.0,
        1_035_000.0,
        860_000.0,
        2_392_000.0,
    ]
    assert data["bedrag_tekst"].tolist()[:2] == ["€ 4.400.000", "€ 1.081.000"]
    assert data["besparing_tekst"].tolist()[-1] == "€ −1.532.000"
    assert data["deelnemers"].tolist() == [12, 12, 4, 4, 1, 1]
    assert data["koplopers"].tolist() == [4, 4, 1, 1, 0, 0]
    assert data["volgers"].tolist() == [8, 8, 3, 3, 1, 1]
    assert data["bandbreedte"].tolist()[:2] == ["€ 2,1 tot 4,5 miljoen"] * 2
    assert data["voorgesteld"].tolist() == ["ja", "ja", "nee", "nee", "nee", "nee"]


def test_net_benefit_chart_sums_the_proposed_deals_per_province_and_key():
    chart = cost_sharing.net_benefit_chart(_shares(), ["OTL", "DATA"], "2020")
    assert isinstance(chart, alt.Chart)
    records = chart.data.to_dict("records")
    assert records == [
        {"provincie": "Groningen", "sleutel": "Gelijke delen", "netto": 750.0,
         "netto_tekst": "€ 750", "deals": 2},
        {"provincie": "Groningen", "sleutel": "Naar inwonertal", "netto": 1350.0,
         "netto_tekst": "€ 1.350", "deals": 2},
        {"provincie": "Zuid-Holland", "sleutel": "Gelijke delen", "netto": 1000.0,
         "netto_tekst": "€ 1.000", "deals": 1},
        {"provincie": "Zuid-Holland", "sleutel": "Naar inwonertal", "netto": 400.0,
         "netto_tekst": "€ 400", "deals": 1},
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
        "totaal_tekst": ["€ 846.400", "€ 846.400", "€ 423.200"],
    }
    assert fields(spec_of(chart), "color") == {"element_label"}


def test_sensitivity_chart_cost_alone_first_then_overhead_and_followers():
    by_cost = pd.DataFrame({"factor": [0.3, 0.65, 1.0], "saving": [-50.0, 40.0, 130.0]})
    by_overhead = pd.DataFrame({"overhead": [0.0, 0.25, 0.5], "saving": [300.0, 250.0, 200.0]})
    by_count = pd.DataFrame({"followers": [1, 2, 3], "saving": [-100.0, 0.0, 100.0]})
    chart = sensitivity.sensitivity_chart(by_cost, by_overhead, by_count, 0.15)
    assert isinstance(chart, alt.VConcatChart)
    top = data_with(chart, "factor")
    assert top.to_dict("list") == {
        "factor": [0.3, 0.65, 1.0],
        "besparing": [-50.0, 40.0, 130.0],
        "factor_tekst": ["30%", "65%", "100%"],
        "besparing_tekst": ["€ −50", "€ 40", "€ 130"],
    }
    left, right = data_with(chart, "overhead"), data_with(chart, "volgers")
    assert left.to_dict("list") == {
        "overhead": [0.0, 0.25, 0.5],
        "besparing": [300.0, 250.0, 200.0],
        "overhead_tekst": ["0%", "25%", "50%"],
        "besparing_tekst": ["€ 300", "€ 250", "€ 200"],
    }
    assert right["besparing_tekst"].tolist() == ["€ −100", "€ 0", "€ 100"]
    spec = spec_of(chart)
    assert channel(spec, "x", "overhead")["axis"]["format"] == ".0%"
    assert channel(spec, "x", "factor")["scale"]["domain"] == [0.3, 1.0]
    assert "aanname 15%" in json.dumps(spec) and "schatting" in json.dumps(spec)
    text = sensitivity.sensitivity_summary(by_cost, by_overhead, by_count, 0.15)
    assert text == (
        "De besparing hangt vooral af van wat ieder voor zich zou kosten. Bij de geschatte "
        "kosten besparen de voorgestelde deals samen naar schatting € 130. Onder ongeveer 49% "
        "van de geschatte kosten van ieder voor zich is samen ontwikkelen duurder. De "
        "coördinatiekosten wegen veel minder zwaar: van 0% tot 50% verschuift de besparing van "
        "€ 300 naar € 200. Als aan elke deal evenveel volgers meedoen (de koplopers zoals "
        "ze zijn), is samen ontwikkelen voordelig vanaf 2 volgers per deal."
    )


def test_progress_heatmap_labels_and_scale():
    chart = progress_section.progress_heatmap(_progress(), INSTRUMENT)
    assert isinstance(chart, alt.LayerChart)
    data = chart.data
    assert data["label"].tolist() == ["+1,0 ✓", "−0,6", "+0,3"]  # NaN change left out
    assert data["gehaald"].tolist() == ["ja", "nee", "onbekend"]
    assert data["provincie"].tolist() == ["Groningen", "Groningen", "Fryslân"]
    scale = channel(spec_of(chart), "color", "verandering")["scale"]
    assert scale["domain"] == [-1.0, 1.0] and scale["domainMid"] == 0


def test_movement_chart_counts():
    chart = progress_section.movement_chart(_progress(), INSTRUMENT, threshold=0.5)
    assert chart.data.to_dict("list") == {  # the fall of -0,6 has an interval with 0
        "element_label": ["Objecttypebibliotheek", "Objecttypebibliotheek",
                          "Informatie- en datamanagement"],
        "beweging": ["gestegen", "geen duidelijke verandering", "geen duidelijke verandering"],
        "aantal": [1, 1, 1],
        "volgorde": [0, 1, 1],
    }  # fmt: skip
    assert channel(spec_of(chart), "color", "beweging")["scale"]["domain"] == [
        "gestegen",
        "geen duidelijke verandering",
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
        "beweging": [
            "gestegen",
            "gestegen",
            "geen duidelijke verandering",
            "geen duidelijke verandering",
            "gedaald",
            "gedaald",
        ],
    }
    assert labels["label"].tolist() == ["Groningen 2,0", "Fryslân 2,0", "Drenthe 2,4"]
    positions = labels["label_y"].tolist()
    gap = (5 - 1) * 14 / 420  # the axis runs over the whole scale, 1 to 5
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
        "Samen ontwikkelen van systemen en tools kost naar schatting over drie jaar € 1,5 "
        "miljoen meer dan ieder voor zich: de enige volger zou ieder voor zich € 860.000 kwijt "
        "zijn, één gezamenlijke ontwikkeling kost € 2,4 miljoen (inclusief 15% coördinatie). "
        "Samen ontwikkelen loont pas vanaf 3 volgers; nu zijn het er 1."
    )
    assert case.deal_sentence({"element": "DATA", **rows.loc["DATA"]}, INSTRUMENT, **quote) == (
        "Samen ontwikkelen van informatie- en datamanagement bespaart naar schatting € 410.000 "
        "over drie jaar (bandbreedte van € 100.000 meerkosten tot € 900.000 besparing): de 3 "
        "volgers zouden ieder voor zich samen € 1,4 miljoen kwijt zijn, één gezamenlijke "
        "ontwikkeling kost € 1,0 miljoen (inclusief 15% coördinatie). De koploper heeft het "
        "al; die brengt kennis in en betaalt mee. Samen ontwikkelen loont vanaf 3 volgers."
    )
    assert case.deal_sentence({"element": "KETEN", **rows.loc["KETEN"]}, INSTRUMENT, **quote) == (
        "Voor Ketensamenwerking zijn geen kosten opgegeven; de business case ontbreekt."
    )
    free_alone = {
        "element": "DATA",
        "participants": 2,
        "koplopers": 0,
        "followers": 2,
        "alone": 0.0,
        "joint": 100.0,
        "saving": -100.0,
        "break_even": pd.NA,
    }
    assert case.deal_sentence(free_alone, INSTRUMENT, overhead=0.0, years=0).endswith(
        "kost naar schatting eenmalig € 100 meer dan ieder voor zich: de 2 volgers zouden "
        "ieder voor zich samen € 0 kwijt zijn, één gezamenlijke ontwikkeling kost € 100. Bij "
        "geen enkel aantal volgers is samen ontwikkelen goedkoper."
    )
    leaders_only = {**free_alone, "koplopers": 2, "followers": 0}
    assert case.deal_sentence(leaders_only, INSTRUMENT, overhead=0.0, years=0) == (
        "Bij informatie- en datamanagement zijn alle deelnemers koplopers die het al hebben: er "
        "is niets te besparen; één gezamenlijke ontwikkeling kost € 100."
    )
    nobody = {"element": "OTL", "participants": 0, "alone": 0.0, "joint": 5.0, "saving": -5.0}
    assert case.deal_sentence(nobody, INSTRUMENT, **quote).startswith(
        "Voor de objecttypebibliotheek meldt zich geen deelnemer"
    )


def test_no_euro_exact_saving_in_headline_sentences():
    """Hypothetical savings are rounded in sentences and come with their range."""
    rows = _business_case().set_index("element")
    text = case.business_case_summary(
        _business_case(), ["OTL", "DATA"], "2020", INSTRUMENT, overhead=0.15, years=3
    )
    assert not re.search(r"€ −?\d{1,3}\.\d{3}\.\d{3}", text)  # never € 3.724.000
    assert "(bandbreedte € 2,0 tot 5,4 miljoen)" in text
    sentence = case.deal_sentence({"element": "OTL", **rows.loc["OTL"]}, INSTRUMENT,
                                  overhead=0.15, years=3)  # fmt: skip
    assert "€ 3.319.000" not in sentence and "€ 3,3 miljoen" in sentence


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
    assert text == programme.NO_COSTS == programme.no_costs_text()
    municipalities = Registry.from_rows([{"code": "GM1", "name": "Ede", "kind": "gemeente"}])
    with use_registry(municipalities):
        said = case.business_case_summary(
            no_money, ["OTL"], "2020", INSTRUMENT, overhead=0.15, years=3
        )
    assert said == text.replace("provincies", "gemeenten")
    assert said != text
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
        "naar schatting € 3,3 miljoen over drie jaar ten opzichte van ieder voor zich "
        "(bandbreedte € 2,1 tot 4,5 miljoen): de volgers zouden ieder voor zich samen € 4,4 "
        "miljoen kwijt zijn, de gezamenlijke ontwikkeling kost € 1,1 miljoen. De koplopers "
        "hebben deze elementen al en tellen daarom niet mee bij ieder voor zich: zij brengen "
        "kennis in en betalen mee aan de gezamenlijke kosten. De besparing hangt sterk af van de "
        "geschatte kosten van ieder voor zich (zie de gevoeligheid). Voor Ketensamenwerking "
        "ontbreken de kosten in de kostentabel; die deal telt niet mee. " + OTL_SENTENCE
    )


def test_shares_summary_flags_provinces_worse_off():
    text = cost_sharing.shares_summary(_shares(), ["OTL", "DATA"], "2020", "population")
    assert text == (
        "De verdeelsleutel verandert de totale besparing niet, alleen hoe die over de provincies "
        "wordt verdeeld. Bij verdeling naar inwonertal (de gekozen sleutel) loopt het netto "
        "voordeel uiteen van € 400 (Zuid-Holland) tot € 1.400 (Groningen). Bij verdeling in "
        "gelijke delen loopt dat uiteen van € 750 (Groningen) tot € 1.000 (Zuid-Holland)."
    )
    worse = cost_sharing.shares_summary(_shares(), ["DATA"], "2020", "equal")
    assert (
        "gaat elke deelnemende provincie er over de voorgestelde deals samen € 250 op "
        "achteruit." in worse
    )
    assert worse.endswith(
        "Let op: bij verdeling in gelijke delen is Groningen over de voorgestelde deals samen "
        "duurder uit dan bij alleen ontwikkelen. Let op: bij verdeling naar inwonertal is "
        "Groningen over de voorgestelde deals samen duurder uit dan bij alleen ontwikkelen."
    )
    # a koploper's negative net benefit is its share: it brings knowledge, it is not "worse off"
    leading = _shares()
    leading.loc[leading["element"] == "DATA", "koploper"] = True
    text = cost_sharing.shares_summary(leading, ["DATA"], "2020", "equal")
    assert "duurder uit" not in text
    assert text.endswith(
        "De koplopers (Groningen) hebben een element al waar zij koploper zijn: daar is hun "
        "netto voordeel min hun aandeel in de kosten. Zij brengen kennis in; hun winst daarbij "
        "(gedeeld onderhoud, kennis van anderen) is niet in geld uitgedrukt."
    )


def test_profile_sentences():
    text = cost_sharing.profile_business_summary(
        _shares(), _business_case(), ["OTL", "DATA"], "PV28", "2020", "population"
    )
    assert text == (
        "Zuid-Holland doet mee aan 1 van de 2 voorgestelde deals (Objecttypebibliotheek). Bij "
        "verdeling naar inwonertal draagt Zuid-Holland daaraan € 550.000 bij in plaats van "
        "€ 550.000 bij alleen ontwikkelen: een netto voordeel van € 400 over drie jaar."
    )
    assert cost_sharing.profile_business_summary(
        _shares(), _business_case(), ["DATA"], "PV20", "2020", "equal"
    ).endswith("een netto nadeel van € 250 over drie jaar.")
    leading = _shares()
    leading.loc[leading["element"] == "DATA", "koploper"] = True
    assert cost_sharing.profile_business_summary(
        leading, _business_case(), ["OTL", "DATA"], "PV20", "2020", "equal"
    ) == (
        "Groningen doet mee aan 2 van de 2 voorgestelde deals (Objecttypebibliotheek en "
        "Informatie- en datamanagement). Bij Informatie- en datamanagement is Groningen "
        "koploper: Groningen heeft dat al en brengt kennis in; bij verdeling in gelijke delen "
        "draagt Groningen er € 250 aan bij. Als volger bij Objecttypebibliotheek draagt "
        "Groningen bij verdeling in gelijke delen daaraan € 550.000 bij in plaats van € "
        "550.000 bij alleen ontwikkelen: een netto voordeel van € 1.000 over drie jaar."
    )
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
    assert '<td class="num" style="white-space: nowrap">€ 3.319.000</td>' in page
    assert "€ −1.532.000" in page and "<th>Loont vanaf (volgers)</th>" in page
    for header in ("Koplopers", "Volgers", "Besparing laag", "Besparing hoog"):
        assert f"<th>{header}</th>" in page
    shares = _html(cost_sharing.shares_table(_shares(), ["OTL"], "2020", INSTRUMENT))
    assert "<th>Netto voordeel (naar inwonertal)</th>" in shares and "80,0%" in shares
    assert shares.count(">Objecttypebibliotheek</td>") == 1  # the deal once, on its first row
    totals = _html(cost_sharing.net_benefit_table(_shares(), ["OTL", "DATA"], "2020"))
    assert ">Totaal</td>" in totals and "€ 1.750" in totals  # 750 + 1000 under equal
    budget = businesscase.programme_budget(_business_case(), ["OTL", "KETEN"], [0.5, 0.5])
    budget_page = _html(programme.budget_table(budget, INSTRUMENT))
    assert "€ 540.500" in budget_page and "€ 1.081.000" in budget_page
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
    assert re.search(r">Groningen</td>.*?>1<.*?>1<.*?>0<.*?>\+0,2<.*?>1 van 2<", per_province)
    assert "<th>Geen duidelijke verandering</th>" in per_province
    movers = _html(progress_section.movers_table(frame, INSTRUMENT))
    assert "<th>Meting 2018</th>" in movers and "+1,0" in movers and "−0,6" not in movers
    assert "<td>+0,40 tot +1,60</td>" in movers
    assert "1 van de 2 veranderingen van minstens 0,5 niveau is te onzeker" in movers
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
    cases = example_analysis.businesscase
    chosen_cases = cases[(cases["wave"] == "2020") & cases["element"].isin(proposed)]
    saving = float(chosen_cases["saving"].sum())
    shares = example_analysis.shares
    chosen = shares[(shares["wave"] == "2020") & shares["element"].isin(proposed)]
    totals = chosen.groupby("key")["net_benefit"].sum()
    for key in ("equal", "population", "mixed"):  # the key shares the saving, never changes it
        assert totals[key] == pytest.approx(saving, abs=1e-6)
    summary = case.business_case_summary(
        example_analysis.businesscase,
        proposed,
        "2020",
        INSTRUMENT,
        overhead=0.15,
        years=3,
        shares=example_analysis.shares,
    )
    assert summary.startswith(
        "De vier voorgestelde deals (Processen en werkwijze, Uitvraag en contracten, "
        "Objecttypebibliotheek en Assetmanagement en beheer) besparen samen naar schatting € "
        "7,0 miljoen over drie jaar ten opzichte van ieder voor zich (bandbreedte € 2,8 tot "
        "11,9 miljoen): de volgers zouden ieder voor zich samen € 11,9 miljoen kwijt zijn, de "
        "gezamenlijke ontwikkeling kost € 5,0 miljoen. De koplopers (Gelderland, "
        "Noord-Holland, Overijssel, Utrecht en Zuid-Holland) hebben deze elementen al en tellen "
        "daarom niet mee bij ieder voor zich: zij brengen kennis in en betalen mee aan de "
        "gezamenlijke kosten."
    )
    assert (
        "Samen ontwikkelen van de objecttypebibliotheek bespaart naar schatting € 2,7 miljoen "
        "over drie jaar (bandbreedte € 1,2 tot 4,4 miljoen): de 8 volgers zouden ieder voor "
        "zich samen € 4,3 miljoen kwijt zijn" in summary
    )
    assert not re.search(r"€ −?\d{1,3}\.\d{3}\.\d{3}", summary)


def test_profile_business_on_example(example_analysis: Analysis):
    page = _html(cost_sharing.profile_business(example_analysis, "PV28", "2020", "population"))
    assert page.startswith(  # Zuid-Holland is koploper in all four deals: it brings knowledge
        "<p>Zuid-Holland doet mee aan 4 van de 4 voorgestelde deals (Processen en werkwijze, "
        "Uitvraag en contracten, Objecttypebibliotheek en Assetmanagement en beheer). Bij "
        "Processen en werkwijze, Uitvraag en contracten, Objecttypebibliotheek en "
        "Assetmanagement en beheer is Zuid-Holland koploper: Zuid-Holland heeft dat al en brengt "
        "kennis in; bij verdeling naar inwonertal draagt Zuid-Holland er € 1,1 miljoen aan "
        "bij.</p>"
    )
    assert ">€ −324.953</td>" in page and '<td style="white-space: nowrap">koploper</td>' in page
    equal = _html(cost_sharing.profile_business(example_analysis, "PV20", "2020", "equal"))
    assert (
        "Bij verdeling in gelijke delen draagt Groningen daaraan € 410.000 bij in plaats van "
        "€ 1,6 miljoen bij alleen ontwikkelen: een netto voordeel van € 1,1 miljoen over "
        "drie jaar." in equal
    )
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
        "Groningen ging gemiddeld van 1,5 in meting 2018 naar 2,0 in meting 2020 (+0,5 niveau)"
    )
    page = overall_section.profile_progress(example_analysis, "PV20", "2018", "2020")
    assert isinstance(page, HTML)
    assert page.data.startswith(f"<p>{expected.split('. Bij')[0]}.")
    assert "Dat is een duidelijke stijging (90%-interval +0,43 tot +0,70)." in page.data
    assert "<th>90%-interval</th>" in page.data
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
    text = html.unescape(page)
    for words in ("naar schatting € 7,0 miljoen over drie jaar",
                  "(bandbreedte € 2,8 tot 11,9 miljoen)", "€ 2.678.928",
                  "discontovoet van 2,25% per jaar", "invoeringskosten per deelnemer",
                  "De besparing hangt vooral af van wat ieder voor zich zou kosten",
                  "kost ieder voor zich de helft, dan € 2,6 miljoen",
                  "hebben een element al waar zij koploper zijn"):  # fmt: skip
        assert words in text, words
    assert "<th>Besparing laag</th>" in page and "<th>Loont vanaf (volgers)</th>" in page
    assert len(re.findall(r'<div[^>]*id="bm-chart-\d+"', page)) == 5  # 5th: the what-if table
    # the stored executed notebook keeps the parameters as injected by papermill
    executed = nbformat.read(built["nb50"], as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


@pytest.mark.slow
def test_progress_report(built: dict[str, Path]):
    page = built["60"].read_text(encoding="utf-8")
    _common_checks(page)
    assert "Voortgang tussen meting 2018 en meting 2020" in page
    text = html.unescape(page)
    assert "lag het gemiddelde volwassenheidsniveau bij alle 12 provincies hoger." in text
    assert "Het gemiddelde over de provincies steeg met " in text
    assert "zo gemeten zijn 3 provincies gestegen en geen provincie gedaald" in text
    assert "Slechts 2 van de 41 respondenten van meting 2020 vulden ook meting 2018 in" in text
    assert "regressie naar het gemiddelde" in text
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
    assert not re.search(r"€ \u2212?\d", page)  # no amounts at all
    assert "<th>Deelnemers</th>" in page  # who would take part is still shown
    assert not re.search(r'<div[^>]*id="bm-chart-\d+"', page)


@pytest.mark.slow
def test_reports_render_offline_in_headless_chromium(built: dict[str, Path], rendered_charts):
    expected = {"50": 5, "60": 3}
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
