"""The report registry: every notebook it names exists, and every notebook is in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimmaturity.reports import REPORTS, report

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_registry_and_notebooks_folder_agree():
    assert sorted(r.notebook for r in REPORTS) == sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def test_titles_are_unique_and_groups_are_the_index_headings():
    titles = [r.title for r in REPORTS]
    assert len(set(titles)) == len(titles)
    assert [r.group for r in REPORTS] == ["Overzichten"] * 5 + ["Provincieprofielen"]


def test_only_the_profile_is_made_per_organisation_and_progress_needs_two_waves():
    assert [r.notebook for r in REPORTS if r.per_organisation] == ["10_provincieprofiel"]
    assert {r.notebook: r.min_waves for r in REPORTS if r.min_waves > 1} == {"60_voortgang": 2}
    assert [r.notebook for r in REPORTS if not r.takes_options] == ["60_voortgang"]


def test_lookup_by_notebook_names_what_exists():
    assert report("50_businesscase").title == "Business case gezamenlijke ontwikkeling"
    with pytest.raises(KeyError, match="70_onbekend"):
        report("70_onbekend")
