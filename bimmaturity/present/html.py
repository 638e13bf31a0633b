"""Report furniture in HTML: the example-data banner, notes, Dutch tables and lists.

Every value is escaped; numbers are written the Dutch way (:mod:`bimmaturity.present.format`).
:class:`Markdown` is the only Markdown a report shows: it can emphasise and make headings, but
no HTML, link or image in its text ever reaches the page (text from the data stays text).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pandas as pd
from IPython import display
from IPython.display import HTML

from bimmaturity import vocab
from bimmaturity.present.format import MISSING, euro, number

if TYPE_CHECKING:
    from bimmaturity.store import Processed

__all__ = [
    "KEEP_ROWS",
    "PRINT_WIDTH",
    "Formatter",
    "Markdown",
    "PageFurniture",
    "banner",
    "contents_list",
    "html_list",
    "markdown_text",
    "money_table",
    "note",
    "page_furniture",
    "print_width",
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
        whose = vocab.org_text("de {orgs}")
        return HTML(
            '<div class="bm-banner">Voorbeelddata - fictief. Deze rapportage toont een '
            f"verzonnen voorbeeldset, niet de zelfevaluaties van {whose}. "
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


KEEP_ROWS = 25
"""Tables with at most this many rows are printed on one page (not split over two)."""

PRINT_WIDTH = 640
"""Tables wider than this (:func:`print_width`, CSS pixels) are printed on a landscape page:
an A4 page upright has 703 pixels between its margins; the rest is the estimate's margin."""


def print_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """An estimate of a table's printed width in CSS pixels (type of 7.5 pt), with every cell
    wrapped at its spaces (a no-break space does not wrap: numbers keep theirs).

    Per column its longest word or number, at 5.5 pixels a character, plus 11 pixels of
    padding and border; measured in Chromium with its fallback font (DejaVu Sans, the widest
    of the report's fonts): within 30 pixels for every table of the example reports.

    Parameters
    ----------
    headers : sequence of str
        The column headers.
    rows : sequence of sequence of str
        The cell texts, row by row.

    Returns
    -------
    int

    Examples
    --------
    >>> print_width(["Element", "Loont vanaf (volgers)"], [["Objecttypebibliotheek", "3"]])
    187
    >>> print_width(["Besparing"], [["€\\xa01.659.183"]])
    72
    """
    widths = [max((len(word) for word in header.split(" ")), default=0) for header in headers]
    for row in rows:
        for i, text in enumerate(row):
            widths[i] = max(widths[i], max((len(word) for word in text.split(" ")), default=0))
    return round(5.5 * sum(widths) + 11 * len(widths))


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, Formatter] | None = None,
    caption: str | None = None,
) -> HTML:
    """An HTML table with Dutch headers and number formats; every value is escaped.

    The table sits in a ``bm-table-wrap`` box that scrolls sideways on a narrow screen (the
    page itself never does) and carries a caption that the report page numbers (``Tabel 3``,
    then the caption text, if any). A table of at most :data:`KEEP_ROWS` rows is marked
    ``bm-keep``: printed, it is not split over two pages. A table wider than
    :data:`PRINT_WIDTH` (:func:`print_width`) is marked ``bm-wide``: printed on a landscape
    page.

    Parameters
    ----------
    frame : DataFrame
        The rows to show.
    columns : mapping of str to str, optional
        Column name to Dutch header, in the order to show; default every column as it is.
    formats : mapping of str to Formatter, optional
        Column name to formatter; floats default to one decimal, missing values to ``–``.
    caption : str, optional
        What the table shows, after its number.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = table(pd.DataFrame({"a": [1.25], "b": ["<x>"]}), {"a": "Score", "b": "Naam"})
    >>> "1,3" in t.data and "&lt;x&gt;" in t.data
    True
    >>> t = table(pd.DataFrame({"a": ["x"]}), caption="Scores & niveaus").data
    >>> print(t.split("<thead>")[0].replace("><", ">\\n<"))
    <div class="bm-table-wrap bm-keep">
    <table class="bm-table">
    <caption>Scores &amp; niveaus</caption>
    """
    columns = dict(columns or {c: c for c in frame.columns})
    formats = dict(formats or {})
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    texts: list[list[str]] = []
    for _, row in frame.iterrows():
        cells = []
        texts.append([])
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
            texts[-1].append(text.replace(" ", "\xa0") if numeric else text)
        body.append("<tr>" + "".join(cells) + "</tr>")
    keep = " bm-keep" if len(frame) <= KEEP_ROWS else ""
    wide = " bm-wide" if print_width(list(columns.values()), texts) > PRINT_WIDTH else ""
    return HTML(
        f'<div class="bm-table-wrap{keep}{wide}"><table class="bm-table">'
        f"<caption>{html.escape(caption or '')}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def money_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    money: Sequence[str] = (),
    formats: Mapping[str, Formatter] | None = None,
    caption: str | None = None,
) -> HTML:
    """:func:`table` with the ``money`` columns as euro amounts (:func:`.format.euro`), each on
    one line.

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
    caption
        What the table shows, as for :func:`table`.

    Returns
    -------
    IPython.display.HTML

    Examples
    --------
    >>> t = money_table(pd.DataFrame({"a": ["OTL"], "b": [1250000.0]}), {"a": "Element",
    ...                 "b": "Besparing"}, money=["b"])
    >>> f'<td class="num" style="white-space: nowrap">{euro(1250000)}</td>' in t.data
    True
    """
    rendered = table(
        frame, columns, {**dict(formats or {}), **{c: euro for c in money}}, caption=caption
    )
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


