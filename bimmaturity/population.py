"""A synthetic population: N fictitious municipalities and water boards, two rounds (seeded).

``bimmaturity example --organisations N [--respondents R] --out DIR`` writes a raw folder that
``bimmaturity build --raw DIR`` reads as it is:

- ``organisaties.csv``: the registry (code, naam, aliassen, soort, inwoners). Mostly
  municipalities (``gemeente``, codes ``GM0001``, ...); every 16th organisation is a water
  board (``waterschap``, ``WS0001``, ...). Names are made of syllables (``Rhoderberg``,
  ``Oud-Dalinggein``, ``Putboezem``), unique also as file names; about one municipality in
  five has its former name as an alias, about one water board in two a
  ``Hoogheemraadschap ...`` alias. Every organisation has a size (inhabitants).
- ``kosten.xlsx``: the cost table of the example (:func:`bimmaturity.example.example_costs`).
- ``2022/`` and ``2024/``: the self-assessments, each organisation in one of three layouts
  (by its position in the registry, in turn): the questionnaire of ``bimmaturity template``
  filled in as one consolidated answer (one workbook per organisation and round); a
  LimeSurvey-like wide export (``id, submitdate, ..., organisatie, naam, email,
  VISIE1[huidig], ...``) with R respondents per organisation, four organisations per file;
  a tidy table (CSV: ``organisatie;respondent;vraag;huidig;ambitie;toelichting``) with R
  respondents per organisation, three organisations per file. In 2022 a municipality with a
  former name is named by it in the wide and tidy files; every fifth organisation is written
  ``Gemeente X`` / ``Waterschap X`` there. About 400 files for 400 organisations. The files
  are made by :mod:`bimmaturity.population_layouts`, in two processes from 40 files on.

The planted structure (levels on a 1-5 scale, mapped onto another instrument's scale):

- **Deal elements**: ``PROC``, ``UITV``, ``OTL`` and ``BEHEER`` (another instrument: four
  elements spread over it, :func:`deal_elements`).
- **Koplopers** (every 8th organisation, from the 4th: index 3, 11, 19, ...): current level
  about 4.2 on the deal elements, where they want to lead (``trekken``), about 2.7
  elsewhere; small gaps everywhere. They answer in both rounds.
- **Organisation growers** (group ``organisatie``) and **data growers** (group ``data``), the
  others at random: starters with large gaps (about 1.8) on the deal elements, where they
  want to follow (``volgen``), and on the first half of the elements (organisation growers)
  or the second half (data growers); small gaps on the other half. With the koplopers that
  makes three gap profiles, so three gap clusters.
- **Progress**: from 2022 to 2024 most organisations (85%) grow by about 0.5 on their
  large-gap elements and 0.2 elsewhere; the rest stand still or slip back a little.
- **Rounds**: about 7% answer only in 2022 and 7% only in 2024 (never a koploper).
- **Noise**: each answer varies around the planted level (a consolidated answer less than a
  person's); a consolidated answer states the planted roles, a person leaves 12% open and
  picks another role for 8%, so now and then a koploper's people outvote ``trekken``.

The planted levels of everyone else stay at least 0.6 below the koploper level (3.5), so the
analysis finds the planted koplopers on the deal elements (and, for the sizes tried, no
others), three gap clusters, and the deal elements as the proposed joint deals. Every name
and e-mail address is made up; ingest pseudonymises them. The files are byte-for-byte the
same for the same N, R and instrument.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from bimmaturity.example import DEAL_ELEMENTS
from bimmaturity.instrument import Instrument, default_instrument
from bimmaturity.organisations import REGISTRY_FILE, Registry, activate, file_slug, use_registry
from bimmaturity.parallel import map_in_processes

__all__ = [
    "LAYOUTS",
    "MAX_ORGANISATIONS",
    "MISSING",
    "POPULATION_SEED",
    "WAVES",
    "Answers",
    "Organisation",
    "Population",
    "deal_elements",
    "plan_population",
    "population_files",
    "registry_csv",
    "write_population",
]

POPULATION_SEED = 20261130
WAVES = ("2022", "2024")
LAYOUTS = ("template", "wide", "tidy")
MAX_ORGANISATIONS = 1000
MAX_RESPONDENTS = 100
WIDE_PER_FILE = 4
TIDY_PER_FILE = 3
KOPLOPER_EVERY, KOPLOPER_FIRST = 8, 3
WATERSCHAP_EVERY = 16

_STARTS = (
    "Aal", "Bre", "Dor", "Ees", "Gel", "Har", "Hol", "Kam", "Lan", "Mar", "Nij", "Oos",
    "Raa", "Ste", "Ter", "Ven", "Wes", "Zui", "Bor", "Dal", "Ede", "Gor", "Heu", "Lit",
    "Mep", "Nun", "Ool", "Put", "Rho", "Sle", "Tub", "Ulf", "Vel", "Wie", "Zwa", "Bun",
)  # fmt: skip
_MIDDLES = ("", "", "", "en", "er", "el", "ing", "der", "ke", "lo", "ne", "ve")
_ENDS = (
    "dam", "dijk", "veen", "horst", "wolde", "hoven", "broek", "sum", "ingen", "land",
    "berg", "loo", "rade", "wijk", "zijl", "gein", "mond", "voort", "beek", "stein",
    "huizen", "vliet", "haar", "meer",
)  # fmt: skip
_WATER_ENDS = ("stromen", "delta", "waarden", "polders", "kwartier", "landen", "boezem")
_PREFIXES = ("Nieuw-", "Oud-", "Sint-", "Groot-", "Oost-", "West-")
MISSING = -999
"""A question left unanswered, in :class:`Answers` (never a level: a scale may hold 0)."""


@dataclass(frozen=True)
class Organisation:
    """One fictitious organisation: its registry row and its planted part.

    ``group`` is ``koploper``, ``organisatie`` or ``data`` (see the module docstring);
    ``layout`` one of :data:`LAYOUTS`; ``waves`` the rounds it answers in; ``grows``
    whether it grows from the first round to the second.
    """

    index: int
    code: str
    name: str
    alias: str
    kind: str
    size: int
    group: str
    layout: str
    waves: tuple[str, ...]
    grows: bool


@dataclass(frozen=True)
class Population:
    """The plan of a synthetic population (nothing generated yet but names and groups)."""

    organisations: tuple[Organisation, ...]
    respondents: int
    instrument: Instrument

    @property
    def deal_elements(self) -> list[str]:
        """The elements the koplopers lead on (:func:`deal_elements`)."""
        return deal_elements(self.instrument)

    def koplopers(self) -> list[str]:
        """The codes of the planted koplopers."""
        return [o.code for o in self.organisations if o.group == "koploper"]

    @cached_property
    def registry(self) -> Registry:
        """The registry as :func:`bimmaturity.organisations.read_registry` reads it back."""
        return Registry.from_rows(
            [
                {"code": o.code, "name": o.name, "aliases": o.alias, "kind": o.kind, "size": o.size}
                for o in self.organisations
            ],
            REGISTRY_FILE,
        )


def deal_elements(instrument: Instrument | None = None) -> list[str]:
    """The planted deal elements: the example's four when the instrument has them, else four
    elements spread over it (the 2nd, and on in steps of a quarter).

    Examples
    --------
    >>> deal_elements()
    ['PROC', 'UITV', 'OTL', 'BEHEER']
    """
    ids = (instrument or default_instrument()).element_ids
    if set(DEAL_ELEMENTS) <= set(ids):
        return [e for e in ids if e in DEAL_ELEMENTS]
    return ids[1 :: max(1, len(ids) // 4)][:4] or ids[:1]


# ----------------------------------------------------------------------------- the plan
def _names(count: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    """``count`` (name, alias) pairs for the registry; names and aliases unique as slugs."""
    taken: set[str] = set()
    pairs = []

    def fresh(water: bool) -> str:
        while True:
            start = _STARTS[int(rng.integers(len(_STARTS)))]
            middle = _MIDDLES[int(rng.integers(len(_MIDDLES)))]
            ends = _WATER_ENDS if water else _ENDS
            name = start + middle + ends[int(rng.integers(len(ends)))]
            if not water and rng.random() < 0.1:
                name = _PREFIXES[int(rng.integers(len(_PREFIXES)))] + name
            slug = file_slug(name)
            if slug not in taken:
                taken.add(slug)
                return name

    for index in range(count):
        water = _is_waterschap(index)
        name = fresh(water)
        alias = ""
        if water and rng.random() < 0.5:
            alias = f"Hoogheemraadschap {name}"
            taken.add(file_slug(alias))
        elif not water and rng.random() < 0.2:
            alias = fresh(False)  # the name before a merger
        pairs.append((name, alias))
    return pairs


def _is_waterschap(index: int) -> bool:
    return index % WATERSCHAP_EVERY == WATERSCHAP_EVERY - 1


def plan_population(
    organisations: int, respondents: int = 5, instrument: Instrument | None = None
) -> Population:
    """The registry, groups, layouts and rounds of ``organisations`` fictitious organisations.

    Raises
    ------
    ValueError
        When ``organisations`` is not 1 to :data:`MAX_ORGANISATIONS` or ``respondents`` not 1
        to 100.

    Examples
    --------
    >>> plan = plan_population(24, 3)
    >>> plan.koplopers(), plan.organisations[15].code, plan.organisations[15].kind
    (['GM0004', 'GM0012', 'GM0019'], 'WS0001', 'waterschap')
    """
    if not 1 <= organisations <= MAX_ORGANISATIONS:
        raise ValueError(f"aantal organisaties: 1 tot en met {MAX_ORGANISATIONS}")
    if not 1 <= respondents <= MAX_RESPONDENTS:
        raise ValueError(f"aantal respondenten: 1 tot en met {MAX_RESPONDENTS}")
    rng = np.random.default_rng(POPULATION_SEED)
    names = _names(organisations, rng)
    counters = {"gemeente": 0, "waterschap": 0}
    planned = []
    for index, (name, alias) in enumerate(names):
        kind = "waterschap" if _is_waterschap(index) else "gemeente"
        counters[kind] += 1
        code = f"{'WS' if kind == 'waterschap' else 'GM'}{counters[kind]:04d}"
        own = np.random.default_rng([POPULATION_SEED, index])
        if kind == "waterschap":
            size = int(round(own.uniform(150_000, 1_300_000), -3))
        else:
            size = int(min(max(math.exp(own.normal(math.log(28_000), 0.8)), 1_000), 900_000))
        koploper = index % KOPLOPER_EVERY == KOPLOPER_FIRST
        group = "koploper" if koploper else ("organisatie" if own.random() < 0.5 else "data")
        draw = own.random()
        waves = WAVES if koploper or draw >= 0.14 else (WAVES[:1] if draw < 0.07 else WAVES[1:])
        grows = own.random() < 0.85
        layout = LAYOUTS[index % 3]
        planned.append(
            Organisation(index, code, name, alias, kind, size, group, layout, waves, grows)
        )
    return Population(tuple(planned), respondents, instrument or default_instrument())


def registry_csv(population: Population) -> bytes:
    """The registry file ``organisaties.csv`` (UTF-8, comma separated).

    Examples
    --------
    >>> registry_csv(plan_population(2)).decode().splitlines()[0]
    'code,naam,aliassen,soort,inwoners'
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "naam", "aliassen", "soort", "inwoners"])
    for o in population.organisations:
        writer.writerow([o.code, o.name, o.alias, o.kind, o.size])
    return out.getvalue().encode("utf-8")


