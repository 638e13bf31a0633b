"""One real build (papermill + nbconvert) in a temporary project, opened in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import copy_project

REPO = Path(__file__).resolve().parents[1]


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BIMMATURITY_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=root,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, example_project: Path) -> Path:
    """A private copy of the session's example build (this module builds it again)."""
    return copy_project(example_project, tmp_path_factory.mktemp("build") / "project")


@pytest.mark.slow
def test_build_writes_every_report_with_the_example_banner(built: Path):
    reports = built / "reports"
    pages = sorted(p.name for p in (reports / "html").glob("*.html"))
    profiles = [p for p in pages if p.startswith("provincieprofiel-")]
    assert len(profiles) == 12
    assert "vergelijking.html" in pages
    index = (reports / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f'href="html/{page}"' in index
        text = (reports / "html" / page).read_text(encoding="utf-8")
        assert "Voorbeelddata - fictief" in text
        assert "import bimmaturity" not in text, f"code visible in {page}"
        assert not re.search(r">\s*(In|Out)\s*\[\d*\]:", text), f"prompt in {page}"
    assert "Voorbeelddata - fictief" in index
    assert (reports / "tabellen.xlsx").is_file()
    figures = sorted(p.name for p in (reports / "figures").iterdir())
    names = [
        "begroting_2020",
        "business_case_2020",
        "cluster-1_2020",
        "cluster-2_2020",
        "gat_2020",
        "huidig_2020",
        "kansen_2020",
        "posities_2020",
        "voortgang_2018_2020",
        *(
            f"profiel-{slug}_2020"
            for slug in (
                "drenthe",
                "flevoland",
                "fryslan",
                "gelderland",
                "groningen",
                "limburg",
                "noord-brabant",
                "noord-holland",
                "overijssel",
                "utrecht",
                "zeeland",
                "zuid-holland",
            )
        ),
    ]
    assert figures == sorted(f"{n}.{s}" for n in names for s in ("png", "svg"))
    assert (reports / "figures" / "huidig_2020.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.slow
def test_reports_load_nothing_from_the_network(built: Path):
    for page in (built / "reports" / "html").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=", text), page.name
        assert not re.search(r"<link[^>]+href=\"https?:", text), page.name
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text
        assert "require.min.js" not in text and "MathJax.js" not in text


@pytest.mark.slow
def test_charts_render_offline_in_headless_chromium(built: Path, rendered_charts):
    html_dir = built / "reports" / "html"
    pieces, dom = rendered_charts(html_dir / "vergelijking.html")
    assert len(pieces) == 3  # two heatmaps and the overall ranking
    for piece in pieces:
        assert re.search(r'<svg[^>]*class="marks"', piece)
    # two heatmaps (current level and gap), each one rect per province and element: 12 x 11
    assert dom.count('aria-roledescription="rect mark"') == 2 * 12 * 11


@pytest.mark.slow
@pytest.mark.parametrize(
    ("page", "charts"),
    [
        ("gapclusters", 3),
        ("samenwerking", 2),
        ("businesscase", 5),  # the fifth: the what-if table with its sliders
        ("voortgang", 3),
        ("provincieprofiel-zeeland", 1),
    ],
)
def test_every_report_renders_its_charts_offline(built: Path, rendered_charts, page, charts):
    path = built / "reports" / "html" / f"{page}.html"
    source = path.read_text(encoding="utf-8")
    assert len(re.findall(r'<div[^>]*id="bm-chart-\d+"', source)) == charts
    pieces, _ = rendered_charts(path)
    assert len(pieces) == charts
    for piece in pieces:
        assert re.search(r'<svg[^>]*class="marks"', piece), page


EMBED = re.compile(r'vegaEmbed\("#(bm-chart-\d+)", ')


@pytest.mark.slow
def test_every_chart_of_every_report_is_valid_vega_lite(example_project: Path):
    """A build shows charts without Altair's schema check (report mode, for speed): the specs
    the example build embeds are checked here instead, every one of them."""
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema.core import load_schema

    schema = load_schema()
    decoder = json.JSONDecoder()
    pages = sorted((example_project / "reports" / "html").glob("*.html"))
    checked = 0
    for page in pages:
        source = page.read_text(encoding="utf-8")
        found = list(EMBED.finditer(source))
        assert len(found) == len(re.findall(r'<div[^>]*id="bm-chart-\d+"', source)), page.name
        for match in found:
            spec, _ = decoder.raw_decode(source, match.end())
            validate_jsonschema(spec, schema)  # raises on the first invalid spec
            checked += 1
    assert len(pages) == 17
    assert checked >= 17  # every profile has its chart, every overview at least one


@pytest.mark.slow
def test_second_build_is_incremental(built: Path):
    done = run_cli(built, "build")
    assert done.returncode == 0, done.stderr
    # 12 profiles + comparison, clusters, collaboration, business case, progress
    assert "17 rapportages, waarvan 0 opnieuw te maken." in done.stdout.splitlines()
    assert done.stdout.splitlines()[1].startswith("Invoer ongewijzigd sinds de vorige keer:")
    # Other analysis options: every report that takes them is planned again, progress is not.
    # (Checked on the build's own stamps rather than by running 16 notebooks once more.)
    from bimmaturity.build import STAMPS, _report_stamps, plan_reports
    from bimmaturity.config import AnalysisOptions
    from bimmaturity.store import load_processed

    processed_dir = (built / "data" / "processed").resolve()
    processed = load_processed(processed_dir)
    stamps = json.loads((built / "reports" / STAMPS).read_text(encoding="utf-8"))
    for options, stale in ((AnalysisOptions(), []), (AnalysisOptions(min_demand=2), 16)):
        jobs = plan_reports(processed, built / "notebooks", processed_dir, options)
        made_from = _report_stamps(processed, jobs, built / "notebooks")
        changed = [j.notebook for j in jobs if stamps[j.name] != made_from[j.name]]
        assert len(jobs) == 17
        if stale:
            assert len(changed) == stale and "60_voortgang" not in changed
        else:
            assert changed == []


@pytest.mark.slow
def test_no_names_or_addresses_in_any_output(built: Path):
    import pandas as pd

    forms = pd.read_excel(
        built / "data" / "example" / "2018" / "Roadmap_BIM_Provincies_2018.xlsx", engine="calamine"
    )
    secrets = {s for s in set(forms["E-mail"]) | set(forms["Naam"]) if isinstance(s, str)}
    for folder in (built / "reports", built / "data" / "processed"):
        for path in folder.rglob("*"):
            if path.is_file():
                text = path.read_bytes().decode("utf-8", errors="ignore")
                leaked = [s for s in secrets if s in text]
                assert leaked == [], f"{path} holds {leaked[:3]}"


@pytest.mark.slow
def test_lenient_errors_show_in_every_report(tmp_path: Path, example_raw: Path):
    """With --lenient, unreadable values become missing and every report lists them."""
    from bimmaturity.analysis import AnalysisOptions
    from bimmaturity.build import plan_reports, run_report, vega_bundle
    from bimmaturity.ingest import ingest
    from bimmaturity.store import load_processed

    raw = tmp_path / "raw"
    shutil.copytree(example_raw, raw)
    csv_path = raw / "2020" / "zelfevaluatie_zeeland_2020.csv"
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[1].split(";")
    cells[3] = "vijf"  # row 2, column D: the current level of the first question
    lines[1] = ";".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    processed = tmp_path / "processed"
    ingest(raw, processed, salt_path=tmp_path / "salt", lenient=True)
    data = load_processed(processed)
    jobs = plan_reports(data, REPO / "notebooks", processed, AnalysisOptions())
    one_of_each = {job.notebook: job for job in reversed(jobs)}
    assert len(one_of_each) == 6
    bundle = vega_bundle()
    message = "<td>'vijf' is geen niveau; toegestaan: 1-5"
    for job in one_of_each.values():
        run_report(job, REPO / "notebooks", tmp_path / "reports", bundle)
        page = (tmp_path / "reports" / "html" / f"{job.name}.html").read_text(encoding="utf-8")
        assert "1 waarde(n) konden niet worden gelezen" in page, job.name
        assert (
            "<td>2020/zelfevaluatie_zeeland_2020.csv</td><td></td><td>D2</td><td>fout</td>" in page
        )
        assert message in page, job.name
        assert "Voorbeelddata - fictief" not in page  # not flagged as example data


def _change_answer(processed_dir: Path, wave: str, province: str) -> None:
    """Change one answer of ``province`` in ``wave`` in the processed data (as a changed
    export would after ingest), keeping the manifest consistent."""
    import pandas as pd

    from bimmaturity.store import parquet_bytes, sha256_file

    path = processed_dir / "answers.parquet"
    answers = pd.read_parquet(path)
    row = answers.index[
        (answers["wave"] == wave) & (answers["province"] == province) & answers["current"].notna()
    ][0]
    answers.loc[row, "current"] = 1.0 if answers.loc[row, "current"] != 1.0 else 2.0
    path.write_bytes(parquet_bytes(answers))
    manifest = json.loads((processed_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["tables"]["answers.parquet"] = sha256_file(path)
    (processed_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_change_rebuilds_the_reports_of_the_rounds_that_show_it(example_project: Path):
    """The rebuild rule (bimmaturity.stamps) on the build's own stamps: a changed answer of the
    reporting round touches every report; one of the round before only progress reports."""
    from bimmaturity.build import _report_stamps, plan_reports
    from bimmaturity.config import AnalysisOptions
    from bimmaturity.store import load_processed

    processed = load_processed(example_project / "data" / "processed")
    notebooks = example_project / "notebooks"
    jobs = plan_reports(processed, notebooks, Path("data/processed"), AnalysisOptions())
    before = _report_stamps(processed, jobs, notebooks)

    def changed(wave: str, province: str) -> list[str]:
        answers = processed.answers.copy()
        row = answers.index[(answers["wave"] == wave) & (answers["province"] == province)][0]
        answers.loc[row, "ambition"] = 5.0 if answers.loc[row, "ambition"] != 5.0 else 4.0
        other = replace(processed, answers=answers)
        after = _report_stamps(other, jobs, notebooks)
        return sorted(name for name in before if before[name] != after[name])

    assert changed("2018", "PV29") == ["provincieprofiel-zeeland", "voortgang"]
    assert changed("2020", "PV29") == sorted(before)  # all 17


@pytest.mark.slow
def test_a_changed_earlier_round_rebuilds_progress_and_the_own_profile(
    tmp_path: Path, example_project: Path
):
    """A real incremental build after one province's answer of the earlier round changed:
    only the progress report and that province's profile are made again."""
    from bimmaturity.build import build_reports

    root = copy_project(example_project, tmp_path / "project")
    processed_dir = root / "data" / "processed"
    _change_answer(processed_dir, "2018", "PV20")
    said: list[str] = []
    build_reports(processed_dir, root / "reports", root / "notebooks", echo=said.append)
    assert said[0] == "17 rapportages, waarvan 2 opnieuw te maken."
    assert sorted(line.split(".html")[0].strip() for line in said[1:]) == [
        "provincieprofiel-groningen",
        "voortgang",
    ]
