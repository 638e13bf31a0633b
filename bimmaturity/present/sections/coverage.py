"""Which organisations a round covers, said loudly: the build plan, the CLI, the index and the
reports all take it from here.

A round (wave) *covers* an organisation of the registry (the provinces,
:func:`bimmaturity.organisations.provinces`) when that organisation has at least one answer
(a current level or an ambition) in it. Exports trickle in over weeks, so a round is often
incomplete while reports are built; then

- the CLI names the absent ones (:meth:`Coverage.summary`),
- every overview report opens with :func:`coverage_note` (below half: not representative),
- a profile of an organisation without answers in the reporting round shows its latest earlier
  round with :func:`profile_banner` (:func:`profile_rounds` plans those profiles),
- the progress report names who could not be compared, and why (:func:`progress_note`).

The computations (:func:`coverage`, :func:`coverage_by_wave`, :func:`profile_rounds`,
:func:`previous_wave`) are pure and take the tidy answers frame; the notes load IPython only
when called.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from bimmaturity import vocab
from bimmaturity.frames import sort_waves
from bimmaturity.organisations import active_registry, province_name

if TYPE_CHECKING:
    from IPython.display import HTML

    from bimmaturity.analysis import Analysis

__all__ = [
    "REPRESENTATIVE_SHARE",
    "Coverage",
    "UnknownWave",
    "check_wave",
    "coverage",
    "coverage_by_wave",
    "coverage_note",
    "coverage_table_html",
    "coverage_text",
    "names",
    "previous_wave",
    "profile_banner",
    "profile_banner_text",
    "profile_rounds",
    "progress_note",
    "progress_reasons",
    "reporting_wave",
]

REPRESENTATIVE_SHARE = 0.5
"""Below this share of the registry answering, a round's comparison is not representative."""


class UnknownWave(ValueError):
    """A round was asked for that is not in the data (a usage error: exit 2)."""


@dataclass(frozen=True)
class Coverage:
    """Who answered in one round, against the registry.

    Attributes
    ----------
    wave : str
        The round.
    measured : tuple of str
        Codes of the organisations with at least one answer in the round, registry order.
    missing : tuple of str
        Codes of the registry's organisations without an answer, registry order.
    """

    wave: str
    measured: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.measured) + len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def share(self) -> float:
        return len(self.measured) / self.total if self.total else 0.0

    @property
    def representative(self) -> bool:
        """At least half the registry answered (:data:`REPRESENTATIVE_SHARE`)."""
        return self.share >= REPRESENTATIVE_SHARE

    def summary(self) -> str:
        """One line for the CLI.

        Examples
        --------
        >>> Coverage("2022", ("PV20", "PV26"), ("PV21",)).summary()
        'meting 2022: 2 van 3 provincies; ontbreken: Fryslân'
        >>> Coverage("2020", ("PV20",), ()).summary()
        'meting 2020: 1 van 1 provincies'
        """
        orgs = vocab.plural()  # the registry in use when the line is written
        line = f"meting {self.wave}: {len(self.measured)} van {self.total} {orgs}"
        if self.missing:
            line += f"; ontbreken: {names(self.missing)}"
        return line


def names(codes: Sequence[str]) -> str:
    """The organisations' names, comma-separated, in the order given.

    Examples
    --------
    >>> names(["PV29", "PV20"])
    'Zeeland, Groningen'
    """
    return ", ".join(_name(code) for code in codes)


def _name(code: str) -> str:
    try:
        return province_name(code)
    except KeyError:  # not in the registry: show the code itself
        return str(code)


def _registry_codes() -> list[str]:
    return active_registry().codes


def _answered(answers: pd.DataFrame) -> pd.DataFrame:
    """The rows that hold an answer (a current level or an ambition)."""
    holds = pd.Series(True, index=answers.index)
    present = [c for c in ("current", "ambition") if c in answers.columns]
    if present:
        holds = answers[present].notna().any(axis=1)
    return answers.loc[holds, ["wave", "province"]].astype(str)


