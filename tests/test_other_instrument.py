"""Another instrument, from questionnaire to reports: 8 elements x 2 questions on a 0-5 scale.

One build (module fixture): ``template --instrument`` writes the questionnaires, openpyxl fills
them in as four provinces would in two rounds, ``ingest --instrument`` reads them, and a
``build`` without the flag follows the instrument recorded with the processed data.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import REPO, run_build_cli

from bimmaturity.cli import main
from bimmaturity.instrument import load_instrument

OTHER = REPO / "tests" / "data" / "waterschappen_8x2.yaml"
PROVINCES = ("groningen", "utrecht", "zeeland", "limburg")  # PV20, PV26, PV29, PV31
WAVES = ("2022", "2024")
DEFAULT_LABELS = ("Visie en strategie", "Objecttypebibliotheek", "Initieel", "Geoptimaliseerd")

pytestmark = pytest.mark.slow


def _answer(province: int, wave: int, question: int) -> tuple[int, int]:
    """Planted answers: Groningen all 0 in the first round, Limburg all 5 in the second."""
    if (province, wave) == (0, 0):
        return 0, 2
    if (province, wave) == (3, 1):
        return 5, 5
    current = (province + question + wave) % 5
    return current, min(current + 1 + question % 2, 5)


def _fill(form: Path, target: Path, province: int, wave: int) -> None:
    instrument = load_instrument(OTHER)
    labels = {level.value: f"{level.value} - {level.label}" for level in instrument.scale.levels}
    order = {question: index for index, question in enumerate(instrument.question_ids)}
    workbook = openpyxl.load_workbook(form)
    questions = workbook["Vragen"]
    for row in questions.iter_rows(min_row=1):
        code = row[0].value
        if code in order:
            current, ambition = _answer(province, wave, order[code])
            row[2].value, row[3].value = labels[current], ambition  # a label and a number
    roles = workbook["Rollen en toelichting"]
    for index, element in enumerate(instrument.element_ids):
        row = next(row for row in roles.iter_rows() if row[0].value == element)
        row[2].value = ("Trekken", "Meedoen", "Volgen", "Geen interesse")[(province + index) % 4]
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)


def _costs(path: Path) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["kosten"]
    for index, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[1].value, row[2].value = 100_000 * index, 150_000 * index
    workbook.save(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The project after template, filling in, ingest --instrument and build (no flag)."""
    root = tmp_path_factory.mktemp("other-instrument") / "project"
    forms, raw = root / "formulieren", root / "data" / "raw"
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    names = [name.capitalize() for name in PROVINCES]
    template = ["template", "--out", str(forms), "--instrument", str(OTHER)]
    assert main(template + [arg for name in names for arg in ("--province", name)]) == 0
    for w, wave in enumerate(WAVES):
        for p, name in enumerate(PROVINCES):
            form = forms / f"zelfevaluatie_bim_{name}.xlsx"
            _fill(form, raw / wave / form.name, p, w)
    shutil.copy(forms / "kosten.xlsx", raw / "kosten.xlsx")
    _costs(raw / "kosten.xlsx")
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()) as out:
        patch.setenv("BIMMATURITY_ROOT", str(root))
        assert main(["ingest", "--instrument", str(OTHER)]) == 0
    build = run_build_cli(root, "build", "--jobs", "2", "--resamples", "0")
    assert build.returncode == 0, build.stdout + build.stderr
    return {"root": root, "forms": forms, "ingest": out.getvalue(), "build": build.stdout}


