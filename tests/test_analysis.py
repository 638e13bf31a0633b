"""The analysis computed once, saved beside the processed data, and loaded by fingerprint."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bimmaturity import analysis as analysis_module
from bimmaturity.analysis import (
    ANALYSIS_FOLDER,
    analyse,
    analysis_fingerprint,
    load_analysis,
    save_analysis,
)
from bimmaturity.config import AnalysisOptions
from bimmaturity.store import load_processed

FRAMES = [
    "scores",
    "overall",
    "overall_intervals",
    "reliability",
    "respondent_scores",
    "stated_roles",
    "roles",
    "opportunities",
    "partners",
    "clusters",
    "cluster_profiles",
    "cluster_summary",
    "businesscase",
    "shares",
    "cost_sensitivity",
    "progress",
    "overall_progress",
    "overlap",
]


@pytest.fixture(scope="module")
def computed(example_data):
    return analyse(example_data)


@pytest.fixture
def processed_copy(tmp_path: Path, example_processed: Path) -> Path:
    copy = tmp_path / "processed"
    shutil.copytree(example_processed, copy)
    return copy


def test_analysis_covers_every_wave_and_step(computed, instrument):
    assert computed.waves == ["2018", "2020"]
    n_elements = len(instrument.element_ids)
    assert len(computed.scores) == 2 * 12 * n_elements
    assert computed.progress[["from_wave", "to_wave"]].drop_duplicates().values.tolist() == [
        ["2018", "2020"]
    ]
    assert computed.overall_progress.columns[:3].tolist() == ["from_wave", "to_wave", "province"]
    assert sorted(computed.clusterings) == ["2018", "2020"]
    assert sorted(computed.overall_intervals["wave"].unique()) == ["2018", "2020"]
    assert computed.proposed("2020") == ["PROC", "UITV", "OTL", "BEHEER"]
    assert computed.proposed("2018") == ["UITV", "OTL", "PROC", "BEHEER"]


def test_one_wave_equals_that_wave_of_the_whole(computed, example_data):
    only = analyse(example_data, wave="2018")
    for name in ("scores", "roles", "opportunities", "clusters", "businesscase", "shares"):
        whole = getattr(computed, name)
        part = whole[whole["wave"] == "2018"].reset_index(drop=True)
        pd.testing.assert_frame_equal(getattr(only, name).reset_index(drop=True), part)
    assert only.progress.empty  # no step into the first wave


def test_saved_analysis_loads_back_exactly(computed, processed_copy: Path):
    data = load_processed(processed_copy)
    result = analyse(data)
    save_analysis(result, processed_copy)
    loaded = load_analysis(processed_copy)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(loaded, name), getattr(computed, name), name)
    assert sorted(loaded.clusterings) == sorted(computed.clusterings)
    for wave, clustering in computed.clusterings.items():
        back = loaded.clusterings[wave]
        assert (back.k, back.k_chosen, back.leaf_order) == (
            clustering.k,
            clustering.k_chosen,
            clustering.leaf_order,
        )
        np.testing.assert_array_equal(back.linkage, clustering.linkage)
        pd.testing.assert_frame_equal(back.silhouette, clustering.silhouette)
        pd.testing.assert_frame_equal(back.assignment, clustering.assignment)
        pd.testing.assert_frame_equal(back.matrix.values, clustering.matrix.values)
        pd.testing.assert_frame_equal(back.matrix.imputed, clustering.matrix.imputed)
        assert back.matrix.dropped_elements == clustering.matrix.dropped_elements
    assert loaded.processed is not None and loaded.processed.waves == ["2018", "2020"]


def test_matching_saved_analysis_is_loaded_not_computed(processed_copy: Path, monkeypatch):
    save_analysis(analyse(load_processed(processed_copy)), processed_copy)

    def refuse(*args, **kwargs):
        raise AssertionError("the saved analysis matched: nothing should be computed")

    monkeypatch.setattr(analysis_module, "analyse", refuse)
    assert load_analysis(processed_copy).proposed("2020") == ["PROC", "UITV", "OTL", "BEHEER"]


def test_other_options_are_computed_afresh_and_not_saved(processed_copy: Path):
    save_analysis(analyse(load_processed(processed_copy)), processed_copy)
    saved = (processed_copy / ANALYSIS_FOLDER / "analysis.json").read_bytes()
    fresh = load_analysis(processed_copy, AnalysisOptions(min_demand=9))
    assert fresh.options.min_demand == 9
    assert not fresh.opportunities["kansrijk"].any()  # no element has a demand of 9
    assert (processed_copy / ANALYSIS_FOLDER / "analysis.json").read_bytes() == saved


def test_a_damaged_saved_analysis_is_computed_instead(processed_copy: Path):
    save_analysis(analyse(load_processed(processed_copy)), processed_copy)
    (processed_copy / ANALYSIS_FOLDER / "scores.parquet").write_bytes(b"not parquet")
    assert load_analysis(processed_copy).proposed("2020") == ["PROC", "UITV", "OTL", "BEHEER"]
    (processed_copy / ANALYSIS_FOLDER / "analysis.json").write_text("{", encoding="utf-8")
    assert len(load_analysis(processed_copy).scores) == len(
        analyse(load_processed(processed_copy)).scores
    )


def test_saving_again_replaces_the_folder_and_leaves_no_staging(processed_copy: Path):
    data = load_processed(processed_copy)
    save_analysis(analyse(data), processed_copy)
    save_analysis(analyse(data, AnalysisOptions(min_demand=2)), processed_copy)
    record = json.loads((processed_copy / ANALYSIS_FOLDER / "analysis.json").read_text())
    assert record["options"]["min_demand"] == 2
    assert [p.name for p in processed_copy.iterdir() if p.name.startswith(".analysis")] == []
    assert load_processed(processed_copy).waves == ["2018", "2020"]  # the subfolder is no table


def test_fingerprint_follows_data_options_and_instrument(example_data, instrument):
    base = analysis_fingerprint(example_data, AnalysisOptions(), instrument)
    assert base == analysis_fingerprint(example_data, AnalysisOptions(), instrument)
    assert base != analysis_fingerprint(example_data, AnalysisOptions(years=4), instrument)
    heavier = instrument.model_copy(
        update={
            "elements": [
                instrument.elements[0].model_copy(update={"weight": 2}),
                *instrument.elements[1:],
            ]
        }
    )
    assert base != analysis_fingerprint(example_data, AnalysisOptions(), heavier)
    other = dataclasses.replace(example_data, manifest={"tables": {"answers.parquet": "0"}})
    assert base != analysis_fingerprint(other, AnalysisOptions(), instrument)


def test_new_columns_of_the_revised_rules(computed):
    for column in ("p_koploper", "p_starter"):
        assert computed.roles[column].between(0, 1).all()
    for column in ("p_kansrijk", "p_proposed"):
        assert computed.opportunities[column].between(0, 1).all()
    proposed = computed.opportunities[computed.opportunities["proposed"]]
    assert (proposed["p_proposed"] >= 0.5).all()  # the example's deals are not wankel
    assert computed.reliability.columns.tolist() == [
        "wave",
        "element",
        "alpha",
        "n_complete",
        "icc1",
    ]
    case = computed.businesscase.dropna(subset=["saving"])
    assert (case["saving_low"] <= case["saving"]).all() and (
        case["saving"] <= case["saving_high"]
    ).all()
    assert (case["participants"] == case["koplopers"] + case["followers"]).all()
    assert sorted(computed.cost_sensitivity["wave"].unique()) == ["2018", "2020"]
    assert computed.cost_sensitivity.groupby("wave").size().tolist() == [15, 15]
    assert computed.overlap["province"].isna().sum() == 1  # one overall row per step
    assert {"change_lo", "change_hi"} <= set(computed.progress.columns)


def test_zero_resamples_leave_the_probabilities_empty(example_data):
    result = analyse(example_data, AnalysisOptions(resamples=0), wave="2020")
    assert result.roles[["p_koploper", "p_starter"]].isna().all().all()
    assert result.opportunities[["p_kansrijk", "p_proposed"]].isna().all().all()
    assert result.proposed("2020") == ["PROC", "UITV", "OTL", "BEHEER"]


def test_organisations_that_are_not_provinces_with_their_own_registry(computed, example_data):
    # Organisation codes need not be provinces: with a registry giving their population the
    # whole analysis runs, and renaming every organisation changes no figure but the names.
    from bimmaturity.organisations import provinces

    rename = {code: code.replace("PV", "ORG") for code in provinces()["cbs_code"]}
    renamed = dataclasses.replace(
        example_data,
        answers=example_data.answers.assign(
            province=example_data.answers["province"].map(rename).astype("str")
        ),
        roles=example_data.roles.assign(
            province=example_data.roles["province"].map(rename).astype("str")
        ),
    )
    registry = provinces().assign(cbs_code=lambda frame: frame["cbs_code"].map(rename))
    result = analyse(renamed, AnalysisOptions(resamples=0), registry=registry)
    back = {new: old for old, new in rename.items()}
    for name in ("scores", "shares", "businesscase", "clusters", "cluster_profiles"):
        frame = getattr(result, name)
        if "province" in frame:
            frame = frame.assign(province=frame["province"].map(back).astype("str"))
        pd.testing.assert_frame_equal(frame, getattr(computed, name))
    assert set(result.shares["key"]) == {"equal", "population", "mixed"}
    summary = result.cluster_summary
    assert summary["member_names"].tolist() == summary["members"].tolist()
    assert summary["members"].str.startswith("ORG").all()
