"""Report furniture in HTML: the example-data banner, notes, Dutch tables and lists.

Every value is escaped; numbers are written the Dutch way (:mod:`bimmaturity.present.format`).
:class:`Markdown` is the only Markdown a report shows: it can emphasise and make headings, but
no HTML, link or image in its text ever reaches the page (text from the data stays text).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd
from IPython import display
from IPython.display import HTML

from bimmaturity.present.format import MISSING, euro, number

if TYPE_CHECKING:
    from bimmaturity.store import Processed

__all__ = [
    "Formatter",
    "Markdown",
    "banner",
    "html_list",
    "markdown_text",
    "money_table",
    "note",
    "table",
]


def markdown_text(text: str) -> str:
    """``text`` with everything that Markdown would turn into HTML, a link or an image made
    literal: ``&``, ``<`` and ``>`` as entities (raw HTML and autolinks show as text), ``[`` and
    ``]`` escaped (no link or image syntax). Emphasis and headings keep working.

    Examples
    --------
    >>> print(markdown_text("**meting** <img src=x onerror=alert(1)> [klik](javascript:x)"))
    **meting** &lt;img src=x onerror=alert(1)&gt; \\[klik\\](javascript:x)
    """
    return re.sub(r"([\[\]])", r"\\\1", html.escape(str(text), quote=False))


class Markdown(display.Markdown):
    """IPython's Markdown for report text, made safe for text from the data.

    The text is shown through :func:`markdown_text`, and it is always the text itself: IPython's
    own ``Markdown("...")`` reads a file or fetches a URL when the text happens to be an existing
    path or starts with ``http``.

    Examples
    --------
    >>> Markdown("# Meting <b>x</b>")._repr_markdown_()
    '# Meting &lt;b&gt;x&lt;/b&gt;'
    >>> Markdown("http://example.org").data
    'http://example.org'
    """

    def __init__(self, data: str = "", metadata: dict | None = None) -> None:
        super().__init__(data="", metadata=metadata)  # never a file name or a URL
        self.data = str(data)

    def _repr_markdown_(self) -> str:
        return markdown_text(self.data)


def banner(processed: Processed) -> HTML:
    """The banner every report carries: example data, or the data's origin.

    Parameters
    ----------
    processed : Processed
        The processed data (its waves, whether it is the example, the inputs it was read from).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> data = SimpleNamespace(waves=["2018", "2020"], is_example=False,
    ...                        manifest={"inputs": ["a.xlsx", "b.xlsx"]})
    >>> banner(data).data
    '<div class="bm-note">Gebaseerd op 2 aangeleverde bestanden; metingen: 2018, 2020.</div>'
    """
    waves = ", ".join(processed.waves)
    if processed.is_example:
        return HTML(
            '<div class="bm-banner">Voorbeelddata - fictief. Deze rapportage toont een '
            "verzonnen voorbeeldset, niet de zelfevaluaties van de provincies. "
            f"Metingen: {html.escape(waves)}.</div>"
        )
    inputs = len(processed.manifest.get("inputs", []))
    return HTML(
        f'<div class="bm-note">Gebaseerd op {inputs} aangeleverde bestanden; '
        f"metingen: {html.escape(waves)}.</div>"
    )


def note(text: str, kind: str = "note") -> HTML:
    """A highlighted paragraph; the text is escaped.

    Parameters
    ----------
    text : str
        The paragraph.
    kind : str
        ``note`` (blue) or ``warning`` (red).

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> note("a < b", "warning").data
    '<div class="bm-warning">a &lt; b</div>'
    """
    return HTML(f'<div class="bm-{kind}">{html.escape(text)}</div>')


Formatter = Callable[[object], str]
"""Writes one table value as text."""


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, Formatter] | None = None,
) -> HTML:
    """An HTML table with Dutch headers and number formats; every value is escaped.

    Parameters
    ----------
    frame : DataFrame
        The rows to show.
    columns : mapping of str to str, optional
        Column name to Dutch header, in the order to show; default every column as it is.
    formats : mapping of str to Formatter, optional
        Column name to formatter; floats default to one decimal, missing values to ``–``.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = table(pd.DataFrame({"a": [1.25], "b": ["<x>"]}), {"a": "Score", "b": "Naam"})
    >>> "1,3" in t.data and "&lt;x&gt;" in t.data
    True
    """
    columns = dict(columns or {c: c for c in frame.columns})
    formats = dict(formats or {})
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            value = row[column]
            if column in formats:
                text, numeric = formats[column](value), True
            elif isinstance(value, float):
                text, numeric = number(value, 1), True
            elif pd.isna(value) if not isinstance(value, (list, tuple)) else False:
                text, numeric = MISSING, False
            else:
                text, numeric = str(value), isinstance(value, int)
            css = ' class="num"' if numeric else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return HTML(
        f'<table class="bm-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def money_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    money: Sequence[str] = (),
    formats: Mapping[str, Formatter] | None = None,
) -> HTML:
    """:func:`table` with the ``money`` columns written the Dutch way (``EUR 1.250.000``).

    Parameters
    ----------
    frame
        The rows to show.
    columns
        Column name to Dutch header, in the order to show.
    money
        Columns holding euro amounts.
    formats
        Other formatters, as for :func:`table`.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = money_table(pd.DataFrame({"a": ["OTL"], "b": [1250000.0]}), {"a": "Element",
    ...                 "b": "Besparing"}, money=["b"])
    >>> '<td class="num" style="white-space: nowrap">EUR 1.250.000</td>' in t.data
    True
    """
    rendered = table(frame, columns, {**dict(formats or {}), **{c: euro for c in money}})
    return HTML(
        rendered.data.replace("<td", '<td style="white-space: nowrap"').replace(
            '<td style="white-space: nowrap" class="num">',
            '<td class="num" style="white-space: nowrap">',
        )
    )


def html_list(items: Sequence[str]) -> str:
    """A bulleted list, every item escaped.

    Examples
    --------
    >>> html_list(["a", "<b>"])
    '<ul><li>a</li><li>&lt;b&gt;</li></ul>'
    """
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
