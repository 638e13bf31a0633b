"""Never modified, never half-written, never leaked.

- raw files: bytes and modification times are the same after any ingest (also a failed one);
- processed tables: an ingest interrupted by an exception or killed outright (SIGKILL) while
  staging leaves the previous tables intact; killed in the middle of the renames, the mixed
  state is detected by load_processed and never read;
- privacy: no name or e-mail address of any layout reaches data/processed, the console output
  or an error message, also when a name sits in the wrong column.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from test_ingest_support import (
    FORMS_META_EN,
    QUESTIONS,
    answer_headers,
    cli_in_process,
    fill_template,
    forms_row,
    forms_sheet,
    person,
    snapshot,
    tidy_rows,
    write_csv,
    write_xlsx,
)

from bimmaturity.ingest import (
    TABLE_FILES,
    ProcessedMismatch,
    collect,
    ingest,
    load_processed,
)
from bimmaturity.questionnaire import write_templates


# ----------------------------------------------------------------------------- privacy
def _people_folder(raw: Path, templates: Path) -> list[str]:
    """Every layout with names and addresses in it, some of them in the wrong place.
    Returns the secrets (names and e-mail addresses)."""
    secrets: list[str] = []
    rows = []
    for index in range(1, 5):
        name, email = person(index, "Zeeland")
        secrets += [name, email]
        answers = [3, 4] * len(QUESTIONS)
        if index == 2:
            answers[4] = name  # a name typed into an answer cell
        if index == 3:
            answers[5] = email
        rows.append(forms_row(index, "Zeeland", answers, email=email, name=name))
    name, email = person(5, "Utrecht")
    secrets += [name, email]
    rows.append(forms_row(5, email, email=email, name=name))  # the address as province
    name, email = person(6, "Utrecht")
    secrets += [name, email]
    rows.append(forms_row(6, name, email=email, name=name))  # the name as province
    write_xlsx(raw / "2020/Form1.xlsx", {"Form1": forms_sheet(rows)})

    english = [[*FORMS_META_EN, "Province", *answer_headers(QUESTIONS[:2])]]
    for index in (7, 8):
        name, email = person(index, "Limburg")
        secrets += [name, email]
        moment = datetime(2020, 5, index)
        english.append([index, moment, moment, email, name, moment, "Limburg", 1, 2, 2, 3])
    write_xlsx(raw / "2020/english.xlsx", {"Sheet1": english})

    google = [["Tijdstempel", "E-mailadres", "Provincie", *answer_headers(QUESTIONS[:1])]]
    name, email = person(9, "Drenthe")
    secrets.append(email)
    google.append(["5-3-2020 10:11:12", email, "Drenthe", "2", "3"])
    google.append(["6-3-2020 10:11:12", email.upper(), "Drenthe", "3", email])
    write_csv(raw / "2020/google.csv", google, delimiter=",")

    name, email = person(10, "Fryslân")
    secrets.append(name)
    fill_template(
        templates / "zelfevaluatie_bim_fryslan_2020.xlsx",
        raw / "2020/fryslan.xlsx",
        {"VISIE-1": (name, 3), "VISIE-2": (2, 3)},
        details={"Naam (optioneel)": name},
    )
    name, _ = person(11, "Groningen")
    secrets.append(name)
    tidy = tidy_rows("Groningen", name)
    tidy[3][3] = name
    write_csv(raw / "2020/groningen.csv", tidy)
    return secrets


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("people")
    write_templates(base / "templates", ["Fryslân"], "2020")
    secrets = _people_folder(base / "raw", base / "templates")
    return base, secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    lowered = text.casefold()
    return [s for s in secrets if s.casefold() in lowered]


def test_names_and_addresses_never_reach_errors_or_outputs(people, tmp_path: Path):
    base, secrets = people
    raw = base / "raw"
    before = snapshot(raw)
    code, out, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p")], tmp_path
    )
    assert code == 1
    assert _leaks(out + err, secrets) == []
    assert err.count("(naam of e-mailadres; niet getoond)") == 7, err
    code, out, err = cli_in_process(
        ["ingest", "--raw", str(raw), "--processed", str(tmp_path / "p"), "--lenient"], tmp_path
    )
    assert code == 0, err
    assert _leaks(out + err, secrets) == []
    for path in (tmp_path / "p").iterdir():
        text = path.read_bytes().decode("utf-8", errors="ignore")
        assert _leaks(text, secrets) == [], path.name
    processed = load_processed(tmp_path / "p")
    assert processed.answers["respondent"].str.fullmatch(r"R-[0-9a-f]{10}").all()
    assert len(processed.lenient_errors) == 7
    assert snapshot(raw) == before


def test_every_layout_of_the_privacy_folder_was_read(people):
    base, _ = people
    collected = collect(base / "raw", salt="zout")
    layouts = {i["path"]: i["layout"] for i in collected.manifest["inputs"]}
    assert layouts == {
        "2020/Form1.xlsx": "wide",
        "2020/english.xlsx": "wide",
        "2020/fryslan.xlsx": "template",
        "2020/google.csv": "wide",
        "2020/groningen.csv": "tidy",
    }
    assert set(collected.answers["province"]) == {"PV29", "PV31", "PV22", "PV21", "PV20"}


# ----------------------------------------------------------------------------- raw untouched
def test_raw_exports_are_never_modified(example_raw: Path, tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(example_raw, raw, copy_function=shutil.copy2)
    write_xlsx(raw / "2020/kapot.xlsx", {"Form1": forms_sheet([forms_row(1, "Atlantis")])})
    before = snapshot(raw)
    with pytest.raises(Exception, match="fout"):
        ingest(raw, tmp_path / "p", salt_path=tmp_path / "salt")
    ingest(raw, tmp_path / "p", salt_path=tmp_path / "salt", lenient=True)
    assert snapshot(raw) == before


# ----------------------------------------------------------------------------- atomicity
@pytest.fixture
def two_versions(tmp_path: Path, example_raw: Path) -> tuple[Path, Path, Path]:
    """Processed tables of the example (version 1) and a raw folder that gives version 2."""
    processed, salt = tmp_path / "processed", tmp_path / "salt"
    ingest(example_raw, processed, salt_path=salt)
    raw = tmp_path / "raw2"
    write_xlsx(raw / "2022/Form1.xlsx", {"Form1": forms_sheet([forms_row(1), forms_row(2)])})
    return processed, raw, salt


def test_an_exception_during_the_renames_rolls_back(two_versions, monkeypatch):
    processed, raw, salt = two_versions
    before = snapshot(processed)
    real = os.replace
    calls = []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ingest(raw, processed, salt_path=salt)
    monkeypatch.undo()
    assert len(calls) > 2  # the first table was replaced, then put back
    assert snapshot(processed) == {k: v for k, v in before.items()}
    assert list(processed.glob(".staging-*")) == []
    assert load_processed(processed).waves == ["2018", "2020"]


_KILL_SCRIPT = textwrap.dedent(
    """
    import importlib.util, os, signal, sys
    from pathlib import Path

    # import bimmaturity.ingest without running the package's __init__ (it imports charts and
    # altair, slow to import and not needed here)
    sys.modules["bimmaturity"] = importlib.util.module_from_spec(
        importlib.util.find_spec("bimmaturity")
    )
    from bimmaturity import ingest as ingest_module

    raw, processed, salt, hook, after = sys.argv[1:6]
    calls = []
    real = getattr(os, hook)

    def killing(*args):
        calls.append(args)
        if len(calls) == int(after):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args)

    original = ingest_module.write_processed

    def write_processed(collected, folder):
        setattr(os, hook, killing)
        return original(collected, folder)

    ingest_module.write_processed = write_processed
    ingest_module.ingest(Path(raw), Path(processed), salt_path=Path(salt))
    """
)


def _killed_ingest(raw: Path, processed: Path, salt: Path, hook: str, after: int):
    return subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(raw), str(processed), str(salt), hook, str(after)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_killed_ingest_never_leaves_a_silent_mix(tmp_path: Path, example_raw: Path):
    # two copies of version 1; one ingest killed while staging, one in the middle of renaming
    versions = {}
    for name in ("staging", "renaming"):
        processed, salt = tmp_path / name / "processed", tmp_path / name / "salt"
        ingest(example_raw, processed, salt_path=salt)
        versions[name] = (processed, salt, snapshot(processed))
    raw = tmp_path / "raw2"
    write_xlsx(raw / "2022/Form1.xlsx", {"Form1": forms_sheet([forms_row(1)])})
    runs = {
        "staging": _killed_ingest(raw, *versions["staging"][:2], "fsync", 3),
        "renaming": _killed_ingest(raw, *versions["renaming"][:2], "replace", 3),
    }
    for process in runs.values():
        _, err = process.communicate(timeout=120)
        assert process.returncode == -signal.SIGKILL, err

    # killed while staging: the previous tables are untouched, byte for byte
    processed, salt, before = versions["staging"]
    after = {k: v for k, v in snapshot(processed).items() if not k.startswith(".staging-")}
    assert after == before
    assert len(list(processed.glob(".staging-*"))) == 1  # left behind by the kill
    assert load_processed(processed).waves == ["2018", "2020"]

    # killed between renames: two tables are new, the manifest is old; never read as a mix
    processed, salt, before = versions["renaming"]
    changed = sorted(k for k, v in snapshot(processed).items() if before.get(k) != v)
    assert [c for c in changed if not c.startswith(".staging-")] == list(TABLE_FILES[:2])
    with pytest.raises(ProcessedMismatch, match=r"answers\.parquet hoort niet bij manifest\.json"):
        load_processed(processed)
    code, _, err = cli_in_process(
        ["tables", "--processed", str(processed), "--out", str(tmp_path / "t.xlsx")], tmp_path
    )
    assert code == 1 and "draai 'bimmaturity ingest' opnieuw" in err

    # the next ingest repairs both and clears the stale staging folders
    for name in ("staging", "renaming"):
        processed, salt, _ = versions[name]
        ingest(raw, processed, salt_path=salt)
        assert load_processed(processed).waves == ["2022"]
        assert list(processed.glob(".staging-*")) == []
