"""Run report notebooks in a kernel kept warm.

Starting a kernel and importing pandas, Altair and the package is most of a report's time
(about 2 of 3.5 s). A :class:`WarmKernel` starts one kernel, runs notebook after notebook in
it, and wipes the namespace (``%reset -f``) before each, so every report starts from a clean
namespace with the modules already imported. Parameters are injected the way papermill does
(an ``injected-parameters`` cell after the ``parameters`` cell), so a notebook runs the same in
a build, under papermill, and in JupyterLab.

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

__all__ = ["KernelFailed", "WarmKernel", "kernel_for", "kill_kernels", "shutdown_kernels"]

log = logging.getLogger("bimmaturity.runner")

RESET_SOURCE = "%reset -f"
CELL_TIMEOUT = 600  # seconds one cell may take before the report counts as failed


class KernelFailed(RuntimeError):
    """The kernel could not be started or died; the notebook itself may be fine."""


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
        try:
            starter.start_new_kernel(cwd=str(self.cwd), env=env)
        except Exception as exc:  # a port race or a kernel that died at start-up
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
        from nbclient.exceptions import DeadKernelError
        from papermill.iorw import load_notebook_node
        from papermill.parameterize import parameterize_notebook

        notebook = parameterize_notebook(
            load_notebook_node(str(path)), parameters, kernel_name="python3", language="python"
        )
        notebook.cells.insert(0, nbformat.v4.new_code_cell(RESET_SOURCE))
        client = NotebookClient(
            notebook,
            km=self.manager,
            kernel_name="python3",
            timeout=CELL_TIMEOUT,
            resources={"metadata": {"path": str(self.cwd)}},
        )
        try:
            client.execute()
        except DeadKernelError as exc:
            raise KernelFailed(f"kernel died while running {path.name}: {exc}") from exc
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
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
    if kernel is not None and not kernel.alive:
        log.warning("report kernel died; starting a new one")
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
