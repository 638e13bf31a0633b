"""Every export layout of the input-formats contract, read into the same tidy tables."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from test_ingest_support import (
    FORMS_META_EN,
    INSTRUMENT,
    QUESTIONS,
    answer_headers,
    fill_template,
    forms_row,
    forms_sheet,
    person,
    set_cell_xml,
    tidy_rows,
    write_csv,
    write_xlsx,
)

from bimmaturity.ingest import collect, ingest, pseudonym
from bimmaturity.input.discover import find_inputs
from bimmaturity.input.grid import load_sheets
from bimmaturity.input.readers import READERS, pick_reader
from bimmaturity.input.readers.template import QuestionsTable, questions_table
from bimmaturity.input.readers.wide import classify_header
from bimmaturity.instrument import AnswerError
from bimmaturity.questionnaire import write_templates
from bimmaturity.store import load_processed

SALT = "zout"


def _collect(raw: Path, wave: str = "1"):
    return collect(raw, salt=SALT, default_wave=wave)


def _messages(collected) -> list[str]:
    return [str(issue) for issue in collected.issues]


def _levels(collected, question: str = "VISIE-1") -> list[tuple[float, float]]:
    frame = collected.answers[collected.answers["question"] == question]
    return list(zip(frame["current"], frame["ambition"], strict=True))


# ----------------------------------------------------------------------------- wide exports
def test_microsoft_forms_english_locale(tmp_path: Path):
    headers = [*FORMS_META_EN, "Province"]
    for question in QUESTIONS[:3]:
        headers += [f"[{question}] Current situation", f"[{question}] Target"]
    rows = [headers]
    for index in (1, 2):
        _name, email = person(index, "Utrecht")
        rows.append(
            [
                index,
                datetime(2024, 1, index),
                datetime(2024, 1, index, 1),
                email,
                "anonymous",
                datetime(2024, 1, index, 1),
                "Utrecht",
                2,
                3,
                "3.0",
                "4",
                "n/a",
                "5",
            ]
        )
    write_xlsx(tmp_path / "2024/Form1.xlsx", {"Sheet1": rows})
    collected = _collect(tmp_path)
    assert _messages(collected) == [
        f"2024/Form1.xlsx, blad Sheet1, rij 2: respondent heeft maar 2 van {len(QUESTIONS)} "
        "vragen (huidige situatie) beantwoord",
        f"2024/Form1.xlsx, blad Sheet1, rij 3: respondent heeft maar 2 van {len(QUESTIONS)} "
        "vragen (huidige situatie) beantwoord",
    ]
    frame = collected.answers
    assert frame["respondent"].nunique() == 2
    assert set(frame["province"]) == {"PV26"} and set(frame["wave"]) == {"2024"}
    assert _levels(collected, "VISIE-2") == [(3.0, 4.0)] * 2
    assert frame.loc[frame["question"] == "VISIE-3", "current"].isna().all()


def test_google_forms_dutch_csv_with_grid_headers(tmp_path: Path):
    headers = ["Tijdstempel", "E-mailadres", "Provincie"]
    for question in QUESTIONS[:2]:
        headers += [f"Huidige situatie [{question} tekst]", f"Gewenste situatie [{question}]"]
    _, first = person(1, "Drenthe")
    _, second = person(2, "Drenthe")
    rows = [
        headers,
        ["5-3-2020 10:11:12", first, "Provincie Drenthe", "1", "2", "Initieel", "Gedefinieerd"],
        ["6-3-2020 09:00:00", second, "drenthe", "2", "3", "2", "3"],
        ["7-3-2020 09:00:00", first.upper(), "Drenthe", "3", "4", "3", "4"],
    ]
    write_csv(tmp_path / "2020/google.csv", rows, delimiter=",", encoding="utf-8")
    collected = _collect(tmp_path)
    frame = collected.answers
    assert frame["respondent"].nunique() == 2
    assert sorted(_levels(collected)) == [(2.0, 3.0), (3.0, 4.0)]  # first person's latest row
    superseded = [m for m in _messages(collected) if "vervangen" in m]
    assert superseded == [
        "2020/google.csv, rij 2: inzending (2 beantwoorde vragen) vervangen door een latere "
        "van dezelfde respondent (2020/google.csv, rij 4); alleen de laatste telt"
    ]


def test_google_forms_english_timestamps_decide_the_latest(tmp_path: Path):
    headers = ["Timestamp", "Email Address", "Province", "Current [VISIE_1]", "Target [VISIE_1]"]
    _, email = person(1, "Limburg")
    rows = [
        headers,
        ["2020/03/05 10:11:12 PM GMT+1", email, "Limburg", 4, 5],
        ["2020/03/05 10:11:12 AM GMT+1", email, "Limburg", 1, 2],
    ]
    write_xlsx(tmp_path / "2020/responses.xlsx", {"Form Responses 1": rows})
    collected = _collect(tmp_path)
    assert _levels(collected) == [(4.0, 5.0)]  # the PM row is later, though it comes first


def test_limesurvey_csv_codes_and_an_incomplete_response(tmp_path: Path):
    headers = ["id", "submitdate", "lastpage", "startlanguage", "seed", "organisatie"]
    for question in QUESTIONS[:2]:
        code = question.replace("-", "")
        headers += [f"{code}[huidig]", f"{code}[doel]"]
    rows = [
        headers,
        ["1", "2020-03-05 10:11:12", "3", "nl", "123", "Provincie Overijssel", "3", "4", "2", "3"],
        ["2", "", "1", "nl", "456", "Overijssel", "", "", "", ""],
        ["3", "2020-03-06 10:11:12", "3", "nl", "789", "Overijssel", "4", "4", "n.v.t.", ""],
    ]
    write_csv(tmp_path / "2020/results-survey123.csv", rows, delimiter=";")
    collected = _collect(tmp_path)
    assert (
        "2020/results-survey123.csv, rij 3: lege inzending (geopend, niet ingevuld); "
        "overgeslagen" in _messages(collected)
    )
    assert sorted(_levels(collected)) == [(3.0, 4.0), (4.0, 4.0)]
    assert collected.answers["respondent"].nunique() == 2  # no e-mail: each row its own
    [entry] = collected.manifest["inputs"]
    assert entry["sheets"][0]["unmapped"] == []


def test_headers_with_stray_spaces_line_breaks_and_a_title_row(tmp_path: Path):
    headers = [" Provincie\u00a0", "E-mail", " VISIE-1\nHuidige\u00a0situatie ", "VISIE-1  ambitie"]
    rows = [["Export van 5 maart"], [], headers, ["Groningen", "x@groningen.test", 2, 3]]
    write_xlsx(tmp_path / "2020/export.xlsx", {"Form1": rows})
    collected = _collect(tmp_path)
    assert _levels(collected) == [(2.0, 3.0)]
    assert collected.answers["source_cell"].tolist()[0] == "C4, D4"


def test_header_classification_contract():
    def kind(header):
        column = classify_header(header, INSTRUMENT)
        return column.kind, column.target, column.measure

    assert kind("[OTL-2] Nu") == ("answer", "OTL-2", "current")
    assert kind("OTL 2 gewenst") == ("answer", "OTL-2", "ambition")
    assert kind("otl_2 (doel 2026)") == ("answer", "OTL-2", "ambition")
    assert kind("[OTL toelichting] Opmerkingen") == ("comment", "OTL", "")
    assert kind("[OTL samenwerking]") == ("role", "OTL", "")
    assert kind("Organisatie") == ("province", "", "")
    assert kind("Doelen van de organisatie") == ("province", "", "")  # doelen is not doel
    assert kind("Welke doelen heeft u?") == ("unmapped", "", "")
    assert kind("Completion time") == ("time", "", "")
    assert kind("Tijd van laatste wijziging") == ("meta", "", "")
    assert kind("Meting") == ("wave", "", "")


def test_column_mapping_for_statement_headers(tmp_path: Path):
    statement = "Er is een door het bestuur vastgestelde visie op BIM en informatiemanagement."
    headers = ["ID", "Naam", "Welke provincie?", statement, statement, "Rol bij visie", "Extra"]
    write_csv(
        tmp_path / "kolommen.csv",
        [
            ["header", "target"],
            [statement, "VISIE-1:current"],
            [f"{statement}#2", "VISIE-1:ambition"],
            ["Rol bij visie", "VISIE:role"],
            ["Extra", "ignore"],
            ["Komt niet voor", "ignore"],
        ],
        delimiter=",",
        encoding="utf-8",
    )
    rows = [headers, [1, "Anoniem", "Gelderland", "Beheerst", "Geïntegreerd", "Meedoen", "x"]]
    write_xlsx(tmp_path / "2022/likert.xlsx", {"Form1": rows})
    collected = _collect(tmp_path)
    assert _levels(collected) == [(3.0, 4.0)]
    assert collected.roles["role"].tolist() == ["meedoen"]
    assert [m for m in _messages(collected) if "kolommen" in m] == [
        "kolommen.csv: kolom 'komt niet voor' uit kolommen.csv komt in geen enkele export voor"
    ]
    assert collected.manifest["settings"]["kolommen"] == "kolommen.csv"


def test_unmapped_and_headerless_columns_are_reported_not_dropped(tmp_path: Path):
    sheet = forms_sheet([[*forms_row(1), "ja", "", "los"]])
    sheet[0] += ["Heeft u vragen?", "", ""]
    write_xlsx(tmp_path / "2020/Form1.xlsx", {"Form1": sheet})
    collected = _collect(tmp_path)
    entry = collected.manifest["inputs"][0]["sheets"][0]
    assert entry["unmapped"] == ["Heeft u vragen?", "(kolom BX zonder kop)"]
    messages = _messages(collected)
    assert (
        "2020/Form1.xlsx, blad Form1, cel BX1: kolom zonder kop met 1 ingevulde cel(len) is "
        "niet gelezen; geef de kolom een kop of leg haar vast in kolommen.csv" in messages
    )


def test_same_name_in_one_province_without_email(tmp_path: Path):
    headers = ["Naam", "Provincie", *answer_headers(QUESTIONS[:1]), "Tijd van voltooien"]
    rows = [
        headers,
        ["Femke Roodbeen", "Flevoland", 1, 2, datetime(2020, 1, 2)],
        ["Femke Roodbeen", "Groningen", 2, 3, datetime(2020, 1, 3)],
        ["femke roodbeen", "Flevoland", 3, 4, datetime(2020, 1, 4)],
    ]
    write_xlsx(tmp_path / "2020/namen.xlsx", {"Form1": rows})
    collected = _collect(tmp_path)
    assert sorted(_levels(collected)) == [(2.0, 3.0), (3.0, 4.0)]
    assert collected.answers["respondent"].nunique() == 2


def test_duplicate_across_two_files_latest_wins(tmp_path: Path):
    _name, email = person(1)
    write_xlsx(
        tmp_path / "2020/a.xlsx",
        {"Form1": forms_sheet([forms_row(1, when=datetime(2020, 3, 9), email=email)])},
    )
    late = [2, 3] * len(QUESTIONS)
    write_xlsx(
        tmp_path / "2020/b.xlsx",
        {"Form1": forms_sheet([forms_row(1, answers=late, when=datetime(2020, 3, 10))])},
    )
    collected = _collect(tmp_path)
    assert _levels(collected) == [(2.0, 3.0)]
    assert collected.manifest["counts"]["respondents"] == 1


# ----------------------------------------------------------------------------- tidy tables
@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), ("\t", "utf-8")],
)
def test_tidy_csv_delimiters_and_encodings(tmp_path: Path, delimiter: str, encoding: str):
    rows = tidy_rows("Fryslân", "Geïntegreerd team")
    rows[1][3] = "Geïntegreerd"
    rows[2][5] = "Toelichting met, een komma; en een puntkomma"
    rows.append(["Fryslân", "Geïntegreerd team", "OTL:rol", "Trekken", "", ""])
    write_csv(tmp_path / "fryslan.csv", rows, delimiter=delimiter, encoding=encoding)
    collected = _collect(tmp_path, wave="2026")
    assert _messages(collected) == []
    frame = collected.answers
    assert set(frame["province"]) == {"PV21"} and set(frame["wave"]) == {"2026"}
    assert _levels(collected) == [(4.0, 4.0)]
    assert collected.roles["role"].tolist() == ["trekken"]
    assert collected.comments["text"].tolist() == ["Toelichting met, een komma; en een puntkomma"]
    assert frame.loc[frame["question"] == "VISIE-1", "source_cell"].item() == "D2, E2"


def test_tidy_sheet_with_a_roles_sheet_and_a_wave_column(tmp_path: Path):
    answers = [["meting", "provincie", "respondent", "vraag", "huidig", "ambitie"]]
    answers += [["2018", "PV31", "r1", q, 2, 3] for q in QUESTIONS]
    answers += [["2020", "PV31", "r1", q, 3, 4] for q in QUESTIONS]
    answers.append(["2020", "PV31", "r1", "VISIE-1", 3, 4])  # the same row twice
    roles = [["meting", "provincie", "respondent", "element", "rol"]]
    roles += [["2020", "Limburg", "r1", "OTL", "volgen"], ["2020", "Limburg", "r1", "data", ""]]
    write_xlsx(tmp_path / "overig/limburg.xlsx", {"antwoorden": answers, "rollen": roles})
    collected = _collect(tmp_path)
    assert sorted(set(collected.answers["wave"])) == ["2018", "2020"]  # the column wins
    assert collected.roles[["wave", "element", "role"]].values.tolist() == [
        ["2020", "OTL", "volgen"]
    ]
    assert _messages(collected) == [
        "overig/limburg.xlsx, blad antwoorden, rij 68: vraag VISIE-1 staat twee keer voor "
        "dezelfde respondent (rij 35 en rij 68); gelijke antwoorden, één keer geteld"
    ]
    assert collected.manifest["inputs"][0]["waves"] == ["2018", "2020"]
    assert collected.manifest["inputs"][0]["wave"] == "overig"


# ----------------------------------------------------------------------------- waves, files
def test_waves_from_folder_column_and_command_line(tmp_path: Path):
    write_xlsx(tmp_path / "2018/a.xlsx", {"Form1": forms_sheet([forms_row(1)])})
    sheet = forms_sheet([[*forms_row(2), "2019"]])
    sheet[0].append("Meting")
    write_xlsx(tmp_path / "2018/b.xlsx", {"Form1": sheet})
    write_xlsx(tmp_path / "c.xlsx", {"Form1": forms_sheet([forms_row(3)])})
    collected = _collect(tmp_path, wave="2021")
    waves = collected.answers.groupby("source_file")["wave"].first().to_dict()
    assert waves == {"2018/a.xlsx": "2018", "2018/b.xlsx": "2019", "c.xlsx": "2021"}
    assert collected.manifest["counts"]["waves"] == ["2018", "2019", "2021"]


def test_skipped_refused_and_accepted_files(tmp_path: Path):
    write_xlsx(tmp_path / "2020/export.xlsm", {"Form1": forms_sheet([forms_row(1)])})
    for name in (
        "2020/notities.txt",
        "2020/verslag.pdf",
        "2020/Thumbs.db",
        "2020/.DS_Store",
        "desktop.ini",
        ".verborgen/x.xlsx",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "2020/oud.XLS").write_bytes(b"x")
    inputs = find_inputs(tmp_path)
    assert [p.name for p, _ in inputs.exports] == ["export.xlsm"]
    assert [p.name for p, _ in inputs.refused] == ["oud.XLS"]
    collected = _collect(tmp_path)
    skipped = {s["path"]: s["reason"] for s in collected.manifest["skipped"]}
    assert skipped == {
        ".verborgen/x.xlsx": "in verborgen map",
        "2020/.DS_Store": "verborgen bestand",
        "2020/Thumbs.db": "systeembestand",
        "2020/notities.txt": "geen export (.txt)",
        "2020/verslag.pdf": "geen export (.pdf)",
        "desktop.ini": "systeembestand",
    }
    assert collected.manifest["refused"][0]["path"] == "2020/oud.XLS"
    assert len(collected.manifest["refused"][0]["sha256"]) == 64


def test_manifest_lists_every_input(tmp_path: Path):
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    path = write_xlsx(raw / "2020/Form1.xlsx", {"Form1": forms_sheet([forms_row(1)])})
    salt = tmp_path / "salt"
    ingest(raw, processed, salt_path=salt)
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    [entry] = manifest["inputs"]
    assert entry["path"] == "2020/Form1.xlsx"
    assert entry["size"] == path.stat().st_size
    assert entry["layout"] == "wide" and entry["wave"] == "2020"
    assert entry["submissions"] == 1 and entry["answers"] == 2 * len(QUESTIONS)
    assert sorted(manifest["tables"]) == [
        "answers.parquet",
        "comments.parquet",
        "costs.parquet",
        "issues.csv",
        "roles.parquet",
    ]
    # the salt is created once and reused: pseudonyms are stable across runs
    first = load_processed(processed).answers["respondent"].unique().tolist()
    ingest(raw, processed, salt_path=salt)
    again = load_processed(processed).answers["respondent"].unique().tolist()
    assert first == again == [pseudonym(f"email:{person(1)[1]}", salt.read_text().strip())]


# ----------------------------------------------------------------------------- engines
def test_calamine_and_openpyxl_give_the_same_grids(tmp_path: Path):
    forms = write_xlsx(
        tmp_path / "forms.xlsx",
        {"Form1": forms_sheet([forms_row(1), forms_row(2)]), "leeg": [], "x": [[None, "b"]]},
        hidden=["x"],
        merged={"Form1": ["H3:I3"]},
    )
    set_cell_xml(forms, "J2", '<c r="J2" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    write_templates(tmp_path / "t", ["Zeeland"])
    filled = fill_template(tmp_path / "t/zelfevaluatie_bim_zeeland.xlsx", tmp_path / "f.xlsx")
    for path in (forms, filled):
        fast = load_sheets(path)
        slow = load_sheets(path, engine="openpyxl")
        assert [s.name for s in fast] == [s.name for s in slow]
        for a, b in zip(fast, slow, strict=True):
            assert a.visible == b.visible and a.notes == b.notes
            assert sorted(a.merged) == sorted(b.merged)
            width = max(a.width, b.width)

            def padded(sheet, width=width):
                rows = [list(r) + [""] * (width - len(r)) for r in sheet.rows]
                while rows and all(v == "" for v in rows[-1]):
                    rows.pop()
                return rows

            assert padded(a) == padded(b), a.name
    sheet = next(s for s in load_sheets(forms) if s.name == "Form1")
    assert sheet.problem(1, 9).startswith("Excel-foutwaarde #DIV/0!")
    assert sheet.problem(2, 8).startswith("cel valt in de samengevoegde cellen H3:I3")
    assert [s.visible for s in load_sheets(forms)] == [True, True, False]


def test_ingest_with_either_engine_gives_the_same_tables(tmp_path: Path, example_raw: Path):
    fast = collect(example_raw, salt=SALT)
    slow = collect(example_raw, salt=SALT, engine="openpyxl")
    pd.testing.assert_frame_equal(fast.answers, slow.answers)
    pd.testing.assert_frame_equal(fast.roles, slow.roles)
    assert _messages(fast) == _messages(slow) == []


# ----------------------------------------------------------------------------- reader registry
def test_the_registry_picks_each_layout_for_a_real_file(tmp_path: Path):
    assert [reader.layout for reader in READERS] == ["template", "tidy", "wide"]
    assert [reader.whole_workbook for reader in READERS] == [True, False, False]
    write_templates(tmp_path / "t", ["Zeeland"])
    filled = fill_template(tmp_path / "t/zelfevaluatie_bim_zeeland.xlsx", tmp_path / "f.xlsx")
    files = {
        "template": (filled, "Vragen"),
        "tidy": (write_xlsx(tmp_path / "tidy.xlsx", {"antwoorden": tidy_rows("Zeeland")}), ""),
        "wide": (write_xlsx(tmp_path / "wide.xlsx", {"Form1": forms_sheet([forms_row(1)])}), ""),
    }
    for layout, (path, name) in files.items():
        sheets = load_sheets(path)
        sheet = next(s for s in sheets if s.name == name) if name else sheets[0]
        reader = pick_reader(sheet, INSTRUMENT, {})
        assert reader is not None and reader.layout == layout, layout
        result = reader.read(
            sheets if reader.whole_workbook else [sheet], INSTRUMENT, file=path.name, mapping={}
        )
        assert result.layout == layout
        assert len(result.submissions) == 1 and not result.has_errors, layout
        answered = result.submissions[0].answers
        assert len(answered) == len(INSTRUMENT.question_ids), layout

    lists = write_xlsx(
        tmp_path / "lijsten.xlsx",
        {"lijst": [["Provincie", "Inwoners"], ["Zeeland", 391_000]], "leeg": [["notitie"]]},
    )
    for sheet in load_sheets(lists):
        assert pick_reader(sheet, INSTRUMENT, {}) is None, sheet.name


def test_a_mapping_makes_a_sheet_wide(tmp_path: Path):
    rows = [["Provincie", "Stelling één", "Stelling twee"], ["Zeeland", 2, 3]]
    sheet = load_sheets(write_xlsx(tmp_path / "s.xlsx", {"Form1": rows}))[0]
    assert pick_reader(sheet, INSTRUMENT, {}) is None
    mapping = {"stelling een": "VISIE-1:current", "stelling twee": "VISIE-1:ambition"}
    reader = pick_reader(sheet, INSTRUMENT, mapping)
    assert reader is not None and reader.layout == "wide"


# ----------------------------------------------------------------------------- reader fixes
def test_template_answer_columns_headed_by_the_instruments_own_measure_labels(tmp_path: Path):
    measures = {"current": {"label": "Nu"}, "ambition": {"label": "Streefbeeld"}}
    nu_streef = INSTRUMENT.model_validate(INSTRUMENT.model_dump() | {"measures": measures})
    rows = [
        ["Provincie", "Zeeland"],
        [],
        ["Code", "Vraag", "Nu", "Streefbeeld 2030", "Toelichting"],
        ["VISIE-1", "Er is een visie", 2, "4 - Geïntegreerd", "klopt"],
        ["VISIE-2", "Er is beleid", 1, 3, ""],
    ]
    sheet = load_sheets(write_xlsx(tmp_path / "nu.xlsx", {"Vragen": rows}))[0]
    assert questions_table(sheet) is None  # the fixed words alone do not find "Nu"
    assert questions_table(sheet, nu_streef) == QuestionsTable(2, 0, 2, 3, 4)
    reader = pick_reader(sheet, nu_streef, {})
    assert reader is not None and reader.layout == "template"
    result = reader.read([sheet], nu_streef, file="nu.xlsx", mapping={})
    assert not result.has_errors
    answers = result.submissions[0].answers
    assert {q: (a["current"], a["ambition"]) for q, a in answers.items()} == {
        "VISIE-1": (2, 4),
        "VISIE-2": (1, 3),
    }


def test_wide_answer_columns_headed_by_the_instruments_own_measure_labels(tmp_path: Path):
    measures = {"current": {"label": "Vandaag"}, "ambition": {"label": "Streefbeeld 2030"}}
    own = INSTRUMENT.model_validate(INSTRUMENT.model_dump() | {"measures": measures})
    assert classify_header("[VISIE-1] Vandaag: er is een visie", own).measure == "current"
    assert classify_header("VISIE-1 streefbeeld 2030", own).measure == "ambition"
    assert classify_header("VISIE-1 Ambitie", own).measure == "ambition"  # the fixed words too
    with pytest.raises(AnswerError, match="noemt zowel huidige situatie als ambitie"):
        classify_header("VISIE-1 vandaag en streefbeeld 2030", own)
    with pytest.raises(AnswerError, match=r"of de ambitie \(ambitie, doel, gewenst, target of "):
        classify_header("VISIE-1 streefbeeld", own)  # the label is two words, in a row
    with pytest.raises(AnswerError, match="maar niet of het de huidige situatie"):
        classify_header("[VISIE-1] Streefbeeld 2030", INSTRUMENT)  # not this instrument's words
    rows = [
        ["Provincie", "[VISIE-1] Vandaag", "[VISIE-1] Streefbeeld 2030"],
        ["Zeeland", 2, "4 - Geïntegreerd"],
    ]
    sheet = load_sheets(write_xlsx(tmp_path / "eigen.xlsx", {"Form1": rows}))[0]
    reader = pick_reader(sheet, own, {})
    assert reader is not None and reader.layout == "wide"
    result = reader.read([sheet], own, file="eigen.xlsx", mapping={})
    assert not result.has_errors
    answers = result.submissions[0].answers
    assert {q: (a["current"], a["ambition"]) for q, a in answers.items()} == {"VISIE-1": (2, 4)}


def test_a_bracketed_comment_tag_wins_over_a_role_word_in_the_header():
    def kind(header):
        column = classify_header(header, INSTRUMENT)
        return column.kind, column.target

    assert kind("[KETEN toelichting] Toelichting bij samenwerking") == ("comment", "KETEN")
    assert kind("[KETEN rol] Rol bij samenwerking, toelichting graag") == ("role", "KETEN")
    assert kind("[KETEN samenwerking] Welke rol?") == ("role", "KETEN")
    assert kind("KETEN toelichting bij samenwerking") == ("role", "KETEN")  # no tag: as before