def test_questionnaire_has_the_instruments_elements_questions_and_scale(built):
    workbook = openpyxl.load_workbook(built["forms"] / "zelfevaluatie_bim_zeeland.xlsx")
    questions = workbook["Vragen"]
    codes = [row[0] for row in questions.iter_rows(min_row=5, values_only=True) if row[0]]
    assert len([c for c in codes if re.fullmatch(r"[A-Z]+-\d", c)]) == 16
    assert len([c for c in codes if " - " in c]) == 8  # one heading row per element
    [validation] = questions.data_validations.dataValidation
    assert validation.formula1 == (
        '"0 - Afwezig,1 - Verkennend,2 - Herhaalbaar,3 - Vastgelegd,4 - Gestuurd,'
        '5 - Voorlopend,n.v.t."'
    )
    assert (questions["C4"].value, questions["D4"].value) == ("Nu (huidige situatie)", "Doel")
    roles = [row[0] for row in workbook["Rollen en toelichting"].iter_rows(values_only=True)]
    roles = [role for role in roles if role]
    assert roles[2:] == ["BELEID", "SAMEN", "KENNIS", "PROCES", "NORM", "OBJECT", "GEGEVENS",
                         "SYSTEEM"]  # fmt: skip


def test_the_instrument_is_recorded_and_the_build_follows_it(built):
    root = built["root"]
    assert "8 elementen, 16 vragen, niveaus 0 tot en met 5" in built["ingest"]
    assert "8 elementen, 16 vragen, niveaus 0 tot en met 5" in built["build"]
    manifest = json.loads((root / "data/processed/manifest.json").read_text(encoding="utf-8"))
    assert manifest["instrument"]["id"] == "bim-waterschappen-test"
    answers = pd.read_parquet(root / "data/processed/answers.parquet")
    assert len(answers) == 16 * 4 * 2  # one respondent per province and round
    assert sorted(answers["current"].dropna().unique().tolist()) == [0, 1, 2, 3, 4, 5]
    roles = pd.read_parquet(root / "data/processed/roles.parquet")
    assert len(roles) == 8 * 4 * 2 and set(roles["role"]) == {
        "trekken",
        "meedoen",
        "volgen",
        "niet",
    }
    assert (root / "data/processed/issues.csv").read_text(encoding="utf-8").count("\n") == 1


def test_reports_show_eight_elements_on_a_scale_of_0_to_5(built):
    reports = built["root"] / "reports"
    page = (reports / "html" / "provincieprofiel-groningen.html").read_text(encoding="utf-8")
    labels = [e.label for e in load_instrument(OTHER).elements]
    assert all(html_label in page for html_label in labels)
    assert not any(label in page for label in DEFAULT_LABELS)
    assert (
        "Niveaus: 0 Afwezig, 1 Verkennend, 2 Herhaalbaar, 3 Vastgelegd, 4 Gestuurd, "
        "5 Voorlopend." in page
    )
    # the scores table: level 0 is shown with its name (Groningen's Kennis: 0 and 1 -> 0,5)
    assert '<tr><td>Kennis</td><td class="num">0,5</td><td>Afwezig</td>' in page
    for name in ("provincieprofiel-groningen", "vergelijking", "voortgang"):
        text = (reports / "html" / f"{name}.html").read_text(encoding="utf-8")
        assert '"domain": [0, 5]' in text, name
        assert '"domain": [1, 5]' not in text, name
    method = (reports / "verantwoording.html").read_text(encoding="utf-8")
    assert "8 elementen met samen 16 vragen" in method
    assert "op een schaal van 0 tot 5" in method
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "op een schaal van 0 tot 5" in index


def test_posters_and_figures_name_the_instrument_and_its_scale(built):
    import pypdf

    reports = built["root"] / "reports"
    text = pypdf.PdfReader(reports / "posters" / "groningen.pdf").pages[0].extract_text()
    assert text.startswith("BIM-volwassenheid · BIM-scan waterschappen (test)\n")
    assert "\n0 1 2 3 4 5\n" in text  # the level axis
    assert all(e.label in text for e in load_instrument(OTHER).elements)
    assert "Bron: zelfevaluaties BIM-scan waterschappen (test), meting 2024;" in text
    figure = (reports / "figures" / "huidig_2024.svg").read_text(encoding="utf-8")
    assert "Bron: zelfevaluaties BIM-scan waterschappen (test), meting 2024." in figure
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "<p>Zelfevaluaties BIM-scan waterschappen (test). Deze rapportages" in index


