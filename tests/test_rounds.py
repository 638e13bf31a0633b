"""A measurement round as it really arrives: partial, late, rebuilt many times (issue 9).

One temporary project is built three times through the command line (real papermill builds),
once per module, and every check below reads what a step left behind:

1. ``build`` on an empty raw folder (the shipped README only): the example data, 12 profiles;
   a user's own files are put in ``reports/`` before.
2. Other data arrives, under umask 027: round 2021 from 7 provinces (tidy CSV exports) and round
   2022 from 3 (filled-in questionnaires, written with openpyxl): the reports show 2022 with
   loud coverage notes, a profile for all 7, four of them of 2021 with a banner; the example's
   files are gone, the user's files are not.
3. ``build --wave 2021``: the reports show the older round; no progress report (2021 is the
   first round), no 2022 figures.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import copy_project
from test_ingest_support import QUESTIONS, fill_template

from bimmaturity.example import write_example
from bimmaturity.ingest import collect
from bimmaturity.organisations import file_slug, province_name
from bimmaturity.present.sections import coverage
from bimmaturity.questionnaire import write_templates
from bimmaturity.store import atomic_path, atomic_write, shared_mode

REPO = Path(__file__).resolve().parents[1]
ALL = [f"PV{n}" for n in range(20, 32)]
ROUND_2021 = ["PV20", "PV21", "PV22", "PV23", "PV26", "PV28", "PV29"]  # 7 of 12
ROUND_2022 = ["PV20", "PV26", "PV29"]  # Groningen, Utrecht, Zeeland: 3 of 12
OVERVIEWS = ["vergelijking", "gapclusters", "samenwerking", "businesscase"]
PROFILES = {f"provincieprofiel-{file_slug(province_name(code))}": code for code in ALL}
"""The file name (without .html) of each province's profile, e.g. provincieprofiel-utrecht."""
USER_FILES = ["eigen-notities.txt", "html/eigen-pagina.html"]


def run_cli(root: Path, *args: str, umask: int = 0o022) -> subprocess.CompletedProcess:
    env = {**os.environ, "BIMMATURITY_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=root,
        umask=umask,
    )


def _tidy_round(raw: Path, wave: str, codes: list[str], seed: int) -> None:
    """One tidy CSV export per province (two respondents each, roles for three elements)."""
    rng = np.random.default_rng(seed)
    for code in codes:
        path = raw / wave / f"zelfevaluatie_{code}_{wave}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream, delimiter=";")
            writer.writerow(["provincie", "respondent", "vraag", "huidig", "ambitie"])
            for respondent in ("r1", "r2"):
                for question in QUESTIONS:
                    current = int(rng.integers(1, 5))
                    writer.writerow(
                        [province_name(code), respondent, question, current, current + 1]
                    )
                for element, role in (
                    ("OTL", "trekken"),
                    ("BEHEER", "volgen"),
                    ("UITV", "meedoen"),
                ):
                    writer.writerow([province_name(code), respondent, f"{element}:rol", role, ""])


def _questionnaires(raw: Path, templates: Path) -> None:
    """Round 2022: three questionnaires made by ``bimmaturity template``, filled with openpyxl."""
    forms = write_templates(templates, [province_name(c) for c in ROUND_2022], "2022")
    for i, form in enumerate(f for f in forms if f.name != "kosten.xlsx"):
        answers = {q: (1 + (i + j) % 4, 2 + (i + j) % 4) for j, q in enumerate(QUESTIONS)}
        fill_template(
            form,
            raw / "2022" / form.name,
            answers,
            roles={"OTL": "Trekken", "BEHEER": "Volgen", "UITV": "Meedoen"},
        )


