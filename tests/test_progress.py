"""Rule 12 (waves and progress), with hand-computed values."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bimmaturity.rules.progress import movers, overall_progress, progress, waves_in

NAN = math.nan


def _scores() -> pd.DataFrame:
    rows = [
        # wave, province, element, current, ambition
        ("2020", "PV20", "OTL", 3.5, 4.0),
        ("2020", "PV20", "DATA", 2.5, 4.0),
        ("2020", "PV20", "TECH", 2.0, 3.0),  # TECH only in 2020
        ("2020", "PV20", "BEHEER", 3.333333333333333, 4.0),
        ("2020", "PV22", "OTL", 1.0, 2.0),  # PV22 only in 2020
        ("2020", "PV23", "OTL", NAN, 3.0),
        ("2020", "PV23", "DATA", 2.0, 3.0),
        ("2018", "PV20", "OTL", 2.0, 3.5),
        ("2018", "PV20", "DATA", 1.0, 4.0),
        ("2018", "PV20", "BEHEER", 3.0, 10 / 3),
        ("2018", "PV21", "OTL", 2.0, 3.0),  # PV21 only in 2018
        ("2018", "PV23", "OTL", 2.0, 3.0),
        ("2018", "PV23", "DATA", 2.0, NAN),
    ]
    frame = pd.DataFrame(rows, columns=["wave", "province", "element", "current", "ambition"])
    frame["gap"] = frame["ambition"] - frame["current"]
    return frame


def _get(frame: pd.DataFrame, province: str, element: str) -> dict[str, object]:
    hit = frame[(frame["province"] == province) & (frame["element"] == element)]
    assert len(hit) == 1
    return {column: hit[column].tolist()[0] for column in hit.columns}


def test_waves_in() -> None:
    assert waves_in(_scores()) == ["2018", "2020"]
    assert waves_in(pd.DataFrame({"wave": ["2020", "900", "2018", None]})) == [
        "900",
        "2018",
        "2020",
    ]
    # numbers numerically and first, then names (one rule with ingest: frames.sort_waves)
    assert waves_in(["b", "a", "10", "9"]) == ["9", "10", "a", "b"]
    assert waves_in(pd.DataFrame({"wave": pd.Series([], dtype="str")})) == []


def test_progress_hand_computed() -> None:
    scores = _scores()
    before = scores.copy()
    out = progress(scores, "2018", "2020")
    pd.testing.assert_frame_equal(scores, before)  # not mutated
    assert list(out.columns)[:6] == [
        "from_wave",
        "to_wave",
        "province",
        "element",
        "change",
        "ambition_attained",
    ]
    assert str(out["ambition_attained"].dtype) == "boolean"
    # provinces in one wave only (PV21, PV22) are left out; ordered by province, then element
    # in order of first appearance in the scores frame
    assert out[["province", "element"]].values.tolist() == [
        ["PV20", "OTL"],
        ["PV20", "DATA"],
        ["PV20", "TECH"],
        ["PV20", "BEHEER"],
        ["PV23", "OTL"],
        ["PV23", "DATA"],
    ]
    assert set(out["from_wave"]) == {"2018"} and set(out["to_wave"]) == {"2020"}

    otl = _get(out, "PV20", "OTL")
    assert otl["change"] == 1.5  # 3.5 - 2.0
    assert otl["ambition_attained"] is True  # 3.5 >= 3.5: exactly on the boundary

    data = _get(out, "PV20", "DATA")
    assert data["change"] == 1.5  # 2.5 - 1.0
    assert data["ambition_attained"] is False  # 2.5 < 4.0

    tech = _get(out, "PV20", "TECH")  # not scored in 2018
    assert math.isnan(tech["change"])
    assert tech["ambition_attained"] is pd.NA

    beheer = _get(out, "PV20", "BEHEER")
    # 3.333333333333333 reaches 10/3 = 3.3333333333333335 within the 1e-9 tolerance
    assert beheer["change"] == pytest.approx(1 / 3, abs=1e-9)
    assert beheer["ambition_attained"] is True

    pv23_otl = _get(out, "PV23", "OTL")  # no current score in 2020
    assert math.isnan(pv23_otl["change"])
    assert pv23_otl["ambition_attained"] is pd.NA

    pv23_data = _get(out, "PV23", "DATA")  # no ambition in 2018
    assert pv23_data["change"] == 0.0
    assert pv23_data["ambition_attained"] is pd.NA


def test_progress_backwards_and_errors() -> None:
    back = progress(_scores(), "2020", "2018")
    assert _get(back, "PV20", "OTL")["change"] == -1.5
    with pytest.raises(ValueError, match="2019"):
        progress(_scores(), "2018", "2019")
    with pytest.raises(ValueError, match="gelijk"):
        progress(_scores(), "2018", "2018")
    doubled = pd.concat([_scores(), _scores().iloc[:1]])
    with pytest.raises(ValueError, match="dubbele"):
        progress(doubled, "2018", "2020")


def test_progress_accepts_integer_waves() -> None:
    scores = _scores().assign(wave=lambda f: f["wave"].astype(int))
    out = progress(scores, 2018, 2020)
    assert _get(out, "PV20", "OTL")["change"] == 1.5


def test_overall_progress() -> None:
    overall = pd.DataFrame(
        {
            "wave": ["2018", "2020", "2018", "2020", "2018"],
            "province": ["PV21", "PV21", "PV20", "PV20", "PV22"],
            "current": [2.25, 3.0, 2.0, NAN, 1.0],
            "ambition": [3.0, 4.0, 3.0, 3.0, 2.0],
            "gap": [0.75, 1.0, 1.0, NAN, 1.0],
            "coverage": [1.0, 1.0, 1.0, 0.0, 1.0],
        }
    )
    out = overall_progress(overall, "2018", "2020")
    assert list(out.columns)[:4] == ["province", "from_current", "to_current", "change"]
    assert out["province"].tolist() == ["PV20", "PV21"]  # PV22 only in 2018
    pv21 = {column: out[column].tolist()[1] for column in out.columns}
    assert (pv21["from_current"], pv21["to_current"], pv21["change"]) == (2.25, 3.0, 0.75)
    assert pv21["ambition_attained"] is True  # 3.0 >= 3.0
    pv20 = {column: out[column].tolist()[0] for column in out.columns}
    assert math.isnan(pv20["change"]) and pv20["ambition_attained"] is pd.NA


def test_movers() -> None:
    frame = pd.DataFrame(
        {
            "province": ["PV20"] * 6,
            "change": [1.5, 0.5, 0.5 - 1e-12, 0.49, -0.5, NAN],
        }
    )
    out = movers(frame)
    assert out["movement"].tolist()[:5] == [
        "gestegen",
        "gestegen",
        "gestegen",  # floating noise below the threshold still counts
        "gelijk",
        "gedaald",
    ]
    assert pd.isna(out["movement"].iloc[5])
    assert "movement" not in frame.columns
    assert movers(frame, threshold=1.0)["movement"].tolist()[:2] == ["gestegen", "gelijk"]
    with pytest.raises(ValueError, match="threshold"):
        movers(frame, threshold=0)
    on_progress = movers(progress(_scores(), "2018", "2020"))
    assert _get(on_progress, "PV23", "DATA")["movement"] == "gelijk"


# ----------------------------------------------------------------------------- revised rule 12
def _spread_scores() -> pd.DataFrame:
    rows = [
        # wave, province, element, current, ambition, n, spread
        ("2018", "PV20", "OTL", 2.0, 3.0, 3, 1.0),
        ("2020", "PV20", "OTL", 3.0, 4.0, 3, 1.0),
        ("2018", "PV20", "DATA", 2.0, 3.0, 2, 0.5),
        ("2020", "PV20", "DATA", 2.5, 3.0, 5, 1.5),
        ("2018", "PV20", "TECH", 2.0, 3.0, 4, 0.0),
        ("2020", "PV20", "TECH", 2.5, 3.0, 2, 0.0),
        ("2018", "PV20", "KETEN", 2.0, 3.0, 1, NAN),
        ("2020", "PV20", "KETEN", 4.0, 4.0, 6, 1.0),
    ]
    columns = ["wave", "province", "element", "current", "ambition", "n", "spread"]
    return pd.DataFrame(rows, columns=columns)


def test_progress_welch_interval_hand_computed() -> None:
    out = progress(_spread_scores(), "2018", "2020")
    assert list(out.columns)[:8] == [
        "from_wave",
        "to_wave",
        "province",
        "element",
        "change",
        "ambition_attained",
        "change_lo",
        "change_hi",
    ]
    otl = _get(out, "PV20", "OTL")
    # se = sqrt(1/3 + 1/3) = 0.8164966; df = (2/3)^2 / ((1/3)^2/2 * 2) = 4; t(0.95; 4) = 2.131847
    half = 2.1318467863266504 * math.sqrt(2 / 3)
    assert otl["change_lo"] == pytest.approx(1.0 - half, abs=1e-12)  # -0.7406
    assert otl["change_hi"] == pytest.approx(1.0 + half, abs=1e-12)  # 2.7406
    data = _get(out, "PV20", "DATA")
    # v0 = 0.25/2 = 0.125, v1 = 2.25/5 = 0.45; se^2 = 0.575
    # df = 0.575^2 / (0.125^2/1 + 0.45^2/4) = 0.330625 / 0.06625 = 4.990566
    v0, v1 = 0.125, 0.45
    df = (v0 + v1) ** 2 / (v0**2 / 1 + v1**2 / 4)
    assert df == pytest.approx(4.990566037735849, abs=1e-12)
    from scipy import stats

    half = stats.t.ppf(0.95, df) * math.sqrt(v0 + v1)
    # harmonic interpolation between t(5) = 2.01505 and t(4) = 2.13185 gives 2.01593
    assert round(stats.t.ppf(0.95, df), 4) == 2.0159
    assert data["change_lo"] == pytest.approx(0.5 - half, abs=1e-12)
    assert data["change_hi"] == pytest.approx(0.5 + half, abs=1e-12)
    tech = _get(out, "PV20", "TECH")  # se = 0: both ends are the change
    assert tech["change_lo"] == tech["change_hi"] == 0.5
    keten = _get(out, "PV20", "KETEN")  # n = 1 in 2018: no interval
    assert math.isnan(keten["change_lo"]) and math.isnan(keten["change_hi"])
    # without n and spread (a hand-made frame) there are no intervals
    bare = progress(_scores(), "2018", "2020")
    assert bare["change_lo"].isna().all() and bare["change_hi"].isna().all()


def test_respondent_overlap() -> None:
    from bimmaturity.rules.progress import respondent_overlap

    answers = pd.DataFrame(
        {
            "wave": ["2018", "2018", "2018", "2020", "2020", "2020", "2020", "2018"],
            "province": ["PV20", "PV20", "PV21", "PV20", "PV20", "PV21", "PV22", "PV22"],
            "respondent": ["a", "b", "c", "a", "d", "c", "e", "f"],
            "current": [3.0, 2.0, 1.0, 3.0, NAN, 2.0, 4.0, NAN],
            "ambition": [4.0, 3.0, 2.0, 4.0, 3.0, 3.0, 5.0, NAN],  # f answered nothing
        }
    )
    out = respondent_overlap(answers, "2018", "2020")
    assert list(out.columns) == ["from_wave", "to_wave", "province", "n_from", "n_to", "n_both"]
    assert out["province"].tolist()[:3] == ["PV20", "PV21", "PV22"]
    assert pd.isna(out["province"].iloc[3])
    assert out[["n_from", "n_to", "n_both"]].values.tolist() == [
        [2, 2, 1],  # a in both; b only 2018; d only 2020
        [1, 1, 1],  # c
        [0, 1, 0],  # f has no answer
        [3, 4, 2],
    ]