@pytest.fixture(scope="module")
def result(built):
    import bimmaturity as bm

    return bm.load_analysis(built["root"] / "data" / "processed")


def test_tables_hold_the_eight_elements_only(built):
    workbook = openpyxl.load_workbook(built["root"] / "reports" / "tabellen.xlsx", read_only=True)
    ids = set(load_instrument(OTHER).element_ids)
    found, rows = set(), {}
    for sheet in workbook.worksheets:
        cells = [
            [v for v in row if isinstance(v, str)] for row in sheet.iter_rows(values_only=True)
        ]
        found |= {v for row in cells for v in row if v.isupper()}
        rows[sheet.title] = sum(1 for row in cells if ids & set(row))
    workbook.close()
    assert found & ids == ids
    assert not found & {"VISIE", "OTL", "BEHEER", "KETEN"}  # none of the default elements
    assert list(rows.values()).count(8 * 4 * 2) == 2  # scores, roles: element x org. x round


def test_level_0_is_a_level_and_weights_count(result):
    """Groningen's first round is all 0. Utrecht, first round: answers (1 + q) % 5 on questions
    q = 0..15, two per element; SAMEN-2 weighs 2 within its element, BELEID 2 among elements."""
    scores, overall = result.scores, result.overall
    groningen = scores[(scores["province"] == "PV20") & (scores["wave"].astype(str) == "2022")]
    assert groningen["current"].tolist() == [0.0] * 8 and groningen["level"].tolist() == [0] * 8
    assert scores["level"].max() == 5
    utrecht = scores[(scores["province"] == "PV26") & (scores["wave"].astype(str) == "2022")]
    elements = [1.5, (3 + 2 * 4) / 3, 0.5, 2.5, 2.0, 1.5, 3.5, 0.5]
    assert utrecht["element"].tolist() == load_instrument(OTHER).element_ids
    assert utrecht["current"].tolist() == pytest.approx(elements)
    mine = overall[(overall["province"] == "PV26") & (overall["wave"].astype(str) == "2022")]
    assert mine["current"].tolist() == pytest.approx([(2 * elements[0] + sum(elements[1:])) / 9])


def test_what_if_sliders_span_the_instruments_scale_and_elements(result):
    from bimmaturity.present.whatif import whatif_collaboration

    controls = whatif_collaboration(result, "2024").controls
    spans = {name: (control.min, control.max) for name, control in controls.items()}
    assert spans["leader_level"] == (0.0, 5.0)
    assert spans["gap_threshold"] == (0.0, 5.0)
    assert spans["n_deals"] == (0, 8)


def test_an_option_outside_the_scale_is_a_usage_error(built, tmp_path: Path, capsys):
    processed = built["root"] / "data" / "processed"
    out = tmp_path / "t.xlsx"
    code = main(
        ["tables", "--processed", str(processed), "--out", str(out), "--leader-level", "5.5"]
    )
    assert code == 2
    assert capsys.readouterr().err == (
        "Fout: --leader-level 5.5 valt buiten de schaal van het instrument (0 tot en met 5); "
        "kies een niveau van 0 tot en met 5\n"
    )
    assert not out.exists()


def test_ingest_without_the_flag_keeps_the_recorded_instrument(built, tmp_path: Path, capsys):
    root = built["root"]
    processed = tmp_path / "processed"
    shutil.copytree(root / "data" / "processed", processed)
    args = ["ingest", "--raw", str(root / "data" / "raw"), "--processed", str(processed)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BIMMATURITY_ROOT", str(root))  # its salt
        assert main(args) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert first == (
            "Instrument: BIM-scan waterschappen (test) (versie 0.1): 8 elementen, 16 vragen, "
            "niveaus 0 tot en met 5."
        )
        assert main([*args, "--instrument", "standaard"]) == 1  # the packaged one: 11 elements
    errors = capsys.readouterr().err
    assert "'BELEID-1' is geen vraagcode van het instrument; toegestaan: VISIE-1" in errors
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["instrument"]["id"] == "bim-waterschappen-test"  # left as it was
