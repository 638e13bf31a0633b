"""bimmaturity: BIM maturity of the Dutch provinces, from self-assessment exports to reports.

An analyst's entry points::

    import bimmaturity as bm
    result = bm.load_analysis("data/processed")  # every rule, every wave (the build's, if saved)
    result.scores, result.opportunities, result.proposed("2020")
    fresh = bm.load_analysis("data/processed", bm.AnalysisOptions(min_demand=2))

    data = bm.load_processed("data/processed")  # the tidy tables themselves
    scores = bm.province_scores(data.answers, data.instrument)

    bm.progress, bm.businesscase, bm.collaboration, bm.clusters  # the rules, by topic
    bm.business_case, bm.cost_shares, bm.opportunities, bm.proposed_deals  # ... and the main ones
    bm.whatif.whatif_businesscase(result, "2020")  # sliders in JupyterLab

    from bimmaturity.present.sections import comparison  # a report section (bm.sections lists them)
    comparison.maturity_heatmap(result.scores, "2020", result.instrument)

Everything listed in ``__all__`` loads on first use (PEP 562): ``import bimmaturity`` itself
imports neither pandas nor Altair.
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
    "DEFAULTS": "bimmaturity.config",
    "Instrument": "bimmaturity.instrument",
    "Processed": "bimmaturity.store",
    "Registry": "bimmaturity.organisations",
    "active_registry": "bimmaturity.organisations",
    "default_registry": "bimmaturity.organisations",
    "organisation_kind": "bimmaturity.organisations",
    "read_registry": "bimmaturity.organisations",
    "use_registry": "bimmaturity.organisations",
    "analyse": "bimmaturity.analysis",
    "business_case": "bimmaturity.rules.businesscase",
    "cluster_analysis": "bimmaturity.rules.clusters",
    "cost_shares": "bimmaturity.rules.businesscase",
    "default_instrument": "bimmaturity.instrument",
    "level_of": "bimmaturity.rules.scoring",
    "load_analysis": "bimmaturity.analysis",
    "load_instrument": "bimmaturity.instrument",
    "load_processed": "bimmaturity.store",
    "match_province": "bimmaturity.organisations",
    "opportunities": "bimmaturity.rules.collaboration",
    "overall_scores": "bimmaturity.rules.scoring",
    "proposed_deals": "bimmaturity.rules.collaboration",
    "province_code": "bimmaturity.organisations",
    "province_name": "bimmaturity.organisations",
    "province_scores": "bimmaturity.rules.scoring",
    "provinces": "bimmaturity.organisations",
    "reliability": "bimmaturity.rules.scoring",
    "respondent_scores": "bimmaturity.rules.scoring",
    "result_tables": "bimmaturity.analysis",
}
# Modules reached as attributes, name -> module: the rule groups (``bm.progress.movers``...),
# the report sections, the chart theme and the what-if controls (Altair, IPython: ~1 s).
_MODULES = {
    "businesscase": "bimmaturity.rules.businesscase",
    "clusters": "bimmaturity.rules.clusters",
    "collaboration": "bimmaturity.rules.collaboration",
    "present": "bimmaturity.present",
    "programme": "bimmaturity.rules.programme",
    "progress": "bimmaturity.rules.progress",
    "robustness": "bimmaturity.rules.robustness",
    "rules": "bimmaturity.rules",
    "scoring": "bimmaturity.rules.scoring",
    "sections": "bimmaturity.present.sections",
    "theme": "bimmaturity.present.theme",
    "vocab": "bimmaturity.vocab",
    "whatif": "bimmaturity.present.whatif",
}

# Every export and module above, once (a test checks that they match).
__all__ = [
    "DEFAULTS",
    "Analysis",
    "AnalysisOptions",
    "AnswerError",
    "Instrument",
    "Processed",
    "Registry",
    "active_registry",
    "analyse",
    "business_case",
    "businesscase",
    "cluster_analysis",
    "clusters",
    "collaboration",
    "cost_shares",
    "default_instrument",
    "default_registry",
    "level_of",
    "load_analysis",
    "load_instrument",
    "load_processed",
    "match_province",
    "opportunities",
    "organisation_kind",
    "overall_scores",
    "present",
    "programme",
    "progress",
    "proposed_deals",
    "province_code",
    "province_name",
    "province_scores",
    "provinces",
    "read_registry",
    "reliability",
    "respondent_scores",
    "result_tables",
    "robustness",
    "rules",
    "scoring",
    "sections",
    "theme",
    "use_registry",
    "vocab",
    "whatif",
]

__version__ = "0.1.0"

if TYPE_CHECKING:
    from bimmaturity import present, rules, vocab
    from bimmaturity.analysis import Analysis, analyse, load_analysis, result_tables
    from bimmaturity.config import DEFAULTS, AnalysisOptions
    from bimmaturity.instrument import (
        AnswerError,
        Instrument,
        default_instrument,
        load_instrument,
    )
    from bimmaturity.organisations import (
        Registry,
        active_registry,
        default_registry,
        match_province,
        organisation_kind,
        province_code,
        province_name,
        provinces,
        read_registry,
        use_registry,
    )
    from bimmaturity.present import sections, theme, whatif
    from bimmaturity.rules import (
        businesscase,
        clusters,
        collaboration,
        programme,
        progress,
        robustness,
        scoring,
    )
    from bimmaturity.rules.businesscase import business_case, cost_shares
    from bimmaturity.rules.clusters import cluster_analysis
    from bimmaturity.rules.collaboration import opportunities, proposed_deals
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
        value = _importlib.import_module(_MODULES[name])
    else:
        raise AttributeError(f"module 'bimmaturity' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
