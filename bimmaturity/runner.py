"""Run report notebooks in a kernel kept warm.

Starting a kernel and importing pandas, Altair and the package is most of a report's time
(about 2 of 3.5 s). A :class:`WarmKernel` starts one kernel, runs notebook after notebook in
it, and wipes the namespace before each (:data:`RESET_SOURCE`: ``%reset -f``, then
:func:`fresh_state`), so every report starts from a clean namespace with the modules already
imported. Parameters are injected the way papermill does (an ``injected-parameters`` cell after
the ``parameters`` cell), so a notebook runs the same in a build, under papermill, and in
JupyterLab.

What else a report would pay again and again is paid once per kernel: the kernel client and
its channels stay connected from report to report (a new client waits about 0.2 s for the
kernel to answer), the objects that outlive a report (modules, the analysis that
:func:`bimmaturity.analysis.load_analysis` keeps) are moved out of the garbage collector's way
(:func:`gc.freeze`; the reset's full collection then looks at one report's objects, not at
pandas and Altair), and the saved analysis is read once per kernel.

One warm kernel lives in each build worker process (:func:`kernel_for`) and is shut down when
the process ends.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

__all__ = [
    "RESET_SOURCE",
    "KernelFailed",
    "WarmKernel",
    "forget",
    "fresh_state",
    "kernel_for",
    "kill_kernels",
    "shutdown_kernels",
]

log = logging.getLogger("bimmaturity.runner")

RESET_SOURCE = (
    "%reset -f\n"
    "from bimmaturity.runner import fresh_state as _fresh_state\n"
    "_fresh_state()\n"
    "del _fresh_state"
)
"""The cell run before every report (and taken out of the result): an empty namespace, and
the package's state as a fresh kernel has it (:func:`fresh_state`)."""
CELL_TIMEOUT = 600  # seconds one cell may take before the report counts as failed


class KernelFailed(RuntimeError):
    """The kernel could not be started or died; the notebook itself may be fine."""


def fresh_state() -> None:
    """Put back what a report may have changed outside its namespace, as a fresh kernel has
    it; run in the kernel by :data:`RESET_SOURCE` after ``%reset -f``.

    The organisations registry in use goes back to the provinces (a report makes the data's
    registry active when it loads the data). Then the previous report's garbage is collected
    and everything still alive (modules, kept analyses) is frozen (:func:`gc.freeze`), so the
    next report's collections do not walk it again.

    Examples
    --------
    >>> import gc
    >>> from bimmaturity.organisations import Registry, activate, active_registry
    >>> activate(Registry.from_rows([{"code": "GM1", "name": "Ede"}]))
    >>> fresh_state()
    >>> active_registry().kind, gc.get_freeze_count() > 0
    ('provincie', True)
    >>> gc.unfreeze()  # outside a report kernel: give the objects back to the collector
    """
    import gc
    import sys

    organisations = sys.modules.get("bimmaturity.organisations")
    if organisations is not None:
        organisations.activate(None)
    gc.collect()
    gc.freeze()