def coverage(
    answers: pd.DataFrame, wave: object, registry: Sequence[str] | None = None
) -> Coverage:
    """Who answered in ``wave``: the registry's organisations with at least one answer there.

    An organisation with answers but not in the registry counts as measured (after the
    registry's ones).

    Examples
    --------
    >>> a = pd.DataFrame({"wave": ["2022", "2022", "2020"], "province": ["PV26", "PV20", "PV21"],
    ...                   "current": [3.0, None, 2.0], "ambition": [4.0, 4.0, 3.0]})
    >>> c = coverage(a, 2022, ["PV20", "PV21", "PV26"])
    >>> c.measured, c.missing, c.complete
    (('PV20', 'PV26'), ('PV21',), False)
    """
    registry = list(registry) if registry is not None else _registry_codes()
    answered = _answered(answers)
    present = set(answered.loc[answered["wave"] == str(wave), "province"].unique())
    measured = [code for code in registry if code in present]
    measured += sorted(present - set(registry))
    missing = [code for code in registry if code not in present]
    return Coverage(str(wave), tuple(measured), tuple(missing))


def coverage_by_wave(
    answers: pd.DataFrame, registry: Sequence[str] | None = None
) -> list[Coverage]:
    """:func:`coverage` of every round in the data, oldest first."""
    return [coverage(answers, wave, registry) for wave in sort_waves(answers["wave"].unique())]


def check_wave(waves: Sequence[str], wave: object) -> str:
    """``wave`` as text when it is one of ``waves``; else :class:`UnknownWave` naming them.

    Examples
    --------
    >>> check_wave(["2018", "2020"], 2020)
    '2020'
    >>> check_wave(["2018", "2020"], "2022")
    Traceback (most recent call last):
    ...
    bimmaturity.present.sections.coverage.UnknownWave: meting 2022 komt niet voor in de \
gegevens; er zijn metingen: 2018, 2020
    """
    if str(wave) in [str(w) for w in waves]:
        return str(wave)
    known = ", ".join(str(w) for w in waves) or "geen"
    raise UnknownWave(f"meting {wave} komt niet voor in de gegevens; er zijn metingen: {known}")


def reporting_wave(waves: Sequence[str], wave: object = None) -> str:
    """The round the reports show: ``wave`` when given (checked with :func:`check_wave`),
    else the latest of ``waves``.

    Examples
    --------
    >>> reporting_wave(["2018", "2020"]), reporting_wave(["2018", "2020"], 2018)
    ('2020', '2018')
    """
    if wave is None:
        return sort_waves(waves)[-1]
    return check_wave(waves, wave)


def previous_wave(waves: Sequence[str], wave: object) -> str | None:
    """The round before ``wave`` in ``waves`` (measurement order), or None for the first.

    Examples
    --------
    >>> previous_wave(["2018", "2020", "2022"], "2022"), previous_wave(["2018"], "2018")
    ('2020', None)
    """
    ordered = sort_waves(waves)
    position = ordered.index(str(wave))
    return ordered[position - 1] if position else None


def profile_rounds(answers: pd.DataFrame, wave: object) -> dict[str, str]:
    """Every organisation with answers in a round up to ``wave``, with the round its profile
    shows: ``wave`` itself when it answered there, else its latest earlier round.

    Examples
    --------
    >>> a = pd.DataFrame({"wave": ["2018", "2020", "2020", "2022", "2022"],
    ...     "province": ["PV21", "PV20", "PV29", "PV20", "PV26"], "current": 3.0})
    >>> profile_rounds(a, "2022")
    {'PV20': '2022', 'PV21': '2018', 'PV26': '2022', 'PV29': '2020'}
    >>> profile_rounds(a, "2020")
    {'PV20': '2020', 'PV21': '2018', 'PV29': '2020'}
    """
    answered = _answered(answers)
    waves = sort_waves(answered["wave"].unique())
    if str(wave) not in waves:
        return {}
    upto = waves[: waves.index(str(wave)) + 1]
    latest: dict[str, str] = {}
    for round_ in upto:  # oldest first: later rounds overwrite
        for code in answered.loc[answered["wave"] == round_, "province"].unique():
            latest[str(code)] = round_
    return dict(sorted(latest.items()))


