"""The saved analysis: written once by a build next to the processed data, read by every report.

:func:`save_analysis` writes an :class:`~bimmaturity.analysis.Analysis` of every wave as parquet
and JSON, atomically; :func:`load_analysis` gives it back when its fingerprint matches the data,
the options, the instrument and the package code, and computes it afresh otherwise. A loaded
analysis is kept per process until its files change (a warm report kernel reads it once).
Both are also importable from :mod:`bimmaturity.analysis`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from bimmaturity.config import AnalysisOptions
from bimmaturity.instrument import Instrument
from bimmaturity.organisations import activate
from bimmaturity.rules.clusters import GapClustering, GapMatrix
from bimmaturity.store import ANALYSIS_FOLDER, analysis_fingerprint, load_processed

if TYPE_CHECKING:
    from bimmaturity.analysis import Analysis

__all__ = ["LOADED_KEPT", "load_analysis", "save_analysis"]


def _frames() -> list[str]:
    from bimmaturity.analysis import _frames as frame_names  # analysis imports this module

    return frame_names()


def _clustering_record(clustering: GapClustering) -> dict:
    matrix = clustering.matrix
    return {
        "wave": clustering.wave,
        "k": clustering.k,
        "k_chosen": clustering.k_chosen,
        "silhouette": clustering.silhouette.to_dict("list"),
        "assignment": clustering.assignment.to_dict("list"),
        "linkage": clustering.linkage.tolist(),
        "leaf_order": list(clustering.leaf_order),
        "provinces": matrix.provinces,
        "elements": matrix.elements,
        "values": matrix.values.to_numpy(dtype=float).tolist(),
        "imputed": matrix.imputed.to_numpy(dtype=bool).tolist(),
        "dropped_elements": list(matrix.dropped_elements),
        "dropped_provinces": list(matrix.dropped_provinces),
    }


def _clustering_from(record: dict) -> GapClustering:
    index = pd.Index(record["provinces"], name="province", dtype="str")
    columns = pd.Index(record["elements"], name="element", dtype="str")
    matrix = GapMatrix(
        wave=record["wave"],
        values=pd.DataFrame(np.array(record["values"], dtype=float), index=index, columns=columns),
        imputed=pd.DataFrame(np.array(record["imputed"], dtype=bool), index=index, columns=columns),
        dropped_elements=tuple(record["dropped_elements"]),
        dropped_provinces=tuple(record["dropped_provinces"]),
    )
    silhouette = pd.DataFrame(record["silhouette"]).astype({"k": "int64", "silhouette": "float64"})
    assignment = pd.DataFrame(record["assignment"]).astype(
        {"wave": "str", "province": "str", "cluster": "int64"}
    )
    return GapClustering(
        wave=record["wave"],
        matrix=matrix,
        k=int(record["k"]),
        k_chosen=bool(record["k_chosen"]),
        silhouette=silhouette,
        assignment=assignment,
        linkage=np.array(record["linkage"], dtype=float).reshape(-1, 4),
        leaf_order=tuple(record["leaf_order"]),
    )


def save_analysis(result: Analysis, processed_dir: Path) -> Path:
    """Save an analysis of every wave in ``processed_dir/analysis`` (parquet + JSON), atomically.

    The folder is written beside the processed tables under a temporary name and renamed into
    place, so a reader never sees half an analysis.
    """
    if result.processed is None:
        raise ValueError("save_analysis: de analyse hoort bij geen verwerkte gegevens")
    processed_dir = Path(processed_dir)
    target = processed_dir / ANALYSIS_FOLDER
    staging = Path(tempfile.mkdtemp(prefix=".analysis-", dir=processed_dir))
    try:
        for name in _frames():
            getattr(result, name).to_parquet(staging / f"{name}.parquet", index=False)
        record = {
            "fingerprint": analysis_fingerprint(
                result.processed, result.options, result.instrument
            ),
            "options": result.options.as_dict(),
            "clusterings": [_clustering_record(c) for c in result.clusterings.values()],
        }
        (staging / "analysis.json").write_text(json.dumps(record), encoding="utf-8")
        os.chmod(staging, 0o777 & ~_umask())
        previous = None
        if target.exists():
            previous = Path(tempfile.mkdtemp(prefix=".analysis-old-", dir=processed_dir))
            os.replace(target, previous / ANALYSIS_FOLDER)
        os.replace(staging, target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def load_analysis(
    processed_dir: Path | str,
    options: AnalysisOptions | None = None,
    *,
    instrument: Instrument | None = None,
) -> Analysis:
    """The analysis of the processed data: the saved one when it matches, else computed now.

    This is the one call a report notebook makes. The analysis the build saved is used when
    its fingerprint matches the data, ``options``, instrument and package code; otherwise the
    analysis is computed (and not saved: computation never writes files).

    The analysis is kept in memory (:data:`LOADED_KEPT`): a second call on unchanged files with
    the same options returns it at once (a warm report kernel loads it once, not once per
    report); a rewritten processed table or saved analysis is loaded afresh.

    Parameters
    ----------
    processed_dir : path
        The processed-data folder (``data/processed``).
    options : AnalysisOptions, optional
        Default: the options of the saved analysis, else :data:`bimmaturity.config.DEFAULTS`.
    instrument : Instrument, optional
        Default: the instrument the data was read with.

    Returns
    -------
    Analysis
        With ``processed`` attached.
    """
    from bimmaturity.analysis import Analysis, analyse  # analysis imports this module

    folder = Path(processed_dir)
    files = _loaded_files(folder) if instrument is None else None
    kept = _kept(files, options) if files is not None else None
    if kept is not None:
        activate(kept.processed.registry if kept.processed is not None else None)
        return _own_copy(kept)
    asked = options
    data = load_processed(folder)
    instrument = instrument or data.instrument
    saved = _read_saved(folder / ANALYSIS_FOLDER)
    if options is None:
        options = AnalysisOptions(**saved[0]["options"]) if saved else AnalysisOptions()
    from_saved = saved is not None and saved[0]["fingerprint"] == analysis_fingerprint(
        data, options, instrument
    )
    if not from_saved:
        result = analyse(data, options, instrument=instrument)
    else:
        record, frames = saved
        result = Analysis(
            options=options,
            instrument=instrument,
            clusterings={c["wave"]: _clustering_from(c) for c in record["clusterings"]},
            processed=data,
            **frames,
        )
    if files is None:
        return result
    while len(_LOADED) >= LOADED_KEPT:
        _LOADED.pop(next(iter(_LOADED)))
    # Kept by the options it was made with; it also answers a call without options when it is
    # what such a call gives (the saved analysis, or none saved and asked without options).
    _LOADED[(*files, _options_key(options))] = (result, from_saved or asked is None)
    return _own_copy(result)


LOADED_KEPT = 2
"""Analyses :func:`load_analysis` keeps in memory per process (a warm report kernel runs
report after report on one analysis; a second one for other options, as in a what-if)."""
_LOADED: dict[tuple, tuple[Analysis, bool]] = {}


def _options_key(options: AnalysisOptions) -> str:
    return json.dumps(options.as_dict(), sort_keys=True, default=str)


def _kept(files: tuple, options: AnalysisOptions | None) -> Analysis | None:
    """The analysis kept for these files and options (None: the saved analysis's), if any."""
    if options is not None:
        kept = _LOADED.get((*files, _options_key(options)))
        return kept[0] if kept is not None else None
    for key, (result, answers_default) in _LOADED.items():
        if key[:2] == files and answers_default:
            return result
    return None


def _loaded_files(folder: Path) -> tuple | None:
    """What a loaded analysis was made from: the folder and the files of the processed folder
    and of its saved analysis (name, inode, time and size: rewritten files are new files).
    None when the folder cannot be read (loading then raises as it always did)."""
    try:
        files = []
        for where in (folder, folder / ANALYSIS_FOLDER):
            if where.is_dir():
                with os.scandir(where) as entries:
                    for entry in entries:
                        if entry.is_file():
                            stat = entry.stat()
                            files.append((entry.path, stat.st_ino, stat.st_mtime_ns, stat.st_size))
    except OSError:
        return None
    return (str(folder.resolve()), tuple(sorted(files)))


def _own_copy(result: Analysis) -> Analysis:
    """``result`` with frame objects of its own (pandas copy-on-write: no data is copied), so a
    report that changes one of them in place leaves the kept analysis as it was."""
    data = result.processed
    if data is not None:
        kept = {k: v for k, v in data.__dict__.items() if k in ("instrument", "registry")}
        data = replace(
            data,
            **{
                f.name: getattr(data, f.name).copy(deep=False)
                for f in fields(data)
                if isinstance(getattr(data, f.name), pd.DataFrame)
            },
        )
        data.__dict__.update(kept)  # the cached instrument and registry, not made again
    return replace(
        result,
        clusterings=dict(result.clusterings),
        processed=data,
        **{name: getattr(result, name).copy(deep=False) for name in _frames()},
    )


def _read_saved(folder: Path) -> tuple[dict, dict[str, pd.DataFrame]] | None:
    try:
        record = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))
        AnalysisOptions(**record["options"])
        frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in _frames()}
    except (OSError, ValueError):
        return None  # no saved analysis, or one from an interrupted write: compute it instead
    return record, frames
