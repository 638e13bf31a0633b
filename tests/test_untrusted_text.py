"""Issue 12: what a supplier writes is data. Round names are checked, nothing reaches a page as
HTML or a link, no output holds a formula, output paths stay inside, errors are counted, macros
are named, comments can be left out, and wrong command use is refused before any work."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_ingest_support import QUESTIONS, cli_in_process, tidy_rows, write_csv, write_xlsx

from bimmaturity.build import write_charts, write_tables
from bimmaturity.ingest import collect, ingest
from bimmaturity.safety import UnsafeName
from bimmaturity.store import load_processed

SALT = "zout"
IMG = "<img src=x onerror=document.body.appendChild(document.createElement('pwned'))>"
SCRIPT = "</script><script>document.title='PWNED'</script>"
LINK = "[klik hier](javascript:document.title='PWNED')"
FORMULAS = ['=HYPERLINK("http://x","y")', "+SUM(1)", "-1+2", "@SUM(A1)", "\tx", "\rx"]


def _tidy_with_wave(path: Path, wave: str, province: str = "Zeeland") -> Path:
    rows = tidy_rows(province)
    rows = [[*rows[0], "meting"]] + [[*row, wave] for row in rows[1:]]
    return write_csv(path, rows)


# ----------------------------------------------------------------------------- round names
@pytest.mark.parametrize("name", ["a&b", "2022 najaar", "<b>", "=1+1", "a" * 33, "..", "."])
def test_an_unsafe_round_folder_is_an_error_naming_the_file(tmp_path: Path, name: str):
    raw = tmp_path / "raw"
    if name in {".", ".."}:  # cannot be a folder name: use the column
        _tidy_with_wave(raw / "a.csv", name)
    else:
        write_csv(raw / name / "a.csv", tidy_rows("Zeeland"))
    code, _, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p")], tmp_path
    )
    assert code == 1
    assert "is geen geldige naam voor een meting" in err
    assert "a.csv" in err
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize("wave", [SCRIPT, IMG, "x/../../../tmp/NAAM", "=HYPERLINK(1)"])
def test_an_unsafe_round_in_a_column_is_refused_naming_file_and_sheet(tmp_path: Path, wave):
    raw = tmp_path / "raw"
    _tidy_with_wave(raw / "2022" / "tidy.csv", wave)
    collected = collect(raw, salt=SALT)
    errors = [i for i in collected.errors if "geen geldige naam voor een meting" in i.message]
    assert len(errors) == 1, collected.errors
    assert errors[0].file == "2022/tidy.csv"
    assert collected.answers.empty  # nothing of that round is kept


@pytest.mark.parametrize("command", ["ingest", "build", "tables", "template"])
def test_an_unsafe_wave_option_is_a_usage_error(tmp_path: Path, command: str, capsys, monkeypatch):
    from bimmaturity.cli import main

    monkeypatch.setenv("BIMMATURITY_ROOT", str(tmp_path))  # nothing runs in the real project

    extra = {"tables": ["--out", "x.xlsx"], "template": ["--out", str(tmp_path)]}
    with pytest.raises(SystemExit) as stop:
        main([command, *extra.get(command, []), "--wave", "../../etc"])
    assert stop.value.code == 2
    assert "geen geldige naam voor een meting" in capsys.readouterr().err


def test_figure_names_from_the_data_stay_inside_the_output_folder(tmp_path: Path):
    import altair as alt

    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a")
    figures = tmp_path / "reports" / "figures"
    with pytest.raises(UnsafeName):
        write_charts({"huidig_x/../../../NAAM": chart}, figures)
    assert not list(tmp_path.rglob("NAAM*"))


# ----------------------------------------------------------------------------- pages
def _page_html(markdown: str) -> str:
    """What nbconvert makes of a Markdown output (the build's template filter)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


@pytest.mark.parametrize("text", [IMG, SCRIPT, LINK, "![x](javascript:alert(1))", "<a href=x>"])
def test_report_markdown_never_passes_html_or_links(text: str):
    from bimmaturity.present.html import Markdown

    page = _page_html(Markdown(f"# Meting {text}\n\nTekst {text} **vet**")._repr_markdown_())
    assert "<img" not in page and "<script" not in page
    # The only links are nbconvert's own heading anchors (href="#...").
    assert not re.search(r"""<a (?![^>]*class="anchor-link" href="#)""", page), page
    assert not re.search(r"(href|src)=[\"']?javascript:", page), page
    assert "<strong>vet</strong>" in page  # Markdown itself still works
    assert "&lt;" in page or "[" in page


def test_report_markdown_is_never_read_from_a_file_or_url(tmp_path: Path):
    from bimmaturity.present.html import Markdown

    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM")
    assert Markdown(str(secret))._repr_markdown_() == str(secret)
    assert Markdown("http://example.invalid/x").data == "http://example.invalid/x"


def test_a_chart_cannot_close_its_script():
    from bimmaturity.present.theme import offline_renderer

    out = offline_renderer({"mark": "point", "title": SCRIPT, "description": "<!--<script>"})
    script = out["text/html"].split("<script>", 1)[1]
    assert script.count("</script>") == 1 and script.endswith("</script>")
    assert "<!--" not in script


# ----------------------------------------------------------------------------- formulas
def _cells(path: Path):
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_result_tables_hold_no_formula_and_rounds_in_digits_are_numbers(tmp_path: Path):
    frame = pd.DataFrame(
        {
            "wave": ["2018", "najaar", "02", *FORMULAS],
            "text": [*FORMULAS, "gewoon", "-", "=1"],
            "value": [1.5, -2.0, 3, 4, 5, 6, 7, 8, None],
        }
    )
    path = write_tables(
        {"scores": frame, "issues": frame.rename(columns={"text": "=kop"})}, tmp_path / "t.xlsx"
    )
    cells = list(_cells(path))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    sheet = openpyxl.load_workbook(path)["scores"]
    assert sheet["A2"].value == 2018 and sheet["A3"].value == "najaar" and sheet["A4"].value == "02"
    assert sheet["C3"].value == -2.0  # numbers stay numbers


def test_issues_csv_holds_no_formula_and_loads_back_as_written(tmp_path: Path):
    raw = tmp_path / "raw"
    write_csv(raw / "2022" / "goed.csv", tidy_rows("Zeeland"))
    names = ["=HYPERLINK(1).csv", "@SUM(1).csv", "+1.csv", "-1.csv"]
    for name in names:  # directly in the raw folder: the file field starts with the name
        (raw / name).write_text("niets;bruikbaars\n1;2\n", encoding="utf-8")
    ingest(raw, tmp_path / "p", salt_path=tmp_path / "salt", lenient=True)
    with open(tmp_path / "p" / "issues.csv", encoding="utf-8", newline="") as stream:
        fields = [field for row in csv.reader(stream) for field in row]
    assert not [f for f in fields if f.startswith(("=", "+", "-", "@", "\t", "\r"))]
    files = set(load_processed(tmp_path / "p").issues["file"])
    assert set(names) <= files  # read back as written


# ----------------------------------------------------------------------------- counted errors
def test_many_identical_errors_are_listed_a_few_times_then_counted(tmp_path: Path):
    raw = tmp_path / "raw"
    rows = [["provincie", "respondent", "vraag", "huidig", "ambitie"]]
    rows += [["Zeeland", f"r{i}", q, "vijf", "zes"] for i in range(40) for q in QUESTIONS[:5]]
    write_csv(raw / "2022" / "veel.csv", rows)
    code, _, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p")], tmp_path
    )
    assert code == 1
    lines = err.splitlines()
    assert len(lines) < 30, err
    assert sum("FOUT" in line for line in lines) <= 10
    assert "keer dezelfde soort fout in 2022/veel.csv" in err
    assert "Totaal: 400 fout(en) in 1 bestand(en)." in err


