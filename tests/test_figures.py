"""The figures people paste (``reports/figures``): their names, a profile per measured province
and per gap cluster, and the source line that travels inside every written image."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bimmaturity.analysis import analyse
from bimmaturity.config import AnalysisOptions
from bimmaturity.organisations import file_slug, province_name
from bimmaturity.present.figures import figure_charts, source_lines, with_source, write_charts
from bimmaturity.safety import UnsafeName

MADE = dt.date(2026, 11, 30)
SOURCE = "Bron: zelfevaluaties Roadmap BIM Provincies, meting 2020. Gemaakt op 30 november 2026."


@pytest.fixture(scope="module")
def charts(example_data):
    result = analyse(example_data, AnalysisOptions(resamples=0))
    return figure_charts(result, example_data, made=MADE)


@pytest.fixture(scope="module")
def specs(charts):
    return {name: chart.to_dict(validate=False) for name, chart in charts.items()}


def test_the_figure_names_of_the_example(charts):
    assert sorted(charts) == [
        "begroting_2020",
        "business_case_2020",
        "cluster-1_2020",
        "cluster-2_2020",
        "gat_2020",
        "huidig_2020",
        "kansen_2020",
        "posities_2020",
        "profiel-drenthe_2020",
        "profiel-flevoland_2020",
        "profiel-fryslan_2020",
        "profiel-gelderland_2020",
        "profiel-groningen_2020",
        "profiel-limburg_2020",
        "profiel-noord-brabant_2020",
        "profiel-noord-holland_2020",
        "profiel-overijssel_2020",
        "profiel-utrecht_2020",
        "profiel-zeeland_2020",
        "profiel-zuid-holland_2020",
        "voortgang_2018_2020",
    ]
    assert all(re.fullmatch(r"[a-z0-9_-]+", name) for name in charts)


def test_every_measured_province_has_its_profile_figure(specs, example_data):
    answers = example_data.answers
    measured = sorted(answers.loc[answers["wave"] == "2020", "province"].unique())
    assert len(measured) == 12
    for code in measured:
        name = f"profiel-{file_slug(province_name(code))}_2020"
        assert specs[name]["vconcat"][0]["title"] == f"{province_name(code)}: huidig en ambitie"


def test_every_figure_carries_the_source_line(specs):
    for name, spec in specs.items():
        title = spec["title"]
        expected = SOURCE.replace("meting 2020", "metingen 2018 en 2020")
        assert title["text"] == (expected if name.startswith("voortgang") else SOURCE), name
        assert title["subtitle"] == "Voorbeelddata - fictief"
        assert title["orient"] == "bottom"


def test_written_figures_hold_the_source_line_in_their_text(charts, tmp_path):
    chosen = {name: charts[name] for name in ("profiel-fryslan_2020", "cluster-2_2020")}
    written = write_charts(chosen, tmp_path / "figures")
    assert [p.name for p in written] == [
        "profiel-fryslan_2020.png",
        "profiel-fryslan_2020.svg",
        "cluster-2_2020.png",
        "cluster-2_2020.svg",
    ]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = written[1].read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert SOURCE in texts
    assert "Voorbeelddata - fictief" in texts
    assert "Fryslân: huidig en ambitie" in texts
    cluster = re.findall(r"<text[^>]*>([^<]*)</text>", written[3].read_text(encoding="utf-8"))
    assert "Cluster 2: gemiddeld gat naast het gemiddelde van alle provincies" in cluster
    assert {"Cluster 2", "Alle provincies"} <= set(cluster)
    assert "Cluster 1" not in cluster


def test_real_data_has_no_example_line_and_names_stay_inside(charts, tmp_path):
    lines = source_lines("2022", dt.date(2027, 1, 5))
    assert lines == [
        "Bron: zelfevaluaties Roadmap BIM Provincies, meting 2022. Gemaakt op 5 januari 2027."
    ]
    title = with_source(charts["huidig_2020"].vconcat[0], lines).to_dict()["title"]
    assert "subtitle" not in title
    with pytest.raises(UnsafeName):
        write_charts({"profiel-x/../../buiten": charts["huidig_2020"]}, tmp_path / "figures")
    assert not (tmp_path / "buiten.png").exists()


def test_two_processes_draw_the_same_files_as_one(charts, tmp_path):
    chosen = {name: charts[name] for name in ("profiel-fryslan_2020", "huidig_2020", "gat_2020")}
    one = write_charts(chosen, tmp_path / "one", jobs=1)
    two = write_charts(chosen, tmp_path / "two", jobs=2)
    assert [p.name for p in two] == [p.name for p in one]

    def drawn(path):
        # Vega numbers gradients per process (gradient_0, gradient_1, ...): the same picture
        # drawn after another one gets another id, so ids are compared by order of appearance
        data = path.read_bytes()
        if path.suffix != ".svg":
            return data
        order = list(dict.fromkeys(re.findall(rb"gradient_\d+\b", data)))
        return re.sub(rb"gradient_\d+\b", lambda m: b"G%d" % order.index(m.group()), data)

    assert [drawn(p) for p in two] == [drawn(p) for p in one]