# ---------------------------------------------------------------------------- the page around
class _Headings(HTMLParser):
    """The ``h2`` and ``h3`` headings with an ``id``: (level, id, text), in order; the text
    leaves out nbconvert's anchor link (the ``¶`` after each heading)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag in ("h2", "h3") and named.get("id"):
            self._open, self._text = (int(tag[1]), str(named["id"])), []
        elif tag == "a" and self._open and "anchor-link" in (named.get("class") or "").split():
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._skip:
            self._skip -= 1
        elif self._open and tag == f"h{self._open[0]}":
            text = " ".join("".join(self._text).split())
            if text:
                self.found.append((*self._open, text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._text.append(data)


def contents_list(body: str, label: str = vocab.PAGE_LABELS["contents"]) -> str:
    """A contents list of a page's ``h2`` and ``h3`` headings, linked to their ``id``.

    Parameters
    ----------
    body : str
        The page's HTML (nbconvert gives every Markdown heading an ``id``).
    label : str
        The list's title.

    Returns
    -------
    str
        A ``<nav class="bm-contents">``, or ``""`` for a page with fewer than two headings.
        Printed, the list is never split over two pages (so no entry ends a page).

    Examples
    --------
    >>> page = ('<h1 id="T">T</h1><h2 id="A-&amp;-B">A &amp; B<a class="anchor-link" '
    ...         'href="#A-&amp;-B">¶</a></h2><h3 id="C">C</h3><h2 id="D">D</h2>')
    >>> nav = contents_list(page)
    >>> nav.startswith('<nav class="bm-contents" aria-label="Inhoud" style="break-inside: avoid">')
    True
    >>> print(nav[nav.index("<ol>") :].replace("<li>", "\\n<li>"))
    <ol>
    <li><a href="#A-&amp;-B">A &amp; B</a><ol>
    <li><a href="#C">C</a></li></ol></li>
    <li><a href="#D">D</a></li></ol></nav>
    >>> contents_list('<h2 id="A">A</h2>')
    ''
    """
    parser = _Headings()
    parser.feed(body)
    parser.close()
    if len(parser.found) < 2:
        return ""
    items: list[str] = []
    open_sub = False
    for level, anchor, text in parser.found:
        link = f'<a href="#{html.escape(anchor)}">{html.escape(text)}</a>'
        if level == 3 and items:
            items.append(("" if open_sub else "<ol>") + f"<li>{link}</li>")
            open_sub = True
            continue
        items.append(("</ol></li>" if open_sub else "</li>" if items else "") + f"<li>{link}")
        open_sub = False
    items.append("</ol></li>" if open_sub else "</li>")
    return (
        f'<nav class="bm-contents" aria-label="{html.escape(label)}" style="break-inside: avoid">'
        f'<p class="bm-contents-title">{html.escape(label)}</p><ol>{"".join(items)}</ol></nav>'
    )


@dataclass(frozen=True)
class PageFurniture:
    """What a report page shows around the notebook's output (the report template uses it).

    Attributes
    ----------
    footer : str
        The line at the foot of the page and of every printed page: report, round, date.
    labels : mapping of str to str
        The page's words (:data:`bimmaturity.vocab.PAGE_LABELS`).
    index : str
        The link back to the index page, relative to the report page.
    """

    footer: str
    labels: Mapping[str, str]
    index: str = "../index.html"

    def css(self, key: str) -> str:
        r"""A CSS ``content`` value: :attr:`footer` (``key="footer"``), or a label with its
        ``{page}`` and ``{pages}`` fields as the page counters of a printed page.

        Examples
        --------
        >>> page = PageFurniture('Rapport "A" </style>', vocab.PAGE_LABELS)
        >>> print(page.css("footer"))
        "Rapport \22 A\22  \3c /style\3e "
        >>> page.css("page"), page.css("figure")
        ('"pagina " counter(page) " van " counter(pages)', '"Figuur"')
        """
        text = self.footer if key == "footer" else self.labels[key]
        parts = re.split(r"\{(page|pages)\}", text)
        return " ".join(
            f"counter({part})" if i % 2 else _css_string(part)
            for i, part in enumerate(parts)
            if i % 2 or part
        )

    def with_contents(self, body: str) -> str:
        """``body`` with its :func:`contents_list` before the first section.

        The list goes before the notebook cell that holds the first ``h2`` (or ``h3``), so
        it follows the page's title, banner and summary; when that cell also holds the
        ``h1``, right before the heading.

        Examples
        --------
        >>> page = PageFurniture("x", vocab.PAGE_LABELS)
        >>> body = ('<div class="jp-Cell a"><h1 id="T">T</h1></div>'
        ...         '<div class="jp-Cell b"><h2 id="A">A</h2></div><h2 id="B">B</h2>')
        >>> out = page.with_contents(body)
        >>> out.startswith('<div class="jp-Cell a"><h1 id="T">T</h1></div><nav')
        True
        >>> out.endswith('</nav><div class="jp-Cell b"><h2 id="A">A</h2></div><h2 id="B">B</h2>')
        True
        >>> page.with_contents('<h1 id="T">T</h1>') == '<h1 id="T">T</h1>'
        True

        A heading shown by a code cell (nbconvert writes its ``id`` before its ``class``):

        >>> code = ('<div id="c" class="jp-Cell jp-CodeCell"><div class="jp-Cell-outputWrapper">'
        ...         '<h2 id="A">A</h2></div></div>')
        >>> out = page.with_contents('<h1 id="T">T</h1>' + code + '<h2 id="B">B</h2>')
        >>> out.startswith('<h1 id="T">T</h1><nav'), code in out
        (True, True)
        """
        nav = contents_list(body, self.labels["contents"])
        first = re.search(r"<h[23][\s>]", body)
        if not nav or first is None:
            return body
        cells = list(_CELL.finditer(body, 0, first.start()))  # the id may come before the class
        cell = cells[-1].start() if cells else -1
        title = body.find("</h1>")
        at = cell if cell >= 0 and (title < 0 or cell > title) else first.start()
        return body[:at] + nav + body[at:]


_CELL = re.compile(r'<div\b[^>]*\bclass="jp-Cell[\s"]')
"""The start of a notebook cell in nbconvert's HTML (markdown and code cells alike)."""


