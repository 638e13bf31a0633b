"""The Excel questionnaire an organisation fills in, and the empty cost-assumptions table.

``bimmaturity template --out DIR`` writes one workbook per organisation of the active registry
(:mod:`bimmaturity.organisations`; the twelve provinces unless another is in use) with four
sheets:

- ``Instructies``: how to fill it in (Dutch), the level descriptions and the roles;
- ``Gegevens``: labelled cells for the organisation (labelled with its kind: ``Provincie``,
  ``Gemeente``, ``Waterschap`` or ``Organisatie``, with a drop-down of the registry's names),
  the role of the person filling it in, the date, the measurement round (``Meting``) and an
  optional name (only when several people of one organisation each fill in their own copy; it
  is pseudonymised at ingest);
- ``Vragen``: the questions grouped by element, with drop-down lists (Excel data validation)
  for ``Huidige situatie`` and ``Ambitie`` (``1 - Initieel`` .. ``5 - Geoptimaliseerd`` and
  ``n.v.t.``) and a ``Toelichting`` column;
- ``Rollen en toelichting``: per element a drop-down of the collaboration roles and a comment.

A drop-down list that does not fit in Excel's 255 characters (a registry of many
municipalities, for one) is kept on a hidden sheet ``Lijsten`` and the validation refers to its
range. Names are always written as text, never as a formula.

Headers are frozen, the sheets are protected with only the cells to fill in unlocked (no
password: an organisation that must change something can lift it), and the workbook structure is
protected so sheets are not renamed or deleted by accident. The reader
(:mod:`bimmaturity.input.readers.template`) does not rely on any of that: it finds the tables by
their headers. The bytes are the same on every run (fixed timestamps).

Also ``kosten.xlsx`` with the element ids filled in and the amounts empty, for the business
case; an existing ``kosten.xlsx`` is never overwritten.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bimmaturity.example import repack_zip
from bimmaturity.input.costs import COST_COLUMNS
from bimmaturity.input.grid import column_letter
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.organisations import (
    active_registry,
    default_registry,
    file_slug,
    match_province,
    province_name,
)
from bimmaturity.present.format import full_stop
from bimmaturity.vocab import org_words

__all__ = [
    "COST_FILE",
    "cost_workbook_bytes",
    "level_choices",
    "measure_headers",
    "template_bytes",
    "template_filename",
    "write_templates",
]

COST_FILE = "kosten.xlsx"
QUESTIONS_SHEET = "Vragen"
DETAILS_SHEET = "Gegevens"
ROLES_SHEET = "Rollen en toelichting"
INSTRUCTIONS_SHEET = "Instructies"
LISTS_SHEET = "Lijsten"
HEADER_ROW = 4  # Excel row of the questions header

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


def level_choices(instrument: Instrument) -> list[str]:
    """The drop-down choices for an answer cell: ``1 - Initieel`` .. and the first missing word.

    Examples
    --------
    >>> level_choices(default_instrument())[::2]
    ['1 - Initieel', '3 - Beheerst', '5 - Geoptimaliseerd']
    >>> level_choices(default_instrument())[-1]
    'n.v.t.'
    """
    choices = [f"{level.value} - {level.label}" for level in instrument.scale.levels]
    return choices + instrument.scale.missing[:1]


def template_filename(province: str, wave: str | None = None) -> str:
    """The file name of an organisation's questionnaire (by code, in the active registry): its
    name as :func:`~bimmaturity.organisations.file_slug` writes it (unique in a registry).

    Examples
    --------
    >>> template_filename("PV21", "2022")
    'zelfevaluatie_bim_fryslan_2022.xlsx'
    """
    suffix = f"_{file_slug(wave)}" if wave else ""
    return f"zelfevaluatie_bim_{file_slug(province_name(province))}{suffix}.xlsx"


def _text(cell, value: str | None) -> None:
    """Write ``value`` as text: a name such as ``=HYPERLINK(...)`` stays a name, never a
    formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _words(province: str) -> dict[str, str]:
    """The words for one organisation's form (its own kind), plus ``all_orgs`` for the
    registry's organisations together."""
    registry = active_registry()
    return org_words(registry.kind_of(province)) | {"all_orgs": org_words(registry.kind)["orgs"]}


