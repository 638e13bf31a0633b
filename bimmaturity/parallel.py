"""Independent pieces of work in two processes when there are enough of them to pay.

Reading exports, drawing figures and typesetting posters are each many independent pieces of
CPU work. :func:`map_in_processes` runs a module-level function over the items in worker
processes (results in the items' order, so the outcome is the same for any number of
workers) and falls back to doing the work here when a worker dies.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

__all__ = ["PARALLEL_FROM", "default_jobs", "map_in_processes"]

log = logging.getLogger("bimmaturity.parallel")

PARALLEL_FROM = 40
"""From this many items on, work goes to two processes by default (fewer do not repay
starting them)."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def default_jobs(items: int) -> int:
    """Two processes from :data:`PARALLEL_FROM` items on when the machine has two cores,
    else one.

    Examples
    --------
    >>> default_jobs(3)
    1
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(2, cores) if items >= PARALLEL_FROM else 1


def map_in_processes(
    func: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    jobs: int | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    fresh: bool = False,
) -> list[Result]:
    """``[func(item) for item in items]``, in ``jobs`` processes (None: :func:`default_jobs`).

    ``func`` and ``initializer`` must be module-level functions (a worker imports them);
    ``initializer(*initargs)`` runs once in every worker, and here before the work is done
    here (one job, or a worker died: the work is then done again in this process).
    With ``fresh`` a worker starts as a new interpreter that imports only what ``func``
    needs (spawn) rather than as a copy of this process (fork, quicker to start): for work
    done after this process has grown large, so that the workers do not keep its memory.

    Examples
    --------
    >>> map_in_processes(abs, [-2, 3, -4])
    [2, 3, 4]
    """
    jobs = default_jobs(len(items)) if jobs is None else max(1, min(jobs, len(items)))
    if jobs > 1:
        # fork starts a worker at once (everything imported); Python 3.12 deprecates forking a
        # process with threads (pyarrow may have started some), so spawn there
        fork = (
            not fresh
            and sys.version_info < (3, 12)
            and "fork" in multiprocessing.get_all_start_methods()
        )
        context = multiprocessing.get_context("fork" if fork else "spawn")
        chunk = max(1, min(4, len(items) // (jobs * 4)))
        try:
            with ProcessPoolExecutor(
                jobs, mp_context=context, initializer=initializer, initargs=initargs
            ) as pool:
                return list(pool.map(func, items, chunksize=chunk))
        except BrokenProcessPool:  # a worker died (out of memory?): do the work here instead
            log.warning("parallel work failed; doing it in one process")
    if initializer is not None:
        initializer(*initargs)
    return [func(item) for item in items]