# ----------------------------------------------------------------------------- the truth
def _truth(population: Population, organisation: Organisation) -> dict[str, tuple]:
    """Per round: (current, ambition, role ids) per element, on a 1-5 scale."""
    ids = population.instrument.element_ids
    deal = np.isin(ids, population.deal_elements)
    first = np.arange(len(ids)) < math.ceil(len(ids) / 2)
    rng = np.random.default_rng([POPULATION_SEED, organisation.index, 99])
    group = organisation.group
    if group == "koploper":
        current = np.where(deal, 4.2, 2.7)
        ambition = current + np.where(deal, 0.4, 0.5)
        large = np.zeros(len(ids), dtype=bool)
    else:
        large = deal | (first if group == "organisatie" else ~first)
        current = np.where(large, 1.6, 2.3)
        ambition = np.where(large, 3.4, 2.7) + np.where(deal, 0.1, 0.0)
    current = current + rng.normal(0, 0.12, len(ids))
    ambition = ambition + rng.normal(0, 0.12, len(ids))
    roles = []
    for position in range(len(ids)):
        draw = rng.random()
        if group == "koploper":
            role = "trekken" if deal[position] else ("meedoen" if draw < 0.4 else "niet")
        elif deal[position]:
            role = "volgen"
        elif large[position]:
            role = "volgen" if draw < 0.5 else ("meedoen" if draw < 0.7 else "niet")
        else:
            role = "meedoen" if draw < 0.3 else "niet"
        roles.append(role)
    if group == "koploper":
        step = np.where(deal, 0.1, 0.2) if organisation.grows else np.zeros(len(ids))
    else:
        step = np.where(large, 0.5, 0.2) if organisation.grows else np.full(len(ids), -0.05)
    later = current + step + rng.normal(0, 0.05, len(ids))
    return {
        WAVES[0]: (current, np.maximum(ambition, current), roles),
        WAVES[1]: (later, np.maximum(ambition + 0.1, later), roles),
    }


