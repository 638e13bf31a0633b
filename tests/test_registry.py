"""A registry of organisations beyond the provinces (docs/input-formats.md, organisaties.csv):
reading and validating the file, reading exports and writing questionnaires with it, and
ingest recording it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_support import QUESTIONS, cli_in_process, fill_template

from bimmaturity.ingest import collect, ingest, ingest_is_current
from bimmaturity.input.grid import Sheet
from bimmaturity.input.readers.headers import classify_header
from bimmaturity.input.readers.tidy import read_tidy
from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import (
    KINDS,
    Registry,
    RegistryError,
    _key,
    activate,
    active_registry,
    default_registry,
    file_slug,
    read_registry,
    use_registry,
)
from bimmaturity.questionnaire import write_templates
from bimmaturity.store import load_processed

INSTRUMENT = default_instrument()
GEMEENTEN = (
    "code;naam;soort;inwoners;bron\n"
    "GM0344;Utrecht;gemeente;374.238;CBS\n"
    "GM0307;Amersfoort;gemeente;160.000;CBS\n"
    "GM0355;Zeist;gemeente;66.000;CBS\n"
)


@pytest.fixture(autouse=True)
def _provinces_again():
    yield
    activate(None)  # a test that loads processed data leaves the provinces in use after it


def _write(folder: Path, text: str, name: str = "organisaties.csv", encoding: str = "utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# ----------------------------------------------------------------------------- reading the file
@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("code;naam;soort;inwoners\nWS01;Súdwest-Fryslân;waterschap;931.298\n", "utf-8-sig"),
        ("code,naam,soort,inwoners\nWS01,Súdwest-Fryslân,waterschap,931298\n", "cp1252"),
        (
            "CBS_code;Name;Kind;Population;remark\nWS01;Súdwest-Fryslân;Waterschap;"
            "931.298;extra column\n",
            "utf-8",
        ),
        (
            "Opmerking,Code,Naam,Aliassen,Soort,Omvang\nx,WS01,Súdwest-Fryslân,SWF|Sudwest,"
            'waterschap,"931.298"\n\n',
            "cp1252",
        ),
    ],
    ids=["semicolon-bom", "comma-cp1252", "english-extra-column", "dutch-aliases-blank-line"],
)
def test_registry_file_in_every_accepted_form(tmp_path: Path, text: str, encoding: str):
    registry = read_registry(_write(tmp_path, text, encoding=encoding))
    assert registry.codes == ["WS01"]
    assert registry.names == {"WS01": "Súdwest-Fryslân"}
    assert registry.kind == "waterschap"
    assert registry.frame["size"].tolist() == [931298.0]
    assert registry.source == "organisaties.csv"
    assert registry.match("sudwest fryslan") == "WS01"
    assert list(registry.frame.columns) == ["code", "name", "aliases", "kind", "size"]


ROW_2 = "organisaties.csv: rij 2, kolom"
ROW_3 = "organisaties.csv: rij 3, kolom"
REPEATED = "namen en aliassen moeten één organisatie aanwijzen"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "naam;soort\nEde;gemeente\n",
            "organisaties.csv: rij 1: kolom code ontbreekt (kopregel: naam, soort); "
            "toegestaan: code, cbs_code, cbs-code, cbscode, cbs code",
        ),
        (
            "code,soort\nGM1,gemeente\n",
            "organisaties.csv: rij 1: kolom naam ontbreekt (kopregel: code, soort); "
            "toegestaan: name, naam",
        ),
        (
            "code;naam\nGM1;Ede\n;Epe\n",
            f"{ROW_3} code: leeg; elke organisatie heeft een code (bijvoorbeeld GM0363)",
        ),
        (
            'code;naam\n"=HYPERLINK(""http://x"")";Ede\n',
            f"{ROW_2} code: '=HYPERLINK(\"http://x\")' is geen geldige code: alleen letters, "
            "cijfers, '.', '_' en '-', ten hoogste 40 tekens, beginnend met een letter of cijfer",
        ),
        (
            "code;naam\n../x;Ede\n",
            f"{ROW_2} code: '../x' is geen geldige code: alleen letters, cijfers, '.', '_' en "
            "'-', ten hoogste 40 tekens, beginnend met een letter of cijfer",
        ),
        ("code;naam\nGM1;Ede\nGM1;Epe\n", f"{ROW_3} code: code 'GM1' staat ook in rij 2"),
        (
            "code;naam\nGM1;Den Haag\nGM2;den-haag\n",
            f"{ROW_3} naam: 'den-haag' is ook een naam, alias of code van GM1 (rij 2); {REPEATED}",
        ),
        (
            "code;naam;aliassen\nGM1;Ede;Ee\nGM2;Epe;ee\n",
            f"{ROW_3} aliassen: 'ee' is ook een naam, alias of code van GM1 (rij 2); {REPEATED}",
        ),
        (
            "code;naam;aliassen\nGM1;Ede;\nGM2;Epe;gm1\n",
            f"{ROW_3} aliassen: 'gm1' is ook een naam, alias of code van GM1 (rij 2); {REPEATED}",
        ),
        ("code;naam\nGM1;  \n", f"{ROW_2} naam: leeg voor GM1; elke organisatie heeft een naam"),
        ("code;naam\nGM1;-.-\n", f"{ROW_2} naam: '-.-' is alleen streepjes en punten; geen naam"),
        (
            "code;naam;soort\nGM1;Ede;stad\n",
            f"{ROW_2} soort: 'stad' is geen soort; toegestaan: provincie, gemeente, waterschap, "
            "organisatie",
        ),
        (
            "code;naam;inwoners\nGM1;Ede;-5\n",
            f"{ROW_2} omvang: '-5' is geen getal van 0 of meer (bijvoorbeeld 931298)",
        ),
        (
            "code;naam;inwoners\nGM1;Ede;veel\n",
            f"{ROW_2} omvang: 'veel' is geen getal van 0 of meer (bijvoorbeeld 931298)",
        ),
        (
            "code;naam\nGM1;Bergen (NH)\nGM2;Bergen NH\n",
            f"{ROW_3} naam: 'Bergen NH' geeft dezelfde bestandsnaam (bergen-nh) als rij 2; "
            "maak de namen verschillend",
        ),
        (
            "code;naam\n" + "".join(f"GM{i};Gemeente {i}\n" for i in range(5001)),
            "organisaties.csv: rij 5002: meer dan 5000 organisaties; splits het register of "
            "laat rijen weg",
        ),
    ],
    ids=[
        "no-code-column",
        "no-name-column",
        "empty-code",
        "formula-code",
        "path-code",
        "repeated-code",
        "repeated-name",
        "repeated-alias",
        "alias-is-a-code",
        "empty-name",
        "dashes-name",
        "unknown-kind",
        "negative-size",
        "text-size",
        "same-file-name",
        "too-many-rows",
    ],
)
def test_registry_errors_name_file_row_and_column(tmp_path: Path, text: str, message: str):
    with pytest.raises(RegistryError) as raised:
        read_registry(_write(tmp_path, text))
    assert str(raised.value) == message


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZâëïóüÿß0123456789"
_NAME = st.text(_LETTERS + " -'.,;\"()&", min_size=1, max_size=24)
_CODE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,11}", fullmatch=True)
_ROW = st.fixed_dictionaries(
    {
        "code": _CODE,
        "name": _NAME,
        "aliases": st.lists(_NAME | st.from_regex(r"[A-Z]{2,3}", fullmatch=True), max_size=2),
        "kind": st.sampled_from(KINDS),
        "size": st.none() | st.integers(0, 10**8),
    }
)


def _distinct(rows: list[dict]) -> list[dict]:
    """The rows a valid registry can hold: every name, alias and code points at one row, file
    names differ, no name is only dashes and dots (the rows that would clash are left out)."""
    kept, taken, slugs = [], set(), set()
    for row in rows:
        name = " ".join(row["name"].split())
        aliases = list(dict.fromkeys(a for a in (" ".join(a.split()) for a in row["aliases"]) if a))
        keys = {_key(t) for t in [row["code"], name, *aliases]}
        if not _key(name) or "" in keys or keys & taken or file_slug(name) in slugs:
            continue
        taken |= keys
        slugs.add(file_slug(name))
        kept.append(row | {"name": name, "aliases": aliases})
    return kept


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(_ROW, min_size=1, max_size=12), delimiter=st.sampled_from([";", ","]))
def test_any_valid_registry_round_trips_and_every_name_finds_its_code(
    tmp_path: Path, rows: list[dict], delimiter: str
):
    rows = _distinct(rows)
    if not rows:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["code", "naam", "aliassen", "soort", "inwoners"])
    for row in rows:
        size = "" if row["size"] is None else row["size"]
        writer.writerow([row["code"], row["name"], "|".join(row["aliases"]), row["kind"], size])
    registry = read_registry(_write(tmp_path, buffer.getvalue()))
    assert registry.codes == [row["code"] for row in rows]
    assert registry.names == {row["code"]: row["name"] for row in rows}
    assert registry.frame["kind"].tolist() == [row["kind"] for row in rows]
    sizes = [float("nan") if r["size"] is None else float(r["size"]) for r in rows]
    assert registry.frame["size"].tolist() == pytest.approx(sizes, nan_ok=True)
    for row in rows:
        for text in [row["code"], row["name"], *row["aliases"]]:
            assert registry.match(text) == row["code"], text


# ----------------------------------------------------------------------------- reading exports
def _gemeenten() -> Registry:
    return Registry.from_rows(
        [
            {"code": "GM0344", "name": "Utrecht", "kind": "gemeente"},
            {"code": "GM0307", "name": "Amersfoort", "kind": "gemeente"},
            {"code": "GM0355", "name": "Zeist", "kind": "gemeente"},
        ],
        "organisaties.csv",
    )


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Organisatie", "province"),
        ("Naam organisatie", "province"),
        ("Uw gemeente", "province"),
        ("Waterschap", "province"),
        ("Organisation", "province"),
        ("Gemeentelijk", "unmapped"),
        ("Organisaties", "unmapped"),
    ],
)
def test_wide_headers_that_name_the_organisation(header: str, kind: str):
    assert classify_header(header, INSTRUMENT).kind == kind


def test_tidy_names_outside_the_registry_say_its_kind_and_a_few_names():
    rows = [
        ["gemeente", "vraag", "huidig", "ambitie"],
        ["Gemeente Utrecht", "VISIE-1", 3, 4],
        ["Utreht", "VISIE-1", 3, 4],
        ["", "VISIE-2", 2, 2],
    ]
    with use_registry(_gemeenten()):
        result = read_tidy(Sheet("antwoorden", rows), INSTRUMENT, file="a.csv")
    assert [s.province for s in result.submissions] == ["GM0344"]
    assert [(i.cell, i.message) for i in result.issues] == [
        (
            "A3",
            "'Utreht' is geen gemeente; toegestaan: de naam of code van een van de 3 gemeenten "
            "uit organisaties.csv: Utrecht (GM0344), Amersfoort (GM0307), Zeist (GM0355); "
            "rij niet gelezen (huidig '3', ambitie '4')",
        ),
        ("A4", "gemeente ontbreekt; rij niet gelezen (huidig '2', ambitie '2')"),
    ]


def test_a_long_registry_lists_names_that_look_alike_not_all_of_them(tmp_path: Path):
    registry = Registry.from_rows(
        [{"code": f"GM{i:04d}", "name": f"Dorp {i}", "kind": "gemeente"} for i in range(400)],
        "organisaties.csv",
    )
    rows = [["organisatie", "vraag", "huidig"], ["Gemeente Dorp 3999", "VISIE-1", 3]]
    rows.append(["Amsterdam", "VISIE-1", 3])
    with use_registry(registry):
        result = read_tidy(Sheet("antwoorden", rows), INSTRUMENT, file="a.csv")
    lead = "is geen gemeente; toegestaan: de naam of code van een van de 400 gemeenten uit "
    assert [i.message for i in result.issues] == [
        f"'Gemeente Dorp 3999' {lead}organisaties.csv; lijkt op: Dorp 399 (GM0399), Dorp 99 "
        "(GM0099), Dorp 39 (GM0039); rij niet gelezen (huidig '3')",
        f"'Amsterdam' {lead}organisaties.csv, bijv. Dorp 0 (GM0000), Dorp 1 (GM0001), "
        "Dorp 2 (GM0002); rij niet gelezen (huidig '3')",
    ]


# ----------------------------------------------------------------------------- questionnaires
def test_questionnaires_per_organisation_with_its_kind_and_a_hidden_list(tmp_path: Path):
    registry = Registry.from_rows(
        [{"code": "WS1", "name": '=HYPERLINK("http://x")', "kind": "waterschap"}]
        + [{"code": f"GM{i}", "name": f"Dorp {i}", "kind": "gemeente"} for i in range(40)],
        "organisaties.csv",
    )
    with use_registry(registry):
        files = write_templates(tmp_path, ["WS1", "gemeente dorp 7"], "2026")
        with pytest.raises(ValueError) as raised:
            write_templates(tmp_path, ["Dorp 77"])
    assert [p.name for p in files] == [
        "zelfevaluatie_bim_hyperlink-http-x_2026.xlsx",
        "zelfevaluatie_bim_dorp-7_2026.xlsx",
        "kosten.xlsx",
    ]
    assert str(raised.value) == (
        "onbekende organisatie(s): 'Dorp 77'; toegestaan: de naam of code van een van de 41 "
        "organisaties uit organisaties.csv; lijkt op: Dorp 7 (GM7), Dorp 37 (GM37), Dorp 27 (GM27)"
    )
    book = openpyxl.load_workbook(files[0])
    assert book.sheetnames[-1] == "Lijsten" and book["Lijsten"].sheet_state == "hidden"
    details = book["Gegevens"]
    assert [details["A3"].value, details["B3"].value, details["C3"].value] == [
        "Waterschap",
        '=HYPERLINK("http://x")',
        "Kies uw waterschap.",
    ]
    assert details["B3"].data_type == "s"  # a name, never a formula
    [names, _date] = details.data_validations.dataValidation
    assert (names.type, names.formula1, str(names.sqref)) == ("list", "'Lijsten'!$A$1:$A$41", "B3")
    assert names.prompt == "Kies een organisatie uit de lijst."
    listed = [row[0] for row in book["Lijsten"].iter_rows(values_only=True)]
    assert listed == list(registry.names.values())
    assert book["Rollen en toelichting"]["C3"].value == "Rol van uw waterschap"
    book.close()
    gemeente = openpyxl.load_workbook(files[1])
    assert gemeente["Gegevens"]["A3"].value == "Gemeente"
    assert gemeente["Rollen en toelichting"]["C3"].value == "Rol van uw gemeente"
    gemeente.close()


def test_the_provinces_keep_their_inline_list(tmp_path: Path):
    [form, _costs] = write_templates(tmp_path, ["Zeeland"])
    book = openpyxl.load_workbook(form)
    assert "Lijsten" not in book.sheetnames
    [names, _date] = book["Gegevens"].data_validations.dataValidation
    assert names.formula1 == (
        '"Groningen,Fryslân,Drenthe,Overijssel,Flevoland,Gelderland,Utrecht,Noord-Holland,'
        'Zuid-Holland,Zeeland,Noord-Brabant,Limburg"'
    )
    book.close()


# ----------------------------------------------------------------------------- ingest
@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A raw folder of three municipalities: a tidy CSV with an ``organisatie`` column (Utrecht
    as "Gemeente Utrecht", Amersfoort by code), a wide CSV with ``Naam organisatie``, and a
    questionnaire for Zeist written by ``bimmaturity template`` and filled in."""
    folder = tmp_path / "raw"
    folder.mkdir()
    registry_path = _write(folder, GEMEENTEN)
    (folder / "antwoorden.csv").write_text(
        "organisatie;vraag;huidig;ambitie\n"
        "Gemeente Utrecht;VISIE-1;2;4\n"
        "Gemeente Utrecht;VISIE-2;3;3\n"
        "GM0307;VISIE-1;1;2\n",
        encoding="utf-8",
    )
    (folder / "forms.csv").write_text(
        "E-mail,Naam organisatie,[VISIE-1] Huidige situatie,[VISIE-1] Ambitie\n"
        "a@example.org,Amersfoort,3,5\n",
        encoding="utf-8",
    )
    with use_registry(read_registry(registry_path)):
        [form, _costs] = write_templates(tmp_path / "forms", ["Zeist"], "1")
    fill_template(form, folder / "zeist.xlsx")
    return folder


