"""The fictitious example data set: two measurement rounds of twelve provinces (seeded).

The story: Zuid-Holland, Noord-Holland, Gelderland and Utrecht are experienced and want to share
what they built; Zeeland, Drenthe, Flevoland, Groningen, Fryslân and Limburg are starting and want
to follow; Overijssel and Noord-Brabant sit in between. Four elements are plainly attractive to
develop together: a uniform information delivery specification (UITV), a uniform object type
library (OTL), a BIM guidance package for ways of working (PROC), and linking project data to
asset data (BEHEER). Every name and e-mail address in it is made up.

The files are byte-for-byte the same on every run: a fixed seed, and workbooks re-packed with
fixed timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import openpyxl

from bimmaturity.input.costs import COST_COLUMNS
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.organisations import province_name

__all__ = ["EXAMPLE_SEED", "ensure_example", "example_costs", "write_example"]

EXAMPLE_SEED = 20181120
WAVES = ("2018", "2020")
FIXED_TIME = (2020, 6, 1, 12, 0, 0)

LEADERS = ("PV28", "PV27", "PV25", "PV26")
STARTERS = ("PV29", "PV22", "PV24", "PV20", "PV21", "PV31")
MIDDLE = ("PV23", "PV30")
DEAL_ELEMENTS = ("UITV", "OTL", "PROC", "BEHEER")
TIDY_PROVINCES = {"2018": ("PV29", "PV31"), "2020": ("PV29",)}

FIRST_NAMES = (
    "Anne",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Frank",
    "Greetje",
    "Hans",
    "Ilse",
    "Joost",
    "Karin",
    "Lars",
    "Marieke",
    "Niels",
    "Oscar",
    "Petra",
    "Rik",
    "Sanne",
)
LAST_NAMES = (
    "de Vries",
    "Jansen",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
)

COST_HEADER = tuple(COST_COLUMNS)
"""The header of the example cost table: the cost table's columns (element, then euros)."""
COSTS = {
    # element: (cost_alone, cost_joint, upkeep_alone, upkeep_joint, cost_adopt,
    #           cost_alone_low, cost_alone_high, cost_joint_low, cost_joint_high), euros;
    # adoption about 12% of going alone, ranges about -35%/+50% (alone), -20%/+40% (joint)
    "VISIE": (40_000, 90_000, 0, 0, 5_000, 25_000, 60_000, 75_000, 130_000),
    "ORG": (60_000, 150_000, 10_000, 20_000, 8_000, 40_000, 90_000, 120_000, 210_000),
    "MENS": (120_000, 260_000, 30_000, 50_000, 15_000, 80_000, 180_000, 210_000, 360_000),
    "PROC": (150_000, 320_000, 20_000, 40_000, 20_000, 100_000, 220_000, 260_000, 450_000),
    "UITV": (250_000, 450_000, 30_000, 50_000, 30_000, 160_000, 380_000, 360_000, 630_000),
    "STAND": (80_000, 160_000, 10_000, 15_000, 10_000, 50_000, 120_000, 130_000, 220_000),
    "OTL": (400_000, 700_000, 50_000, 80_000, 50_000, 250_000, 600_000, 560_000, 980_000),
    "DATA": (300_000, 600_000, 60_000, 100_000, 40_000, 190_000, 450_000, 480_000, 840_000),
    "TECH": (500_000, 1_300_000, 120_000, 260_000, 80_000, 320_000, 750_000, 1_040_000, 1_820_000),
    "BEHEER": (350_000, 650_000, 40_000, 70_000, 45_000, 220_000, 520_000, 520_000, 910_000),
    "KETEN": (50_000, 120_000, 5_000, 10_000, 6_000, 30_000, 75_000, 95_000, 170_000),
}


def _profiles(instrument: Instrument, rng: np.random.Generator) -> dict:
    """True current level, ambition and role per wave, province and element."""
    truth: dict = {}
    for wave_index, wave in enumerate(WAVES):
        for province in (*LEADERS, *MIDDLE, *STARTERS):
            for element in instrument.element_ids:
                deal = element in DEAL_ELEMENTS
                if province in LEADERS:
                    current = 3.6 + (0.5 if deal else 0.0) + rng.normal(0, 0.2)
                    ambition = current + 0.6 + rng.normal(0, 0.2)
                    role = "trekken" if deal else ("meedoen" if rng.random() < 0.5 else "niet")
                elif province in MIDDLE:
                    current = 2.6 + rng.normal(0, 0.3)
                    ambition = current + (1.2 if deal else 0.5) + rng.normal(0, 0.2)
                    role = "meedoen" if deal else ("volgen" if rng.random() < 0.3 else "niet")
                else:
                    current = 1.5 + rng.normal(0, 0.3)
                    ambition = current + (1.9 if deal else 0.6) + rng.normal(0, 0.3)
                    role = "volgen" if deal else ("volgen" if rng.random() < 0.2 else "niet")
                # two years on, everyone has moved a bit; starters most on the deal elements
                current += wave_index * (0.7 if deal and province in STARTERS else 0.3)
                ambition = max(ambition + wave_index * 0.2, current)
                truth[wave, province, element] = (current, ambition, role)
    return truth


