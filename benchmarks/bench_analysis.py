"""Benchmark: the whole analysis of one wave, stage by stage, optionally against the
implementation of commit 4fa466a (before the rules were vectorised), measured in the same run.

Issue 13 revised the rules: Student-t intervals instead of bootstraps, within-province alpha
and ICC(1), the robustness of positions and deals by resampling (stage ``robustness``: 500
resamples), clusterboot stability with k chosen again per resample (in ``clusters``), and the
business case against the followers. The baseline therefore computes other figures for
scores, reliability, overall, clusters and businesscase; its comparison lists those tables as
differing (expected), and has no robustness stage (0 s).

A synthetic population of N organisations (ORG001, ...) x 25 respondents answers every
question of the default instrument with some structure (an organisation level per element, a
respondent bias, noise, a few missing answers), states a collaboration role per element, and
comes with a cost table. Each implementation runs in its own subprocess: the new one from this
working tree, the baseline from ``git archive 4fa466a bimmaturity`` extracted to a temporary
folder (old module paths ``bimmaturity.scoring``, ``.collaboration``, ``.clusters``,
``.businesscase``). Business-case shares use the equal key (no registry population exists for
ORG codes). The results of both are compared table by table (tolerance 1e-12).

Besides the stages (what both implementations compute), the new implementation is timed as a
whole: ``bimmaturity.analysis.analyse`` on the same population as processed data, with every
cost-sharing key (a synthetic registry gives the organisations a population), the cluster
summary and the cost sensitivity. The table shows wall-clock seconds and CPU seconds (the
machine may be shared: CPU seconds show the work when wall-clock time waits for a core), the
total like for like (without the robustness stage the baseline lacks) and the whole total,
each with its ratio to the baseline total.

Usage::

    .venv/bin/python benchmarks/bench_analysis.py --no-baseline   # N = 12, 100, 400
    .venv/bin/python benchmarks/bench_analysis.py --sizes 12 100 --repeats 5

Medians of ``--repeats`` runs per stage (new) and of ``--baseline-repeats`` (baseline; one run
when N >= 400, where the baseline takes about a minute or more). ``--no-baseline`` skips it.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "4fa466a"
WAVE = "2024"
RESPONDENTS = 25
STAGES = [
    "scores",
    "reliability",
    "overall",
    "collaboration",
    "robustness",
    "clusters",
    "businesscase",
]
TOLERANCE = 1e-12


# ---------------------------------------------------------------------------- the population
def population(n_orgs: int, instrument, *, respondents: int = RESPONDENTS, seed: int = 8):
    """Answers, roles and costs of a synthetic population (numpy, fixed seed)."""
    rng = np.random.default_rng(seed)
    questions = instrument.question_frame()
    elements = instrument.element_ids
    element_of = questions["element"].map({e: i for i, e in enumerate(elements)}).to_numpy()
    orgs = np.array([f"ORG{i + 1:03d}" for i in range(n_orgs)])
    n_resp, n_q = n_orgs * respondents, len(questions)
    level = rng.uniform(1.5, 4.5, size=(n_orgs, len(elements)))
    want = rng.uniform(0.0, 2.0, size=(n_orgs, len(elements)))
    org = np.repeat(np.arange(n_orgs), respondents)
    bias = rng.normal(0.0, 0.4, size=(n_resp, 1))
    latent = level[org][:, element_of] + bias + rng.normal(0.0, 0.6, size=(n_resp, n_q))
    current = np.clip(np.rint(latent), 1, 5)
    ambition = np.clip(
        np.rint(latent + want[org][:, element_of] + rng.normal(0.0, 0.4, (n_resp, n_q))),
        current,
        5,
    )
    current[rng.random((n_resp, n_q)) < 0.04] = np.nan
    ambition[rng.random((n_resp, n_q)) < 0.06] = np.nan
    respondent = np.array([f"R{i:06d}" for i in range(n_resp)])
    answers = pd.DataFrame(
        {
            "wave": WAVE,
            "province": np.repeat(orgs[org], n_q),
            "respondent": np.repeat(respondent, n_q),
            "element": np.tile(questions["element"].to_numpy(), n_resp),
            "question": np.tile(questions["question"].to_numpy(), n_resp),
            "current": current.ravel(),
            "ambition": ambition.ravel(),
        }
    ).astype({c: "str" for c in ("wave", "province", "respondent", "element", "question")})
    # roles: the more mature, the more engaged; about 5% unanswered
    role_ids = np.array([*instrument.role_ids, None], dtype=object)
    maturity = level[org] + bias  # respondents x elements
    engaged = np.clip((maturity - 1.0) / 4.0, 0.05, 0.95)
    weights = np.stack(
        [engaged**2, engaged * (1 - engaged), (1 - engaged) * 0.8, (1 - engaged) * 0.2], axis=-1
    )
    weights = np.concatenate(
        [weights * 0.95 / weights.sum(-1, keepdims=True), np.full((*weights.shape[:-1], 1), 0.05)],
        axis=-1,
    )
    pick = (rng.random((*weights.shape[:-1], 1)) > weights.cumsum(-1)).sum(-1)
    roles = pd.DataFrame(
        {
            "wave": WAVE,
            "province": np.repeat(orgs[org], len(elements)),
            "respondent": np.repeat(respondent, len(elements)),
            "element": np.tile(elements, n_resp),
            "role": role_ids[np.minimum(pick, len(role_ids) - 1)].ravel(),
        }
    ).astype({c: "str" for c in ("wave", "province", "respondent", "element")})
    costs = pd.DataFrame(
        {
            "element": elements,
            "cost_alone": [50_000.0 * (i + 1) for i in range(len(elements))],
            "cost_joint": [120_000.0 * (i + 1) for i in range(len(elements))],
            "upkeep_alone": [5_000.0 * (i % 3) for i in range(len(elements))],
            "upkeep_joint": [9_000.0 * (i % 3) for i in range(len(elements))],
        }
    )
    return answers, roles, costs


# ---------------------------------------------------------------------------- the stages
def _modules(implementation: str):
    import importlib

    prefix = "bimmaturity.rules." if implementation == "new" else "bimmaturity."
    names = ("scoring", "collaboration", "clusters", "businesscase")
    modules = {name: importlib.import_module(prefix + name) for name in names}
    modules["robustness"] = (
        importlib.import_module(prefix + "robustness") if implementation == "new" else None
    )
    return modules


def run_stages(answers, roles, costs, instrument, m) -> tuple[dict[str, float], dict]:
    """Every rule of one wave, timed per stage; returns (seconds, result tables).

    Seconds are keyed by stage (wall clock) and by ``cpu:<stage>`` (CPU time of the process).
    """
    from bimmaturity.organisations import provinces

    scoring, collab, clusters, bc = (
        m["scoring"],
        m["collaboration"],
        m["clusters"],
        m["businesscase"],
    )
    seconds: dict[str, float] = {}
    out: dict[str, pd.DataFrame] = {}

    def stage(name, work):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        seconds[name] = time.perf_counter() - start
        seconds[f"cpu:{name}"] = time.process_time() - cpu

    def scores():
        out["respondent_scores"] = scoring.respondent_scores(answers, instrument)
        shared = {"per_respondent": out["respondent_scores"]} if m["robustness"] else {}
        out["scores"] = scoring.province_scores(answers, instrument, **shared)

    def shared() -> dict:
        """The new rules take the respondent scores already computed (as the analysis does)."""
        return {"per_respondent": out["respondent_scores"]} if m["robustness"] else {}

    def reliability():
        out["reliability"] = scoring.reliability(answers, instrument, **shared())

    def overall():
        out["overall"] = scoring.overall_scores(out["scores"], instrument)
        out["overall_intervals"] = scoring.overall_intervals(answers, instrument, **shared())

    def collaboration():
        stated = collab.stated_roles(roles, instrument)
        out["stated_roles"] = stated
        out["roles"] = collab.roles_table(out["scores"], stated)
        out["opportunities"] = collab.opportunities(out["scores"], stated, instrument)
        out["partners"] = collab.deal_partners(out["scores"], stated, instrument)

    def robustness():
        if m["robustness"] is None:  # the baseline has no robustness rule
            return
        robust = m["robustness"].robustness(
            answers, roles, instrument, per_respondent=out["respondent_scores"]
        )
        out["p_positions"], out["p_deals"] = robust.positions, robust.deals

    def cluster():
        analysis = clusters.cluster_analysis(out["scores"], WAVE)
        out["assignment"] = analysis.assignment
        out["silhouette"] = analysis.silhouette
        out["clusters"] = clusters.cluster_stability(out["respondent_scores"], analysis.assignment)
        out["cluster_profiles"] = clusters.cluster_profiles(out["scores"], analysis.assignment)

    def businesscase():
        stated = out["stated_roles"]
        out["businesscase"] = bc.business_case(out["scores"], stated, costs, instrument)
        out["shares"] = bc.cost_shares(
            out["scores"], stated, costs, provinces(), keys=("equal",), instrument=instrument
        )

    works = (scores, reliability, overall, collaboration, robustness, cluster, businesscase)
    for name, work in zip(STAGES, works, strict=True):
        stage(name, work)
    return seconds, out


def registry(n_orgs: int, seed: int = 8) -> pd.DataFrame:
    """A registry of the synthetic organisations: code, name and a population (fixed seed)."""
    rng = np.random.default_rng(seed)
    codes = [f"ORG{i + 1:03d}" for i in range(n_orgs)]
    return pd.DataFrame(
        {
            "cbs_code": codes,
            "name": [f"Organisatie {i + 1}" for i in range(n_orgs)],
            "population_2024": rng.integers(50_000, 2_000_000, size=n_orgs),
        }
    )


def run_analyse(answers, roles, costs, instrument) -> tuple[float, float]:
    """The whole ``analyse`` of the population as processed data: (wall, CPU) seconds."""
    from bimmaturity.analysis import analyse
    from bimmaturity.store import Processed

    processed = Processed(
        answers=answers,
        roles=roles,
        comments=pd.DataFrame(),
        costs=costs,
        issues=pd.DataFrame(),
        manifest={},
    )
    organisations = registry(answers["province"].nunique())
    start, cpu = time.perf_counter(), time.process_time()
    analyse(processed, instrument=instrument, registry=organisations)
    return time.perf_counter() - start, time.process_time() - cpu


def _totals(run: dict[str, float]) -> dict[str, float]:
    """The totals of one run: whole and like for like (without robustness), wall and CPU."""
    like = [name for name in STAGES if name != "robustness"]
    return {
        "total": sum(run[name] for name in STAGES),
        "like_for_like": sum(run[name] for name in like),
        "cpu:total": sum(run[f"cpu:{name}"] for name in STAGES),
        "cpu:like_for_like": sum(run[f"cpu:{name}"] for name in like),
    }


def worker(implementation: str, n_orgs: int, repeats: int, dump: str | None) -> None:
    """Run the stages ``repeats`` times in this process; print the medians as JSON."""
    from bimmaturity.instrument import default_instrument

    instrument = default_instrument()
    answers, roles, costs = population(n_orgs, instrument)
    modules = _modules(implementation)
    runs = []
    for i in range(repeats):
        seconds, tables = run_stages(answers, roles, costs, instrument, modules)
        seconds |= _totals(seconds)
        if implementation == "new":
            seconds["analyse"], seconds["cpu:analyse"] = run_analyse(
                answers, roles, costs, instrument
            )
        runs.append(seconds)
        if i == 0 and dump:
            with open(dump, "wb") as handle:
                pickle.dump(tables, handle)
    medians = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    import resource  # the peak memory of this worker, for --json

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": medians, "repeats": repeats, "peak_mb": peak_mb}))


# ---------------------------------------------------------------------------- the driver
def _subprocess(implementation: str, n: int, repeats: int, pythonpath: Path, dump: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--worker",
            implementation,
            "--sizes",
            str(n),
            "--repeats",
            str(repeats),
            "--dump",
            str(dump),
        ],
        env=env,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # show why the worker failed
        raise SystemExit(f"{implementation} N = {n} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def compare(new: dict, old: dict) -> list[str]:
    """Tables that differ beyond the tolerance (empty: identical)."""
    differ = []
    for name, frame in old.items():
        try:
            pd.testing.assert_frame_equal(
                new[name].reset_index(drop=True),
                frame.reset_index(drop=True),
                check_exact=False,
                rtol=0,
                atol=TOLERANCE,
            )
        except (AssertionError, KeyError) as error:
            differ.append(f"{name}: {str(error).splitlines()[0]}")
    return differ


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 100, 400])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline-repeats", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--worker", choices=["new", "old"], help=argparse.SUPPRESS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON object (run_all)")
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.sizes[0], args.repeats, args.dump)
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-analysis-") as folder:
        folder = Path(folder)
        old_tree = folder / "old"
        if not args.no_baseline:
            old_tree.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", BASELINE_COMMIT, "bimmaturity"],
                capture_output=True,
                check=True,
            )
            subprocess.run(["tar", "-x", "-C", str(old_tree)], input=archive.stdout, check=True)
        rows = []
        for n in args.sizes:
            new = _subprocess("new", n, args.repeats, ROOT, folder / f"new-{n}.pkl")
            row = {"n": n, "new": new["seconds"], "new_repeats": new["repeats"]}
            if not args.no_baseline:
                repeats = 1 if n >= 400 else args.baseline_repeats
                old = _subprocess("old", n, repeats, old_tree, folder / f"old-{n}.pkl")
                row.update(old=old["seconds"], old_repeats=old["repeats"])
                with (
                    open(folder / f"new-{n}.pkl", "rb") as a,
                    open(folder / f"old-{n}.pkl", "rb") as b,
                ):
                    row["differ"] = compare(pickle.load(a), pickle.load(b))
            rows.append(row)
            if not args.json:
                _print(row)
            row["peak_mb"] = new.get("peak_mb")
    if args.json:
        print(json.dumps({"benchmark": "bench_analysis", "rows": [_json_row(r) for r in rows]}))
    return 0


def _json_row(row: dict) -> dict:
    """One row of run_all's table: the whole analysis (every stage) against the baseline."""
    new, old = row["new"], row.get("old")
    return {
        "what": f"analysis, N = {row['n']} x {RESPONDENTS}, against {BASELINE_COMMIT}",
        "baseline_s": old["total"] if old else None,
        "current_s": new["total"],
        "ratio": old["total"] / new["total"] if old else None,
        "peak_mb": row["peak_mb"],
    }


