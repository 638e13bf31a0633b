"""What an analyst types: ``bm.<name>`` for everything in ``__all__`` (loaded lazily), elements
by label or id, and a province by name or code."""

from __future__ import annotations

import importlib
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest

import bimmaturity as bm
from bimmaturity.organisations import province_code

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_every_name_in_all_resolves():
    assert bm.__all__ == sorted(bm.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert set(bm.__all__) == set(bm._EXPORTS) | set(bm._MODULES)
    for name in bm.__all__:
        value = getattr(bm, name)
        assert value is not None, name
        if name in bm._MODULES:
            assert isinstance(value, types.ModuleType) and value.__name__ == bm._MODULES[name]
        else:
            assert value is getattr(importlib.import_module(bm._EXPORTS[name]), name), name
    assert set(bm.__all__) <= set(dir(bm))
    assert bm.progress.movers is not None and bm.businesscase.business_case is bm.business_case
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = bm.nothing


def test_import_stays_lazy():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bimmaturity; print(sorted(set(sys.modules) & "
            "{'pandas', 'altair', 'ipywidgets', 'bimmaturity.rules', 'bimmaturity.present'}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def test_elements_resolve_by_label_or_id():
    instrument = bm.default_instrument()
    for element in instrument.elements:
        assert instrument.resolve_element(element.id) == element.id
        assert instrument.resolve_element(element.label) == element.id
        assert instrument.resolve_element(element.label.upper()) == element.id
    assert instrument.resolve_element("Objecttypebibliotheek") == "OTL"
    assert instrument.resolve_element("objecttypebibliothéék") == "OTL"
    assert instrument.resolve_element("Objecttypebibliotheek 2") is None


def test_province_by_name_or_code():
    assert [province_code(t) for t in ("PV28", "Zuid-Holland", "zuid holland", "Fryslân")] == [
        "PV28",
        "PV28",
        "PV28",
        "PV21",
    ]
    with pytest.raises(ValueError) as error:
        province_code("Holland")
    message = str(error.value)
    assert message.startswith("'Holland' is geen provincie. Kies een naam of code: Groningen")
    assert message.count("(PV") == 12 and "Limburg (PV31)." in message


def test_profile_notebook_reads_the_province_by_name_or_code():
    notebook = nbformat.read(NOTEBOOKS / "10_provincieprofiel.ipynb", as_version=4)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    assert code.index("province = bm.province_code(province)") < code.index("bm.load_analysis(")