def test_an_unreadable_file_is_an_issue_never_a_crash(tmp_path: Path, monkeypatch):
    import bimmaturity.input.export as export_module

    def broken(*_args, **_kwargs):
        raise KeyError("reader bug")

    monkeypatch.setattr(export_module, "load_sheets", broken)
    raw = tmp_path / "raw"
    write_csv(raw / "2022" / "a.csv", tidy_rows("Zeeland"))
    collected = collect(raw, salt=SALT)
    assert [(i.file, i.message) for i in collected.errors] == [
        ("2022/a.csv", "bestand kon niet worden gelezen (KeyError); niet gelezen")
    ]


# ----------------------------------------------------------------------------- macros
def test_a_workbook_with_macros_is_read_with_a_warning_naming_it(tmp_path: Path):
    raw = tmp_path / "raw"
    path = write_xlsx(raw / "2022" / "met-macro.xlsm", {"Blad1": tidy_rows("Zeeland")})
    with zipfile.ZipFile(path, "a") as book:
        book.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not run")
    collected = collect(raw, salt=SALT)
    warnings = [(i.file, i.severity, i.message) for i in collected.issues if "macro" in i.message]
    assert warnings == [
        ("2022/met-macro.xlsm", "warning", "bevat macro's; die worden nooit uitgevoerd")
    ]
    assert not collected.errors
    assert set(collected.answers["province"]) == {"PV29"}


