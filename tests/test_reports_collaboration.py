"""The comparison, gap-cluster and collaboration sections (notebooks 20, 30, 40): charts,
Dutch sentences, tables, overall intervals, and one real run of those notebooks (papermill +
offline HTML export) on the example data."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from vegalite import channel, data_with, fields, setting, spec_of

from bimmaturity.analysis import AnalysisOptions, analyse
from bimmaturity.instrument import default_instrument
from bimmaturity.present.sections import cluster_profiles as cluster_section
from bimmaturity.present.sections import clusters, collaboration, comparison, profile
from bimmaturity.rules.clusters import (
    cluster_analysis,
    cluster_profiles,
    cluster_summary,
    gap_matrix,
)
from bimmaturity.rules.scoring import overall_intervals, overall_scores, province_scores

REPO = Path(__file__).resolve().parents[1]
INSTRUMENT = default_instrument()
NAN = float("nan")
LEADERS = ["Gelderland", "Noord-Holland", "Utrecht", "Zuid-Holland"]


def gaps_frame(rows: dict[str, list[float]], wave: str = "1") -> pd.DataFrame:
    """Scores with only a gap, from {province: [gap on OTL, gap on DATA]}."""
    records = [
        (wave, province, element, gap)
        for province, values in rows.items()
        for element, gap in zip(["OTL", "DATA"], values, strict=True)
    ]
    return pd.DataFrame(records, columns=["wave", "province", "element", "gap"])


def partners_frame() -> pd.DataFrame:
    """deal_partners-shaped rows for OTL: two trekkers and seven volgers."""
    rows = [
        ("PV28", "trekker", "trekken", 4.2, 0.5),
        ("PV26", "trekker", "trekken", 4.0, 0.4),
        *[
            (code, "volger", "volgen", 1.5, 1.5)
            for code in ["PV20", "PV21", "PV22", "PV24", "PV29", "PV31"]
        ],
        ("PV23", "volger", "meedoen", 2.5, 1.2),
    ]
    frame = pd.DataFrame(rows, columns=["province", "part", "stated_role", "current", "gap"])
    return frame.assign(wave="1", element="OTL")


# ---------------------------------------------------------------------------- charts
def test_silhouette_chart_marks_the_chosen_k():
    curve = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.25, 0.5, 0.125]})
    chart = clusters.silhouette_chart(curve, 3)
    assert isinstance(chart, alt.LayerChart)
    assert chart.data.to_dict("list") == {
        "k": [2, 3, 4],
        "silhouette": [0.25, 0.5, 0.125],
        "gebruikt": [False, True, False],
        "label": ["", "gekozen: k = 3", ""],
    }
    spec = spec_of(chart)
    assert fields(spec, "x") == {"k"}
    assert fields(spec, "y") == {"silhouette"}
    given = clusters.silhouette_chart(curve, 4, k_chosen=False)
    assert given.data["label"].tolist() == ["", "", "opgegeven: k = 4"]


def test_gap_cluster_heatmap_orders_by_cluster_and_leaf_and_marks_imputed_cells():
    scores = gaps_frame(
        {"PV20": [2.0, NAN], "PV21": [1.75, 1.0], "PV22": [0.0, 0.5], "PV23": [0.25, 0.5]}
    )
    clustering = cluster_analysis(scores, "1", k=2)
    chart = clusters.gap_cluster_heatmap(clustering, INSTRUMENT)
    assert isinstance(chart, alt.FacetChart)
    data = chart.data
    assert len(data) == 4 * 2
    assert data["provincie"].tolist()[::2] == ["Groningen", "Fryslân", "Drenthe", "Overijssel"]
    assert data["groep"].unique().tolist() == [
        "Cluster 1 (2 provincies)",
        "Cluster 2 (2 provincies)",
    ]
    imputed = data[data["aangevuld"] == "ja"]
    assert imputed[["provincie", "element", "label"]].values.tolist() == [
        ["Groningen", "DATA", "0,7*"]
    ]
    assert data["label"].tolist()[:4] == ["2,0", "0,7*", "1,8", "1,0"]
    spec = spec_of(chart)
    assert fields(spec, "row") == {"groep"}
    assert setting(spec, "resolve")["scale"]["y"] == "independent"


def test_cluster_profile_chart_holds_each_cluster_and_the_all_province_mean():
    profiles = pd.DataFrame(
        {
            "wave": "1",
            "cluster": [1, 2, 1, 2],
            "element": ["DATA", "DATA", "OTL", "OTL"],
            "mean_gap": [0.5, 1.5, 2.0, 0.0],
            "all_mean_gap": [1.0, 1.0, 1.0, 1.0],
            "difference": [-0.5, 0.5, 1.0, -1.0],
        }
    )
    chart = cluster_section.cluster_profile_chart(profiles, INSTRUMENT)
    assert isinstance(chart, alt.LayerChart)
    assert chart.data.values.tolist() == [  # instrument order: OTL before DATA
        ["Objecttypebibliotheek", "Cluster 1", 2.0],
        ["Objecttypebibliotheek", "Cluster 2", 0.0],
        ["Objecttypebibliotheek", "Alle provincies", 1.0],
        ["Informatie- en datamanagement", "Cluster 1", 0.5],
        ["Informatie- en datamanagement", "Cluster 2", 1.5],
        ["Informatie- en datamanagement", "Alle provincies", 1.0],
    ]
    color = channel(spec_of(chart), "color", "reeks")
    assert color["scale"]["domain"] == ["Cluster 1", "Cluster 2", "Alle provincies"]


def test_position_matrix_chart_colours_by_position_and_marks_the_stated_role():
    roles = pd.DataFrame(
        {
            "wave": "1",
            "province": ["PV20", "PV20", "PV28", "PV28", "PV29"],
            "element": ["OTL", "DATA", "OTL", "DATA", "OTL"],
            "stated_role": ["volgen", None, "trekken", "niet", "meedoen"],
            "position": ["starter", "middenveld", "koploper", "koploper", None],
        }
    )
    scores = roles[["wave", "province", "element"]].assign(
        current=[1.0, 2.0, 4.0, 3.5, NAN], gap=[2.0, 0.0, 0.5, 0.0, NAN]
    )
    chart = collaboration.position_matrix_chart(roles, "1", INSTRUMENT, scores=scores)
    assert isinstance(chart, alt.LayerChart)
    assert chart.data[["provincie", "element_label", "positie", "rol"]].values.tolist() == [
        ["Zuid-Holland", "Objecttypebibliotheek", "Koploper", "Trekken"],
        ["Zuid-Holland", "Informatie- en datamanagement", "Koploper", "Geen interesse"],
        ["Groningen", "Objecttypebibliotheek", "Starter", "Volgen"],
        ["Groningen", "Informatie- en datamanagement", "Middenveld", ""],
    ]
    assert chart.data["current"].tolist() == [4.0, 3.5, 1.0, 2.0]
    spec = spec_of(chart)
    assert fields(spec, "color") == {"positie"}
    assert channel(spec, "color", "positie")["scale"]["domain"] == [
        "Koploper",
        "Starter",
        "Middenveld",
    ]
    assert fields(spec, "shape") == {"rol"}
    assert channel(spec, "shape", "rol")["scale"]["domain"] == [
        "Trekken",
        "Meedoen",
        "Volgen",
        "Geen interesse",
    ]


def test_opportunity_chart_shows_demand_and_supply_in_rank_order():
    table = pd.DataFrame(
        {
            "wave": ["1", "1", "2"],
            "element": ["DATA", "OTL", "OTL"],
            "supply": [0, 2, 9],
            "demand": [1, 5, 9],
            "kansrijk": [False, True, True],
            "rank": [2, 1, 1],
        }
    )
    chart = collaboration.opportunity_chart(table, "1", INSTRUMENT, min_demand=3)
    assert isinstance(chart, alt.LayerChart)
    bars = data_with(chart, "maat", "aantal")
    assert bars.drop(columns="reeks").values.tolist() == [
        ["Objecttypebibliotheek", "Vraag", 5, "ja", 1],
        ["Objecttypebibliotheek", "Aanbod", 2, "ja", 1],
        ["Informatie- en datamanagement", "Vraag", 1, "nee", 2],
        ["Informatie- en datamanagement", "Aanbod", 0, "nee", 2],
    ]
    assert bars["reeks"].tolist() == [  # the legend entry whose colour each bar has
        "Vraag (willen aansluiten), kansrijk",
        "Aanbod (koplopers die willen trekken of meedoen), kansrijk",
        "Vraag, niet kansrijk",
        "Aanbod, niet kansrijk",
    ]
    assert data_with(chart, "drempel")["drempel"].tolist() == [3]
    assert fields(spec_of(chart), "x") == {"aantal", "drempel"}
    without = collaboration.opportunity_chart(table, "1", INSTRUMENT)
    assert fields(spec_of(without), "x") == {"aantal"}
    chart.to_dict()  # a valid Vega-Lite spec


# ---------------------------------------------------------------------------- sentences
def test_deal_text_names_trekkers_and_followers():
    text = collaboration.deal_text("OTL", partners_frame(), "1", INSTRUMENT)
    assert text == (
        "Voor Objecttypebibliotheek kunnen Zuid-Holland en Utrecht trekken; zes provincies "
        "willen volgen: Drenthe, Flevoland, Fryslân, Groningen, Limburg en Zeeland; "
        "Overijssel wil meedoen."
    )


def test_deal_text_with_a_koploper_that_only_wants_to_join():
    partners = partners_frame()
    partners.loc[partners["province"] == "PV26", "stated_role"] = "meedoen"
    partners = partners[partners["part"] == "trekker"]
    assert collaboration.deal_text("OTL", partners, "1", INSTRUMENT) == (
        "Voor Objecttypebibliotheek kan Zuid-Holland trekken en wil Utrecht als koploper "
        "meedoen; geen provincie met een groot gat wil aansluiten."
    )


def test_deals_summary_and_rules_text():
    table = pd.DataFrame(
        {
            "wave": "1",
            "element": ["UITV", "OTL", "PROC", "DATA"],
            "kansrijk": [True, True, True, False],
            "rank": [1, 2, 3, 4],
            "proposed": [True, True, False, False],
        }
    )
    assert collaboration.deals_summary(table, ["UITV", "OTL"], "1", INSTRUMENT, 2) == (
        "In meting 1 zijn drie elementen kansrijk voor gezamenlijke ontwikkeling. Voorgesteld "
        "als gezamenlijke deals: Uitvraag en contracten en Objecttypebibliotheek. Ook kansrijk, "
        "maar buiten de eerste twee: Processen en werkwijze."
    )
    none = table.assign(kansrijk=False, proposed=False)
    assert collaboration.deals_summary(none, [], "1", INSTRUMENT, 2) == (
        "In meting 1 is geen element kansrijk voor gezamenlijke ontwikkeling; er wordt geen "
        "gezamenlijke deal voorgesteld."
    )
    assert collaboration.collaboration_rules_text(4.0, 1.5, 2, 1).endswith(
        "Het eerste kansrijke element in de rangorde wordt voorgesteld als gezamenlijke deal."
    )


def test_cluster_texts_and_overview():
    scores = gaps_frame({"PV20": [2.0, 0.0], "PV21": [2.0, 0.5], "PV22": [0.0, 1.0]})
    assignment = cluster_analysis(scores, "1").assignment
    summary = cluster_summary(scores, assignment)
    stability = assignment.assign(stability=[0.9, 0.9, 0.7])
    texts = cluster_section.cluster_texts(
        summary, cluster_profiles(scores, assignment), INSTRUMENT, stability, k=2
    )
    assert texts == {
        1: "Cluster 1 (twee provincies: Fryslân en Groningen) heeft een gemiddeld gat van 1,1 "
        "niveau. Het gat is hier vooral groter dan gemiddeld bij Objecttypebibliotheek (+0,7). "
        "Kleiner dan gemiddeld is het bij Informatie- en datamanagement (−0,3). Bij de indeling "
        "in twee clusters is deze groep stabiel: in de herhaalde steekproeven van respondenten "
        "komt zij gemiddeld terug met een overeenkomst (Jaccard) van 0,90.",
        2: "Cluster 2 (alleen Drenthe) heeft een gemiddeld gat van 0,5 niveau. Het gat is hier "
        "vooral groter dan gemiddeld bij Informatie- en datamanagement (+0,5). Kleiner dan "
        "gemiddeld is het bij Objecttypebibliotheek (−1,3). Bij de indeling in twee clusters "
        "staat Drenthe redelijk stabiel apart: in de herhaalde steekproeven van respondenten "
        "komt die gemiddeld terug met een overeenkomst (Jaccard) van 0,70.",
    }
    for text in texts.values():  # never "stabiel" without the number of clusters
        assert "stabiel" not in text or "Bij de indeling in twee clusters" in text
    unstable = cluster_section.cluster_texts(
        summary,
        cluster_profiles(scores, assignment),
        INSTRUMENT,
        assignment.assign(stability=[0.55, 0.55, 0.9]),
        k=2,
    )
    assert "is deze groep niet stabiel" in unstable[1]
    assert unstable[1].endswith("van 0,55; lees deze indeling als voorlopig.")
    # a cluster that is exactly the most mature provinces is said to be so
    overall = pd.DataFrame({"province": ["PV20", "PV21", "PV22"], "current": [3.9, 4.0, 2.0]})
    mature = cluster_section.cluster_texts(
        summary, cluster_profiles(scores, assignment), INSTRUMENT, overall=overall
    )
    assert (
        "Dit zijn precies de twee provincies met het hoogste huidige niveau: hun gapprofiel "
        "volgt vooral uit hoe ver zij al zijn (een hoog niveau laat weinig ruimte voor een gat)."
        in mature[1]
    )
    not_top = overall.assign(current=[3.9, 2.0, 4.0])
    assert (
        "precies"
        not in cluster_section.cluster_texts(
            summary, cluster_profiles(scores, assignment), INSTRUMENT, overall=not_top
        )[1]
    )
    assert clusters.clusters_overview(summary, "1") == (
        "In meting 1 vormen de provincies twee groepen met een vergelijkbaar gapprofiel: "
        "cluster 1 (Fryslân en Groningen) en cluster 2 (Drenthe)."
    )


def test_imputation_text_reports_imputed_and_dropped_cells():
    scores = pd.concat(
        [
            gaps_frame({"PV20": [2.0, NAN], "PV21": [1.0, 1.0], "PV22": [NAN, 0.5]}),
            pd.DataFrame({"wave": "1", "province": ["PV20"], "element": ["KETEN"], "gap": [NAN]}),
        ]
    )
    assert clusters.imputation_text(gap_matrix(scores, "1"), INSTRUMENT) == (
        "Bij twee combinaties van provincie en element ontbrak het gat; voor de clustering is "
        "daar het gemiddelde gat van de andere provincies ingevuld (met * gemarkeerd): "
        "Drenthe (Objecttypebibliotheek); Groningen (Informatie- en datamanagement). "
        "Zonder enig gat en dus buiten de clustering: Ketensamenwerking."
    )
    complete = gaps_frame({"PV20": [2.0, 1.0], "PV21": [1.0, 1.0]})
    assert clusters.imputation_text(gap_matrix(complete, "1"), INSTRUMENT) == (
        "Alle gaten waren bekend: voor de clustering is niets aangevuld."
    )


def test_silhouette_text_for_a_given_k():
    scores = gaps_frame(
        {"PV20": [0.0, 0.0], "PV21": [0.5, 0.0], "PV22": [3.0, 0.0], "PV23": [3.5, 0.0]}
    )
    text = clusters.silhouette_text(cluster_analysis(scores, "1", k=3))
    assert text.startswith(
        "Het aantal clusters (3) is als parameter opgegeven; op grond van het silhouet zou het "
        "aantal twee zijn (gemiddeld silhouet 0,8"
    )
    assert "; bij 3 clusters is het " in text


def test_reliability_text_and_table():
    rel = pd.DataFrame(
        {
            "wave": "1",
            "element": ["VISIE", "ORG", "OTL"],
            "alpha": [0.85, 0.91, 0.72],
            "n_complete": [12, 12, 9],
            "icc1": [0.05, 0.08, 0.02],
        }
    )
    assert comparison.reliability_text(rel, "1", INSTRUMENT) == (
        "Cronbach's alfa binnen provincies geeft aan in hoeverre de vragen van een element "
        "samen hetzelfde meten bij respondenten van dezelfde provincie (van 0 tot 1; vanaf 0,7 "
        "geldt een element als betrouwbaar gemeten). Alfa over alle respondenten samen zou "
        "vooral de verschillen tussen provincies meten en is daarom niet gebruikt. In meting 1 "
        "halen alle elementen met een alfa die grens (alfa van 0,72 tot 0,91). ICC(1) geeft aan "
        "welk deel van de verschillen tussen respondenten een verschil tussen provincies is; in "
        "meting 1 ligt het tussen 0,02 en 0,08 (mediaan 0,05): de provincies verschillen "
        "nauwelijks; de verschillen zitten vooral binnen provincies."
    )
    mostly_low = pd.DataFrame(
        {"wave": "1", "element": ["VISIE", "ORG", "OTL", "DATA"],
         "alpha": [0.1, 0.2, 0.15, 0.3], "n_complete": 9, "icc1": 0.9}
    )  # fmt: skip
    assert (
        "In meting 1 blijft alfa bij 4 van de 4 elementen onder die grens (mediaan 0,18)"
        in comparison.reliability_text(mostly_low, "1", INSTRUMENT)
    )
    low = rel.assign(alpha=[0.85, 0.55, NAN])
    html = comparison.reliability_table(low, "1", INSTRUMENT).data
    assert "<th>Cronbach&#x27;s alfa binnen provincies</th>" in html and "<th>ICC(1)</th>" in html
    assert "laag (onder 0,7)" in html
    assert "ontbreekt: minder dan 5 volledige respondenten" in html


def test_overlap_text_names_runs_of_overlapping_neighbours():
    ranking = pd.DataFrame(
        {
            "wave": "1",
            "province": ["PV28", "PV27", "PV25", "PV26", "PV20"],
            "current": [4.2, 4.1, 4.0, 3.0, 2.0],
            "lo": [4.0, 3.9, 3.8, 2.5, NAN],
            "hi": [4.4, 4.3, 4.1, 3.5, NAN],
        }
    )
    assert comparison.overlap_text(ranking, "1") == (
        "De intervallen van opeenvolgende provincies in de rangorde overlappen bij "
        "Zuid-Holland, Noord-Holland en Gelderland. Hun onderlinge volgorde zegt dus weinig. "
        "Voor Groningen is geen interval berekend (minder dan drie respondenten); die plaats "
        "in de rangorde is indicatief."
    )
    apart = ranking.assign(lo=[4.1, 3.8, 2.9, 2.0, 1.0], hi=[4.3, 4.05, 3.5, 2.8, 1.5])
    assert comparison.overlap_text(apart, "1") == (  # no claim that they prove a difference
        "De intervallen van opeenvolgende provincies in de rangorde overlappen nergens; dat "
        "wijst op verschillen, maar bewijst ze niet."
    )


# ---------------------------------------------------------------------------- overall intervals
def _answers(values: dict[str, list[float]], wave: str = "1") -> pd.DataFrame:
    """Answers on OTL (two questions, the same value) for {province: [respondent values]}."""
    rows = [
        (wave, province, f"{province}-r{i}", "OTL", question, value, 4.0)
        for province, levels in values.items()
        for i, value in enumerate(levels)
        for question in ("OTL-1", "OTL-2")
    ]
    columns = ["wave", "province", "respondent", "element", "question", "current", "ambition"]
    return pd.DataFrame(rows, columns=columns)


def test_overall_intervals_are_reproducible_and_missing_below_three_respondents():
    answers = _answers({"PV20": [1.0, 2.0, 3.0, 4.0, 2.0], "PV21": [2.0, 3.0]})
    first = overall_intervals(answers, INSTRUMENT)
    second = overall_intervals(answers, INSTRUMENT)
    pd.testing.assert_frame_equal(first, second)
    assert first.columns.tolist() == ["wave", "province", "n", "current", "lo", "hi", "spread"]
    assert first["n"].tolist() == [5, 2]
    assert first["current"].tolist() == [2.4, 2.5]
    few = first.iloc[1]
    assert pd.isna(few["lo"]) and pd.isna(few["hi"])
    many = first.iloc[0]
    assert many["lo"] < many["current"] < many["hi"]
    assert many["lo"] >= 1.0 and many["hi"] <= 4.0


def test_overall_intervals_on_the_example_bracket_the_overall_score(example_data):
    answers = example_data.answers
    intervals = overall_intervals(answers, INSTRUMENT)
    overall = overall_scores(province_scores(answers, INSTRUMENT), INSTRUMENT)
    merged = intervals.merge(overall, on=["wave", "province"], suffixes=("", "_overall"))
    assert len(merged) == len(overall) == 24
    np.testing.assert_allclose(merged["current"], merged["current_overall"], rtol=0, atol=1e-12)
    with_interval = merged[merged["n"] >= 3]
    assert len(with_interval) > 0
    assert (with_interval["lo"] <= with_interval["current"]).all()
    assert (with_interval["current"] <= with_interval["hi"]).all()
    assert merged.loc[merged["n"] < 3, ["lo", "hi"]].isna().all().all()


def test_overall_intervals_count_only_respondents_with_a_score():
    answers = _answers({"PV20": [1.0, 2.0, 3.0]})
    silent = answers[answers["respondent"] == "PV20-r0"].assign(
        respondent="PV20-silent", current=NAN
    )
    result = overall_intervals(pd.concat([answers, silent]), INSTRUMENT)
    assert result["n"].tolist() == [3]


# ---------------------------------------------------------------------------- report helpers
@pytest.fixture(scope="module")
def example_2020(example_data):
    """The analysis of every wave, as the build saves it; the sections show wave 2020."""
    return analyse(example_data, AnalysisOptions(), instrument=INSTRUMENT)


def test_opportunities_table_and_deals_section_on_the_example(example_2020):
    table = collaboration.opportunities_table(example_2020.opportunities, "2020", INSTRUMENT).data
    for header in ("Rang", "Element", "Vraag", "Aanbod", "Gemiddeld gat", "Kansrijk"):
        assert f"<th>{header}</th>" in table
    assert "<th>Kans kansrijk</th>" in table and "<th>Kans voorgesteld</th>" in table
    deals = collaboration.deals_section(
        example_2020.proposed("2020"), example_2020.partners, "2020", INSTRUMENT
    ).data
    headings = re.findall(r"<h3>\d\. (.*?)</h3>", deals)
    assert sorted(headings) == sorted(
        INSTRUMENT.element_label(e) for e in ("UITV", "OTL", "PROC", "BEHEER")
    )
    for sentence in re.findall(r"<p>(Voor .*?)</p>", deals):
        trekkers = sentence.split(" trekken")[0]
        assert all(name in trekkers for name in LEADERS), sentence


def test_deals_part_on_the_example_says_robuust_indicatief_and_grensgeval(example_2020):
    page = collaboration.deals_part(example_2020, "2020").data
    assert page.count(
        "<p>Robuust: in 100% van 500 herhaalde steekproeven van respondenten opnieuw "
        "voorgesteld.</p>"
    ) == 4  # fmt: skip
    # Utrecht (n = 2 on every element) is a trekker in all four deals: named as indicatief
    assert page.count("Indicatief (minder dan drie respondenten): Utrecht (n = 2) als trekker") == 4
    assert "<th>Kans op deze positie</th>" in page and "<td>indicatief (n = 2)</td>" in page
    assert "Grensgeval: " in page and "<td>grensgeval</td>" in page
    summary = collaboration.header(example_2020, "2020")[2].data
    assert summary.endswith(
        "Hoe vast staan de deals? Bij 500 herhaalde steekproeven van respondenten (binnen elke "
        "provincie opnieuw getrokken) zijn alle voorgestelde deals robuust: Processen en "
        "werkwijze (100%), Uitvraag en contracten (100%), Objecttypebibliotheek (100%) en "
        "Assetmanagement en beheer (100%)."
    )
    note = collaboration.positions_note(example_2020, "2020").data
    assert "posities zijn een grensgeval" in note
    assert (
        "(indicatief): Drenthe (n = 2), Limburg (n = 2), Noord-Brabant (n = 2) en Utrecht (n = 2)."
        in note
    )


def test_profile_collaboration_for_a_leader_and_a_starter(example_2020):
    leader = profile.profile_collaboration(example_2020, "PV28", "2020", INSTRUMENT).data
    assert "Zuid-Holland hoort in meting 2020 bij gapcluster" in leader
    assert "<strong>Kan trekken</strong>" in leader
    assert "Uitvraag en contracten (huidig 4,5; wil trekken): samen met Gelderland" in leader
    assert "Voorgestelde deal (robuust)." in leader
    starter = profile.profile_collaboration(example_2020, "PV31", "2020", INSTRUMENT).data
    assert "<strong>Kan volgen</strong>" in starter
    assert (
        "Processen en werkwijze (huidig 2,0, ambitie 3,7, indicatief: n = 2; wil volgen): "
        "koplopers die willen trekken of meedoen: Gelderland, Noord-Holland, Utrecht en "
        "Zuid-Holland. Voorgestelde deal (robuust)." in starter
    )
    # Limburg has n = 2: no rwg (rule 3 needs n >= 3), so no disagreement warning
    assert "bm-warning" not in starter
    assert "Alle scores van Limburg zijn indicatief" in starter
    utrecht = profile.profile_collaboration(example_2020, "PV26", "2020", INSTRUMENT).data
    assert re.search(
        r"indicatief: n = 2, grensgeval: koploper in \d+% van de steekproeven", utrecht
    )


# ---------------------------------------------------------------------------- real notebook runs
@pytest.fixture(scope="module")
def built_pages(example_processed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from bimmaturity.build import plan_reports, run_report, vega_bundle
    from bimmaturity.store import load_processed

    reports = tmp_path_factory.mktemp("reports")
    notebooks = REPO / "notebooks"
    wanted = {"vergelijking", "gapclusters", "samenwerking"}
    jobs = [
        job
        for job in plan_reports(
            load_processed(example_processed), notebooks, example_processed, AnalysisOptions()
        )
        if job.name in wanted
    ]
    assert {job.name for job in jobs} == wanted
    bundle = vega_bundle()
    pages = {}
    for job in jobs:
        assert job.parameters["report_mode"] is True
        run_report(job, notebooks, reports, bundle)
        pages[job.name] = (reports / "html" / f"{job.name}.html").read_text(encoding="utf-8")
    return pages


def _common_checks(page: str, charts_expected: int) -> None:
    assert "Voorbeelddata - fictief" in page
    assert "import bimmaturity" not in page and "bm.report" not in page
    assert "load_analysis" not in page
    assert not re.search(r">\s*(In|Out)\s*\[\d*\]:", page)
    assert page.count('class="bm-chart"') == charts_expected
    assert "Traceback" not in page


@pytest.mark.slow
def test_collaboration_report_proposes_the_example_deals(built_pages: dict):
    page = built_pages["samenwerking"]
    _common_checks(page, 2)
    headings = re.findall(r"<h3>\d\. (.*?)</h3>", page)
    assert sorted(headings) == sorted(
        INSTRUMENT.element_label(e) for e in ("UITV", "OTL", "PROC", "BEHEER")
    )
    sentences = re.findall(r"<p>(Voor .*? trekken.*?)</p>", page)
    assert len(sentences) == 4
    for sentence in sentences:
        assert all(name in sentence.split(" trekken")[0] for name in LEADERS), sentence
        assert "willen volgen: " in sentence
    assert "<th>Kansrijk</th>" in page and "<th>Aanbod</th>" in page
    assert page.count("<p>Robuust: in 100% van 500 herhaalde steekproeven") == 4
    assert "zijn alle voorgestelde deals robuust" in page
    assert "Utrecht (n = 2) als trekker" in page


@pytest.mark.slow
def test_gap_cluster_report_shows_clusters_profiles_and_stability(built_pages: dict):
    page = built_pages["gapclusters"]
    _common_checks(page, 3)
    assert "vier provincies: Gelderland, Noord-Holland, Utrecht en Zuid-Holland" in page
    assert "Alle gaten waren bekend" in page
    assert "<th>Stabiliteit (Jaccard)</th>" in page
    assert "Bij de indeling in twee clusters is deze groep stabiel" in page
    assert "Dit zijn precies de vier provincies met het hoogste huidige niveau" in page
    assert "het hoogste gemiddelde silhouet" in page


@pytest.mark.slow
def test_comparison_report_has_reliability_and_ranking_intervals(built_pages: dict):
    page = built_pages["vergelijking"]
    _common_checks(page, 3)
    assert "Cronbach&#x27;s alfa binnen provincies" in page or "Cronbach's alfa binnen" in page
    assert "<th>ICC(1)</th>" in page and "Student-t-interval" in page
    assert "bewijzen twee afzonderlijke intervallen" in page
    assert "<th>90%-interval</th>" in page
    assert "De intervallen van opeenvolgende provincies in de rangorde" in page
