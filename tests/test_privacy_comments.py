"""Free-text comments never carry a respondent's name or any e-mail address into the outputs."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from bimmaturity.ingest import ingest
from bimmaturity.store import load_processed


def test_names_and_addresses_in_comments_are_masked(tmp_path: Path):
    raw = tmp_path / "raw" / "2022"
    raw.mkdir(parents=True)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    sheet.append(
        [
            "ID",
            "E-mail",
            "Naam",
            "Provincie",
            "OTL-1 huidig",
            "OTL-1 ambitie",
            "OTL-2 huidig",
            "[OTL toelichting] Toelichting",
        ]
    )
    sheet.append(
        [
            1,
            "p.jansen@zeeland.example",
            "Pieter Jansen",
            "Zeeland",
            2,
            4,
            2,
            "Vraag Pieter Jansen (p.jansen@zeeland.example) of mail info@otl.example",
        ]
    )
    workbook.save(raw / "Form1.xlsx")
    workbook.close()
    processed = tmp_path / "processed"
    ingest(tmp_path / "raw", processed, salt_path=tmp_path / "salt")
    comments = load_processed(processed).comments
    assert comments["text"].tolist() == [
        "Vraag [naam verwijderd] ([e-mailadres verwijderd]) of mail [e-mailadres verwijderd]"
    ]
    for path in processed.iterdir():
        data = path.read_bytes()
        for secret in (b"Jansen", b"jansen@", b"info@otl"):
            assert secret not in data, (path.name, secret)