def _level(value: float, instrument: Instrument) -> int:
    """A planted value (on a scale of 1 to 5) as a level of ``instrument``'s scale."""
    low, high = instrument.min_level, instrument.max_level
    if (low, high) != (1, 5):  # another scale: the same place on it
        value = low + (value - 1) * (high - low) / 4
    return int(min(max(round(value), low), high))


def _answer_text(level: int, instrument: Instrument, style: str) -> str | int:
    if style == "number":
        return level
    return f"{level} - {instrument.level_label(level)}"


def _respondents(rng: np.random.Generator, province: str, wave: str) -> list[tuple[str, str]]:
    count = int(rng.integers(2, 7))
    people = []
    for index in range(count):
        first = FIRST_NAMES[int(rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(rng.integers(len(LAST_NAMES)))]
        domain = province_name(province).lower().replace("â", "a").replace(" ", "-")
        email = f"{first.lower()}.{last.replace(' ', '').lower()}{index}@{domain}.voorbeeld.nl"
        people.append((f"{first} {last}", email))
    return people


def _answers(rng, instrument, truth, wave, province, style):
    """One respondent's answers: list of (question, current, ambition) as cell values."""
    rows = []
    for element in instrument.elements:
        current_true, ambition_true, _ = truth[wave, province, element.id]
        for question in element.questions:
            current = _level(current_true + rng.normal(0, 0.55), instrument)
            ambition = max(_level(ambition_true + rng.normal(0, 0.45), instrument), current)
            current_cell = _answer_text(current, instrument, style)
            ambition_cell = _answer_text(ambition, instrument, style)
            draw = rng.random()
            if draw < 0.03:
                current_cell = "weet niet"
            elif draw < 0.05:
                ambition_cell = "n.v.t."
            rows.append((question.id, current_cell, ambition_cell))
    return rows


def _role_of(rng, truth, wave, province, element) -> str:
    role = truth[wave, province, element][2]
    if rng.random() < 0.15:
        return ""
    return {
        "trekken": "Trekken",
        "meedoen": "Meedoen",
        "volgen": "Volgen",
        "niet": "Geen interesse",
    }[role]


def _forms_headers(instrument: Instrument, horizon: str) -> list[str]:
    headers = [
        "ID",
        "Begintijd",
        "Tijd van voltooien",
        "E-mail",
        "Naam",
        "Tijd van laatste wijziging",
        "Provincie",
    ]
    for element in instrument.elements:
        for question in element.questions:
            headers.append(f"{question.id} Huidige situatie: {question.text}")
            headers.append(f"{question.id} Ambitie {horizon}: {question.text}")
        headers.append(
            f"[{element.id} rol] Welke rol wil uw provincie spelen bij gezamenlijke "
            f"ontwikkeling van {element.label.lower()}?"
        )
        headers.append(f"[{element.id} toelichting] Toelichting bij {element.label.lower()}")
    return headers


COMMENTS = {
    "OTL": "Wij willen graag aansluiten bij één interprovinciale OTL.",
    "UITV": "Een uniforme ILS scheelt ons en de markt veel werk.",
    "BEHEER": "Koppeling van projectdata aan ons beheersysteem ontbreekt nog.",
    "PROC": "Een handreiking voor de werkwijze zou ons helpen.",
}


def _forms_workbook(rng, instrument, truth, wave) -> bytes:
    import openpyxl  # only when writing: a build reuses the example data it wrote before

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(_forms_headers(instrument, "2021" if wave == "2018" else "2023"))
    start = datetime(int(wave), 3, 1, 9, 0, 0)
    response_id = 0
    for province in (*LEADERS, *MIDDLE, *STARTERS):
        if province in TIDY_PROVINCES[wave]:
            continue
        for name, email in _respondents(rng, province, wave):
            response_id += 1
            begin = start + timedelta(hours=int(rng.integers(1, 24 * 40)))
            done = begin + timedelta(minutes=int(rng.integers(12, 50)))
            row = [response_id, begin, done, email, name, done, province_name(province)]
            answers = iter(_answers(rng, instrument, truth, wave, province, "label"))
            for element in instrument.elements:
                for _question in element.questions:
                    _, current, ambition = next(answers)
                    row += [current, ambition]
                row.append(_role_of(rng, truth, wave, province, element.id))
                comment = COMMENTS.get(element.id, "") if rng.random() < 0.25 else ""
                row.append(comment)
            sheet.append(row)
    return _reproducible_xlsx(workbook)


def _tidy_csv(rng, instrument, truth, wave, province) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["provincie", "respondent", "vraag", "huidig", "ambitie", "toelichting"])
    for index, _person in enumerate(_respondents(rng, province, wave), start=1):
        for question, current, ambition in _answers(
            rng, instrument, truth, wave, province, "number"
        ):
            writer.writerow(
                [province_name(province), f"respondent {index}", question, current, ambition, ""]
            )
        for element in instrument.element_ids:
            role = _role_of(rng, truth, wave, province, element)
            writer.writerow(
                [province_name(province), f"respondent {index}", f"{element}:rol", role, "", ""]
            )
    return out.getvalue().encode("utf-8-sig")


