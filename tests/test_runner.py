"""Warm report kernels: one kernel, many notebooks, a clean namespace for each."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from bimmaturity.runner import KernelFailed, WarmKernel, forget, kernel_for


def _notebook(folder: Path, name: str, *sources: str, parameters: str = "") -> Path:
    cells = []
    if parameters:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def _text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("notebooks")
    warm = WarmKernel(folder)
    yield warm, folder
    warm.close()


@pytest.mark.slow
def test_one_kernel_runs_notebook_after_notebook_with_a_clean_namespace(kernel):
    warm, folder = kernel
    first = _notebook(
        folder,
        "first",
        "import os\nleft_behind = 41\nprint(os.getpid(), left_behind + n)",
        parameters="n = 0",
    )
    second = _notebook(
        folder,
        "second",
        "import os\nprint(os.getpid(), 'left_behind' in globals(), n)",
        parameters="n = 0",
    )
    ran = warm.run(first, {"n": 1})
    pid, total = _text(ran.cells[-1]).split()
    assert total == "42"
    assert "injected-parameters" in ran.cells[1].metadata["tags"]
    assert ran.cells[1].id == "injected-parameters"  # not random: the same page every build
    ran = warm.run(second, {"n": 7})
    assert _text(ran.cells[-1]).split() == [pid, "False", "7"]  # same kernel, fresh namespace
    assert ran.cells[0].source == "n = 0"  # the reset cell is not part of the result


@pytest.mark.slow
def test_a_failing_cell_raises_and_the_kernel_stays_usable(kernel):
    warm, folder = kernel
    broken = _notebook(folder, "broken", "raise ValueError('kapot')")
    with pytest.raises(CellExecutionError, match="kapot"):
        warm.run(broken, {})
    fine = _notebook(folder, "fine", "print('ok')")
    assert _text(warm.run(fine, {}).cells[-1]) == "ok\n"


@pytest.mark.slow
def test_report_mode_shows_charts_unchecked_and_the_next_notebook_checks_again(kernel):
    warm, folder = kernel
    chart = (
        "import altair as alt\nimport pandas as pd\n"
        "chart = alt.Chart(pd.DataFrame({'x': [1, 2]})).mark_point().encode(x='x:Q')"
    )
    check = (
        "from altair.utils import schemapi\n"
        "shown = get_ipython().display_formatter.mimebundle_formatter\n"
        "print(schemapi.DEBUG_MODE, alt.TopLevelMixin in shown.type_printers)"
    )
    setup = "from bimmaturity.present import theme\ntheme.setup({})\n"
    ran = warm.run(_notebook(folder, "report", setup.format(True) + chart, "chart", check), {})
    (shown,) = [cell for cell in ran.cells if cell.source == "chart"]
    html = shown.outputs[0]["data"]["text/html"]
    assert html.startswith('<div id="bm-chart-1" class="bm-chart"></div><script>vegaEmbed(')
    assert '"mark": {"type": "point"}' in html
    assert _text(ran.cells[-1]) == "False True\n"
    ran = warm.run(_notebook(folder, "lab", setup.format(False) + chart, check), {})
    assert _text(ran.cells[-1]) == "True False\n"


@pytest.mark.slow
def test_a_dead_kernel_is_replaced(tmp_path: Path):
    dying = _notebook(tmp_path, "dying", "import os\nos._exit(1)")
    first = kernel_for(tmp_path)
    try:
        with pytest.raises(KernelFailed):
            first.run(dying, {})
        second = kernel_for(tmp_path)
        assert second is not first
        assert _text(second.run(_notebook(tmp_path, "after", "print(2)"), {}).cells[-1]) == "2\n"
    finally:
        forget(tmp_path)


def _shown(notebook) -> list[list[dict]]:
    """What a report shows: every code cell's outputs (type, stream text, displayed data),
    without execution counts or timing metadata."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cells.append(
            [
                {
                    "type": output.output_type,
                    "text": output.get("text"),
                    "data": dict(output.get("data", {})),
                }
                for output in cell.outputs
            ]
        )
    return cells


@pytest.mark.slow
def test_a_warm_kernel_gives_every_report_what_a_cold_kernel_gives(example_project: Path):
    """Two profiles with other provinces and other options, one after the other in one warm
    kernel (and the first once more after the second), each equal to a run in a fresh kernel."""
    notebooks = example_project / "notebooks"
    path = notebooks / "10_provincieprofiel.ipynb"
    common = {
        "processed_dir": str(example_project / "data" / "processed"),
        "report_mode": True,
        "wave": "2020",
        "reporting_wave": "2020",
    }
    groningen = {**common, "province": "PV20"}  # a starter, the build's options
    holland = {**common, "province": "PV28", "leader_level": 3.0, "n_deals": 2}  # a leader
    warm = WarmKernel(notebooks)
    try:
        first = warm.run(path, groningen)  # the kernel's first report: a cold run
        second = warm.run(path, holland)
        again = warm.run(path, groningen)
    finally:
        warm.close()
    cold = WarmKernel(notebooks)
    try:
        alone = cold.run(path, holland)
    finally:
        cold.close()
    shown = _shown(second)
    assert shown == _shown(alone)
    assert _shown(again) == _shown(first)
    header = json.dumps(shown[2])  # parameters, injected parameters, then the title
    assert "Zuid-Holland" in header and "Groningen" not in header
    assert "Groningen" in json.dumps(_shown(first)[2])


def test_the_analysis_is_read_once_per_process_and_again_when_its_files_change(
    tmp_path: Path, example_project: Path, monkeypatch: pytest.MonkeyPatch
):
    """What a warm kernel keeps between reports: the loaded analysis, until a file changes."""
    import shutil

    from bimmaturity import analysis, saved_analysis

    processed = shutil.copytree(example_project / "data" / "processed", tmp_path / "processed")
    reads: list[Path] = []
    read_saved = saved_analysis._read_saved
    monkeypatch.setattr(saved_analysis, "_read_saved", lambda f: reads.append(f) or read_saved(f))
    monkeypatch.setattr(saved_analysis, "_LOADED", {})
    first = analysis.load_analysis(processed)
    first.scores.loc[first.scores.index[0], "current"] = 99.0  # a report that changes a frame
    second = analysis.load_analysis(processed)
    assert len(reads) == 1  # read once
    assert second.scores["current"].max() < 99.0  # and not changed by the first report
    # the saved analysis has the default options: asking for them gives the same one
    assert analysis.load_analysis(processed, analysis.AnalysisOptions()).scores.equals(
        second.scores
    )
    assert len(reads) == 1 and len(saved_analysis._LOADED) == 1
    saved = processed / "analysis" / "analysis.json"
    saved.write_bytes(saved.read_bytes())  # rewritten: a new analysis as far as anyone knows
    analysis.load_analysis(processed)
    assert len(reads) == 2 and len(saved_analysis._LOADED) == 2
