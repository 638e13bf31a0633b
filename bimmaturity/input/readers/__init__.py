"""Readers, one per export layout: wide survey exports, tidy tables, filled templates.

:mod:`~bimmaturity.input.grid` loads a file into grids of cell values; the readers
(:mod:`~bimmaturity.input.readers.wide`, :mod:`~bimmaturity.input.readers.tidy`,
:mod:`~bimmaturity.input.readers.template`) turn grids into
:class:`~bimmaturity.input.readers.base.Submission` records plus
:class:`~bimmaturity.issues.Issue` records, each with its file, sheet and cell.
"""