def test_ingest_reads_every_answer_with_the_folders_registry(tmp_path: Path, raw: Path):
    processed = tmp_path / "processed"
    ingest(raw, processed, salt_path=tmp_path / "salt")
    data = load_processed(processed)
    assert data.registry == read_registry(raw / "organisaties.csv")
    assert active_registry() == data.registry  # loading makes it the one in use
    # few answers per respondent: warnings, never errors
    assert data.issues["severity"].tolist() == ["warning"] * 3
    assert set(data.issues["message"].str.slice(0, 25)) == {
        "respondent heeft maar 1 v",
        "respondent heeft maar 2 v",
    }
    counts = data.answers.groupby("province").size().to_dict()
    assert counts == {"GM0307": 2, "GM0344": 2, "GM0355": len(QUESTIONS)}
    utrecht = data.answers[data.answers["province"] == "GM0344"].sort_values("question")
    assert utrecht[["question", "current", "ambition"]].values.tolist() == [
        ["VISIE-1", 2, 4],
        ["VISIE-2", 3, 3],
    ]
    assert data.registry.sizes()["population_2024"].tolist() == [374238.0, 160000.0, 66000.0]


def test_registry_option_overrides_the_folder_and_changes_what_is_current(
    tmp_path: Path, raw: Path
):
    other = _write(tmp_path, GEMEENTEN.replace("GM0344", "UTR"), "andere.csv")
    processed = tmp_path / "processed"
    salt = tmp_path / "salt"
    ingest(raw, processed, salt_path=salt)
    assert ingest_is_current(raw, processed, salt_path=salt)
    assert ingest_is_current(raw, processed, salt_path=salt, registry=_registry_of(raw))
    assert not ingest_is_current(raw, processed, salt_path=salt, registry=read_registry(other))

    args = ["ingest", "--raw", str(raw), "--processed", str(processed), "--registry", str(other)]
    code, out, err = cli_in_process(args, tmp_path)
    assert (code, err) == (0, "")
    assert "3 gemeenten" in out
    data = load_processed(processed)
    assert data.registry == read_registry(other)
    assert sorted(data.answers["province"].unique()) == ["GM0307", "GM0355", "UTR"]