def _levels(values: np.ndarray, instrument: Instrument) -> np.ndarray:
    """Planted values (1-5) as whole levels of the instrument's scale (cf. example._level)."""
    low, high = instrument.min_level, instrument.max_level
    if (low, high) != (1, 5):
        values = low + (values - 1) * (high - low) / 4
    return np.clip(np.round(values), low, high).astype(int)


@dataclass
class Answers:
    """One organisation's answers in one round: levels per respondent and question
    (:data:`MISSING` for no answer), and the role id per respondent and element ("" for
    none)."""

    current: np.ndarray
    ambition: np.ndarray
    roles: list[list[str]]


def _answers(
    population: Population, organisation: Organisation, truth: dict, wave: str, people: int
) -> Answers:
    instrument = population.instrument
    rng = np.random.default_rng([POPULATION_SEED, organisation.index, WAVES.index(wave)])
    current_true, ambition_true, roles = truth[wave]
    element_of = np.array(
        [i for i, element in enumerate(instrument.elements) for _ in element.questions]
    )
    noise = 0.3 if organisation.layout == "template" else 0.4  # a team's answer varies less
    shape = (people, len(element_of))
    current = _levels(current_true[element_of] + rng.normal(0, noise, shape), instrument)
    ambition = _levels(ambition_true[element_of] + rng.normal(0, noise, shape), instrument)
    ambition = np.maximum(ambition, current)
    draw = rng.random(shape)
    current = np.where(draw < 0.03, MISSING, current)
    ambition = np.where((draw >= 0.03) & (draw < 0.05), MISSING, ambition)
    others = list(instrument.role_ids)
    # a team's consolidated answer states the planned roles; one person of a survey or a
    # table leaves 12% open and picks another role for 8%
    blank, other = (0.0, 0.0) if organisation.layout == "template" else (0.12, 0.2)
    stated = []
    for _ in range(people):
        row = []
        for role in roles:
            draw = rng.random()
            if draw < blank:
                role = ""
            elif draw < other:
                role = others[int(rng.integers(len(others)))]
            row.append(role if role in others else "")
        stated.append(row)
    return Answers(current, ambition, stated)