# ----------------------------------------------------------------------------- report notes
def _html(text: str) -> HTML:
    from IPython.display import HTML

    return HTML(text)


def coverage_text(cover: Coverage, where: str = "deze rapportage") -> str | None:
    """The coverage note of an overview report as text; None when every organisation answered.

    Examples
    --------
    >>> print(coverage_text(Coverage("2022", ("PV20", "PV26"), ("PV21", "PV22", "PV23"))))
    Meting 2022 is onvolledig: 2 van de 5 provincies hebben geantwoord (Groningen, Utrecht). \
Ontbreken: Fryslân, Drenthe, Overijssel. Alle cijfers in deze rapportage gaan alleen over de \
provincies die in meting 2022 hebben geantwoord. Dat is minder dan de helft: de vergelijking \
is niet representatief voor alle provincies; lees de uitkomsten als voorlopig.
    >>> coverage_text(Coverage("2020", ("PV20",), ())) is None
    True
    """
    if cover.complete:
        return None
    orgs = vocab.plural()
    text = (
        f"Meting {cover.wave} is onvolledig: {len(cover.measured)} van de {cover.total} "
        f"{orgs} hebben geantwoord ({names(cover.measured) or 'geen'}). "
        f"Ontbreken: {names(cover.missing)}. Alle cijfers in {where} gaan alleen over "
        f"de {orgs} die in meting {cover.wave} hebben geantwoord."
    )
    if not cover.representative:
        text += (
            f" Dat is minder dan de helft: de vergelijking is niet representatief voor alle "
            f"{orgs}; lees de uitkomsten als voorlopig."
        )
    return text


def coverage_note(analysis: Analysis, wave: object) -> HTML | None:
    """The note every overview report opens with when round ``wave`` is incomplete.

    Returns None (nothing shown) when every organisation of the registry answered.
    """
    text = coverage_text(coverage(analysis.processed.answers, wave))
    if text is None:
        return None
    return _html(f'<div class="bm-warning bm-coverage">{html.escape(text)}</div>')


def profile_banner_text(province: str, wave: object, reporting_wave: object) -> str | None:
    """The banner of a profile that shows an earlier round than the reports; None otherwise.

    Examples
    --------
    >>> print(profile_banner_text("PV29", "2020", "2022"))
    Zeeland heeft in meting 2022 (nog) niet geantwoord. Dit profiel toont daarom de laatste \
eerdere meting van Zeeland: meting 2020. Zeeland maakt geen deel uit van de gapclusters, de \
gezamenlijke deals en de business case van meting 2022; wat hieronder over clusters, deals en \
kosten staat, hoort bij meting 2020.
    >>> profile_banner_text("PV29", "2022", "2022") is None
    True
    """
    if reporting_wave is None or str(reporting_wave) == str(wave):
        return None
    name = _name(province)
    return (
        f"{name} heeft in meting {reporting_wave} (nog) niet geantwoord. Dit profiel toont "
        f"daarom de laatste eerdere meting van {name}: meting {wave}. {name} maakt geen deel "
        f"uit van de gapclusters, de gezamenlijke deals en de business case van meting "
        f"{reporting_wave}; wat hieronder over clusters, deals en kosten staat, hoort bij "
        f"meting {wave}."
    )


def profile_banner(
    analysis: Analysis, province: str, wave: object, reporting_wave: object = None
) -> HTML | None:
    """The banner of a profile of ``wave`` built in a build on ``reporting_wave``.

    Shown only when the two differ: the organisation has no answers in the reporting round and
    its profile shows its latest earlier one. ``analysis`` is accepted for symmetry with the
    other sections (and to check that the organisation really is absent from that round).
    """
    if reporting_wave is None or str(reporting_wave) == str(wave):
        return None  # the usual case, decided without reading every answer
    if analysis is not None and analysis.processed is not None:
        present = coverage(analysis.processed.answers, reporting_wave).measured
        if province in present:
            return None
    text = profile_banner_text(province, wave, reporting_wave)
    if text is None:
        return None
    return _html(f'<div class="bm-banner bm-earlier-round">{html.escape(text)}</div>')