class WarmKernel:
    """A kernel started once in ``cwd`` that runs report notebooks one after another.

    Parameters
    ----------
    cwd : Path
        The kernel's working directory (the notebooks folder, as papermill would use).
    fast : bool
        Skip an import the reports never use at kernel start (``bimmaturity/__init__.py``).
    """

    def __init__(self, cwd: Path, *, fast: bool = True) -> None:
        from nbclient import NotebookClient

        self.cwd = Path(cwd)
        env = {**os.environ, "BIMMATURITY_REPORT_KERNEL": "1" if fast else "0"}
        starter = NotebookClient(
            _blank(),
            kernel_name="python3",
            # Kernel log lines are noise here (an unencrypted-TCP warning at every start).
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
        self.manager = starter.create_kernel_manager()
        self.broken = False  # a run ended half-way (a timeout): the kernel may still be busy
        try:
            starter.start_new_kernel(cwd=str(self.cwd), env=env)
            # One client for every report: a new one waits for the kernel's first answer.
            self.client = starter.start_new_kernel_client()
        except Exception as exc:  # a port race or a kernel that died at start-up
            with contextlib.suppress(Exception):
                self.close()
            raise KernelFailed(f"kernel start failed: {exc}") from exc

    @property
    def alive(self) -> bool:
        from nbclient.util import run_sync

        return bool(run_sync(self.manager.is_alive)())

    def run(self, path: Path, parameters: dict) -> nbformat.NotebookNode:
        """Execute the notebook at ``path`` with ``parameters`` injected; the executed notebook.

        Raises
        ------
        nbclient.exceptions.CellExecutionError
            When a cell fails (the kernel stays usable).
        KernelFailed
            When the kernel died.
        """
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        notebook = parameterize_notebook(
            load_notebook_node(str(path)), parameters, kernel_name="python3", language="python"
        )
        for cell in notebook.cells:  # papermill gives it a random id: pages would differ
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET_SOURCE))
        client = NotebookClient(
            notebook,
            km=self.manager,
            kernel_name="python3",
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(self.cwd)}},
        )
        client.kc = self.client  # kept connected: nbclient leaves a client it did not make
        try:
            client.execute()
        except DeadKernelError as exc:
            self.broken = True
            raise KernelFailed(f"kernel died while running {path.name}: {exc}") from exc
        except CellExecutionError:
            raise  # the cell's own error: the kernel is fine
        except BaseException:
            self.broken = True  # a timeout or an interruption: the kernel may still be busy
            raise
        notebook.cells.pop(0)
        return notebook

    @property
    def pid(self) -> int | None:
        """The kernel's process id (None when it has none)."""
        provisioner = getattr(self.manager, "provisioner", None)
        pid = getattr(provisioner, "pid", None)
        return pid if isinstance(pid, int) else None

    def close(self) -> None:
        """Shut the kernel down (idempotent)."""
        from nbclient.util import run_sync

        client = getattr(self, "client", None)
        if client is not None:
            client.stop_channels()
            self.client = None
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)


def _blank() -> nbformat.NotebookNode:
    import nbformat

    return nbformat.v4.new_notebook()


_KERNELS: dict[tuple[Path, bool], WarmKernel] = {}


def kernel_for(cwd: Path, *, fast: bool = True) -> WarmKernel:
    """This process's warm kernel for ``cwd``, started on first use (once more after a death)."""
    key = (Path(cwd).resolve(), fast)
    kernel = _KERNELS.get(key)
    if kernel is not None and (kernel.broken or not kernel.alive):
        log.warning("report kernel died or hangs; starting a new one")
        with contextlib.suppress(Exception):
            kernel.close()
        kernel = None
    if kernel is None:
        kernel = _KERNELS[key] = WarmKernel(key[0], fast=fast)
    return kernel


def forget(cwd: Path, *, fast: bool = True) -> None:
    """Drop (and shut down) this process's kernel for ``cwd``, e.g. after it failed."""
    kernel = _KERNELS.pop((Path(cwd).resolve(), fast), None)
    if kernel is not None:
        kernel.close()


def shutdown_kernels() -> None:
    """Shut down every warm kernel of this process."""
    while _KERNELS:
        _, kernel = _KERNELS.popitem()
        try:
            kernel.close()
        except Exception as exc:  # shutting down: say it, do not fail the build for it
            log.warning("report kernel did not shut down cleanly: %s", exc)


def kill_kernels() -> None:
    """Kill every warm kernel of this process at once (SIGKILL, no shutdown messages): for a
    worker that must end now. Safe to call from a signal handler or another thread."""
    for kernel in list(_KERNELS.values()):
        pid = kernel.pid
        if pid is None:
            continue
        try:  # the kernel leads its own process group (jupyter_client starts a new session)
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


atexit.register(shutdown_kernels)
