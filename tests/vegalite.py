"""Look into Altair charts and Vega-Lite specs by meaning: by channel and field, not by path.

Shared by the presentation tests (``test_reports_*.py``, ``test_present_*.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import altair as alt
import pandas as pd


def spec_of(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec, validated by Altair, through JSON (as the report embeds it)."""
    return json.loads(json.dumps(chart.to_dict()))


def _dicts(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def channels(spec: dict, channel: str) -> list[dict]:
    """Every definition of ``channel`` (x, color, row, ...) in an encoding or facet anywhere."""
    found = []
    for node in _dicts(spec):
        for key in ("encoding", "facet"):
            part = node.get(key)
            if isinstance(part, dict) and isinstance(part.get(channel), dict):
                found.append(part[channel])
    return found


def channel(spec: dict, name: str, field: str | None = None) -> dict:
    """The (first) definition of channel ``name``, encoding ``field`` when given."""
    for definition in channels(spec, name):
        if field is None or definition.get("field") == field:
            return definition
    raise AssertionError(f"no {name} channel" + (f" for field {field!r}" if field else ""))


def fields(spec: dict, name: str) -> set[str]:
    """The fields channel ``name`` encodes anywhere in the spec."""
    return {d["field"] for d in channels(spec, name) if "field" in d}


def setting(spec: dict, key: str) -> object:
    """The first value of ``key`` (``resolve``, ``mark``, ...) anywhere in the spec."""
    for node in _dicts(spec):
        if key in node:
            return node[key]
    raise AssertionError(f"no {key!r} in the spec")


def _charts(chart: object) -> Iterator[object]:
    yield chart
    for attribute in ("layer", "hconcat", "vconcat", "concat"):
        parts = getattr(chart, attribute, None)
        if isinstance(parts, list):
            for part in parts:
                yield from _charts(part)
    inner = getattr(chart, "spec", None)
    if inner is not None and not isinstance(inner, dict) and inner is not alt.Undefined:
        yield from _charts(inner)


def data_with(chart: alt.TopLevelMixin, *columns: str) -> pd.DataFrame:
    """The data of the chart, or of the part of it, that holds every one of ``columns``."""
    for part in _charts(chart):
        data = getattr(part, "data", None)
        if isinstance(data, pd.DataFrame) and set(columns) <= set(data.columns):
            return data
    raise AssertionError(f"no chart data with columns {columns}")