def _registry_of(raw: Path) -> Registry:
    return read_registry(raw / "organisaties.csv")


def test_an_invalid_registry_stops_ingest_naming_the_row(tmp_path: Path, raw: Path):
    bad = _write(tmp_path, "code;naam\nGM1;Ede\nGM1;Epe\n", "fout.csv")
    processed = tmp_path / "processed"
    args = ["ingest", "--raw", str(raw), "--processed", str(processed), "--registry", str(bad)]
    code, out, err = cli_in_process(args, tmp_path)
    assert (code, out) == (1, "")
    assert err == "Fout: fout.csv: rij 3, kolom code: code 'GM1' staat ook in rij 2\n"
    assert not processed.exists()
    (raw / "organisaties.csv").write_text("code;naam\nGM1;\n", encoding="utf-8")
    code, _, err = cli_in_process(args[:-2], tmp_path)
    assert code == 1
    assert err == (
        "Fout: organisaties.csv: rij 2, kolom naam: leeg voor GM1; elke organisatie heeft een "
        "naam\n"
    )


def test_collect_with_the_provinces_refuses_municipalities(tmp_path: Path, raw: Path):
    (raw / "organisaties.csv").unlink()
    collected = collect(raw, salt="zout", registry=default_registry())
    messages = sorted({re.sub(r"; .*", "", i.message) for i in collected.issues})
    assert messages == [
        "'Amersfoort' is geen provincie",
        "'GM0307' is geen provincie",
        "'Gemeente Utrecht' is geen provincie",
        "'Zeist' is geen provincie",
    ]
    assert collected.answers.empty
    assert isinstance(collected.answers, pd.DataFrame)


