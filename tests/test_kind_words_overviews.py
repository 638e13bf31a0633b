"""The overview reports (notebooks 20 to 60) name the organisations as the registry's kind
does: every sentence, heading, chart title, axis and legend title, tooltip and table header of
their sections says gemeente(n) or waterschap(pen) when the registry holds those, with the
pronouns and articles that agree ("het waterschap ... zijn"), and reads as before for the
provinces.

The example data's codes (PV20 to PV31) are renamed by a registry of another kind; the analysis
is computed once (20 resamples) and every section is rendered under each registry.
"""

from __future__ import annotations

import dataclasses
import json
import re
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pytest
from IPython.display import HTML, Markdown

from bimmaturity import vocab
from bimmaturity.analysis import AnalysisOptions, analyse
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import Registry, default_registry, use_registry
from bimmaturity.present.sections import (
    change,
    cluster_profiles,
    clusters,
    collaboration,
    comparison,
    coverage,
    overall_progress,
    programme,
    progress,
    quality,
    robustness,
    sensitivity,
)
from bimmaturity.rules.clusters import cluster_analysis

CODES = default_registry().codes
NAMES = {
    "gemeente": [
        "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen",
        "Tilburg", "Almere", "Breda", "Nijmegen", "Apeldoorn", "Arnhem",
    ],
    "waterschap": [
        "Noorderzijlvest", "Wetterskip Fryslân", "Hunze en Aa's", "Vechtstromen", "Zuiderzeeland",
        "Rijn en IJssel", "Vallei en Veluwe", "Rivierenland", "Delfland", "Scheldestromen",
        "Aa en Maas", "Limburg",
    ],
}  # fmt: skip
PLURAL = {"gemeente": "gemeenten", "waterschap": "waterschappen"}
WAVE, EARLIER = "2020", "2018"
INSTRUMENT = default_instrument()
FIELD = re.compile(r'"provincie"|provincie:N|datum\.provincie')
"""The charts' data field ``provincie`` is an internal name, never shown as such."""


def registry(kind: str) -> Registry:
    """The twelve example codes as organisations of ``kind``."""
    return Registry.from_rows(
        [
            {"code": code, "name": name, "kind": kind, "size": 100_000 * (i + 1)}
            for i, (code, name) in enumerate(zip(CODES, NAMES[kind], strict=True))
        ]
    )


@pytest.fixture(scope="module")
def analysis(example_data):
    computed = analyse(example_data, AnalysisOptions(resamples=20))
    # the example banner is not one of these sections: show the banner of real data
    real = dataclasses.replace(example_data, manifest={**example_data.manifest, "example": False})
    return dataclasses.replace(computed, processed=real)


@pytest.fixture(scope="module")
def reports(analysis):
    """The rendered parts (:func:`rendered`) under a registry of each kind."""
    made = {}
    for kind in ("provincie", "gemeente", "waterschap"):
        with use_registry(default_registry() if kind == "provincie" else registry(kind)):
            made[kind] = rendered(analysis)
    return made


def shown(item: object) -> str:
    """What a reader gets of a displayed object: HTML, Markdown, or a chart's Vega-Lite spec
    (titles, tooltips and data) as JSON."""
    if item is None:
        return ""
    if isinstance(item, (list, tuple)):
        return "\n".join(shown(part) for part in item)
    if isinstance(item, alt.TopLevelMixin):
        return json.dumps(item.to_dict(validate=False), ensure_ascii=False)
    if isinstance(item, Markdown):
        return item._repr_markdown_()
    if isinstance(item, HTML):
        return item.data
    assert isinstance(item, str), type(item)
    return item