def progress_reasons(
    answers: pd.DataFrame,
    from_wave: object,
    to_wave: object,
    registry: Sequence[str] | None = None,
) -> list[tuple[str, str]]:
    """The organisations the progress from ``from_wave`` to ``to_wave`` leaves out, with why.

    Examples
    --------
    >>> a = pd.DataFrame({"wave": ["2020", "2020", "2022", "2022"],
    ...     "province": ["PV20", "PV21", "PV20", "PV22"], "current": 3.0})
    >>> for code, why in progress_reasons(a, "2020", "2022", ["PV20", "PV21", "PV22", "PV23"]):
    ...     print(code, why)
    PV21 geen antwoorden in meting 2022
    PV22 geen antwoorden in meting 2020 (voor het eerst gemeten in meting 2022)
    PV23 in geen van beide metingen gemeten
    """
    before = set(coverage(answers, from_wave, registry).measured)
    after = set(coverage(answers, to_wave, registry).measured)
    registry = list(registry) if registry is not None else _registry_codes()
    order = registry + sorted((before | after) - set(registry))
    reasons = []
    for code in order:
        if code in before and code in after:
            continue
        if code in before:
            reasons.append((code, f"geen antwoorden in meting {to_wave}"))
        elif code in after:
            reasons.append(
                (
                    code,
                    f"geen antwoorden in meting {from_wave} (voor het eerst gemeten in "
                    f"meting {to_wave})",
                )
            )
        else:
            reasons.append((code, "in geen van beide metingen gemeten"))
    return reasons


def progress_note(analysis: Analysis, from_wave: object, to_wave: object) -> HTML | None:
    """Who the progress report could not compare, by name and with the reason.

    None (nothing shown) when every organisation of the registry was measured in both rounds.
    """
    answers = analysis.processed.answers
    reasons = progress_reasons(answers, from_wave, to_wave)
    if not reasons:
        return None
    earlier = set(coverage(answers, from_wave).measured)
    both = [code for code in coverage(answers, to_wave).measured if code in earlier]
    items = "".join(
        f"<li>{html.escape(_name(code))}: {html.escape(why)}</li>" for code, why in reasons
    )
    return _html(
        f'<div class="bm-warning bm-coverage">De voortgang vergelijkt alleen de {len(both)} '
        f"{vocab.plural()} die in meting {html.escape(str(from_wave))} én in meting "
        f"{html.escape(str(to_wave))} hebben geantwoord. Niet vergeleken ({len(reasons)}):"
        f"<ul>{items}</ul></div>"
    )


def coverage_table_html(covers: Sequence[Coverage], reporting_wave: object = None) -> str:
    """Coverage per round as an HTML table for the index page (the reporting round marked).

    Examples
    --------
    >>> page = coverage_table_html([Coverage("2022", ("PV20",), ("PV21",))], "2022")
    >>> "<td>1 van 2</td>" in page and "<td>Fryslân</td>" in page
    True
    """
    rows = []
    for cover in covers:
        marked = " (deze rapportages)" if str(cover.wave) == str(reporting_wave) else ""
        missing = names(cover.missing) if cover.missing else "niemand"
        warning = "" if cover.representative else " (minder dan de helft)"
        rows.append(
            f"<tr><td>meting {html.escape(cover.wave)}{marked}</td>"
            f"<td>{len(cover.measured)} van {cover.total}</td>"
            f"<td>{html.escape(missing)}{warning}</td></tr>"
        )
    return (
        '<table class="coverage"><thead><tr><th>Meting</th><th>Geantwoord</th>'
        f"<th>Ontbreken</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
