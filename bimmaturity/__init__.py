"""bimmaturity: BIM maturity of the Dutch provinces, from self-assessment exports to reports.

An analyst's entry points::

    import bimmaturity as bm
    result = bm.load_analysis("data/processed")  # every rule, every wave (the build's, if saved)
    result.scores, result.opportunities, result.proposed("2020")
    fresh = bm.load_analysis("data/processed", bm.AnalysisOptions(min_demand=2))

    data = bm.load_processed("data/processed")  # the tidy tables themselves
    scores = bm.province_scores(data.answers, data.instrument)
"""

import os as _os
import sys as _sys

if _os.environ.get("BIMMATURITY_REPORT_KERNEL") == "1" and "jsonschema" not in _sys.modules:
    # Report kernels only: jsonschema (via altair) builds rfc3987-syntax's IRI parsers eagerly
    # at import, about 0.8 s of every kernel start (python -X importtime). Reports never
    # validate IRIs; marking that optional module absent makes jsonschema skip the checker.
    _sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import importlib as _importlib
from typing import TYPE_CHECKING

# The public API, name -> module. Names load on first use (PEP 562), so `bimmaturity ...` on the
# command line imports only what a command needs: a build with nothing to do takes about a second.
_EXPORTS = {
    "Analysis": "bimmaturity.analysis",
    "AnalysisOptions": "bimmaturity.config",
    "AnswerError": "bimmaturity.instrument",
    "Instrument": "bimmaturity.instrument",
    "Processed": "bimmaturity.store",
    "analyse": "bimmaturity.analysis",
    "default_instrument": "bimmaturity.instrument",
    "level_of": "bimmaturity.rules.scoring",
    "load_analysis": "bimmaturity.analysis",
    "load_instrument": "bimmaturity.instrument",
    "load_processed": "bimmaturity.store",
    "match_province": "bimmaturity.organisations",
    "overall_scores": "bimmaturity.rules.scoring",
    "province_name": "bimmaturity.organisations",
    "province_scores": "bimmaturity.rules.scoring",
    "provinces": "bimmaturity.organisations",
    "reliability": "bimmaturity.rules.scoring",
    "respondent_scores": "bimmaturity.rules.scoring",
    "result_tables": "bimmaturity.analysis",
}
# Subpackages reached as attributes: ``bm.rules``, ``bm.present`` (Altair and IPython: ~1 s).
_MODULES = ("present", "rules")

__all__ = [
    "Analysis",
    "AnalysisOptions",
    "AnswerError",
    "Instrument",
    "Processed",
    "analyse",
    "default_instrument",
    "level_of",
    "load_analysis",
    "load_instrument",
    "load_processed",
    "match_province",
    "overall_scores",
    "present",
    "province_name",
    "province_scores",
    "provinces",
    "reliability",
    "respondent_scores",
    "result_tables",
    "rules",
]

__version__ = "0.1.0"

if TYPE_CHECKING:
    from bimmaturity import present, rules
    from bimmaturity.analysis import Analysis, analyse, load_analysis, result_tables
    from bimmaturity.config import AnalysisOptions
    from bimmaturity.instrument import (
        AnswerError,
        Instrument,
        default_instrument,
        load_instrument,
    )
    from bimmaturity.organisations import match_province, province_name, provinces
    from bimmaturity.rules.scoring import (
        level_of,
        overall_scores,
        province_scores,
        reliability,
        respondent_scores,
    )
    from bimmaturity.store import Processed, load_processed


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        value = getattr(_importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = _importlib.import_module(f"bimmaturity.{name}")
    else:
        raise AttributeError(f"module 'bimmaturity' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