def rendered(a) -> dict[str, str]:
    """Every part of the overview reports these sections make, by name."""
    parts: dict[str, object] = {
        "comparison.header": comparison.header(a, WAVE),
        "comparison.current": comparison.maturity_heatmap(a.scores, WAVE, a.instrument),
        "comparison.gap": comparison.maturity_heatmap(a.scores, WAVE, a.instrument, "gap"),
        "comparison.ranking": comparison.overall_ranking_chart(
            a.overall_intervals, WAVE, a.instrument
        ),
        "comparison.overlap": comparison.overlap_text(a.overall_intervals, WAVE),
        "comparison.table": comparison.ranking_table(a.overall, a.overall_intervals, WAVE),
        "comparison.reliability": comparison.reliability_text(a.reliability, WAVE, a.instrument),
        "comparison.reliability_table": comparison.reliability_table(
            a.reliability, WAVE, a.instrument
        ),
        "clusters.header": clusters.header(a, WAVE),
        "clusters.silhouette": clusters.silhouette_part(a, WAVE),
        "clusters.heatmap": clusters.heatmap_part(a, WAVE),
        "clusters.unclustered": clusters.unclustered_note(a, WAVE),
        "cluster_profiles.profiles": cluster_profiles.profiles_part(a, WAVE),
        "cluster_profiles.members": cluster_profiles.members_part(a, WAVE),
        "collaboration.header": collaboration.header(a, WAVE),
        "collaboration.rules": collaboration.collaboration_rules_text(3.5, 1.0, 3, 4),
        "collaboration.positions": collaboration.position_matrix_chart(
            a.roles, WAVE, a.instrument, scores=a.scores
        ),
        "collaboration.positions_note": collaboration.positions_note(a, WAVE),
        "collaboration.opportunities": collaboration.opportunity_chart(
            a.opportunities, WAVE, a.instrument, min_demand=3
        ),
        "collaboration.table": collaboration.opportunities_table(
            a.opportunities, WAVE, a.instrument
        ),
        "collaboration.deals": collaboration.deals_part(a, WAVE),
        "coverage.note": coverage.coverage_note(a, WAVE),
        "coverage.progress": coverage.progress_note(a, EARLIER, WAVE),
        "quality": quality.data_quality(a.processed),
        "programme.budget": programme.budget_part(a, WAVE, [0.4, 0.4, 0.2]),
        "programme.no_costs": programme.no_costs(),
        "sensitivity": sensitivity.sensitivity_part(a, WAVE),
    }
    step = progress.changes(a, EARLIER, WAVE)
    overall = overall_progress.overall_changes(a, EARLIER, WAVE)
    parts |= {
        "progress.header": progress.header(a, EARLIER, WAVE),
        "progress.threshold": progress.threshold_text(EARLIER, WAVE),
        "progress.heatmap": progress.progress_heatmap(step, a.instrument),
        "progress.table": progress.province_progress_table(step),
        "progress.movement": progress.movement_chart(step, a.instrument),
        "progress.movers": progress.movers_table(step, a.instrument),
        "progress.no_movers": progress.movers_table(step, a.instrument, threshold=9.0),
        "overall_progress.slope": overall_progress.slope_chart(
            overall, EARLIER, WAVE, instrument=a.instrument
        ),
        "overall_progress.table": overall_progress.overall_progress_table(overall, EARLIER, WAVE),
    }
    for module, notebook in (
        (comparison, "20_vergelijking"),
        (clusters, "30_gapclusters"),
        (collaboration, "40_samenwerking"),
        (progress, "60_voortgang"),
    ):
        for part in vocab.REPORT_TEXTS[notebook]:
            parts[f"{notebook}.{part}"] = module.section_text(part)
    return {name: shown(item) for name, item in parts.items()}


@pytest.mark.parametrize("kind", ["gemeente", "waterschap"])
def test_overviews_name_the_registrys_kind_and_never_provinces(reports, kind: str):
    texts = reports[kind]
    for name, text in texts.items():
        assert "provincie" not in FIELD.sub("", text).lower(), (name, text)
    everything = "\n".join(texts.values())
    assert everything.count(PLURAL[kind]) >= 30  # in sentences, titles, tooltips, headers
    for name in ("comparison.ranking", "collaboration.opportunities", "progress.movement"):
        assert PLURAL[kind].capitalize() in texts[name] or PLURAL[kind] in texts[name], name
    spec = json.loads(texts["comparison.current"])
    assert spec["title"] == f"Huidige situatie per {kind} en element"
    tooltips = [t["title"] for layer in spec["layer"] for t in layer["encoding"].get("tooltip", [])]
    assert kind.capitalize() in tooltips
    assert "<th>" + kind.capitalize() + "</th>" in texts["comparison.table"]
    assert NAMES[kind][0] in texts["comparison.table"]  # the registry's names, too
    assert f"alle {PLURAL[kind]}" in texts["cluster_profiles.profiles"]


