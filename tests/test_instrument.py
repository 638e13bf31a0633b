"""Answer parsing (scoring.md section 1) and instrument loading."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from bimmaturity.instrument import AnswerError, Instrument, load_instrument


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("3.0", 3),
        ("3,0", 3),
        (" 4\u00a0", 4),
        ("Gedefinieerd", 2),
        ("gedefinieerd", 2),
        ("GEDEFINIEERD", 2),
        ("Geïntegreerd", 4),
        ("Geintegreerd", 4),
        ("2 - Gedefinieerd", 2),
        ("2. Gedefinieerd", 2),
        ("2-Gedefinieerd", 2),
        ("Gedefinieerd (2)", 2),
        ("geoptimaliseerd (5)", 5),
        ("\u00a05 -\u00a0Geoptimaliseerd ", 5),
        ("1 Initieel", 1),
    ],
)
def test_levels_in_every_written_form(instrument: Instrument, value, level):
    assert instrument.parse_level(value) == level


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "\u00a0",
        float("nan"),
        "n.v.t.",
        "NVT",
        "n.v.t",
        "Weet niet",
        "onbekend",
        "geen antwoord",
        "-",
        "N/A",
        " weet  niet ",
    ],
)
def test_missing_is_none_never_zero(instrument: Instrument, value):
    assert instrument.parse_level(value) is None


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("3 - Gedefinieerd", "spreken elkaar tegen"),
        ("Beheerst (2)", "spreken elkaar tegen"),
        ("3.5", "geen heel getal"),
        (3.5, "geen heel getal"),
        ("0", "buiten de schaal"),
        (6, "buiten de schaal"),
        (-1, "buiten de schaal"),
        ("vijf", "geen niveau"),
        ("#N/A", "geen niveau"),
        ("Gedefinieerd-ish", "geen niveau"),
        (True, "geen niveau"),
        (float("inf"), "geen heel getal"),
    ],
)
def test_wrong_forms_are_errors_that_say_what_is_allowed(instrument, value, fragment):
    with pytest.raises(AnswerError) as raised:
        instrument.parse_level(value)
    assert fragment in str(raised.value)
    assert "toegestaan: 1-5, Initieel..Geoptimaliseerd of n.v.t." in str(raised.value)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_cell_is_a_level_missing_or_an_answer_error(value):
    from bimmaturity.instrument import default_instrument

    instrument = default_instrument()
    try:
        level = instrument.parse_level(value)
    except AnswerError:
        return
    assert level is None or level in range(1, 6)


@given(
    st.integers(1, 5),
    st.sampled_from(
        ["{n}", "{n} - {label}", "{label} ({n})", "{label}", "{n}. {label}", " {n}.0 "]
    ),
)
def test_every_level_round_trips_through_its_written_forms(n, form):
    from bimmaturity.instrument import default_instrument

    instrument = default_instrument()
    text = form.format(n=n, label=instrument.level_label(n))
    assert instrument.parse_level(text) == n


def test_roles_by_id_or_label(instrument):
    assert [
        instrument.parse_role(v)
        for v in ["Trekken", "meedoen", " VOLGEN ", "Geen interesse", "niet", ""]
    ] == ["trekken", "meedoen", "volgen", "niet", "niet", None]
    with pytest.raises(AnswerError, match="is geen rol; toegestaan: Trekken, Meedoen"):
        instrument.parse_role("misschien")


def test_question_codes_resolve_in_several_spellings(instrument):
    assert instrument.resolve_question("VISIE-1") == "VISIE-1"
    assert instrument.resolve_question("visie_2") == "VISIE-2"
    assert instrument.resolve_question("[OTL 3]") == "OTL-3"
    assert instrument.resolve_question("OTL-9") is None
    assert instrument.element_of("BEHEER-2") == "BEHEER"


def test_another_instrument_of_the_same_shape(tmp_path: Path):
    spec = {
        "id": "mini",
        "title": "Mini",
        "version": "1",
        "scale": {
            "levels": [
                {"value": 0, "label": "Nee"},
                {"value": 1, "label": "Deels"},
                {"value": 2, "label": "Ja"},
            ],
            "missing": ["?"],
        },
        "measures": {"current": {"label": "Nu"}, "ambition": {"label": "Straks"}},
        "collaboration_roles": [{"id": "trekken", "label": "Trekken"}],
        "elements": [
            {
                "id": "A",
                "label": "Alpha",
                "weight": 2,
                "questions": [{"id": "A-1", "text": "x", "weight": 3}],
            }
        ],
    }
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    mini = load_instrument(path)
    assert mini.parse_level("Deels (1)") == 1
    assert mini.parse_level(0) == 0
    assert mini.parse_level("?") is None
    with pytest.raises(AnswerError, match=re.escape("toegestaan: 0-2, Nee..Ja of ?")):
        mini.parse_level(3)
    assert mini.question_frame()["question_weight"].tolist() == [3.0]


def test_invalid_instrument_names_the_file(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: x\ntitle: y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("bad.yaml: geen geldig instrument")):
        load_instrument(path)


def test_default_instrument_matches_the_shared_spec(instrument):
    assert len(instrument.elements) == 11
    assert len(instrument.question_ids) == 33
    assert instrument.role_ids == ["trekken", "meedoen", "volgen", "niet"]
    assert math.isclose(sum(e.weight for e in instrument.elements), 11)


# ----------------------------------------------------------------------------- another instrument
OTHER = Path(__file__).parent / "data" / "waterschappen_8x2.yaml"


def _other() -> dict:
    return yaml.safe_load(OTHER.read_text(encoding="utf-8"))


def test_the_test_instrument_of_another_shape_loads():
    other = load_instrument(OTHER)
    assert (len(other.elements), len(other.question_ids)) == (8, 16)
    assert (other.min_level, other.max_level) == (0, 5)
    assert other.parse_level("0 - Afwezig") == 0 and other.parse_level("Voorlopend") == 5
    assert other.element("BELEID").weight == 2.0


def _set(path: tuple, value):
    def change(spec: dict) -> None:
        *parents, last = path
        for key in parents:
            spec = spec[key]
        if value is _DROP:
            del spec[last]
        else:
            spec[last] = value

    return change


_DROP = object()
_LEVELS = ("scale", "levels")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (_set(("elements", 0, "label"), _DROP), "elements[1] (BELEID).label: ontbreekt"),
        (_set(("elements", 2, "label"), "  "), "elements[3] (KENNIS).label: mag niet leeg zijn"),
        (
            _set(("elements", 1, "id"), "beleid"),
            "elements[2].id: 'beleid' komt al voor bij elements[1].id",
        ),
        (
            _set(("elements", 2, "questions", 1, "id"), "kennis-1"),
            "elements[3] (KENNIS).questions[2].id: 'kennis-1' komt al voor bij "
            "elements[3] (KENNIS).questions[1].id",
        ),
        (
            _set(("elements", 2, "questions", 0, "id"), "KENNIS"),
            "elements[3] (KENNIS).questions[1].id: 'KENNIS' moet de vorm <ELEMENT>-<nummer> "
            "hebben, zoals VISIE-1",
        ),
        (
            _set(("elements", 2, "id"), "1KENNIS"),
            "elements[3] (1KENNIS).id: moet met een letter beginnen en alleen letters en "
            "cijfers bevatten",
        ),
        (_set(("elements", 0, "weight"), 0), "elements[1] (BELEID).weight: moet groter zijn dan 0"),
        (
            _set(("elements", 1, "questions", 1, "weight"), -1),
            "elements[2] (SAMEN).questions[2] (SAMEN-2).weight: moet groter zijn dan 0",
        ),
        (
            _set(("elements", 0, "weight"), "zwaar"),
            "elements[1] (BELEID).weight: moet een getal zijn",
        ),
        (
            _set(("elements", 0, "weight"), float("inf")),
            "elements[1] (BELEID).weight: moet een eindig getal zijn",
        ),
        (
            _set(("elements", 0, "weigth"), 2),
            "elements[1] (BELEID).weigth: onbekend veld (een tikfout?)",
        ),
        (_set(("elements",), []), "elements: moet minstens 1 onderdeel hebben"),
        (_set((*_LEVELS, 1, "label"), _DROP), "scale.levels[2].label: ontbreekt"),
        (
            _set((*_LEVELS, 1, "label"), "afwezig"),
            "scale.levels[2].label: 'afwezig' komt al voor bij scale.levels[1].label",
        ),
        (
            _set((*_LEVELS, 5, "value"), 6),
            "scale.levels: de waarden moeten opeenvolgende gehele getallen zijn, oplopend (zoals "
            "1, 2, 3, 4, 5); gevonden: 0, 1, 2, 3, 4, 6",
        ),
        (
            _set(_LEVELS, [{"value": 0, "label": "Nee"}]),
            "scale.levels: moet minstens 2 onderdelen hebben",
        ),
        (_set(("scale",), _DROP), "scale: ontbreekt"),
        (
            _set(("measures", "ambition"), _DROP),
            "measures: precies 'current' en 'ambition' zijn nodig; gevonden: current",
        ),
        (
            _set(("collaboration_roles", 0, "id"), "leiden"),
            "collaboration_roles[1].id: 'leiden' is onbekend; toegestaan: trekken, meedoen, "
            "volgen, niet (de regels voor samenwerking rekenen met deze rollen; het label mag "
            "anders)",
        ),
    ],
)
def test_an_invalid_instrument_names_the_file_and_the_field(tmp_path: Path, change, problem):
    spec = _other()
    change(spec)
    path = tmp_path / "instrument.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_instrument(path)
    assert str(error.value) == f"{path}: geen geldig instrument: {problem}"


def test_a_scale_without_labels_lists_five_problems_and_counts_the_rest(tmp_path: Path):
    spec = _other()
    for level in spec["scale"]["levels"]:
        del level["label"]
    path = tmp_path / "zonder_labels.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_instrument(path)
    listed = "; ".join(f"scale.levels[{i}].label: ontbreekt" for i in range(1, 6))
    assert str(error.value) == f"{path}: geen geldig instrument: {listed} (en nog 1)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id: [x\n", "geen geldig instrument: geen geldige YAML (regel 2)"),
        ("- 1\n- 2\n", "geen geldig instrument: verwacht velden als id, title, version, scale, "
         "measures, collaboration_roles en elements"),
        (None, "instrumentbestand bestaat niet"),
    ],
)  # fmt: skip
def test_an_unreadable_instrument_file_names_the_file(tmp_path: Path, text, problem):
    path = tmp_path / "instrument.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_instrument(path)
    assert str(error.value) == f"{path}: {problem}"


@pytest.mark.parametrize(
    ("path", "leader", "gap", "problem"),
    [
        (None, 0.5, 1.0, "--leader-level 0.5 valt buiten de schaal van het instrument (1 tot en "
         "met 5); kies een niveau van 1 tot en met 5"),
        (None, 3.5, 4.5, "--gap-threshold 4.5 is groter dan het grootst mogelijke gat op de "
         "schaal van het instrument (4); kies hooguit 4"),
        (OTHER, 5.5, 1.0, "--leader-level 5.5 valt buiten de schaal van het instrument (0 tot en "
         "met 5); kies een niveau van 0 tot en met 5"),
        (OTHER, 0.5, 5.0, None),  # on a scale of 0-5 both are fine
        (None, 3.5, 1.0, None),
    ],
)  # fmt: skip
def test_koploper_level_and_starter_gap_are_checked_against_the_scale(path, leader, gap, problem):
    from bimmaturity.instrument import check_thresholds, default_instrument

    instrument = default_instrument() if path is None else load_instrument(path)
    if problem is None:
        assert check_thresholds(instrument, leader, gap) is None
    else:
        with pytest.raises(ValueError) as error:
            check_thresholds(instrument, leader, gap)
        assert str(error.value) == problem


def test_commands_refuse_a_bad_instrument_or_an_option_off_its_scale(tmp_path: Path, capsys):
    from bimmaturity.cli import main

    bad = tmp_path / "fout.yaml"
    spec = _other()
    spec["elements"][1]["id"] = "BELEID"
    bad.write_text(yaml.safe_dump(spec), encoding="utf-8")
    out = tmp_path / "vragenlijsten"
    assert main(["template", "--out", str(out), "--instrument", str(bad)]) == 1
    assert capsys.readouterr().err == (
        f"Fout: {bad}: geen geldig instrument: elements[2].id: 'BELEID' komt al voor bij "
        "elements[1].id\n"
    )
    assert not out.exists()
    folders = [f"--{name}={tmp_path / name}" for name in ("raw", "processed", "reports")]
    (tmp_path / "raw").mkdir()
    assert main(["build", *folders, "--leader-level", "0.5"]) == 2
    assert capsys.readouterr().err == (
        "Fout: --leader-level 0.5 valt buiten de schaal van het instrument (1 tot en met 5); "
        "kies een niveau van 1 tot en met 5\n"
    )
    assert list((tmp_path / "processed").glob("*.parquet")) == []
