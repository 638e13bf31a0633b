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


def test_a_first_name_or_surname_alone_and_spelled_out_addresses_are_masked():
    from bimmaturity.input.readers.base import mask_personal

    secrets = {"pieter jansen", "p.jansen@zeeland.example"}
    assert mask_personal("Pieter weet het; vraag ook Jansen", secrets) == (
        "[naam verwijderd] weet het; vraag ook [naam verwijderd]"
    )
    assert mask_personal("mail p punt jansen at zeeland dot example", secrets) == (
        "mail p punt [e-mailadres verwijderd]"
    )
    assert mask_personal("Schrijf naar pieter[at]zeeland[punt]nl", set()) == (
        "Schrijf naar [e-mailadres verwijderd]"
    )
    # words that merely contain a name, and ordinary Dutch, stay
    assert mask_personal("Pietersen en het punt van Jansens", secrets) == (
        "Pietersen en het punt van Jansens"
    )
    assert (
        mask_personal("Het team is op dit punt klaar", secrets) == "Het team is op dit punt klaar"
    )