class _Lists:
    """Drop-down lists: inline when they fit Excel's 255-character limit, else on a hidden
    sheet."""

    def __init__(self, workbook: openpyxl.Workbook):
        self.workbook = workbook
        self.sheet: Worksheet | None = None
        self.columns = 0

    def validation(self, choices: list[str], *, title: str, what: str) -> DataValidation:
        inline = ",".join(choices)
        if len(inline) + 2 <= 255 and not any("," in c or '"' in c for c in choices):
            formula = f'"{inline}"'
        else:
            if self.sheet is None:
                self.sheet = self.workbook.create_sheet(LISTS_SHEET)
                self.sheet.sheet_state = "hidden"
            self.columns += 1
            column = self.columns
            letter = column_letter(column - 1)
            for row, choice in enumerate(choices, start=1):
                _text(self.sheet.cell(row=row, column=column), choice)
            formula = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"
        return DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle="Ongeldige keuze",
            error=f"Kies {what} uit de lijst.",
            promptTitle=title,
            prompt=f"Kies {what} uit de lijst.",
        )


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # allow resizing columns and rows
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def _input(cell) -> None:
    cell.protection = _UNLOCKED
    cell.fill = _INPUT_FILL
    cell.border = _BOX


def _header(sheet: Worksheet, row: int, values: list[str]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = _BOX


def _instructions(
    sheet: Worksheet, instrument: Instrument, province: str, wave: str | None
) -> None:
    name = province_name(province)
    w = _words(province)
    horizon = instrument.measures["ambition"].horizon
    show_horizon = horizon is not None and (
        wave is None
        or not (str(wave).isdigit() and str(horizon).isdigit())
        or int(str(wave)) < int(str(horizon))
    )
    ambition = f"het niveau dat uw {w['org']} wil bereiken" + (
        f" (horizon: {horizon})" if show_horizon else ""
    )
    missing = instrument.scale.missing[0] if instrument.scale.missing else "leeg"
    lines: list[tuple[str, Font | None]] = [
        (f"{instrument.title} - {name}" + (f" - meting {wave}" if wave else ""), _TITLE),
        ("", None),
        (
            "Met deze vragenlijst geeft uw {org} aan waar {zij} nu staat met BIM "
            "(Bouw Informatie Management) en waar {zij} naartoe wil. ".format(**w)
            + _purpose(w),
            None,
        ),
        ("", None),
        ("Zo vult u de vragenlijst in", _BOLD),
        (
            f"1. Blad {DETAILS_SHEET}: vul {w['de']} {w['org']}, uw rol of functie, de datum en "
            "de meting in.",
            None,
        ),
        (
            f"2. Blad {QUESTIONS_SHEET}: kies per vraag in de kolom "
            f"{instrument.measures['current'].label} het niveau dat nu het best past, en in de "
            f"kolom {instrument.measures['ambition'].label} {ambition}. Gebruik de keuzelijst "
            "in de gele cellen.",
            None,
        ),
        (
            full_stop(f"3. Weet u het niet, of is een vraag niet van toepassing? Kies {missing}")
            + " Een leeg antwoord telt als ontbrekend, nooit als nul of als het laagste niveau.",
            None,
        ),
        (
            f"4. Blad {ROLES_SHEET}: kies per onderdeel welke rol uw {w['org']} wil spelen "
            "bij gezamenlijke ontwikkeling, en licht uw keuze zo nodig toe.",
            None,
        ),
        (
            "5. Sla het bestand op als Excel-werkmap (.xlsx), zonder wachtwoord, en stuur het "
            "terug. Verander de kolomkoppen niet; zet geen formules in de antwoordcellen.",
            None,
        ),
        ("", None),
        (
            "Vult u de vragenlijst met één persoon of als team namens {de} {org} in? Laat "
            "de naam leeg: het bestand geldt dan als het gezamenlijke antwoord van {de} "
            "{org}. Vullen meerdere mensen van uw {org} elk een eigen exemplaar in? "
            "Vul dan ieder uw naam in. Namen worden bij het inlezen vervangen door een "
            "pseudoniem en komen in geen enkele rapportage.".format(**w),
            None,
        ),
        ("", None),
        ("De niveaus", _BOLD),
    ]
    row = 1
    for text, font in lines:
        cell = sheet.cell(row=row, column=1, value=text or None)
        if font is not None:
            cell.font = font
        if len(text) > 60:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
            cell.alignment = _WRAP
            sheet.row_dimensions[row].height = 15 * (len(text) // 95 + 1)
        row += 1
    _header(sheet, row, ["Niveau", "Benaming", "Omschrijving"])
    row += 1
    for level in instrument.scale.levels:
        sheet.cell(row=row, column=1, value=level.value).alignment = Alignment(
            horizontal="center", vertical="top"
        )
        sheet.cell(row=row, column=2, value=level.label).alignment = _WRAP
        sheet.cell(row=row, column=3, value=level.description).alignment = _WRAP
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value="De rollen bij samenwerking").font = _BOLD
    row += 1
    _header(sheet, row, ["Keuze", "Benaming", "Omschrijving"])
    row += 1
    for index, role in enumerate(instrument.collaboration_roles, start=1):
        sheet.cell(row=row, column=1, value=index).alignment = Alignment(
            horizontal="center", vertical="top"
        )
        sheet.cell(row=row, column=2, value=role.label).alignment = _WRAP
        sheet.cell(row=row, column=3, value=role.description).alignment = _WRAP
        row += 1
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 80
    _protect(sheet)


def _purpose(w: dict[str, str]) -> str:
    """Why the answers are collected: the provinces' own sentence, else a general one."""
    if w["org"] == "provincie" and w["all_orgs"] == "provincies":
        return (
            "CROW bundelt de antwoorden van alle provincies voor het Provinciaal Vakberaad "
            "Beheer en Bouw, om te bepalen welke onderdelen de provincies samen ontwikkelen."
        )
    return (
        f"De antwoorden van alle {w['all_orgs']} worden gebundeld, om te bepalen welke "
        f"onderdelen de {w['all_orgs']} samen ontwikkelen."
    )


def _details(sheet: Worksheet, lists: _Lists, province: str, wave: str | None) -> None:
    sheet.cell(row=1, column=1, value="Gegevens van de vragenlijst").font = _TITLE
    w = _words(province)
    registry = active_registry()
    every = org_words(registry.kind)
    rows = [
        (w["Org"], province_name(province), f"Kies uw {w['org']}."),
        ("Rol van de invuller", None, "Bijvoorbeeld BIM-regisseur of assetmanager."),
        ("Datum", None, "De datum van invullen (dd-mm-jjjj)."),
        ("Meting", wave, "De meetronde, bijvoorbeeld 2022."),
        (
            "Naam (optioneel)",
            None,
            f"Alleen als meerdere mensen van uw {w['org']} elk een eigen exemplaar invullen.",
        ),
    ]
    provinces_list = lists.validation(
        registry.frame["name"].tolist(), title=every["Org"], what=f"een {every['org']}"
    )
    sheet.add_data_validation(provinces_list)
    date_check = DataValidation(
        type="date",
        operator="greaterThanOrEqual",
        formula1="36526",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ongeldige datum",
        error="Vul een datum in, bijvoorbeeld 15-03-2022.",
    )
    sheet.add_data_validation(date_check)
    for offset, (label, value, hint) in enumerate(rows):
        row = 3 + offset
        sheet.cell(row=row, column=1, value=label).font = _BOLD
        cell = sheet.cell(row=row, column=2)
        _text(cell, value)
        _input(cell)
        sheet.cell(row=row, column=3, value=hint).alignment = _WRAP
        if offset == 0:
            provinces_list.add(cell.coordinate)
        elif label == "Datum":
            cell.number_format = "dd-mm-yyyy"
            date_check.add(cell.coordinate)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 30
    sheet.column_dimensions["C"].width = 70
    _protect(sheet)


def measure_headers(instrument: Instrument) -> tuple[str, str]:
    """The headers of the two answer columns: the instrument's labels of the current situation
    and the ambition, each followed by ``(huidige situatie)`` or ``(ambitie)`` when it holds no
    word the template reader finds that column by (``Nu`` would not be found; ``Huidige
    situatie`` is).

    Examples
    --------
    >>> measure_headers(default_instrument())
    ('Huidige situatie', 'Ambitie')
    >>> nu_doel = Instrument.model_validate(default_instrument().model_dump() | {"measures": {
    ...     "current": {"label": "Nu"}, "ambition": {"label": "Doel"}}})
    >>> measure_headers(nu_doel)
    ('Nu (huidige situatie)', 'Doel')
    """
    from bimmaturity.input.readers.template import AMBITION_WORDS, CURRENT_WORDS, words

    def header(label: str, own: set[str], other: set[str], added: str) -> str:
        found = set(words(label))
        return label if found & own and not found & other else f"{label} ({added})"

    measures = instrument.measures
    return (
        header(measures["current"].label, CURRENT_WORDS, AMBITION_WORDS, "huidige situatie"),
        header(measures["ambition"].label, AMBITION_WORDS, CURRENT_WORDS, "ambitie"),
    )


def _questions(sheet: Worksheet, instrument: Instrument, lists: _Lists, province: str) -> None:
    current = instrument.measures["current"].label
    ambition = instrument.measures["ambition"].label
    sheet.cell(row=1, column=1, value=f"Vragen - {province_name(province)}").font = _TITLE
    sheet.cell(
        row=2,
        column=1,
        value=(
            f"Kies per vraag een niveau in de gele cellen ({current} en {ambition}); zie het "
            f"blad {INSTRUCTIONS_SHEET} voor de betekenis van de niveaus."
        ),
    )
    _header(sheet, HEADER_ROW, ["Code", "Vraag", *measure_headers(instrument), "Toelichting"])
    choices = level_choices(instrument)
    answers = lists.validation(
        choices,
        title="Niveau",
        what=f"een niveau van {choices[0]} tot {choices[len(instrument.scale.levels) - 1]}"
        + (f" of {choices[-1]}" if instrument.scale.missing else ""),
    )
    sheet.add_data_validation(answers)
    row = HEADER_ROW + 1
    for element in instrument.elements:
        heading = sheet.cell(row=row, column=1, value=f"{element.id} - {element.label}")
        heading.font = _BOLD
        for column in range(1, 6):
            sheet.cell(row=row, column=column).fill = _GROUP_FILL
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        row += 1
        for question in element.questions:
            sheet.cell(row=row, column=1, value=question.id).alignment = Alignment(vertical="top")
            sheet.cell(row=row, column=2, value=question.text).alignment = _WRAP
            for column in (3, 4):
                cell = sheet.cell(row=row, column=column)
                _input(cell)
                answers.add(cell.coordinate)
            comment = sheet.cell(row=row, column=5)
            _input(comment)
            comment.alignment = _WRAP
            sheet.row_dimensions[row].height = 15 * (len(question.text) // 60 + 1)
            row += 1
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for letter, width in zip("ABCDE", (12, 70, 22, 22, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)


def _roles(sheet: Worksheet, instrument: Instrument, lists: _Lists, province: str) -> None:
    sheet.cell(row=1, column=1, value="Rollen bij gezamenlijke ontwikkeling").font = _TITLE
    header_row = 3
    role = f"Rol van uw {_words(province)['org']}"
    _header(sheet, header_row, ["Element", "Omschrijving", role, "Toelichting"])
    labels = [role.label for role in instrument.collaboration_roles]
    roles = lists.validation(labels, title="Rol", what="een rol")
    sheet.add_data_validation(roles)
    for offset, element in enumerate(instrument.elements, start=1):
        row = header_row + offset
        sheet.cell(row=row, column=1, value=element.id)
        sheet.cell(row=row, column=2, value=element.label).alignment = _WRAP
        role = sheet.cell(row=row, column=3)
        _input(role)
        roles.add(role.coordinate)
        comment = sheet.cell(row=row, column=4)
        _input(comment)
        comment.alignment = _WRAP
        sheet.row_dimensions[row].height = 30
    sheet.freeze_panes = f"A{header_row + 1}"
    for letter, width in zip("ABCD", (12, 34, 24, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect(sheet)


def template_workbook(
    province: str, wave: str | None = None, instrument: Instrument | None = None
) -> openpyxl.Workbook:
    """The questionnaire of one organisation (its code in the active registry) as an openpyxl
    workbook."""
    instrument = instrument or default_instrument()
    workbook = openpyxl.Workbook()
    lists = _Lists(workbook)
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _instructions(instructions, instrument, province, wave)
    _details(workbook.create_sheet(DETAILS_SHEET), lists, province, wave)
    _questions(workbook.create_sheet(QUESTIONS_SHEET), instrument, lists, province)
    _roles(workbook.create_sheet(ROLES_SHEET), instrument, lists, province)
    if lists.sheet is not None:
        workbook.move_sheet(lists.sheet, offset=len(workbook.sheetnames))
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "bimmaturity"
    workbook.properties.title = f"{instrument.title} - {province_name(province)}"
    return workbook


def _bytes(workbook: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    workbook.close()
    return repack_zip(buffer.getvalue())


def template_bytes(
    province: str, wave: str | None = None, instrument: Instrument | None = None
) -> bytes:
    """The questionnaire of one organisation as reproducible ``.xlsx`` bytes."""
    return _bytes(template_workbook(province, wave, instrument))


def cost_workbook_bytes(instrument: Instrument | None = None) -> bytes:
    """The empty cost-assumptions workbook: element ids filled in, amounts empty."""
    instrument = instrument or default_instrument()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "kosten"
    columns = list(COST_COLUMNS)
    _header(sheet, 1, [*columns, "omschrijving"])
    label_column = len(columns) + 1
    for row, element in enumerate(instrument.elements, start=2):
        sheet.cell(row=row, column=1, value=element.id)
        for column in range(2, label_column):
            sheet.cell(row=row, column=column).number_format = "€ #,##0"
        sheet.cell(row=row, column=label_column, value=element.label)
    sheet.freeze_panes = "B2"
    for column in range(1, label_column + 1):
        width = 12 if column == 1 else 34 if column == label_column else 16
        sheet.column_dimensions[column_letter(column - 1)].width = width
    notes = workbook.create_sheet("uitleg")
    for row, text in enumerate(
        [
            "Kostenaannames voor de business case (bedragen in euro's).",
            "cost_alone: eenmalige kosten als één {org} het onderdeel alleen ontwikkelt.".format(
                **org_words()
            ),
            "cost_joint: eenmalige kosten van één gezamenlijke ontwikkeling.",
            "upkeep_alone / upkeep_joint: jaarlijkse onderhoudskosten (leeg = 0).",
            "cost_adopt: eenmalige kosten per deelnemer om het gezamenlijke product in gebruik "
            "te nemen (leeg = 0).",
            "cost_alone_low / cost_alone_high, cost_joint_low / cost_joint_high: lage en hoge "
            "schatting van de eenmalige kosten (leeg = de schatting zelf).",
            "Zet het ingevulde bestand als kosten.xlsx in de map data/raw.",
        ],
        start=1,
    ):
        notes.cell(row=row, column=1, value=text)
    notes.column_dimensions["A"].width = 90
    workbook.properties.creator = "bimmaturity"
    return _bytes(workbook)


def _province_codes(names: list[str] | None) -> list[str]:
    """The codes of ``names`` (names or codes, as a person types them; all when None)."""
    registry = active_registry()
    if not names:
        return registry.codes
    codes, unknown = [], []
    for name in names:
        code = match_province(name, allow_abbreviation=True)
        if code is None:
            unknown.append(name)
        elif code not in codes:
            codes.append(code)
    if unknown:
        from bimmaturity.input.readers.organisation import allowed_organisations

        allowed = (
            f"{', '.join(registry.frame['name'])} of hun CBS-code"
            if registry == default_registry()
            else allowed_organisations(unknown[0], registry)
        )
        raise ValueError(
            f"onbekende {org_words(registry.kind)['org']}(s): {', '.join(map(repr, unknown))}; "
            f"toegestaan: {allowed}"
        )
    return codes


def write_templates(
    out: Path,
    provinces: list[str] | None = None,
    wave: str | None = None,
    *,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write the questionnaire of each organisation (default: every one of the active registry;
    the twelve provinces unless another is in use) and an empty kosten.xlsx.

    Files are written atomically and are the same bytes on every run. A questionnaire that
    already exists with other content (perhaps filled in) is never overwritten: the call then
    fails before writing anything. An existing ``kosten.xlsx`` is kept as it is.

    Returns
    -------
    list of Path
        The files written (an unchanged existing file counts as written).

    Raises
    ------
    ValueError
        For an unknown organisation (naming a few allowed ones), or when a questionnaire
        would overwrite another file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_templates(Path(folder), ["Zeeland"], "2022")]
    ['zelfevaluatie_bim_zeeland_2022.xlsx', 'kosten.xlsx']
    """
    from bimmaturity.store import atomic_write

    instrument = instrument or default_instrument()
    out = Path(out)
    files = {
        out / template_filename(code, wave): template_bytes(code, wave, instrument)
        for code in _province_codes(provinces)
    }
    clashes = [p for p, data in files.items() if p.exists() and p.read_bytes() != data]
    if clashes:
        raise ValueError(
            f"{', '.join(str(p) for p in clashes)} bestaat al met andere inhoud (misschien "
            "ingevuld) en wordt niet overschreven; kies een lege map of verwijder het bestand"
        )
    costs = out / COST_FILE
    if not costs.exists():
        files[costs] = cost_workbook_bytes(instrument)
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)
