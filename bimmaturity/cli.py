"""The ``bimmaturity`` command: example, template, ingest, tables, build.

Exit codes: 0 success, 1 input errors, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
import time
import typing
from pathlib import Path

from pydantic import ValidationError

from bimmaturity.config import AnalysisOptions, project_paths
from bimmaturity.issues import InputError

if typing.TYPE_CHECKING:
    from bimmaturity.instrument import Instrument
    from bimmaturity.organisations import Registry
    from bimmaturity.store import Processed

__all__ = ["main"]


def _analysis_options(parser: argparse.ArgumentParser) -> None:
    """One option per field of :class:`AnalysisOptions`: name, type, default and help from it."""
    group = parser.add_argument_group("analyse-opties")
    for name, spec in AnalysisOptions.model_fields.items():
        flag = "--" + name.replace("_", "-")
        choices = typing.get_args(spec.annotation) if _is_literal(spec.annotation) else None
        kind = str if choices else _scalar(spec.annotation)
        shown = "" if spec.default is None else f" (standaard {spec.default})"
        group.add_argument(
            flag, type=kind, choices=choices, default=spec.default, help=spec.description + shown
        )


def _is_literal(annotation: object) -> bool:
    return typing.get_origin(annotation) is typing.Literal


def _scalar(annotation: object) -> type:
    """float, int or str: the non-None member of an annotation like ``int | None``."""
    members = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return members[0]  # type: ignore[return-value]


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> AnalysisOptions:
    """The validated options; an invalid value is a usage error (exit 2) naming the option."""
    values = {name: getattr(args, name) for name in AnalysisOptions.model_fields}
    try:
        return AnalysisOptions(**values)
    except ValidationError as error:
        problems = "; ".join(
            f"--{str(e['loc'][0]).replace('_', '-')} {values[str(e['loc'][0])]}: {e['msg']}"
            for e in error.errors()
        )
        parser.error(f"ongeldige analyse-optie: {problems}")


def _wave(text: str) -> str:
    """A ``--wave`` value: a safe round name (:func:`bimmaturity.safety.check_wave_name`)."""
    from bimmaturity.safety import UnsafeName, check_wave_name

    try:
        return check_wave_name(text)
    except UnsafeName as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _jobs(text: str) -> int:
    """A ``--jobs`` value: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: geef een geheel getal van minstens 1")
    return value


