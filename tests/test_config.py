"""The analysis options: one model, validated, and the command line made from it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from bimmaturity import cli
from bimmaturity.config import DEFAULTS, AnalysisOptions


def _subcommand(name: str):
    parser = cli._parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]


@pytest.mark.parametrize("command", ["tables", "build"])
def test_every_option_is_a_cli_option_with_the_model_default(command: str):
    parser = _subcommand(command)
    flags = {a.dest: a for a in parser._actions}
    for name, spec in AnalysisOptions.model_fields.items():
        assert name in flags, f"--{name.replace('_', '-')} missing from {command}"
        action = flags[name]
        assert action.option_strings == [f"--{name.replace('_', '-')}"]
        assert action.default == getattr(DEFAULTS, name)
        assert spec.description in action.help
    assert flags["cost_key"].choices == ("equal", "population", "mixed")


def test_parsed_cli_values_become_the_same_options():
    parser = _subcommand("tables")
    args = parser.parse_args(
        ["--out", "x.xlsx", "--min-demand", "2", "--clusters", "3", "--cost-key", "mixed"]
    )
    options = cli._options(parser, args)
    assert options == AnalysisOptions(min_demand=2, clusters=3, cost_key="mixed")
    assert options.leader_level == DEFAULTS.leader_level


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"n_deals": -3}, "n_deals"),
        ({"min_demand": 0}, "min_demand"),
        ({"clusters": 0}, "clusters"),
        ({"overhead": -0.1}, "overhead"),
        ({"years": -1}, "years"),
        ({"gap_threshold": float("nan")}, "gap_threshold"),
        ({"cost_key": "inwoners"}, "cost_key"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_options_are_refused_naming_the_option(values: dict, field: str):
    with pytest.raises(ValidationError) as caught:
        AnalysisOptions(**values)
    assert [e["loc"][0] for e in caught.value.errors()] == [field]


def test_options_from_a_notebook_namespace_take_only_option_names():
    namespace = {"min_demand": 2, "province": "PV20", "processed_dir": "x", "wave": None}
    assert AnalysisOptions.from_mapping(namespace) == AnalysisOptions(min_demand=2)
    with pytest.raises(ValidationError):
        AnalysisOptions.from_mapping({"n_deals": "vier"})


def test_options_are_frozen():
    with pytest.raises(ValidationError):
        DEFAULTS.min_demand = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--n-deals", "-3"], "--n-deals -3"),
        (["--overhead", "-1"], "--overhead -1.0"),
    ],
)
def test_cli_refuses_invalid_options_before_any_work(tmp_path: Path, args, named):
    env = {**os.environ, "BIMMATURITY_ROOT": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bimmaturity.cli", "build", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert f"ongeldige analyse-optie: {named}" in done.stderr
    assert not (tmp_path / "data").exists()  # nothing was read or written
