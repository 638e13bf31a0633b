"""The bad-input catalogue: every way an export can be wrong, through the real CLI.

Each case writes real files (openpyxl, csv, raw bytes) into a fresh raw folder, runs
``bimmaturity ingest`` and asserts the exit code (1 for errors, 0 for warnings only) and the
exact message, which names the file and the cell or row. The cases run in process through
``bimmaturity.cli.main`` (what the console script calls) for speed; a sample of them also runs
as ``python -m bimmaturity.cli`` subprocesses, in parallel, and must give the same exit code
and messages. A hypothesis test feeds random cell contents to the wide reader.
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_ingest_support import (
    INSTRUMENT,
    QUESTIONS,
    answer_headers,
    cli_in_process,
    cli_subprocess,
    fake_encrypted_workbook,
    fill_template,
    forms_row,
    forms_sheet,
    person,
    set_cell_xml,
    snapshot,
    tidy_rows,
    write_csv,
    write_xlsx,
)

from bimmaturity.input.grid import Sheet, column_letter
from bimmaturity.input.readers.wide import read_wide
from bimmaturity.issues import Issue
from bimmaturity.questionnaire import write_templates

ALLOWED = "toegestaan: 1-5, Initieel..Geoptimaliseerd of n.v.t."
FORM = "2020/Form1-export.xlsx, blad Form1"


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("templates")
    write_templates(out, ["Zeeland", "Utrecht"], "2022")
    return out


def _forms(raw: Path, rows: list[list], *, name: str = "2020/Form1-export.xlsx", **kw) -> Path:
    return write_xlsx(raw / name, {"Form1": forms_sheet(rows)}, **kw)


def _with_first_answer(value, *, rows: int = 1, at: int | None = None) -> Callable[[Path], None]:
    """A Forms export of ``rows`` respondents; respondent ``at`` (default last) answers
    ``value`` for VISIE-1 current (column H)."""
    at = rows if at is None else at

    def build(raw: Path, _templates: Path) -> None:
        data = []
        for index in range(1, rows + 1):
            answers = [3, 4] * len(QUESTIONS)
            if index == at:
                answers[0] = value
            data.append(forms_row(index, answers=answers))
        _forms(raw, data)

    return build


def _headers_changed(changes: dict[int, str]) -> Callable[[Path, Path], None]:
    """A Forms export with answer header number i (0 = H1) replaced."""

    def build(raw: Path, _templates: Path) -> None:
        sheet = forms_sheet([forms_row(1)])
        for offset, header in changes.items():
            sheet[0][7 + offset] = header
        write_xlsx(raw / "2020/Form1-export.xlsx", {"Form1": sheet})

    return build


def _file(name: str, data: bytes) -> Callable[[Path, Path], None]:
    def build(raw: Path, _templates: Path) -> None:
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        _forms(raw, [forms_row(1)], name="2020/goed.xlsx")

    return build


def _valid_xlsx_bytes(tmp: Path) -> bytes:
    return _forms(tmp, [forms_row(1)], name="x.xlsx").read_bytes()


# ----------------------------------------------------------------------------- the cases
def build_truncated(raw: Path, _t: Path) -> None:
    data = _valid_xlsx_bytes(raw / ".." / "scratch")
    (raw / "2020").mkdir(parents=True)
    (raw / "2020/afgebroken.xlsx").write_bytes(data[: len(data) // 2])


def build_not_zip(raw: Path, _t: Path) -> None:
    (raw / "2020").mkdir(parents=True)
    (raw / "2020/tekst.xlsx").write_text("ID;Provincie\n1;Zeeland\n", encoding="utf-8")


def build_word(raw: Path, _t: Path) -> None:
    (raw / "2020").mkdir(parents=True)
    with zipfile.ZipFile(raw / "2020/verslag.xlsx", "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")


def build_empty_workbook(raw: Path, _t: Path) -> None:
    write_xlsx(raw / "2020/leeg.xlsx", {"Blad1": []})


def build_no_layout(raw: Path, _t: Path) -> None:
    write_xlsx(
        raw / "2020/lijst.xlsx",
        {"Blad1": [["Onderwerp", "Aantal"], ["Bruggen", 12], ["Wegen", 40]]},
    )


def build_utf16(raw: Path, _t: Path) -> None:
    write_csv(raw / "zeeland.csv", tidy_rows("Zeeland"), delimiter="\t", encoding="utf-16")


def build_undecodable(raw: Path, _t: Path) -> None:
    data = b"provincie;respondent;vraag;huidig;ambitie\r\nZeeland;a;VISIE-1;3;4\r\n"
    (raw / "zeeland.csv").write_bytes(data.replace(b"Zeeland", b"Zee\x81land"))


def build_unknown_province_tidy(raw: Path, _t: Path) -> None:
    rows = tidy_rows("Zeeland")
    rows[1][0] = "Hollandia"
    write_csv(raw / "zeeland.csv", rows)


def build_unknown_question_tidy(raw: Path, _t: Path) -> None:
    rows = tidy_rows("Zeeland")
    rows[1][2] = "VISIE-7"
    write_csv(raw / "zeeland.csv", rows, delimiter=",", encoding="cp1252")


def build_tidy_conflict(raw: Path, _t: Path) -> None:
    rows = tidy_rows("Zeeland", "team")
    rows.append(["Zeeland", "team", "VISIE-1", 2, 4, ""])
    write_csv(raw / "zeeland.csv", rows)


def build_role(raw: Path, _t: Path) -> None:
    sheet = forms_sheet([[*forms_row(1), "Leiden"]])
    sheet[0].append("[VISIE rol] Welke rol wil uw provincie spelen?")
    write_xlsx(raw / "2020/Form1-export.xlsx", {"Form1": sheet})


def build_unknown_province(raw: Path, _t: Path) -> None:
    _forms(raw, [forms_row(1, "Holland")])


def build_province_is_email(raw: Path, _t: Path) -> None:
    _name, email = person(1)
    _forms(raw, [forms_row(1, email)])


def build_no_province_column(raw: Path, _t: Path) -> None:
    sheet = forms_sheet([forms_row(1)])
    for row in sheet:
        del row[6]
    write_xlsx(raw / "2020/Form1-export.xlsx", {"Form1": sheet})


def build_template_conflict(raw: Path, templates: Path) -> None:
    source = templates / "zelfevaluatie_bim_zeeland_2022.xlsx"
    fill_template(source, raw / "2022/zeeland_a.xlsx", {"VISIE-1": (2, 4), "VISIE-2": (3, 4)})
    fill_template(source, raw / "2022/zeeland_b.xlsx", {"VISIE-1": (3, 4), "VISIE-2": (3, 4)})


def build_tidy_conflict_two_files(raw: Path, _t: Path) -> None:
    header = ["provincie", "vraag", "huidig", "ambitie"]
    write_csv(raw / "2020/zeeland_a.csv", [header, ["Zeeland", "VISIE-1", 3, 4]])
    write_csv(raw / "2020/zeeland_b.csv", [header, ["PV29", "VISIE-1", 2, 4]], delimiter=",")


def build_template_province(raw: Path, templates: Path) -> None:
    fill_template(
        templates / "zelfevaluatie_bim_zeeland_2022.xlsx",
        raw / "2022/vragenlijst.xlsx",
        details={"Provincie": "Hollandia"},
    )


def build_na(raw: Path, _t: Path) -> None:
    answers = [3, 4] * len(QUESTIONS)
    answers[0] = "#N/A"  # openpyxl stores this as an error cell (t="e"), as Excel does
    _forms(raw, [forms_row(1, answers=answers)])


def build_div0(raw: Path, _t: Path) -> None:
    path = _forms(raw, [forms_row(1)])
    set_cell_xml(path, "H2", '<c r="H2" t="e"><f>A2/0</f><v>#DIV/0!</v></c>')


def build_formula_uncached(raw: Path, _t: Path) -> None:
    answers = [3, 4] * len(QUESTIONS)
    answers[0] = "=2+2"  # openpyxl writes the formula without a stored result
    _forms(raw, [forms_row(1, answers=answers)])


def build_formula_cached(raw: Path, _t: Path) -> None:
    path = _forms(raw, [forms_row(1)])
    set_cell_xml(path, "H2", '<c r="H2"><f>2+2</f><v>4</v></c>')


def build_merged(raw: Path, _t: Path) -> None:
    answers = [3, 4] * len(QUESTIONS)
    answers[1] = None
    _forms(raw, [forms_row(1, answers=answers)], merged={"Form1": ["H2:I2"]})


def build_hidden(raw: Path, _t: Path) -> None:
    write_xlsx(
        raw / "2020/Form1-export.xlsx",
        {
            "Form1": forms_sheet([forms_row(1), forms_row(2)]),
            "Form1 (oud)": forms_sheet([forms_row(3), forms_row(4)]),
        },
        hidden=["Form1 (oud)"],
    )


def build_lock_file(raw: Path, _t: Path) -> None:
    _forms(raw, [forms_row(1)])
    (raw / "2020/~$Form1-export.xlsx").write_bytes(b"\x0bbimmaturity" + bytes(150))
    (raw / "2020/.~lock.Form1-export.xlsx#").write_text("x,host,user", encoding="utf-8")


def build_empty_submission(raw: Path, _t: Path) -> None:
    _forms(raw, [forms_row(1), forms_row(2, answers=[None] * 2 * len(QUESTIONS))])


def build_duplicate(raw: Path, _t: Path) -> None:
    name, email = person(1)
    _forms(
        raw,
        [
            forms_row(1, when=datetime(2020, 3, 2, 9, 0)),
            forms_row(2, when=datetime(2020, 3, 9, 9, 0), email=email.upper(), name=name),
        ],
    )


def build_unmapped(raw: Path, _t: Path) -> None:
    sheet = forms_sheet([[*forms_row(1), "iets"]])
    sheet[0].append("Opmerkingen algemeen")
    write_xlsx(raw / "2020/Form1-export.xlsx", {"Form1": sheet})


def build_below(raw: Path, _t: Path) -> None:
    answers = [3, 4] * len(QUESTIONS)
    answers[0:2] = [4, 2]
    _forms(raw, [forms_row(1, answers=answers)])


def build_mapping(raw: Path, _t: Path) -> None:
    write_csv(raw / "kolommen.csv", [["header", "target"], ["Stelling 1", "VISIE-9:current"]])
    _forms(raw, [forms_row(1)])


UNMAPPED_COLUMN = column_letter(7 + 2 * len(QUESTIONS))


@dataclass
class Case:
    id: str
    build: Callable[[Path, Path], None]
    code: int
    expect: list[str]
    args: list[str] = field(default_factory=list)
    check: Callable[[Path], None] | None = None


def _answer(processed: Path, question: str = "VISIE-1") -> float:
    answers = pd.read_parquet(processed / "answers.parquet")
    return answers.loc[answers["question"] == question, "current"].iloc[0]


def _hidden_not_read(processed: Path) -> None:
    answers = pd.read_parquet(processed / "answers.parquet")
    assert answers["respondent"].nunique() == 2  # the visible sheet's two rows only
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"][0]["hidden_sheets"] == ["Form1 (oud)"]


def _skipped(processed: Path) -> None:
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in manifest["skipped"]] == [
        "2020/.~lock.Form1-export.xlsx#",
        "2020/~$Form1-export.xlsx",
    ]


CASES = [
    Case(
        "level-text",
        _with_first_answer("vijf", rows=6),
        1,
        [f"{FORM}, cel H7: 'vijf' is geen niveau; {ALLOWED}"],
    ),
    Case(
        "level-fraction",
        _with_first_answer(3.5),
        1,
        [f"{FORM}, cel H2: '3.5' is geen heel getal; {ALLOWED}"],
    ),
    Case(
        "level-zero",
        _with_first_answer(0),
        1,
        [f"{FORM}, cel H2: '0' valt buiten de schaal; {ALLOWED}"],
    ),
    Case(
        "level-six-text",
        _with_first_answer("6"),
        1,
        [f"{FORM}, cel H2: '6' valt buiten de schaal; {ALLOWED}"],
    ),
    Case(
        "level-number-label-disagree",
        _with_first_answer("3 - Gedefinieerd"),
        1,
        [
            f"{FORM}, cel H2: '3 - Gedefinieerd': getal en label spreken elkaar tegen "
            f"(3 is Beheerst); {ALLOWED}"
        ],
    ),
    Case(
        "level-unknown-label",
        _with_first_answer("2 - Gevorderd"),
        1,
        [f"{FORM}, cel H2: '2 - Gevorderd' is geen niveau; {ALLOWED}"],
    ),
    Case(
        "level-zero-text-lenient",
        _with_first_answer("0"),
        0,
        [f"{FORM}, cel H2: '0' valt buiten de schaal; {ALLOWED}"],
        ["--lenient"],
        check=lambda p: math.isnan(_answer(p)),
    ),
    Case(
        "unknown-province",
        build_unknown_province,
        1,
        [
            f"{FORM}, cel G2: 'Holland' is geen provincie; toegestaan: de twaalf provincienamen "
            "(bijv. Fryslân, Noord-Brabant) of hun CBS-code (PV20..PV31); de "
            f"{2 * len(QUESTIONS)} ingevulde "
            "antwoordcel(len) van deze rij zijn niet gelezen"
        ],
    ),
    Case(
        "province-cell-holds-email",
        build_province_is_email,
        1,
        [f"{FORM}, cel G2: (naam of e-mailadres; niet getoond) is geen provincie"],
    ),
    Case(
        "unknown-province-tidy",
        build_unknown_province_tidy,
        1,
        [
            "zeeland.csv, cel A2: 'Hollandia' is geen provincie; toegestaan: de twaalf "
            "provincienamen of hun CBS-code (PV20..PV31); rij niet gelezen (huidig '3', "
            "ambitie '4')"
        ],
    ),
    Case(
        "no-province-column",
        build_no_province_column,
        1,
        [f"{FORM}, cel A1: geen kolom met de provincie gevonden"],
    ),
    Case(
        "unknown-question-header",
        _headers_changed({0: "VISIE-9 Huidige situatie"}),
        1,
        [
            f"{FORM}, cel H1: kolomkop 'VISIE-9 Huidige situatie': vraagcode 'VISIE-9' bestaat "
            "niet in het instrument; toegestaan: VISIE-1, VISIE-2, VISIE-3, ... KETEN-3"
        ],
    ),
    Case(
        "unknown-question-tidy",
        build_unknown_question_tidy,
        1,
        [
            "zeeland.csv, cel C2: 'VISIE-7' is geen vraagcode van het instrument; toegestaan: "
            "VISIE-1 .. KETEN-3 of ELEMENT:rol; rij niet gelezen (huidig '3', ambitie '4')"
        ],
    ),
    Case(
        "code-without-measure-word",
        _headers_changed({0: "VISIE-1 Er is een visie"}),
        1,
        [
            f"{FORM}, cel H1: kolomkop 'VISIE-1 Er is een visie' noemt vraag VISIE-1 maar niet "
            "of het de huidige situatie (huidig, nu, current of 'Huidige situatie') of de "
            "ambitie (ambitie, doel, gewenst, target of 'Ambitie') is"
        ],
    ),
    Case(
        "both-measure-words",
        _headers_changed({0: "VISIE-1 huidig en ambitie"}),
        1,
        [
            f"{FORM}, cel H1: kolomkop 'VISIE-1 huidig en ambitie' noemt zowel huidige situatie "
            "als ambitie; één kolom moet één van beide zijn"
        ],
    ),
    Case(
        "same-column-twice",
        _headers_changed({2: "[VISIE-1] huidige situatie (kopie)"}),
        1,
        [
            f"{FORM}, cel J1: kolom '[VISIE-1] huidige situatie (kopie)' (J1) en kolom "
            "'VISIE-1 Huidige situatie: Er is een door het bestuur vastgestelde visie op BI"
            "...' (H1) gaan over hetzelfde (VISIE-1 huidige situatie); laat één van beide weg"
        ],
    ),
    Case(
        "xls",
        _file("2020/oud.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        1,
        ["2020/oud.xls: oud Excel-formaat (.xls) wordt niet gelezen; sla het bestand op als .xlsx"],
    ),
    Case(
        "xls-named-xlsx",
        _file("2020/oud.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        1,
        [
            "2020/oud.xlsx: dit is een oud Excel-bestand (.xls-formaat) met de extensie .xlsx; "
            "open het in Excel en sla het op als Excel-werkmap (.xlsx)"
        ],
    ),
    Case(
        "ods",
        _file("2020/export.ods", b"PK\x03\x04mimetypeapplication/vnd.oasis"),
        1,
        [
            "2020/export.ods: OpenDocument-werkmap (.ods) wordt niet gelezen; sla het bestand op "
            "als .xlsx"
        ],
    ),
    Case(
        "password-protected",
        _file("2020/beveiligd.xlsx", fake_encrypted_workbook()),
        1,
        [
            "2020/beveiligd.xlsx: werkmap is met een wachtwoord beveiligd (versleuteld) en kan "
            "niet worden gelezen; sla haar op zonder wachtwoord (Bestand > Info > Werkmap "
            "beveiligen)"
        ],
    ),
    Case(
        "truncated-xlsx",
        build_truncated,
        1,
        [
            "2020/afgebroken.xlsx: geen geldig .xlsx-bestand (afgebroken of geen Excel-werkmap); "
            "sla het opnieuw op als .xlsx"
        ],
    ),
    Case(
        "non-zip-xlsx",
        build_not_zip,
        1,
        [
            "2020/tekst.xlsx: geen geldig .xlsx-bestand (afgebroken of geen Excel-werkmap); sla "
            "het opnieuw op als .xlsx"
        ],
    ),
    Case(
        "word-document-as-xlsx",
        build_word,
        1,
        [
            "2020/verslag.xlsx: geen Excel-werkmap maar een Word-document met de extensie .xlsx; "
            "lever de export aan als .xlsx"
        ],
    ),
    Case(
        "empty-workbook",
        build_empty_workbook,
        1,
        ["2020/leeg.xlsx: werkmap of bestand is leeg; er is niets te lezen"],
    ),
    Case(
        "no-recognisable-layout",
        build_no_layout,
        1,
        [
            "2020/lijst.xlsx, blad Blad1: indeling niet herkend: geen antwoordkolommen (vraagcode "
            "+ huidig/ambitie), geen tabel met provincie/vraag/huidig/ambitie en geen ingevulde "
            "vragenlijst (kolommen Code, Huidige situatie, Ambitie)"
        ],
    ),
    Case(
        "csv-utf16",
        build_utf16,
        1,
        [
            "zeeland.csv: tekenset UTF-16/Unicode-tekst wordt niet gelezen; sla het bestand op "
            "als 'CSV UTF-8 (door komma's gescheiden)' of 'CSV (puntkomma's)'"
        ],
    ),
    Case(
        "csv-undecodable",
        build_undecodable,
        1,
        [
            "zeeland.csv: tekenset niet herkend (geen UTF-8 en geen Windows-1252); sla het "
            "bestand op als 'CSV UTF-8 (door komma's gescheiden)'"
        ],
    ),
    Case(
        "role-not-a-role",
        build_role,
        1,
        [
            f"{FORM}, cel BV2: 'Leiden' is geen rol; toegestaan: Trekken, Meedoen, Volgen, Geen "
            "interesse of leeg"
        ],
    ),
    Case(
        "template-conflict-two-files",
        build_template_conflict,
        1,
        [
            "2022/zeeland_b.xlsx, blad Vragen, cel C6: VISIE-1 (huidige situatie) is 3 hier maar "
            "2 in 2022/zeeland_a.xlsx, blad Vragen, cel C6; dezelfde respondent (of dezelfde "
            "provincie), tegenstrijdige antwoorden: houd één van beide"
        ],
    ),
    Case(
        "tidy-conflict-two-files",
        build_tidy_conflict_two_files,
        1,
        [
            "2020/zeeland_b.csv, cel C2: VISIE-1 (huidige situatie) is 2 hier maar 3 in "
            "2020/zeeland_a.csv, cel C2; dezelfde respondent (of dezelfde provincie), "
            "tegenstrijdige antwoorden: houd één van beide"
        ],
    ),
    Case(
        "template-unknown-province",
        build_template_province,
        1,
        [
            "2022/vragenlijst.xlsx, blad Gegevens, cel B3: 'Hollandia' is geen provincie; "
            "toegestaan: de twaalf provincienamen (bijv. Fryslân, Noord-Brabant) of hun CBS-code "
            "(PV20..PV31); de vragenlijst is niet gelezen"
        ],
    ),
    Case(
        "excel-error-na",
        build_na,
        1,
        [
            f"{FORM}, cel H2: Excel-foutwaarde #N/A in plaats van een waarde (een formule of "
            "koppeling in deze cel geeft een fout); vul de waarde zelf in"
        ],
    ),
    Case(
        "excel-error-div0",
        build_div0,
        1,
        [f"{FORM}, cel H2: Excel-foutwaarde #DIV/0! in plaats van een waarde"],
    ),
    Case(
        "formula-without-result",
        build_formula_uncached,
        1,
        [
            f"{FORM}, cel H2: formule =2+2 zonder opgeslagen uitkomst (het bestand is niet in "
            "Excel opgeslagen); formules worden nooit uitgerekend: open en bewaar het bestand in "
            "Excel, of vul de waarde zelf in"
        ],
    ),
    Case("formula-with-result", build_formula_cached, 0, [], check=lambda p: _answer(p) == 4),
    Case(
        "merged-over-answers",
        build_merged,
        1,
        [
            f"{FORM}, cel I2: cel valt in de samengevoegde cellen H2:I2; de waarde staat alleen in "
            "H2 en geldt niet voor deze cel: maak de samenvoeging ongedaan en vul elke cel apart "
            "in"
        ],
    ),
    Case(
        "hidden-sheet",
        build_hidden,
        1,
        [
            "2020/Form1-export.xlsx, blad Form1 (oud): verborgen blad met antwoorden (wide, 3 "
            "gevulde rijen) is niet gelezen: is het een oude kopie of tellen deze antwoorden mee? "
            "Maak het blad zichtbaar om het te laten lezen, of verwijder het"
        ],
    ),
    Case(
        "hidden-sheet-lenient",
        build_hidden,
        0,
        ["2020/Form1-export.xlsx, blad Form1 (oud): verborgen blad met antwoorden"],
        ["--lenient"],
        check=_hidden_not_read,
    ),
    Case(
        "lock-files",
        build_lock_file,
        0,
        [
            "2020/~$Form1-export.xlsx: overgeslagen: vergrendelbestand van Office/LibreOffice",
            "2020/.~lock.Form1-export.xlsx#: overgeslagen: vergrendelbestand van "
            "Office/LibreOffice",
        ],
        check=_skipped,
    ),
    Case(
        "empty-submission",
        build_empty_submission,
        0,
        [f"{FORM}, rij 3: lege inzending (geopend, niet ingevuld); overgeslagen"],
    ),
    Case(
        "duplicate-submission",
        build_duplicate,
        0,
        [
            f"{FORM}, rij 2: inzending ({len(QUESTIONS)} beantwoorde vragen) vervangen door "
            "een latere van "
            "dezelfde respondent (2020/Form1-export.xlsx, rij 3); alleen de laatste telt"
        ],
    ),
    Case(
        "unmapped-column",
        build_unmapped,
        0,
        [
            f"{FORM}, cel {UNMAPPED_COLUMN}1: kolom 'Opmerkingen algemeen' is niet herkend en niet "
            "gelezen (1 ingevulde cel(len)); leg haar zo nodig vast in kolommen.csv"
        ],
    ),
    Case(
        "ambition-below-current",
        build_below,
        0,
        [
            f"{FORM}, cel I2: VISIE-1: ambitie 2 ligt onder de huidige situatie 4; overgenomen "
            "zoals ingevuld"
        ],
    ),
    Case(
        "tidy-conflicting-rows",
        build_tidy_conflict,
        1,
        [
            "zeeland.csv, rij 35: vraag VISIE-1 staat twee keer voor dezelfde respondent (rij 2 "
            "en rij 35): huidig 3, ambitie 4 tegen huidig 2, ambitie 4; houd één van beide"
        ],
    ),
    Case(
        "mapping-unknown-target",
        build_mapping,
        1,
        [
            "kolommen.csv, rij 2: kolom 'Stelling 1': doel 'VISIE-9:current' is onbekend; "
            "toegestaan: VRAAG:current, VRAAG:ambition, ELEMENT:role, ELEMENT:comment, province, "
            "respondent, email, ignore"
        ],
    ),
]


def _issue_lines(processed: Path) -> str:
    issues = pd.read_csv(processed / "issues.csv", dtype="str", keep_default_na=False)
    return "\n".join(str(Issue(**row)) for row in issues.to_dict("records"))


def _prepare(case: Case, base: Path, templates: Path) -> tuple[Path, Path, list[str]]:
    raw, processed = base / "raw", base / "processed"
    raw.mkdir(parents=True)
    case.build(raw, templates)
    args = ["ingest", "--raw", str(raw), "--processed", str(processed), *case.args]
    return raw, processed, args


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path: Path, templates: Path):
    raw, processed, args = _prepare(case, tmp_path, templates)
    before = snapshot(raw)
    code, out, err = cli_in_process(args, tmp_path)
    assert code == case.code, err or out
    if case.code == 1:
        assert err.startswith("Inlezen gestopt:")
        found = err
        assert not processed.exists(), "processed must stay untouched on errors"
    else:
        assert out.startswith("Ingelezen:")
        found = _issue_lines(processed)
    for expected in case.expect:
        assert expected in found, f"\nexpected: {expected}\nin:\n{found}"
    if case.check is not None:
        assert case.check(processed) is not False
    assert snapshot(raw) == before, "raw files must never change"


def test_catalogue_is_large_enough():
    assert len(CASES) >= 25
    assert {c.code for c in CASES} == {0, 1}


SUBPROCESS_CASES = ["level-text", "template-conflict-two-files", "hidden-sheet-lenient"]


def test_real_cli_subprocesses_agree(tmp_path: Path, templates: Path):
    """``python -m bimmaturity.cli`` gives the same exit codes and messages (run in parallel)."""
    cases = [c for c in CASES if c.id in SUBPROCESS_CASES]
    runs = []
    for case in cases:
        base = tmp_path / case.id
        _raw, processed, args = _prepare(case, base, templates)
        runs.append((case, base, processed, cli_subprocess(args, base)))
    outputs = [process.communicate(timeout=120) for *_, process in runs]
    for (case, base, processed, process), (_out, err) in zip(runs, outputs, strict=True):
        assert process.returncode == case.code, err
        found = err if case.code else _issue_lines(processed)
        for expected in case.expect:
            assert expected in found
        assert (base / ".bimmaturity-salt").is_file()  # the salt went to BIMMATURITY_ROOT
        assert "Traceback" not in err


# ----------------------------------------------------------------------------- random cells
_CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        ["3", " 4 ", "n.v.t.", "weet niet", "2 - Gedefinieerd", "Geïntegreerd (4)", "#N/A"]
    ),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.times(),
    st.timedeltas(min_value=timedelta(days=-1000), max_value=timedelta(days=1000)),
)
_HEADER = ["Provincie", "E-mail", *answer_headers(QUESTIONS[:3]), "[VISIE rol] Welke rol?"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELLS, min_size=9, max_size=9), min_size=1, max_size=4),
    province=st.one_of(st.sampled_from(["Zeeland", "PV31", "Fryslan"]), _CELLS),
)
def test_random_cells_never_crash_the_wide_reader(rows, province):
    grid = [_HEADER] + [[province, *row[1:]] for row in rows]
    sheet = Sheet("Form1", grid)
    result = read_wide(sheet, INSTRUMENT, file="random.xlsx")
    flagged = {issue.cell for issue in result.issues}
    by_row = {s.order: s for s in result.submissions}
    for row_index, row in enumerate(grid[1:], start=1):
        submission = by_row.get(row_index)
        if submission is None:
            # not read: nothing filled in (reported as empty), or the province is reported
            content = row[2:9]
            nothing = all(v is None or (isinstance(v, str) and not v.strip()) for v in content)
            assert nothing or f"A{row_index + 1}" in flagged
            continue
        for offset in range(6):
            column = 2 + offset
            cell = f"{column_letter(column)}{row_index + 1}"
            question = QUESTIONS[offset // 2]
            measure = "current" if offset % 2 == 0 else "ambition"
            level = submission.answers[question][measure]
            value = row[column]
            if cell in flagged:
                assert level is None
            elif level is None:
                assert INSTRUMENT.is_missing(value), (cell, value)
            else:
                assert isinstance(level, int) and 1 <= level <= 5