def test_template_and_survey_problems_say_the_registrys_kind(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    registry = read_registry(_write(raw, GEMEENTEN))
    with use_registry(registry):
        [form, _costs] = write_templates(tmp_path / "forms", ["Zeist"])
    fill_template(form, raw / "zeist.xlsx", details={"Gemeente": "Utreht"})
    (raw / "forms.csv").write_text(
        "E-mail,[VISIE-1] Huidige situatie\na@example.org,3\n", encoding="utf-8"
    )
    collected = collect(raw, salt="zout")
    assert [(i.file, i.sheet, i.cell, i.message) for i in collected.issues] == [
        (
            "forms.csv",
            "",  # a CSV has no sheet
            "A1",
            "geen kolom met de gemeente gevonden (kop met 'Provincie', 'Organisatie', "
            "'Gemeente', 'Waterschap', 'Province' of 'Organisation'); geen enkele rij gelezen",
        ),
        (
            "zeist.xlsx",
            "Gegevens",
            "B3",
            "'Utreht' is geen gemeente; toegestaan: de naam of code van een van de 3 gemeenten "
            "uit organisaties.csv: Utrecht (GM0344), Amersfoort (GM0307), Zeist (GM0355); de "
            "vragenlijst is niet gelezen",
        ),
    ]


def test_a_provinces_export_with_a_municipality_column_reads_the_province(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "forms.csv").write_text(
        "E-mail,In welke gemeente werkt u?,Provincie,[VISIE-1] Huidige situatie\n"
        "a@example.org,Utrecht,Zeeland,3\n",
        encoding="utf-8",
    )
    (raw / "tidy.csv").write_text(
        "gemeente;provincie;vraag;huidig\nUtrecht;Fryslân;VISIE-1;2\n", encoding="utf-8"
    )
    collected = collect(raw, salt="zout")
    assert sorted(collected.answers["province"]) == ["PV21", "PV29"]
    columns = [i for i in collected.issues if "kolom" in i.message]  # not: few answers
    assert [(i.file, i.cell, i.severity, i.message) for i in columns] == [
        (
            "forms.csv",
            "B1",
            "warning",
            "kolom 'In welke gemeente werkt u?' is niet gelezen: de provincie staat in kolom "
            "'Provincie' (C1)",
        ),
    ]
    with use_registry(_gemeenten()):  # for municipalities, the other way round
        collected = collect(raw, salt="zout", registry=_gemeenten())
    assert sorted(collected.answers["province"]) == ["GM0344", "GM0344"]


def test_an_unknown_name_given_by_a_person_lists_at_most_twelve():
    registry = Registry.from_rows(
        [{"code": f"GM{i}", "name": f"Dorp {i}", "kind": "gemeente"} for i in range(400)]
    )
    with pytest.raises(ValueError) as raised:
        registry.code("Amsterdam")
    listed = ", ".join(f"Dorp {i} (GM{i})" for i in range(12))
    assert str(raised.value) == (
        f"'Amsterdam' is geen gemeente. Kies een naam of code: {listed}, ... (400 in totaal)."
    )