def _print(row: dict) -> None:
    n = row["n"]
    new, old = row["new"], row.get("old")
    print(
        f"\nN = {n} organisations x {RESPONDENTS} respondents, one wave "
        f"(medians: new of {row['new_repeats']}"
        + (f", baseline of {row['old_repeats']})" if old else ")")
    )
    header = f"{'stage':<15}{'new s':>9}{'new cpu':>9}"
    if old:
        header += f"{'baseline s':>12}{'base cpu':>10}{'ratio':>8}{'cpu ratio':>11}"
    print(header)
    print("-" * len(header))

    def line(label: str, name: str, against: str | None = None) -> None:
        text = f"{label:<15}{new[name]:>9.3f}{new[f'cpu:{name}']:>9.3f}"
        if old:
            base = against or name
            if base in old:
                ratio = old[base] / new[name] if new[name] else float("inf")
                cpu_ratio = (
                    old[f"cpu:{base}"] / new[f"cpu:{name}"] if new[f"cpu:{name}"] else float("inf")
                )
                text += f"{old[base]:>12.3f}{old[f'cpu:{base}']:>10.3f}"
                text += f"{ratio:>7.1f}x{cpu_ratio:>10.1f}x"
        print(text)

    for name in STAGES:
        line(name, name)
    print("-" * len(header))
    line("like for like", "like_for_like", "total")
    line("total", "total")
    line("analyse()", "analyse", "total")
    print(
        "like for like: every stage but robustness (the baseline has none); analyse(): the "
        "whole bimmaturity.analysis.analyse, every key, against the baseline's total"
    )
    if old:
        print(
            "results: "
            + (
                "identical to the baseline (1e-12)"
                if not row["differ"]
                else "DIFFER: " + "; ".join(row["differ"])
            )
        )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