def _reports_state(reports: Path) -> dict:
    files = sorted(
        p.relative_to(reports).as_posix()
        for p in reports.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    pages = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted((reports / "html").glob("*.html"))
        if p.stem != "eigen-pagina"
    }
    manifest = json.loads((reports / ".build-manifest.json").read_text(encoding="utf-8"))
    modes = {
        p.relative_to(reports).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in reports.rglob("*")
        if not p.name.startswith(".")
    }
    return {
        "files": files,
        "pages": pages,
        "index": (reports / "index.html").read_text(encoding="utf-8"),
        "manifest": manifest["files"],
        "modes": modes,
    }


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory, example_project: Path) -> dict:
    # Step 1, the example data, is the session's shared build (conftest.example_project);
    # the user's own files join the reports folder before the builds that follow.
    root = copy_project(example_project, tmp_path_factory.mktemp("rounds") / "project")
    raw = root / "data" / "raw"
    reports = root / "reports"
    for name in USER_FILES:
        (reports / name).parent.mkdir(parents=True, exist_ok=True)
        (reports / name).write_text("van mij", encoding="utf-8")
    steps: dict = {"root": root}
    stdout = (example_project.parent / "build-stdout.txt").read_text(encoding="utf-8")
    steps["example"] = {"stdout": stdout, **_reports_state(reports)}

    _tidy_round(raw, "2021", ROUND_2021, seed=2021)
    _questionnaires(raw, root / "vragenlijsten")
    example_costs = root / "example-costs"
    write_example(example_costs)
    shutil.copy(example_costs / "kosten.csv", raw / "kosten.csv")
    done = run_cli(root, "build", "--jobs", "2", umask=0o027)
    assert done.returncode == 0, done.stdout + done.stderr
    steps["partial"] = {
        "stdout": done.stdout,
        **_reports_state(reports),
        "issues": pd.read_csv(root / "data" / "processed" / "issues.csv", dtype="str"),
        "processed_modes": {
            p.relative_to(root / "data" / "processed").as_posix(): stat.S_IMODE(p.stat().st_mode)
            for p in (root / "data" / "processed").rglob("*")
        },
        "salt_mode": stat.S_IMODE((root / ".bimmaturity-salt").stat().st_mode),
    }

    done = run_cli(root, "build", "--jobs", "2", "--wave", "2021")
    assert done.returncode == 0, done.stdout + done.stderr
    steps["older"] = {"stdout": done.stdout, **_reports_state(reports)}
    return steps


def _profiles(state: dict) -> list[str]:
    return sorted(PROFILES[name] for name in state["pages"] if name.startswith("provincieprofiel-"))


# ----------------------------------------------------------------------------- partial round
@pytest.mark.slow
def test_cli_names_the_round_and_who_is_missing(rounds):
    out = rounds["partial"]["stdout"]
    missing = ", ".join(province_name(c) for c in ALL if c not in ROUND_2022)
    assert f"  meting 2022: 3 van 12 provincies; ontbreken: {missing}" in out.splitlines()
    assert f"Rapportages over meting 2022: 3 van 12 provincies; ontbreken: {missing}." in out
    absent_2021 = ", ".join(province_name(c) for c in ALL if c not in ROUND_2021)
    assert f"  meting 2021: 7 van 12 provincies; ontbreken: {absent_2021}" in out.splitlines()
    assert "Rapportages over meting 2020: 12 van 12 provincies." in rounds["example"]["stdout"]


@pytest.mark.slow
def test_every_overview_opens_with_the_coverage_note(rounds):
    pages = rounds["partial"]["pages"]
    for name in OVERVIEWS:
        page = pages[name]
        assert "meting 2022" in re.search(r"<title>(.*?)</title>", page).group(1), name
        note = re.search(r'<div class="bm-warning bm-coverage">(.*?)</div>', page, re.S)
        assert note, name
        text = note.group(1)
        assert "3 van de 12 provincies hebben geantwoord" in text
        assert "Groningen, Utrecht, Zeeland" in text
        assert "Ontbreken: Fryslân, Drenthe, Overijssel, Flevoland" in text
        assert "niet representatief" in text  # 3 of 12 is below half
        # at the top: before the first section heading of the report
        body = page[page.index("<main") :]
        assert body.index("<h1") < body.index("bm-coverage") < body.index("<h2"), name
    # complete rounds get no note
    for name in OVERVIEWS:
        assert "bm-coverage" not in rounds["example"]["pages"][name]


@pytest.mark.slow
def test_above_half_the_note_does_not_say_unrepresentative(rounds):
    page = rounds["older"]["pages"]["vergelijking"]
    text = re.search(r'<div class="bm-warning bm-coverage">(.*?)</div>', page, re.S).group(1)
    assert "7 van de 12 provincies hebben geantwoord" in text
    assert "Ontbreken: Flevoland, Gelderland, Noord-Holland, Noord-Brabant, Limburg." in text
    assert "niet representatief" not in text


@pytest.mark.slow
def test_index_shows_coverage_per_round(rounds):
    index = rounds["partial"]["index"]
    assert "Deze rapportages tonen <strong>meting\n2022</strong>" in index
    assert "<td>meting 2021</td><td>7 van 12</td>" in index
    assert "<td>meting 2022 (deze rapportages)</td><td>3 van 12</td>" in index
    assert "niet representatief" in index
    for name in [*OVERVIEWS, "voortgang"]:
        assert f'href="html/{name}.html"' in index