def _css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string: quotes, backslashes, ``<``, ``>`` and line
    breaks as CSS escapes, so it can neither end the string nor the ``<style>`` element."""
    escaped = "".join(
        f"\\{ord(c):x} " if c in '"\\<>' or ord(c) < 32 or c == "\x7f" else c for c in text
    )
    return f'"{escaped}"'


def _run_date(notebook: Mapping) -> dt.date | None:
    """The local date the notebook's first timed cell ran, from its execution metadata."""
    for cell in notebook.get("cells", []):
        stamp = cell.get("metadata", {}).get("execution", {}).get("iopub.execute_input")
        if stamp:
            try:
                return dt.datetime.fromisoformat(str(stamp)).astimezone().date()
            except ValueError:
                continue
    return None


def _is_example(notebook: Mapping) -> bool:
    """Whether the notebook shows the example-data banner of :func:`banner`."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            shown = output.get("data", {}).get("text/html", "")
            if 'class="bm-banner"' in ("".join(shown) if isinstance(shown, list) else shown):
                return True
    return False


def page_furniture(notebook: Mapping, today: dt.date | None = None) -> PageFurniture:
    """The footer, labels and contents of an executed report notebook's page.

    The footer names the report (the notebook's ``metadata.title``), its round (from the
    parameters papermill recorded, unless the title names it already), the day the notebook
    ran (from its cells' execution times; ``today`` when it has none), and the example-data
    marker when the page shows the example banner.

    Parameters
    ----------
    notebook : mapping
        The executed notebook (an ``nbformat`` node or its dict).
    today : datetime.date, optional
        The date for a notebook without execution times; default the current date.

    Returns
    -------
    PageFurniture

    Examples
    --------
    >>> nb = {"metadata": {"title": "Provincieprofiel Utrecht",
    ...                    "papermill": {"parameters": {"wave": "2020"}}},
    ...       "cells": [{"metadata": {"execution": {
    ...           "iopub.execute_input": "2026-11-30T10:28:21.3Z"}}, "outputs": []}]}
    >>> page_furniture(nb).footer
    'Provincieprofiel Utrecht · meting 2020 · gemaakt op 30 november 2026'
    >>> nb = {"metadata": {"title": "Voortgang: meting 2018 en meting 2020", "papermill": {
    ...     "parameters": {"from_wave": "2018", "to_wave": "2020"}}}, "cells": [{"outputs": [
    ...     {"data": {"text/html": '<div class="bm-banner">Voorbeelddata</div>'}}]}]}
    >>> page_furniture(nb, today=dt.date(2027, 3, 1)).footer
    'Voortgang: meting 2018 en meting 2020 · gemaakt op 1 maart 2027 · Voorbeelddata - fictief'
    """
    labels = vocab.PAGE_LABELS
    metadata = notebook.get("metadata", {})
    title = str(metadata.get("title", ""))
    parameters = metadata.get("papermill", {}).get("parameters", {}) or {}
    parts = [title] if title else []
    if parameters.get("from_wave") and parameters.get("to_wave"):
        round_text = labels["rounds"].format(
            from_wave=parameters["from_wave"], to_wave=parameters["to_wave"]
        )
    elif parameters.get("wave"):
        round_text = labels["round"].format(wave=parameters["wave"])
    else:
        round_text = ""
    if round_text and round_text.lower() not in title.lower():
        parts.append(round_text)
    day = _run_date(notebook) or today or dt.date.today()
    parts.append(labels["built"].format(date=f"{day.day} {vocab.MONTHS[day.month - 1]} {day.year}"))
    if _is_example(notebook):
        parts.append(vocab.EXAMPLE_MARKER)
    return PageFurniture(footer=" · ".join(parts), labels=labels)
