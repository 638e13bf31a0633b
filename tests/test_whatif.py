"""The what-if controls of notebooks 40 and 50: moving a control recomputes exactly what a fresh
analysis with that option gives, and the report pages never carry the controls."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import bimmaturity as bm
from bimmaturity import vocab
from bimmaturity.present.format import euro
from bimmaturity.present.sections.case_overview import business_case_table
from bimmaturity.present.sections.collaboration import opportunities_table
from bimmaturity.present.whatif import whatif_businesscase, whatif_collaboration

WAVE = "2020"


@pytest.fixture(scope="module")
def base(example_data) -> bm.Analysis:
    # Resampling changes neither the deals nor the money; leaving it out keeps this quick.
    return bm.analyse(example_data, bm.AnalysisOptions(resamples=0), wave=WAVE)


def _total_saving(result: bm.Analysis) -> float:
    case = result.businesscase
    chosen = case[case["element"].isin(result.proposed(WAVE)) & case["alone"].notna()]
    return float(chosen["saving"].sum())


def _wave_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["wave"] == WAVE].reset_index(drop=True)


def test_overhead_slider_recomputes_the_business_case(base, example_data):
    box = whatif_businesscase(base, WAVE)
    assert list(box.controls) == [
        "leader_level",
        "gap_threshold",
        "min_demand",
        "n_deals",
        "overhead",
        "years",
        "cost_key",
    ]
    assert box.controls["overhead"].value == 0.15
    assert round(_total_saving(box.current)) == 6_979_397
    before = box.output.value

    box.controls["overhead"].value = 0.30

    fresh = bm.analyse(example_data, bm.AnalysisOptions(overhead=0.30, resamples=0), wave=WAVE)
    assert box.current.options.overhead == 0.30
    assert round(_total_saving(fresh)) == 6_558_081
    pd.testing.assert_frame_equal(
        _wave_rows(box.current.businesscase), _wave_rows(fresh.businesscase)
    )
    pd.testing.assert_frame_equal(_wave_rows(box.current.shares), _wave_rows(fresh.shares))
    shown = box.output.value
    assert shown != before
    total = vocab.LAB_WHATIF_TOTAL_SAVING.format(amount=euro(_total_saving(fresh)))
    assert total in shown and total not in before
    expected = business_case_table(
        fresh.businesscase, WAVE, fresh.instrument, fresh.proposed(WAVE)
    ).data
    assert expected in shown

    box._reset()  # the reset button puts the notebook's values back
    assert box.controls["overhead"].value == 0.15 and box.output.value == before

    assert "Aandeel (gelijke delen)" in before and "(naar inwonertal)" not in before
    box.controls["cost_key"].value = "population"
    assert "Aandeel (naar inwonertal)" in box.output.value
    assert "(gelijke delen)" not in box.output.value


def test_deal_sliders_recompute_the_proposed_deals(base, example_data):
    box = whatif_collaboration(base, WAVE)
    assert list(box.controls) == ["leader_level", "gap_threshold", "min_demand", "n_deals"]
    assert box.current.proposed(WAVE) == ["PROC", "UITV", "OTL", "BEHEER"]

    box.controls["min_demand"].value = 8
    box.controls["n_deals"].value = 2

    fresh = bm.analyse(
        example_data, bm.AnalysisOptions(min_demand=8, n_deals=2, resamples=0), wave=WAVE
    )
    assert box.current.proposed(WAVE) == fresh.proposed(WAVE) == ["PROC", "UITV"]
    columns = ["wave", "element", "supply", "demand", "mean_gap", "kansrijk", "rank", "proposed"]
    pd.testing.assert_frame_equal(
        _wave_rows(box.current.opportunities), _wave_rows(fresh.opportunities)[columns]
    )
    assert (
        opportunities_table(fresh.opportunities[columns], WAVE, fresh.instrument).data
        in box.output.value
    )


@pytest.mark.slow
def test_report_pages_carry_no_controls(example_project: Path):
    sources = {
        name: json.loads((example_project / "notebooks" / f"{name}.ipynb").read_text())
        for name in ("40_samenwerking", "50_businesscase")
    }
    for notebook in sources.values():  # the notebooks do offer them in JupyterLab
        cells = ["".join(c["source"]) for c in notebook["cells"]]
        assert sum("whatif.whatif_" in c and "if not report_mode:" in c for c in cells) == 1
    ran = []  # the build ran those cells (report mode): no output
    for path in sorted((example_project / "reports" / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if "whatif.whatif_" in "".join(cell.get("source", "")):
                ran.append((cell["execution_count"] is not None, cell["outputs"]))
    assert ran == [(True, []), (True, [])]
    pages = sorted((example_project / "reports" / "html").glob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in text
        assert "bm-lab-whatif" not in text and vocab.LAB_WHATIF_TITLE not in text
