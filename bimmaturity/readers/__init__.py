"""Readers, one per export layout: wide survey exports, tidy tables, filled templates.

- :mod:`~bimmaturity.readers.grid` loads a file into grids of cell values (python-calamine,
  or openpyxl as a fallback) with the cell detail calamine does not give: error values,
  formulas without a stored result, merged ranges;
- :mod:`~bimmaturity.readers.wide`, :mod:`~bimmaturity.readers.tidy` and
  :mod:`~bimmaturity.readers.template` turn grids into :class:`~bimmaturity.readers.base.Submission`
  records plus :class:`~bimmaturity.issues.Issue` records, each with its file, sheet and cell.
"""