# ----------------------------------------------------------------------------- comments
def test_no_comments_leaves_every_comment_out_of_the_processed_data(tmp_path: Path):
    raw = tmp_path / "raw"
    rows = tidy_rows("Zeeland")
    rows[1][5] = "VERTROUWELIJK-7391 over de aanbesteding"
    write_csv(raw / "2022" / "a.csv", rows)
    code, _, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--no-comments"],
        tmp_path,
    )
    assert code == 0, err
    assert load_processed(tmp_path / "p").comments.empty
    for path in (tmp_path / "p").rglob("*"):
        if path.is_file():
            assert b"VERTROUWELIJK" not in path.read_bytes(), path
    code, _, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "q")], tmp_path
    )
    assert code == 0, err
    assert not load_processed(tmp_path / "q").comments.empty  # the default keeps them


# ----------------------------------------------------------------------------- command use
def test_a_missing_or_wrong_raw_folder_is_an_error_never_the_example(tmp_path: Path):
    afile = tmp_path / "export.xlsx"
    afile.write_bytes(b"x")
    for raw, words in [(tmp_path / "bestaat-niet", "bestaat niet"), (afile, "geen map")]:
        for command in ("ingest", "build"):
            code, out, err = cli_in_process(
                [command, "--raw", str(raw), "--processed", str(tmp_path / "p")], tmp_path
            )
            assert code == 1 and words in err, (command, err)
            assert "voorbeelddata wordt gebruikt" not in out
            assert not (tmp_path / "p").exists()


def test_an_empty_raw_folder_still_gives_the_example(tmp_path: Path):
    (tmp_path / "raw").mkdir()
    code, out, err = cli_in_process(
        ["ingest", "--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p")], tmp_path
    )
    assert code == 0, err
    assert "voorbeelddata wordt gebruikt" in out


def test_a_file_as_processed_folder_is_a_clear_error(tmp_path: Path):
    write_csv(tmp_path / "raw" / "2022" / "a.csv", tidy_rows("Zeeland"))
    target = tmp_path / "verwerkt"
    target.write_text("x")
    code, _, err = cli_in_process(
        ["ingest", "--raw", str(tmp_path / "raw"), "--processed", str(target)], tmp_path
    )
    assert code == 1
    assert err.startswith("Fout: ") and "geen map" in err and "Traceback" not in err


@pytest.mark.parametrize("jobs", ["0", "-1", "twee"])
def test_jobs_must_be_at_least_one(jobs: str, capsys, tmp_path: Path, monkeypatch):
    from bimmaturity.cli import main

    monkeypatch.setenv("BIMMATURITY_ROOT", str(tmp_path))  # nothing runs in the real project

    with pytest.raises(SystemExit) as stop:
        main(["build", "--jobs", jobs])
    assert stop.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_tables_for_an_unknown_round_names_the_rounds_there_are(tmp_path, example_processed):
    code, _, err = cli_in_process(
        [
            *("tables", "--processed", str(example_processed)),
            *("--out", str(tmp_path / "t.xlsx"), "--wave", "2099"),
        ],
        tmp_path,
    )
    assert code == 2
    assert (
        err.strip()
        == "Fout: meting 2099 komt niet voor in de gegevens; er zijn metingen: 2018, 2020"
    )
