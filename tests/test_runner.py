"""Warm report kernels: one kernel, many notebooks, a clean namespace for each."""

from __future__ import annotations

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