@pytest.mark.slow
def test_a_profile_for_everyone_measured_earlier_ones_marked(rounds):
    state = rounds["partial"]
    assert _profiles(state) == ROUND_2021  # all measured up to 2022, not only the 3 of 2022
    for code in ROUND_2021:
        page = state["pages"][f"provincieprofiel-{file_slug(province_name(code))}"]
        name = province_name(code)
        banner = re.search(r'<div class="bm-banner bm-earlier-round">(.*?)</div>', page, re.S)
        if code in ROUND_2022:
            assert banner is None, code
            assert f">Provincieprofiel {name}</a>" in state["index"]
            continue
        assert banner, code
        text = banner.group(1)
        assert f"{name} heeft in meting 2022 (nog) niet geantwoord" in text
        assert "meting 2021" in text
        assert "gapclusters, de gezamenlijke deals en de business case van meting 2022" in text
        assert f">Provincieprofiel {name} (meting 2021)</a>" in state["index"]


@pytest.mark.slow
def test_progress_names_who_could_not_be_compared(rounds):
    page = rounds["partial"]["pages"]["voortgang"]
    assert "meting 2021 en meting 2022" in re.search(r"<title>(.*?)</title>", page).group(1)
    note = re.search(r'<div class="bm-warning bm-coverage">(.*?)</div>', page, re.S).group(1)
    assert "alleen de 3 provincies" in note
    assert "<li>Fryslân: geen antwoorden in meting 2022</li>" in note
    assert "<li>Gelderland: in geen van beide metingen gemeten</li>" in note


# ----------------------------------------------------------------------------- older round
@pytest.mark.slow
def test_build_wave_reports_on_an_older_round(rounds):
    state = rounds["older"]
    assert "Rapportages over meting 2021: 7 van 12 provincies" in state["stdout"]
    for name in OVERVIEWS:
        title = re.search(r"<title>(.*?)</title>", state["pages"][name]).group(1)
        assert title.endswith("meting 2021"), title
    assert "voortgang" not in state["pages"]  # 2021 is the first round: nothing to compare
    assert _profiles(state) == ROUND_2021
    assert not any("bm-earlier-round" in p for n, p in state["pages"].items() if n in PROFILES)
    figures = sorted(f for f in state["files"] if f.startswith("figures/"))
    assert figures and all("_2021." in f for f in figures), figures
    assert "Deze rapportages tonen <strong>meting\n2021</strong>" in state["index"]


@pytest.mark.slow
def test_a_round_not_in_the_data_is_a_usage_error(rounds):
    root = rounds["root"]
    done = run_cli(root, "build", "--wave", "2019")
    assert done.returncode == 2
    assert "meting 2019 komt niet voor in de gegevens; er zijn metingen: 2021, 2022" in (
        done.stderr
    )
    out = root / "t.xlsx"
    done = run_cli(root, "tables", "--out", str(out), "--wave", "2019")
    assert done.returncode == 2 and "er zijn metingen: 2021, 2022" in done.stderr
    assert not out.exists()


# ----------------------------------------------------------------------------- stale files
@pytest.mark.slow
def test_only_current_files_remain(rounds):
    example, partial, older = rounds["example"], rounds["partial"], rounds["older"]
    assert len(_profiles(example)) == 12
    assert "figures/huidig_2020.png" in example["files"]
    for state in (example, partial, older):
        # what the build wrote is exactly what it planned now, plus the user's own files
        assert sorted(state["manifest"] + USER_FILES) == state["files"]
    for name in partial["files"]:
        assert "2020" not in name, name  # no example figure or report left
    assert "html/provincieprofiel-noord-brabant.html" not in partial["files"]
    assert "figures/huidig_2022.png" in partial["files"]
    assert "figures/voortgang_2021_2022.svg" in partial["files"]
    assert "html/voortgang.html" not in older["files"]
    assert "notebooks/voortgang.ipynb" not in older["files"]
    assert not any("2022" in name for name in older["files"])


@pytest.mark.slow
def test_files_the_build_did_not_write_are_never_touched(rounds):
    root = rounds["root"]
    for name in USER_FILES:
        assert (root / "reports" / name).read_text(encoding="utf-8") == "van mij"
    for state in ("example", "partial", "older"):
        assert set(USER_FILES) <= set(rounds[state]["files"])


def test_stale_removal_stays_inside_the_reports_folder(tmp_path: Path):
    from bimmaturity.build import remove_stale

    reports = tmp_path / "reports"
    (reports / "html").mkdir(parents=True)
    (reports / "html" / "oud.html").write_text("x")
    (tmp_path / "buiten.txt").write_text("x")
    (reports / "map").mkdir()
    removed = remove_stale(reports, {"html/oud.html", "../buiten.txt", "map", "weg.html"})
    assert removed == ["html/oud.html"]
    assert (tmp_path / "buiten.txt").exists() and (reports / "map").is_dir()
    assert not (reports / "html").exists()  # emptied by the removal


