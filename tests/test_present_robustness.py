"""How sure positions and deals are, in words (rule 8): robuust, onzeker, wankel, grensgeval and
indicatief; and when a change is a rise or a fall (rule 12)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bimmaturity.instrument import default_instrument
from bimmaturity.present.sections import change, deals, robustness

INSTRUMENT = default_instrument()


@pytest.mark.parametrize(
    ("p", "word"),
    [(1.0, "robuust"), (0.9, "robuust"), (0.89, "onzeker"), (0.5, "onzeker"),
     (0.49, "wankel"), (0.0, "wankel"), (math.nan, None)],
)  # fmt: skip
def test_verdict_thresholds(p, word):
    assert robustness.verdict(p) == word


@pytest.mark.parametrize(
    ("p", "border"), [(0.1, False), (0.11, True), (0.5, True), (0.89, True), (0.9, False)]
)
def test_grensgeval_is_strictly_between_ten_and_ninety_percent(p, border):
    assert robustness.is_borderline(p) is border


def test_each_deal_named_robuust_onzeker_or_wankel_with_its_probability():
    opportunities = pd.DataFrame(
        {"wave": "1", "element": ["OTL", "UITV", "PROC", "VISIE", "DATA"],
         "p_proposed": [0.95, 0.62, 0.31, 0.68, 0.05]}
    )  # fmt: skip
    text = robustness.robustness_summary(
        opportunities, ["OTL", "UITV", "PROC"], "1", INSTRUMENT, 500
    )
    assert text == (
        "Hoe vast staan de deals? Bij 500 herhaalde steekproeven van respondenten (binnen elke "
        "provincie opnieuw getrokken) is Objecttypebibliotheek robuust (95%); Uitvraag en "
        "contracten onzeker (62%); Processen en werkwijze wankel (31%). Een ander element wordt "
        "in een deel van de steekproeven een deal: Visie en strategie (68%)."
    )
    assert robustness.deal_verdict(0.62, 500) == (
        "Onzeker: in 62% van 500 herhaalde steekproeven van respondenten opnieuw voorgesteld."
    )
    # without resampling (resamples = 0) the probabilities are missing and nothing is said
    missing = opportunities.assign(p_proposed=math.nan)
    assert robustness.robustness_summary(missing, ["OTL"], "1", INSTRUMENT, 0) == ""
    assert robustness.deal_verdict(math.nan) == ""


def test_deal_notes_name_indicatief_with_n_and_grensgeval_with_p():
    rows = pd.DataFrame(
        {"province": ["PV26", "PV23", "PV29"], "part": ["trekker", "trekker", "volger"],
         "n": [2, 5, 1], "flag": ["indicatief", "", "indicatief"],
         "position": ["koploper", "koploper", "starter"],
         "p_koploper": [1.0, 0.71, 0.0], "p_starter": [0.0, 0.0, 0.95]}
    )  # fmt: skip
    assert deals.deal_notes(rows, 500) == [
        "Indicatief (minder dan drie respondenten): Utrecht (n = 2) als trekker en Zeeland "
        "(n = 1) als volger.",
        "Grensgeval: Overijssel is koploper in 71% van 500 herhaalde steekproeven.",
    ]


def test_a_change_is_a_rise_or_a_fall_only_when_its_interval_excludes_zero():
    frame = pd.DataFrame(
        {"province": ["PV20", "PV21", "PV22", "PV23", "PV24"], "element": "OTL",
         "change": [0.8, 0.8, 0.3, -0.7, -0.7],
         "change_lo": [0.1, -0.2, 0.1, -1.2, math.nan],
         "change_hi": [1.5, 1.8, 0.5, -0.1, math.nan]}
    )  # fmt: skip
    assert change.classify(frame, 0.5)["movement"].tolist() == [
        "gestegen",  # interval excludes 0
        "gelijk",  # interval includes 0
        "gelijk",  # below the threshold
        "gedaald",
        "gelijk",  # no interval (n < 2 in a wave)
    ]
    assert change.uncertain_text(frame, 0.5).startswith(
        "2 van de 4 veranderingen van minstens 0,5 niveau zijn te onzeker"
    )
    assert change.overlap_sentence(2, 41, "2018", "2020").startswith(
        "Slechts 2 van de 41 respondenten van meting 2020 vulden ook meting 2018 in"
    )
    assert "regressie naar het gemiddelde" in change.regression_caveat("2018")
