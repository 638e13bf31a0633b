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
