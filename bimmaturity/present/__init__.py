"""Presentation: what a person sees in a report, grouped by topic.

- :mod:`~bimmaturity.present.format`: Dutch numbers, euros and text pieces (no Altair);
- :mod:`~bimmaturity.present.html`: the banner, notes, tables and lists;
- :mod:`~bimmaturity.present.theme`: the chart theme, colours and the offline renderer
  (``theme.setup(report_mode)`` starts every report notebook);
- :mod:`~bimmaturity.present.sections`: one module per report section, its sentences, charts
  and tables together.
- :mod:`~bimmaturity.present.workbook`: the result tables for people (``reports/tabellen.xlsx``).
- :mod:`~bimmaturity.present.machine_tables`: the machine tables workbook (``bimmaturity
  tables``), the contract for scripts.
- :mod:`~bimmaturity.present.index` and :mod:`~bimmaturity.present.method`: the index page with
  its key findings, and the method page (``reports/verantwoording.html``).

The Dutch labels themselves live in :mod:`bimmaturity.vocab`. This package imports nothing
heavy itself; the modules load Altair and IPython when imported.
"""

__all__ = [
    "format",
    "html",
    "index",
    "machine_tables",
    "method",
    "sections",
    "theme",
    "workbook",
]
