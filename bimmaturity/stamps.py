"""What each output of a build depends on, as digests: a report is made again only when one of
them changed (:func:`bimmaturity.build.build_reports`).

The rule (README, "Rebuilds"):

- Every report depends on everything all its readers see around the numbers: the notebook,
  its parameters and title, the package code, the instrument, the registry, the analysis
  options it takes, the cost table, the data-quality list (the warnings of every round), and
  the names of the rounds and the number of files read (the banner).
- A report on round W shows the numbers of *every* organisation of round W (medians, ranks,
  clusters, partners, deals, cost shares), so it depends on all of round W's data: answers,
  roles and comments of every organisation in that round.
- It does not depend on rounds it does not show. The progress report depends on both rounds
  it compares. An organisation's profile shows its own progress since its previous round, so
  it also depends on that organisation's own rows of that previous round (not on the other
  organisations' rows there: the analysis computes each organisation's progress from its own
  answers, with its own random streams). A profile of an organisation that did not answer in
  the reporting round shows its latest earlier round, and depends on that round and on the
  reporting round (whether it answered there).

So after one organisation's export of an earlier round changes, only the progress report and
that organisation's profile are made again (and profiles that show that earlier round); after
a change in the reporting round, every report on that round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bimmaturity.frames import sort_waves
from bimmaturity.store import Processed, code_digest

__all__ = ["RoundDigests", "shown_rounds"]

ROUND_TABLES = ("answers", "roles", "comments")
"""The processed tables with a row per round and organisation (columns ``wave``, ``province``)."""


def _frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a table's columns and rows, in order."""
    digest = hashlib.sha256(json.dumps([str(c) for c in frame.columns]).encode())
    if len(frame):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class RoundDigests:
    """Digests of processed data: what every report sees (:attr:`common`), each round's rows
    (:attr:`rounds`) and each organisation's rows in a round (:attr:`own`).

    Attributes
    ----------
    common : str
        Cost table, issues, registry, instrument, round names, number of files, example flag
        and package code.
    rounds : dict of str to str
        Round -> digest of every row of :data:`ROUND_TABLES` in that round.
    own : dict of (str, str) to str
        (round, organisation code) -> digest of that organisation's rows in that round.
    """

    common: str
    rounds: dict[str, str]
    own: dict[tuple[str, str], str]

    @classmethod
    def of(cls, processed: Processed) -> RoundDigests:
        """The digests of ``processed``.

        Examples
        --------
        >>> from types import SimpleNamespace
        >>> from bimmaturity.organisations import default_registry
        >>> answers = pd.DataFrame({"wave": ["1", "2", "2"], "province": ["PV20", "PV20", "PV21"],
        ...                         "current": [1.0, 2.0, 3.0]})
        >>> empty = pd.DataFrame({"wave": [], "province": []})
        >>> data = SimpleNamespace(answers=answers, roles=empty, comments=empty, costs=empty,
        ...     issues=empty, manifest={}, registry=default_registry(), waves=["1", "2"])
        >>> before = RoundDigests.of(data)
        >>> data.answers = answers.assign(current=[5.0, 2.0, 3.0])  # round 1 of PV20 changed
        >>> after = RoundDigests.of(data)
        >>> before.rounds["2"] == after.rounds["2"], before.rounds["1"] == after.rounds["1"]
        (True, False)
        >>> before.own["2", "PV20"] == after.own["2", "PV20"], sorted(before.own)
        (True, [('1', 'PV20'), ('2', 'PV20'), ('2', 'PV21')])
        """
        manifest = processed.manifest
        common = hashlib.sha256()
        for part in (
            _frame_digest(processed.costs),
            _frame_digest(processed.issues),
            processed.registry.digest,
            json.dumps(manifest.get("instrument"), sort_keys=True, default=str),
            json.dumps(list(processed.waves)),
            str(len(manifest.get("inputs", []))),
            str(bool(manifest.get("example"))),
            code_digest(),
        ):
            common.update(part.encode())
            common.update(b"\0")
        rounds: dict[str, hashlib._Hash] = {}
        own: dict[tuple[str, str], hashlib._Hash] = {}
        for name in ROUND_TABLES:
            frame = getattr(processed, name)
            if frame.empty:
                continue
            hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
            keys = pd.DataFrame(
                {"wave": frame["wave"].astype(str), "province": frame["province"].astype(str)}
            )
            for (wave, code), rows in keys.groupby(["wave", "province"], sort=True).indices.items():
                part = np.ascontiguousarray(hashes[rows]).tobytes()
                for table, key in ((rounds, wave), (own, (wave, code))):
                    if key not in table:
                        table[key] = hashlib.sha256()
                    table[key].update(f"{name}:{code}:".encode())
                    table[key].update(part)
        return cls(
            common=common.hexdigest(),
            rounds={wave: digest.hexdigest() for wave, digest in rounds.items()},
            own={key: digest.hexdigest() for key, digest in own.items()},
        )

    def stamp(self, full: Iterable[str], own: Iterable[tuple[str, str]] = ()) -> str:
        """The digest of what an output shows: :attr:`common`, every organisation's rows of the
        rounds ``full``, and the rows of ``own`` (round, organisation) pairs.

        Examples
        --------
        >>> d = RoundDigests("c", {"1": "a", "2": "b"}, {("1", "PV20"): "x"})
        >>> d.stamp(["2"]) == d.stamp({"2"}), d.stamp(["2"]) == d.stamp(["1", "2"])
        (True, False)
        >>> d.stamp(["2"], [("1", "PV20")]) == d.stamp(["2"], [("1", "PV21")])
        False
        """
        record = {
            "common": self.common,
            "rounds": {wave: self.rounds.get(wave, "") for wave in sorted(set(full))},
            "own": {f"{w}/{c}": self.own.get((w, c), "") for w, c in sorted(set(own))},
        }
        return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()

    def for_report(self, parameters: Mapping[str, object], waves: list[str]) -> str:
        """:meth:`stamp` of the rounds a report with ``parameters`` shows
        (:func:`shown_rounds`)."""
        full, own = shown_rounds(parameters, waves)
        return self.stamp(full, own)


