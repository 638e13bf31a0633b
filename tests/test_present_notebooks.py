"""The report notebooks stay thin: one parameters cell whose analysis options default to
``bimmaturity.config.DEFAULTS``, one ``load_analysis`` call, no analysis of their own, and no
outputs committed."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from bimmaturity.config import DEFAULTS, AnalysisOptions

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
FORBIDDEN = {"analyse", "province_scores", "cluster_analysis", "overall_scores"}


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _parameters(notebook: nbformat.NotebookNode) -> dict[str, object]:
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "exactly one parameters cell"
    values = {}
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign), "the parameters cell only assigns literals"
        (target,) = node.targets
        values[target.id] = ast.literal_eval(node.value)
    return values


def _called(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            function = node.func
            names.add(function.attr if isinstance(function, ast.Attribute) else function.id)
    return names


def test_there_are_report_notebooks():
    assert len(NOTEBOOKS) == 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameter_defaults_are_the_option_defaults(path: Path):
    parameters = _parameters(_read(path))
    assert parameters["processed_dir"] == "../data/processed"
    assert parameters["report_mode"] is False
    options = {name: value for name, value in parameters.items() if name in DEFAULTS.as_dict()}
    if path.stem != "60_voortgang":  # progress takes no analysis options
        assert set(options) == set(AnalysisOptions.model_fields)
    assert options == {name: DEFAULTS.as_dict()[name] for name in options}
    AnalysisOptions.from_mapping(parameters)  # valid as they stand


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_load_the_analysis_once_and_compute_nothing(path: Path):
    notebook = _read(path)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    calls = [_called(source) for source in code]
    assert not set().union(*calls) & FORBIDDEN
    assert sum("load_analysis" in called for called in calls) == 1
    call = (
        "bm.load_analysis(processed_dir)"  # progress takes no options: the build's analysis
        if path.stem == "60_voortgang"
        else "bm.load_analysis(processed_dir, bm.AnalysisOptions.from_mapping(globals()))"
    )
    assert call in "\n".join(code)
    for source in code:
        assert "bm.report" not in source and "bm.charts" not in source
        assert "bm.narrative" not in source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_import_shadows_a_parameter(path: Path):
    """``AnalysisOptions.from_mapping(globals())`` reads the parameters by name: an imported
    module called ``clusters`` would replace the ``clusters`` option."""
    notebook = _read(path)
    parameters = set(_parameters(notebook))
    for cell in notebook.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                bound = {alias.asname or alias.name.split(".")[0] for alias in node.names}
                assert not bound & parameters, (path.stem, bound & parameters)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_without_outputs(path: Path):
    for cell in _read(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