def test_the_words_agree_with_a_water_boards_gender(reports):
    texts = reports["waterschap"]
    with use_registry(registry("waterschap")):
        clustering = cluster_analysis(
            pd.DataFrame(
                {"wave": "1", "province": CODES[:4], "element": "OTL", "gap": [0, 0.5, 2.5, 3]}
            ),
            "1",
        )
        silhouette = clusters.silhouette_text(clustering)
        alone = change.direction_sentence(
            pd.DataFrame({"province": ["PV20"], "from_current": [2.0], "to_current": [2.5]}),
            EARLIER,
            WAVE,
        )
        borderline = robustness.position_notes(
            pd.DataFrame(
                {"wave": "1", "province": ["PV20"], "element": "OTL", "position": "koploper"}
            ).assign(p_koploper=[0.5], p_starter=[0.0]),
            None,
            "1",
        )
    assert "hoe goed elk waterschap bij zijn eigen cluster past" in silhouette
    assert alone == (
        "Tussen meting 2018 en meting 2020 lag het gemiddelde volwassenheidsniveau bij het enige "
        "waterschap hoger."
    )
    assert "respondenten is het waterschap daar koploper of starter" in borderline
    assert "respondenten van hetzelfde waterschap (van 0 tot 1" in texts["comparison.reliability"]
    assert "(binnen elk waterschap opnieuw getrokken)" in texts["collaboration.header"]
    assert "<p>Geen enkel waterschap is op een element duidelijk" in texts["progress.no_movers"]
    assert (
        "Een *grensgeval* is een waterschap dat in meer dan 10%" in texts["40_samenwerking.deals"]
    )
    assert (
        "Een ✓ betekent dat het waterschap op dat element nu de ambitie heeft bereikt die het in "
        "de eerdere meting opgaf." in texts["60_voortgang.change"]
    )
    assert (
        "De score van een waterschap op een element is het gemiddelde van de scores van zijn "
        "respondenten." in texts["20_vergelijking.method"]
    )
    assert "het gemiddelde van het eigen waterschap" in texts["20_vergelijking.method"]
    assert texts["30_gapclusters.silhouette"].startswith("## Hoeveel clusters?\n\n")


def test_counted_organisations_and_coverage_lines_follow_the_kind():
    cover = coverage.Coverage("2022", ("PV20", "PV26"), ("PV21",))
    few = pd.DataFrame({"wave": "1", "province": ["PV20", "PV21"], "element": "OTL", "gap": 1.0})
    short = SimpleNamespace(scores=few, options=AnalysisOptions())  # too few to cluster
    expected = {
        "provincie": ("2 provincie(s)", "2 van 3 provincies; ontbreken: Fryslân", "provincies"),
        "gemeente": ("2 gemeente(n)", "2 van 3 gemeenten; ontbreken: Rotterdam", "gemeenten"),
        "waterschap": (
            "2 waterschap(pen)",
            "2 van 3 waterschappen; ontbreken: Wetterskip Fryslân",
            "waterschappen",
        ),
    }
    for kind, (counted, line, plural) in expected.items():
        with use_registry(default_registry() if kind == "provincie" else registry(kind)):
            assert (
                f"In meting 1 hebben {counted} een gat"
                in clusters.unclustered_note(short, "1").data
            )
            assert cover.summary() == f"meting 2022: {line}"
            assert f"de {plural} die in meting 2022 hebben geantwoord" in coverage.coverage_text(
                cover
            )
            assert f"alleen welke {plural} per element zouden meedoen" in programme.no_costs_text()


def test_the_provinces_read_as_before(reports):
    texts = reports["provincie"]
    assert texts["20_vergelijking.current"] == "## Huidige situatie per provincie en element"
    assert texts["40_samenwerking.deals"].endswith(
        "*grensgeval* is een provincie die in meer dan 10% en minder dan 90% van de steekproeven "
        "koploper of starter is; *indicatief* een positie die rust op minder dan drie "
        "respondenten."
    )
    assert (
        "dat de provincie op dat element nu de ambitie heeft bereikt die zij in de eerdere "
        in (texts["60_voortgang.change"])
    )
    assert json.loads(texts["comparison.ranking"])["title"] == (
        "Provincies naar gemiddeld volwassenheidsniveau"
    )
    assert json.loads(texts["overall_progress.slope"])["title"] == (
        "Gemiddeld volwassenheidsniveau per provincie, meting 2018 en 2020"
    )
    assert "<th>Provincies</th>" in texts["cluster_profiles.members"]
    assert '"title": "Aantal provincies"' in texts["collaboration.opportunities"]
    assert programme.no_costs_text() == programme.NO_COSTS
    assert vocab.OVERVIEW_LABELS["org"] == "Provincie"