def shown_rounds(
    parameters: Mapping[str, object], waves: list[str]
) -> tuple[set[str], set[tuple[str, str]]]:
    """The rounds a report shows, from its parameters: rounds shown for every organisation, and
    (round, organisation) pairs shown for one organisation only.

    - ``from_wave`` and ``to_wave`` (progress): both rounds.
    - ``province`` (a profile): its round ``wave`` and the build's ``reporting_wave`` in full,
      and the organisation's own rows of the round before ``wave`` (its progress).
    - ``wave`` (an overview): that round.
    - Anything else: every round.

    Examples
    --------
    >>> waves = ["2018", "2020", "2022"]
    >>> full, own = shown_rounds({"from_wave": "2018", "to_wave": "2020"}, waves)
    >>> sorted(full), own
    (['2018', '2020'], set())
    >>> shown_rounds({"wave": "2022"}, waves)
    ({'2022'}, set())
    >>> full, own = shown_rounds({"province": "PV20", "wave": "2020", "reporting_wave": "2022"},
    ...                          waves)
    >>> sorted(full), own
    (['2020', '2022'], {('2018', 'PV20')})
    """
    waves = sort_waves(waves)
    if parameters.get("from_wave") is not None and parameters.get("to_wave") is not None:
        return {str(parameters["from_wave"]), str(parameters["to_wave"])}, set()
    wave = parameters.get("wave")
    if wave is None or str(wave) not in waves:
        return set(waves), set()
    wave = str(wave)
    if parameters.get("province") is None:
        return {wave}, set()
    full = {wave}
    if parameters.get("reporting_wave") is not None:
        full.add(str(parameters["reporting_wave"]))
    position = waves.index(wave)
    own = {(waves[position - 1], str(parameters["province"]))} if position else set()
    return full, own