# ----------------------------------------------------------------------------- file modes
@pytest.mark.slow
def test_outputs_follow_the_umask(rounds):
    example, partial = rounds["example"], rounds["partial"]
    for name in example["manifest"]:
        assert example["modes"][name] == 0o644, name
    for folder in ("html", "figures", "notebooks"):
        assert example["modes"][folder] == 0o755
    for name in partial["manifest"]:  # every output rewritten under umask 027
        assert partial["modes"][name] == 0o640, name
    for name, mode in partial["processed_modes"].items():
        expected = 0o750 if (rounds["root"] / "data/processed" / name).is_dir() else 0o640
        assert mode == expected, name
    assert "analysis" in partial["processed_modes"]
    assert partial["salt_mode"] == 0o600  # the salt stays private


@pytest.mark.parametrize(("umask", "file_mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_atomic_writes_follow_the_umask(tmp_path: Path, umask: int, file_mode: int):
    old = os.umask(umask)
    try:
        assert shared_mode() == file_mode
        atomic_write(tmp_path / "a" / "b.txt", b"x")
        with atomic_path(tmp_path / "c.png") as temporary:
            temporary.write_bytes(b"png")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a" / "b.txt").stat().st_mode) == file_mode
    assert stat.S_IMODE((tmp_path / "c.png").stat().st_mode) == file_mode
    assert stat.S_IMODE((tmp_path / "a").stat().st_mode) == 0o777 & ~umask


# ----------------------------------------------------------------------------- the raw folder
@pytest.mark.slow
def test_the_shipped_readme_is_no_warning_in_a_build(rounds):
    issues = rounds["partial"]["issues"]
    assert not issues["file"].isin(["README.md", ".gitkeep"]).any()
    for name, page in rounds["partial"]["pages"].items():
        assert "README.md" not in page, name


def test_project_files_are_known_other_files_still_reported(tmp_path: Path):
    raw = tmp_path / "raw"
    _tidy_round(raw, "2022", ["PV29"], seed=1)
    shutil.copy(REPO / "data" / "raw" / "README.md", raw / "README.md")
    (raw / ".gitkeep").write_bytes(b"")
    (raw / "notities.txt").write_text("eigen aantekeningen", encoding="utf-8")
    (raw / "2022" / "README.md").write_text("van een gebruiker", encoding="utf-8")
    collected = collect(raw, salt="zout")
    skipped = sorted(i.file for i in collected.issues)
    assert skipped == ["2022/README.md", "notities.txt"]
    assert sorted(s["path"] for s in collected.manifest["skipped"]) == skipped


# ----------------------------------------------------------------------------- the repository
def test_questionnaires_are_git_ignored():
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    for path in ("vragenlijsten/zelfevaluatie_bim_zeeland_2022.xlsx", "vragenlijsten/kosten.xlsx"):
        done = subprocess.run(
            ["git", "check-ignore", "-q", path], cwd=REPO, check=False, capture_output=True
        )
        assert done.returncode == 0, f"{path} is not git-ignored"


def test_readme_stands_alone():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documents = [REPO / "README.md", REPO / "data" / "raw" / "README.md"]
    documents += sorted((REPO / "docs").glob("*.md"))
    outside = "shared" + "/"  # the design folder beside the repository, never referred to
    for path in documents:
        assert outside not in path.read_text(encoding="utf-8"), path
    for name in ("input-formats.md", "result-tables.md", "method.md"):
        assert f"(docs/{name})" in readme
        assert (REPO / "docs" / name).is_file()
    assert "make report" in readme and "make test" in readme
    assert "## A round step by step" in readme
    tables = (REPO / "docs" / "result-tables.md").read_text(encoding="utf-8")
    for column in (
        "icc1",
        "p_koploper",
        "p_starter",
        "p_kansrijk",
        "p_proposed",
        "saving_low",
        "saving_high",
        "change_lo",
        "change_hi",
        "--resamples",
        "--discount",
    ):
        assert f"`{column}`" in tables, column


# ----------------------------------------------------------------------------- pure functions
def test_coverage_and_profile_rounds_on_a_few_rows():
    answers = pd.DataFrame(
        {
            "wave": ["2021", "2021", "2022", "2022"],
            "province": ["PV20", "PV21", "PV20", "PV26"],
            "current": [3.0, 2.0, np.nan, 4.0],
            "ambition": [4.0, 3.0, np.nan, 4.0],
        }
    )
    cover = coverage.coverage(answers, "2022")
    assert cover.measured == ("PV26",)  # PV20's 2022 row holds no answer
    assert len(cover.missing) == 11 and not cover.representative
    assert coverage.profile_rounds(answers, "2022") == {
        "PV20": "2021",
        "PV21": "2021",
        "PV26": "2022",
    }
    assert [c.wave for c in coverage.coverage_by_wave(answers)] == ["2021", "2022"]
    assert coverage.previous_wave(["2021", "2022"], "2022") == "2021"
    with pytest.raises(coverage.UnknownWave, match="er zijn metingen: 2021, 2022"):
        coverage.check_wave(["2021", "2022"], "2019")