def _count(highest: int) -> typing.Callable[[str], int]:
    """A whole number from 1 to ``highest`` (``--organisations``, ``--respondents``)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if not 1 <= value <= highest:
            raise argparse.ArgumentTypeError(
                f"{text!r}: geef een geheel getal van 1 tot en met {highest}"
            )
        return value

    return parse


def _no_comments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-comments",
        action="store_true",
        help="toelichtingen (vrije tekst) niet opnemen in de verwerkte gegevens",
    )


DEFAULT_INSTRUMENT_WORD = "standaard"
"""``--instrument standaard``: the packaged instrument, whatever the processed data recorded."""


def _instrument_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--instrument",
        type=Path,
        default=None,
        metavar="BESTAND",
        help=f"het instrument (YAML, zoals bimmaturity/instruments/), of "
        f"'{DEFAULT_INSTRUMENT_WORD}' voor het meegeleverde; standaard {default}",
    )


def _registry_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--registry",
        type=Path,
        default=None,
        metavar="BESTAND",
        help=f"de organisaties (CSV: code, naam, aliassen, soort, omvang); standaard {default}",
    )


def _parser() -> argparse.ArgumentParser:
    paths = project_paths()
    parser = argparse.ArgumentParser(
        prog="bimmaturity",
        description="BIM-volwassenheid van provincies, gemeenten en waterschappen: van "
        "Excel-exports naar rapportages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    example = commands.add_parser("example", help="schrijf de fictieve voorbeeldexports")
    example.add_argument("--out", type=Path, required=True, help="map voor de voorbeelddata")
    _instrument_option(example, "Roadmap BIM Provincies")
    example.add_argument(
        "--organisations",
        type=_count(1000),
        default=None,
        metavar="N",
        help="schrijf in plaats van de twaalf provincies een fictieve populatie van N "
        "gemeenten en waterschappen (1 tot en met 1000), met organisaties.csv",
    )
    example.add_argument(
        "--respondents",
        type=_count(100),
        default=None,
        metavar="R",
        help="respondenten per organisatie in de enquête- en tabelexports (standaard 5; "
        "alleen met --organisations)",
    )

    template = commands.add_parser("template", help="schrijf de Excel-vragenlijst(en)")
    template.add_argument("--out", type=Path, required=True)
    template.add_argument(
        "--province",
        action="append",
        default=None,
        help="organisatie (mag vaker); standaard alle van het register",
    )
    template.add_argument("--wave", type=_wave, default=None, help="meting, bijv. 2022")
    _instrument_option(template, "Roadmap BIM Provincies")
    _registry_option(template, "organisaties.csv in data/raw, anders de twaalf provincies")

    ingest = commands.add_parser(
        "ingest", help="lees alle exports en schrijf de verwerkte tabellen"
    )
    ingest.add_argument("--raw", type=Path, default=paths.raw)
    ingest.add_argument("--processed", type=Path, default=paths.processed)
    ingest.add_argument(
        "--wave",
        type=_wave,
        default="1",
        help="meting van de bestanden die direct in de map staan (standaard 1)",
    )
    ingest.add_argument(
        "--lenient",
        action="store_true",
        help="onleesbare waarden als ontbrekend behandelen in plaats van stoppen",
    )
    _no_comments(ingest)
    _instrument_option(ingest, "het instrument van de verwerkte gegevens (anders het standaard)")
    _registry_option(ingest, "organisaties.csv in de map met exports, anders de provincies")

    tables = commands.add_parser("tables", help="schrijf de resultaattabellen naar Excel")
    tables.add_argument("--processed", type=Path, default=paths.processed)
    tables.add_argument("--out", type=Path, required=True)
    tables.add_argument(
        "--wave", type=_wave, default=None, help="alleen deze meting (standaard: alle metingen)"
    )
    _analysis_options(tables)
    tables.set_defaults(command_parser=tables)

    build = commands.add_parser("build", help="inlezen en alle rapportages maken")
    build.add_argument("--raw", type=Path, default=paths.raw)
    build.add_argument("--processed", type=Path, default=paths.processed)
    build.add_argument("--reports", type=Path, default=paths.reports)
    build.add_argument("--notebooks", type=Path, default=paths.notebooks)
    build.add_argument("--jobs", type=_jobs, default=2, help="rapportages tegelijk (standaard 2)")
    build.add_argument("--force", action="store_true", help="alles opnieuw maken")
    build.add_argument(
        "--wave",
        type=_wave,
        default=None,
        help="meting waarover de rapportages gaan (standaard de laatste); bestanden direct in "
        "de map krijgen meting 1: zet ze in een map per meting om die te kiezen",
    )
    build.add_argument("--lenient", action="store_true")
    _no_comments(build)
    _instrument_option(build, "het instrument van de verwerkte gegevens (anders het standaard)")
    _registry_option(build, "organisaties.csv in de map met exports, anders de provincies")
    _analysis_options(build)
    build.set_defaults(command_parser=build)
    return parser


MAX_SAME = 5
"""Errors of one kind in one file (the same message but for the values it quotes) listed."""
MAX_LISTED = 100
"""Error lines listed in all; the rest is counted."""


def _kind(message: str) -> str:
    """A message with the values it quotes and its numbers left out: errors of one kind."""
    return re.sub(r"\d+", "#", re.sub(r"'[^']*'", "'...'", message))


def _print_issues(error: InputError) -> None:
    """Every error, but at most :data:`MAX_SAME` of one kind per file and :data:`MAX_LISTED` in
    all, each group and the whole closed by a count."""
    errors = [i for i in error.issues if i.is_error]
    files = len({i.file for i in errors})
    print(
        f"Inlezen gestopt: {len(errors)} fout(en) in de invoer. Verwerkte gegevens niet gewijzigd.",
        file=sys.stderr,
    )
    groups: dict[tuple[str, str], list] = {}
    for issue in errors:
        groups.setdefault((issue.file, _kind(issue.message)), []).append(issue)
    listed = shown_groups = 0
    for (file, _), members in groups.items():
        if listed >= MAX_LISTED:
            break
        for issue in members[:MAX_SAME]:
            print(f"  FOUT {issue}", file=sys.stderr)
        listed += min(len(members), MAX_SAME)
        shown_groups += 1
        if len(members) > MAX_SAME:
            print(
                f"  ... en nog {len(members) - MAX_SAME} keer dezelfde soort fout in {file}",
                file=sys.stderr,
            )
    hidden = list(groups.values())[shown_groups:]
    if hidden:
        print(
            f"  ... en nog {sum(map(len, hidden))} fout(en) van {len(hidden)} andere soort(en), "
            "niet getoond",
            file=sys.stderr,
        )
    print(
        f"Totaal: {len(errors)} fout(en) in {files} bestand(en).\n"
        "Los de fouten op, of gebruik --lenient om onleesbare waarden als ontbrekend te tellen.",
        file=sys.stderr,
    )


def _ingest(
    raw: Path,
    processed: Path,
    wave: str,
    lenient: bool,
    *,
    reuse: bool = False,
    comments: bool = True,
    instrument: Instrument | None = None,
    explicit: bool = False,
    registry: Registry | None = None,
) -> Processed:
    """Ingest ``raw`` with ``instrument`` (default: the packaged one); with ``reuse``, keep the
    processed data when nothing changed since.

    Prints what was read and, per round, how many of the registry's organisations answered
    and who is missing. Returns the processed data. A ``raw`` that does not exist or is no
    folder is an error; only an existing folder without exports gives the example data, which
    is read with the default instrument (an error when ``explicit``, an ``--instrument``
    given, names another).
    """
    from bimmaturity.example import ensure_example
    from bimmaturity.ingest import ingest, ingest_is_current
    from bimmaturity.input.discover import find_inputs
    from bimmaturity.instrument import default_instrument
    from bimmaturity.organisations import default_registry
    from bimmaturity.present.sections.coverage import coverage_by_wave
    from bimmaturity.store import load_processed
    from bimmaturity.vocab import plural

    paths = project_paths()
    example = False
    if not raw.exists():
        raise ValueError(
            f"de map met exports {raw} bestaat niet; geef met --raw een bestaande map op "
            "(een lege map geeft de fictieve voorbeelddata)"
        )
    if not raw.is_dir():
        raise ValueError(f"{raw} is een bestand, geen map; geef met --raw de map met exports op")
    inputs = find_inputs(raw)
    if not inputs.exports and not inputs.refused:
        settings_files = [p for p in (inputs.mapping, inputs.costs) if p is not None]
        others = sorted(
            p.relative_to(raw).as_posix()
            for p in [*settings_files, *(path for path, _ in inputs.skipped)]
        )
        if others:
            # Files but no export: using the example data here would hide a real mistake.
            raise ValueError(
                f"geen exports (.xlsx, .xlsm, .csv) in {raw}, wel: {', '.join(others[:5])}"
                f"{' ...' if len(others) > 5 else ''}. Zet de exports in deze map, of maak "
                "haar leeg (op README.md na) om de fictieve voorbeelddata te gebruiken."
            )
        if explicit and instrument is not None and instrument != default_instrument():
            raise ValueError(
                f"geen exports in {raw}; de fictieve voorbeelddata hoort bij het "
                "standaardinstrument: zet de exports in deze map, of laat --instrument weg"
            )
        if registry is not None and registry != default_registry():
            raise ValueError(
                f"geen exports in {raw}; de fictieve voorbeelddata hoort bij de provincies: "
                "zet de exports in deze map, of laat --registry weg"
            )
        registry = None
        instrument = None
        print(f"Geen exports in {raw}: de fictieve voorbeelddata wordt gebruikt.")
        raw = paths.example_raw
        ensure_example(raw)
        example = True
    settings = {
        "salt_path": paths.salt,
        "default_wave": wave,
        "lenient": lenient,
        "example": example,
        "comments": comments,
        "instrument": instrument,
        "registry": registry,
    }
    if reuse and ingest_is_current(raw, processed, **settings):
        done = "Invoer ongewijzigd sinds de vorige keer"
    else:
        ingest(raw, processed, **settings)
        done = "Ingelezen"
    data = load_processed(processed)
    manifest = data.manifest
    counts = manifest["counts"]
    print(
        f"{done}: {len(manifest['inputs'])} bestand(en), "
        f"{counts['respondents']} respondenten, {len(counts['provinces'])} "
        f"{plural(data.registry.kind)}, "
        f"metingen {', '.join(counts['waves'])}; {counts['errors']} fout(en), "
        f"{counts['warnings']} waarschuwing(en). Geschreven naar {processed}."
    )
    for cover in coverage_by_wave(data.answers):
        print(f"  {cover.summary()}")
    return data


def _registry(args: argparse.Namespace) -> Registry | None:
    """The registry ``--registry`` names (validated), or None when none is given."""
    from bimmaturity.organisations import read_registry

    return None if args.registry is None else read_registry(args.registry)


def _instrument(args: argparse.Namespace) -> Instrument:
    """The instrument of a command: ``--instrument`` (a file, or ``standaard``: the packaged
    one), else for ingest and build the one the processed data was read with, else the
    default. A bad file is an error naming it and the field."""
    from bimmaturity.instrument import Instrument, default_instrument, load_instrument

    if args.instrument is not None:
        if str(args.instrument) == DEFAULT_INSTRUMENT_WORD:
            return default_instrument()
        return load_instrument(args.instrument)
    if args.command in {"ingest", "build"}:
        try:
            manifest = json.loads((args.processed / "manifest.json").read_text(encoding="utf-8"))
            return Instrument.model_validate(manifest["instrument"]["definition"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no processed data yet, or data from before the instrument was recorded
    return default_instrument()


def _say_instrument(instrument: Instrument) -> None:
    """One line naming the instrument, when it is not the default one."""
    from bimmaturity.instrument import default_instrument

    if instrument != default_instrument():
        levels = instrument.scale.levels
        print(
            f"Instrument: {instrument.title} (versie {instrument.version}): "
            f"{len(instrument.elements)} elementen, {len(instrument.question_ids)} vragen, "
            f"niveaus {levels[0].value} tot en met {levels[-1].value}."
        )


def _usage_error(message: str) -> int:
    print(f"Fout: {message}", file=sys.stderr)
    return 2


def _folders(args: argparse.Namespace) -> list[Path]:
    """The output folders of a command (locked while it runs); an existing file where a folder
    should be is an error."""
    folders = [getattr(args, name) for name in ("processed", "reports") if hasattr(args, name)]
    for folder in folders:
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{folder} is een bestand, geen map; geef een map op")
    return folders


def _os_error(error: OSError) -> str:
    """A file-system error as one Dutch line (disk full, no permission, ...)."""
    import errno

    reasons = {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte (quotum) is op",
        errno.EACCES: "geen toestemming",
        errno.EPERM: "geen toestemming",
        errno.EROFS: "alleen-lezen bestandssysteem",
        errno.ENOTDIR: "geen map",
        errno.EISDIR: "is een map",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}"


class _Stopped(Exception):
    """SIGTERM (or SIGHUP): stop as after Ctrl-C."""


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    options = _options(args.command_parser, args) if args.command in {"tables", "build"} else None
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGHUP):  # stop as after Ctrl-C (workers too)
            if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup stays nohup
                handlers[signum] = signal.signal(signum, _stop)
    try:
        return _main(args, options)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _main(args: argparse.Namespace, options: AnalysisOptions | None) -> int:
    """Run the command under the folder lock (ingest, build); every failure as one line."""
    try:
        if args.command not in {"ingest", "build"}:
            return _run(args, options)
        from bimmaturity.lock import exclusive, remove_leftovers

        folders = _folders(args)
        with exclusive(*folders):
            remove_leftovers(*folders)
            return _run(args, options)
    except InputError as error:
        _print_issues(error)
        return 1
    except (KeyboardInterrupt, _Stopped):
        print("Fout: onderbroken; wat al klaar was, blijft staan.", file=sys.stderr)
        return 130
    except FileNotFoundError as error:
        print(f"Fout: {error if error.filename is None else _os_error(error)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Fout: {_os_error(error)}", file=sys.stderr)
        return 1
    except (ValueError, RuntimeError) as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, options: AnalysisOptions | None) -> int:
    """Run the command ``args.command``; 0, or 2 for an unknown round."""
    from bimmaturity.instrument import check_thresholds
    from bimmaturity.present.sections.coverage import (
        UnknownWave,
        check_wave,
        coverage,
        reporting_wave,
    )

    instrument = None if args.command == "tables" else _instrument(args)
    if instrument is not None:
        _say_instrument(instrument)
    if args.command == "build":
        try:
            check_thresholds(instrument, options.leader_level, options.gap_threshold)
        except ValueError as error:
            return _usage_error(str(error))
    if args.command == "example" and args.organisations is not None:
        from bimmaturity.population import write_population

        respondents = 5 if args.respondents is None else args.respondents
        files = write_population(args.out, args.organisations, respondents, instrument)
        print(
            f"{len(files)} bestanden geschreven naar {args.out}: een fictieve populatie van "
            f"{args.organisations} organisaties (register organisaties.csv, kosten.xlsx, "
            f"metingen 2022 en 2024). Lees ze met: bimmaturity build --raw {args.out}"
        )
    elif args.command == "example":
        from bimmaturity.example import write_example

        if args.respondents is not None:
            return _usage_error("--respondents hoort bij --organisations")
        files = write_example(args.out, instrument)
        print(f"{len(files)} voorbeeldbestanden geschreven naar {args.out}.")
    elif args.command == "template":
        from bimmaturity.ingest import registry_of
        from bimmaturity.organisations import use_registry
        from bimmaturity.questionnaire import write_templates

        with use_registry(_registry(args) or registry_of(project_paths().raw)):
            files = write_templates(
                args.out, provinces=args.province, wave=args.wave, instrument=instrument
            )
        forms = [f for f in files if f.name != "kosten.xlsx"]
        costs = (
            "met een lege kostentabel kosten.xlsx"
            if len(forms) < len(files)
            else "de bestaande kosten.xlsx is niet gewijzigd"
        )
        print(f"{len(forms)} vragenlijst(en) geschreven naar {args.out}; {costs}.")
    elif args.command == "ingest":
        _ingest(
            args.raw,
            args.processed,
            args.wave,
            args.lenient,
            comments=not args.no_comments,
            instrument=instrument,
            explicit=args.instrument is not None,
            registry=_registry(args),
        )
    elif args.command == "tables":
        from bimmaturity.analysis import result_tables
        from bimmaturity.build import write_tables
        from bimmaturity.store import load_processed

        processed = load_processed(args.processed)
        try:
            wave = None if args.wave is None else check_wave(processed.waves, args.wave)
            check_thresholds(processed.instrument, options.leader_level, options.gap_threshold)
        except (UnknownWave, ValueError) as error:
            return _usage_error(str(error))
        write_tables(result_tables(processed, options, wave=wave), args.out)
        print(f"Tabellen geschreven naar {args.out}.")
    elif args.command == "build":
        from bimmaturity.build import build_reports

        started = time.perf_counter()
        # Files directly in the raw folder are round 1 in a build; --wave chooses the round
        # the reports show (docs/input-formats.md).
        data = _ingest(
            args.raw,
            args.processed,
            "1",
            args.lenient,
            reuse=not args.force,
            comments=not args.no_comments,
            instrument=instrument,
            explicit=args.instrument is not None,
            registry=_registry(args),
        )
        try:
            wave = reporting_wave(data.waves, args.wave)
        except UnknownWave as error:
            return _usage_error(str(error))
        print(f"Rapportages over {coverage(data.answers, wave).summary()}.")
        build_reports(
            args.processed,
            args.reports,
            args.notebooks,
            options=options,
            wave=wave,
            jobs=args.jobs,
            force=args.force,
        )
        print(f"Klaar in {time.perf_counter() - started:.0f} s: open {args.reports / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