def _reproducible_xlsx(workbook: openpyxl.Workbook) -> bytes:
    fixed = datetime(*FIXED_TIME)
    workbook.properties.created = fixed
    workbook.properties.creator = "bimmaturity voorbeeld"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return repack_zip(buffer.getvalue())


def repack_zip(data: bytes) -> bytes:
    """Re-pack a workbook with fixed timestamps so the bytes do not depend on the clock."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_buffer = io.BytesIO()
    stamp = datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(target_buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return target_buffer.getvalue()


def example_costs(instrument: Instrument | None = None) -> list[tuple]:
    """The example cost assumptions, one tuple per element.

    Each holds the values of :data:`COST_HEADER` (element, then euros). An element of another
    instrument takes the figures of the default element in its place (the n-th element those of
    the n-th, in turn), so example data for any instrument has a complete cost table.

    Examples
    --------
    >>> example_costs()[0][:3]
    ('VISIE', 40000, 90000)
    """
    instrument = instrument or default_instrument()
    figures = list(COSTS.values())
    return [
        (element, *COSTS.get(element, figures[index % len(figures)]))
        for index, element in enumerate(instrument.element_ids)
    ]


def write_example(out: Path, instrument: Instrument | None = None) -> list[Path]:
    """Write the fictitious example raw folder to ``out``; returns the files written.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_example(Path(folder))][:2]
    ['kosten.csv', 'Roadmap_BIM_Provincies_2018.xlsx']
    """
    from bimmaturity.store import atomic_write

    instrument = instrument or default_instrument()
    rng = np.random.default_rng(EXAMPLE_SEED)
    truth = _profiles(instrument, rng)
    files: dict[Path, bytes] = {}
    costs = io.StringIO()
    writer = csv.writer(costs, lineterminator="\r\n")
    writer.writerow(COST_HEADER)
    writer.writerows(example_costs(instrument))
    files[out / "kosten.csv"] = costs.getvalue().encode("utf-8")
    for wave in WAVES:
        files[out / wave / f"Roadmap_BIM_Provincies_{wave}.xlsx"] = _forms_workbook(
            rng, instrument, truth, wave
        )
        for province in TIDY_PROVINCES[wave]:
            name = province_name(province).lower()
            files[out / wave / f"zelfevaluatie_{name}_{wave}.csv"] = _tidy_csv(
                rng, instrument, truth, wave, province
            )
    for path, data in files.items():
        atomic_write(path, data)
    return list(files)


def ensure_example(out: Path) -> list[Path]:
    """The example data in ``out``, written only when it is missing or the code changed.

    A build without exports uses the example data every time; generating it costs more than
    the rest of a build with nothing to do. A stamp beside the folder (``<out>.stamp.json``)
    records the package code it was written with and its files.
    """
    from bimmaturity.store import atomic_write, code_digest

    stamp_path = out.with_name(out.name + ".stamp.json")
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
        files = [out / name for name in stamp["files"]]
        if stamp["code"] == code_digest() and all(path.is_file() for path in files):
            return files
    except (OSError, ValueError, KeyError, TypeError):
        pass
    files = write_example(out)
    record = {"code": code_digest(), "files": [p.relative_to(out).as_posix() for p in files]}
    atomic_write(stamp_path, json.dumps(record).encode("utf-8"))
    return files
