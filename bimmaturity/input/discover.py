"""Find the files of a raw folder: exports (with the wave of their folder), settings, the rest.

What is skipped (lock files of Office/LibreOffice, hidden files and folders, system files,
files that are no export) and what is refused (old Excel and OpenDocument workbooks, which
must be saved as .xlsx) is decided here; ingest lists both in the issues and the manifest.
The files the project itself ships in the raw folder (its ``README.md`` and a ``.gitkeep``)
are known: they are neither exports nor data problems, and are not reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "EXPORT_SUFFIXES",
    "PROJECT_FILES",
    "REFUSED_SUFFIXES",
    "SETTINGS_FILES",
    "SYSTEM_FILES",
    "Inputs",
    "find_inputs",
]

EXPORT_SUFFIXES = {".xlsx", ".xlsm", ".csv"}
REFUSED_SUFFIXES = {
    ".xls": "oud Excel-formaat (.xls) wordt niet gelezen; sla het bestand op als .xlsx",
    ".ods": "OpenDocument-werkmap (.ods) wordt niet gelezen; sla het bestand op als .xlsx",
}
SETTINGS_FILES = {"kolommen.csv", "kosten.xlsx", "kosten.csv", "organisaties.csv"}
SYSTEM_FILES = {"desktop.ini", "thumbs.db"}
PROJECT_FILES = {"README.md", ".gitkeep"}
"""Files the project ships directly in the raw folder: known, never reported as skipped."""


@dataclass
class Inputs:
    """The files of a raw folder, by what ingest does with them.

    ``exports`` pairs each export with the wave its first-level folder names (None for a file
    directly in the raw folder); ``skipped`` and ``refused`` pair a file with the reason;
    ``mapping`` is ``kolommen.csv`` and ``costs`` the cost table (``kosten.xlsx`` before
    ``kosten.csv``) and ``registry`` the folder's registry (``organisaties.csv``), when
    present; ``project`` the project's own files (:data:`PROJECT_FILES`).
    """

    exports: list[tuple[Path, str | None]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    mapping: Path | None = None
    costs: Path | None = None
    registry: Path | None = None
    project: list[Path] = field(default_factory=list)


def _skip_reason(path: Path) -> str | None:
    name = path.name
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return "vergrendelbestand van Office/LibreOffice"
    if name.startswith("."):
        return "verborgen bestand"
    if name.lower() in SYSTEM_FILES:
        return "systeembestand"
    return None


def find_inputs(raw: Path) -> Inputs:
    """Every file under ``raw``, sorted: exports with their folder wave, settings, the rest.

    A first-level folder name is the wave of the exports in it; files directly in ``raw`` get
    None (the command line's wave).

    Examples
    --------
    >>> import tempfile
    >>> raw = Path(tempfile.mkdtemp())
    >>> for name in ["2020/a.xlsx", "b.csv", "~$a.xlsx", "oud.xls", "kosten.csv", "README.md"]:
    ...     (raw / name).parent.mkdir(exist_ok=True)
    ...     _ = (raw / name).write_text("x")
    >>> inputs = find_inputs(raw)
    >>> [(p.name, wave) for p, wave in inputs.exports], inputs.costs.name
    ([('a.xlsx', '2020'), ('b.csv', None)], 'kosten.csv')
    >>> [(p.name, reason[:18]) for p, reason in inputs.skipped + inputs.refused]
    [('~$a.xlsx', 'vergrendelbestand '), ('oud.xls', 'oud Excel-formaat ')]
    >>> [p.name for p in inputs.project]
    ['README.md']
    """
    inputs = Inputs()
    if not raw.is_dir():
        return inputs
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        relative = path.relative_to(raw)
        if len(relative.parts) == 1 and path.name in PROJECT_FILES:
            inputs.project.append(path)
            continue
        hidden_parent = any(part.startswith(".") for part in relative.parts[:-1])
        reason = "in verborgen map" if hidden_parent else _skip_reason(path)
        if reason:
            inputs.skipped.append((path, reason))
            continue
        if len(relative.parts) == 1 and path.name.lower() in SETTINGS_FILES:
            if path.name.lower() == "kolommen.csv":
                inputs.mapping = path
            elif path.name.lower() == "organisaties.csv":
                inputs.registry = path
            elif inputs.costs is None or path.suffix.lower() == ".xlsx":
                inputs.costs = path
            continue
        suffix = path.suffix.lower()
        if suffix in REFUSED_SUFFIXES:
            inputs.refused.append((path, REFUSED_SUFFIXES[suffix]))
        elif suffix in EXPORT_SUFFIXES:
            wave = relative.parts[0] if len(relative.parts) > 1 else None
            inputs.exports.append((path, wave))
        else:
            inputs.skipped.append((path, f"geen export ({suffix or 'zonder extensie'})"))
    return inputs