def _file_names(population: Population) -> dict[str, list]:
    """Relative file name -> (layout, wave, organisations), in writing order."""
    names: dict[str, tuple[str, str, list[Organisation]]] = {}
    for wave in WAVES:
        present = [o for o in population.organisations if wave in o.waves]
        for organisation in present:
            if organisation.layout == "template":
                name = f"{wave}/zelfevaluatie_bim_{file_slug(organisation.name)}_{wave}.xlsx"
                names[name] = ("template", wave, [organisation])
        for layout, per_file, pattern in (
            ("wide", WIDE_PER_FILE, "{wave}/results-survey{number:04d}_{wave}.xlsx"),
            ("tidy", TIDY_PER_FILE, "{wave}/zelfevaluatie_tabel_{number:04d}_{wave}.csv"),
        ):
            members = [o for o in present if o.layout == layout]
            for start in range(0, len(members), per_file):
                name = pattern.format(wave=wave, number=start // per_file + 1)
                names[name] = (layout, wave, members[start : start + per_file])
    return names


def _make(population: Population, item: tuple[str, tuple]) -> bytes:
    """The bytes of one export file (the registry in use names the organisations)."""
    from bimmaturity import population_layouts as layouts

    _, (layout, wave, members) = item
    people = 1 if layout == "template" else population.respondents
    answered = [(o, _answers(population, o, _truth(population, o), wave, people)) for o in members]
    if layout == "template":
        return layouts.template_file(population.instrument, *answered[0], wave)
    writer = layouts.wide_file if layout == "wide" else layouts.tidy_file
    return writer(population.instrument, answered, wave)


_worker_population: Population | None = None


def _start_worker(population: Population) -> None:
    global _worker_population
    _worker_population = population
    activate(population.registry)


def _make_in_worker(item: tuple[str, tuple]) -> bytes:
    assert _worker_population is not None
    return _make(_worker_population, item)


def population_files(population: Population, *, jobs: int | None = None) -> dict[str, bytes]:
    """Every file of the raw folder: relative path (``/``-separated) -> bytes.

    ``jobs`` processes make the exports (None: two from :data:`PARALLEL_FROM` files on); the
    bytes do not depend on it: every file has its own seeds.

    Examples
    --------
    >>> files = population_files(plan_population(4, 2))
    >>> sorted(files)[:4]
    ['2022/results-survey0001_2022.xlsx', '2022/zelfevaluatie_bim_dalerdijk_2022.xlsx', \
'2022/zelfevaluatie_bim_rhoderberg_2022.xlsx', '2022/zelfevaluatie_tabel_0001_2022.csv']
    >>> len(files)
    10
    """
    from bimmaturity.population_layouts import cost_file

    files = {
        REGISTRY_FILE: registry_csv(population),
        "kosten.xlsx": cost_file(population.instrument),
    }
    items = list(_file_names(population).items())
    with use_registry(population.registry):  # the questionnaire names the organisation
        made = map_in_processes(
            _make_in_worker, items, jobs=jobs, initializer=_start_worker, initargs=(population,)
        )
    files.update((name, data) for (name, _), data in zip(items, made, strict=True))
    return files


def write_population(
    out: Path,
    organisations: int,
    respondents: int = 5,
    instrument: Instrument | None = None,
) -> list[Path]:
    """Write the synthetic population's raw folder to ``out``; returns the files written.

    A folder that already holds other files (an earlier population of another size, real
    exports) is refused before anything is written: ingest would read those too.

    Raises
    ------
    ValueError
        For a count out of range (:func:`plan_population`), or other files in ``out``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     [p.name for p in write_population(Path(folder), 3, 2)][:2]
    ['organisaties.csv', 'kosten.xlsx']
    """
    from bimmaturity.safety import inside
    from bimmaturity.store import atomic_path

    out = Path(out)
    population = plan_population(organisations, respondents, instrument)
    planned = {REGISTRY_FILE, "kosten.xlsx", *_file_names(population)}
    if out.exists():
        others = sorted(
            p.relative_to(out).as_posix()
            for p in out.rglob("*")
            if p.is_file() and p.relative_to(out).as_posix() not in planned
        )
        if others:
            raise ValueError(
                f"{out} bevat al andere bestanden ({', '.join(others[:3])}"
                f"{' ...' if len(others) > 3 else ''}); kies een lege map"
            )
    files = population_files(population)
    written = []
    for name, data in files.items():
        path = inside(out, out / name)
        with atomic_path(path) as temporary:  # renamed into place; no fsync for 400 files
            temporary.write_bytes(data)
        written.append(path)
    return written
