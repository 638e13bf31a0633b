"""Readers, one per export layout, and the registry that picks one.

:mod:`~bimmaturity.input.grid` loads a file into grids of cell values; the readers
(:mod:`~bimmaturity.input.readers.template`, :mod:`~bimmaturity.input.readers.tidy`,
:mod:`~bimmaturity.input.readers.wide`) turn grids into
:class:`~bimmaturity.input.readers.base.Submission` records plus
:class:`~bimmaturity.issues.Issue` records, each with its file, sheet and cell. Each is a
:class:`~bimmaturity.input.readers.base.Reader`: it recognises its layout on a sheet and reads it.

:data:`READERS` lists them in the order they are tried: the template first (read per
workbook), then tidy, then wide. A new export layout is one module with a ``Reader`` subclass
plus one line here.
"""

from __future__ import annotations

from collections.abc import Mapping

from bimmaturity.input.grid import Sheet
from bimmaturity.input.readers.base import Reader, ReadResult
from bimmaturity.input.readers.template import TemplateReader
from bimmaturity.input.readers.tidy import TidyReader
from bimmaturity.input.readers.wide import WideReader
from bimmaturity.instrument import Instrument

__all__ = ["READERS", "ReadResult", "Reader", "pick_reader"]

READERS: tuple[Reader, ...] = (
    TemplateReader(),
    TidyReader(),
    WideReader(),
)
"""Every reader, in the order a sheet is offered to them."""


def pick_reader(
    sheet: Sheet, instrument: Instrument, mapping: Mapping[str, str] | None = None
) -> Reader | None:
    """The first reader of :data:`READERS` whose layout ``sheet`` holds, or None.

    Parameters
    ----------
    sheet
        One sheet (or CSV file) of an export.
    instrument
        The instrument the answers belong to (wide exports are recognised by its questions).
    mapping
        The column mapping from ``kolommen.csv`` ({folded header: target}).

    Returns
    -------
    Reader or None
        None when the sheet holds no layout any reader knows.

    Examples
    --------
    >>> from bimmaturity.instrument import default_instrument
    >>> tidy = Sheet("antwoorden", [["provincie", "vraag", "huidig", "ambitie"]])
    >>> pick_reader(tidy, default_instrument()).layout
    'tidy'
    >>> pick_reader(Sheet("lijst", [["a", "b"], [1, 2]]), default_instrument()) is None
    True
    """
    mapping = {} if mapping is None else mapping
    return next((r for r in READERS if r.detect(sheet, instrument, mapping)), None)
