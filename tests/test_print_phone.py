"""Report pages printed (A4, Chromium print-to-PDF) and on a phone (400 px), in real headless
Chromium, on the pages of the shared example build; plus their navigation, from the HTML.

The three browser runs (two prints, one phone) start together (:func:`browsed`): together
about 5 s instead of 12 s one after the other."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from conftest import CHROMIUM

from bimmaturity import vocab

A4 = (595, 842)  # points, upright

pytestmark = pytest.mark.slow

MEASURE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var wraps = [], charts = [];
  document.querySelectorAll(".bm-table-wrap").forEach(function (w) {
    wraps.push([w.getBoundingClientRect().right, w.clientWidth, w.scrollWidth]); });
  document.querySelectorAll("div.bm-chart svg.marks").forEach(function (s) {
    charts.push([s.getBoundingClientRect().width, s.width.baseVal.value,
                 s.closest(".bm-chart").getBoundingClientRect().right]); });
  parent.postMessage(JSON.stringify({page: document.scrollingElement.scrollWidth,
    view: window.innerWidth, wraps: wraps, charts: charts}), "*");
}, 500); });
</script>"""
"""Measures the page at phone width and reports to the page around it (an iframe's parent)."""

PHONE = (
    '<html><body style="margin:0"><iframe src="page.html" style="width:400px;height:900px;'
    'border:0"></iframe><script>window.addEventListener("message", function (e) '
    '{ document.body.setAttribute("data-measure", e.data); });</script></body></html>'
)
"""A 400 px wide frame around the page: headless Chromium's windows are at least 500 px."""


def _page(project: Path, *words: str) -> Path:
    """The built page whose file name has all ``words`` (old ``50_businesscase.html`` or new
    ``businesscase.html`` naming alike)."""
    pages = sorted((project / "reports" / "html").glob("*.html"))
    found = [p for p in pages if all(w in p.name.lower() for w in words)]
    assert found, f"no page with {words} in {[p.name for p in pages]}"
    return found[0]


def _profile(project: Path) -> Path:
    """Utrecht's profile, under either naming (``provincieprofiel-utrecht``, ``..._PV26``)."""
    pages = sorted((project / "reports" / "html").glob("*profiel*.html"))
    utrecht = [p for p in pages if "utrecht" in p.name or "PV26" in p.name]
    return (utrecht or pages)[0]


def _start(folder: Path, *args: str) -> subprocess.Popen:
    """Headless Chromium, offline, with its own profile folder (runs side by side)."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: .ci/run should have installed it")
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--virtual-time-budget=10000",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _pdf_pages(pdf: Path, run: subprocess.Popen) -> list[tuple[tuple[int, int], str]]:
    """Per printed page its size in points and its text with whitespace collapsed."""
    _, err = run.communicate(timeout=120)
    assert pdf.is_file(), err[-2000:]
    return [
        (
            (round(float(p.mediabox.width)), round(float(p.mediabox.height))),
            " ".join(p.extract_text().split()),
        )
        for p in pypdf.PdfReader(pdf).pages
    ]


@pytest.fixture(scope="module")
def browsed(example_project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The business case and Utrecht's profile printed to PDF as a reader would (A4 from the
    page's own ``@page`` rules), and the business case measured in a 400 px wide frame."""
    folder = tmp_path_factory.mktemp("print-phone")
    business, profile = _page(example_project, "business"), _profile(example_project)
    source = business.read_text("utf-8")
    at = source.rfind("</body>")  # the last one: the chart library in the head has one too
    (folder / "page.html").write_text(source[:at] + MEASURE + source[at:], "utf-8")
    (folder / "phone.html").write_text(PHONE, "utf-8")
    runs = {
        name: _start(
            folder / name, f"--print-to-pdf={folder / f'{name}.pdf'}", "--no-pdf-header-footer",
            page.as_uri(),
        )
        for name, page in (("business", business), ("profile", profile))
    }  # fmt: skip
    phone = _start(
        folder / "phone", "--window-size=600,900", "--dump-dom", (folder / "phone.html").as_uri()
    )
    out, err = phone.communicate(timeout=120)
    found = re.search(r'data-measure="([^"]*)"', out)
    assert found, err[-2000:]
    return {
        "pages": {"business": business, "profile": profile},
        "business": _pdf_pages(folder / "business.pdf", runs["business"]),
        "profile": _pdf_pages(folder / "profile.pdf", runs["profile"]),
        "phone": json.loads(html.unescape(found.group(1))),
    }


def _footer(page: Path) -> str:
    found = re.search(r'<footer class="bm-footer">(.*?)</footer>', page.read_text("utf-8"))
    assert found, "the page has no footer"
    return html.unescape(found.group(1))


def _numbered(source: str) -> tuple[int, int]:
    """How many charts and tables the page numbers (Figuur n, Tabel n)."""
    return (
        len(re.findall(r'<div[^>]*class="bm-chart"', source)),
        source.count('<table class="bm-table">'),
    )


def _check_print(page: Path, pages: list[tuple[tuple[int, int], str]]) -> str:
    """What every printed report shares; returns the whole text."""
    footer = _footer(page)
    assert "gemaakt op" in footer and "meting 2020" in footer
    assert vocab.EXAMPLE_MARKER in footer  # the example build says so on every sheet
    for number, (size, text) in enumerate(pages, start=1):
        assert size in (A4, A4[::-1]), f"page {number} is {size} points, not A4"
        assert footer in text, f"page {number} has no footer"
        assert f"pagina {number} van {len(pages)}" in text
    whole = " ".join(text for _, text in pages)
    source = page.read_text("utf-8")
    charts, tables = _numbered(source)
    assert charts and tables
    for n in range(1, charts + 1):
        assert f"Figuur {n}" in whole
    for n in range(1, tables + 1):
        assert f"Tabel {n}" in whole
    assert f"Figuur {charts + 1}" not in whole and f"Tabel {tables + 1}" not in whole
    # No heading ends a page: after it, on the same sheet, comes what it heads.
    for heading in re.findall(r'<h[23] id="[^"]*">(.*?)<a class="anchor-link"', source):
        heading = html.unescape(heading)
        where = [text for _, text in pages if heading in text]
        assert where, f"heading {heading!r} is not in the PDF"
        after = where[0].split(heading, 1)[1]
        assert len(after.split(footer)[0]) > 40, f"heading {heading!r} ends a page"
    return whole


def test_business_case_prints_on_a4_with_every_column(browsed: dict):
    pages = browsed["business"]
    whole = _check_print(browsed["pages"]["business"], pages)
    # The wide cost table (11 columns) gets a landscape sheet and keeps its last columns,
    # which an upright A4 cut off ("Besparing", "Loont vanaf"); the rest stays upright.
    sizes = [size for size, _ in pages]
    assert sizes.count(A4[::-1]) == 1 and sizes[0] == A4
    wide = next(text for size, text in pages if size == A4[::-1])
    for header in ("Besparing laag", "Besparing hoog", "Loont vanaf (volgers)"):
        assert header in wide
    assert "Tabel 1" in wide and "Inhoud" in whole
    assert 5 <= len(pages) <= 12  # 8 with this build's fonts; no blank sheets, no explosion


def test_profile_prints_on_a4_with_every_column(browsed: dict):
    pages = browsed["profile"]
    whole = _check_print(browsed["pages"]["profile"], pages)
    assert "90%-interval Opmerking" in whole  # the scores table keeps its last two columns
    assert 2 <= len(pages) <= 6  # 3 with this build's fonts


def test_business_case_on_a_400_px_phone(browsed: dict):
    """At 400 px the page never scrolls sideways: tables and charts scroll inside their own
    box, charts at their own size (labels stay readable, not shrunk to half)."""
    measured = browsed["phone"]
    assert measured["view"] == 400
    assert measured["page"] <= 400  # no sideways scrolling of the page
    charts, tables = _numbered(browsed["pages"]["business"].read_text("utf-8"))
    assert len(measured["wraps"]) == tables and len(measured["charts"]) == charts
    for right, client, _ in measured["wraps"]:
        assert right <= 400 and client <= 400
    assert any(scroll > client for _, client, scroll in measured["wraps"])  # scrolls inside
    for shown, own, right in measured["charts"]:
        assert shown == own and right <= 400


def test_every_report_has_contents_back_link_and_footer(example_project: Path):
    """The navigation is in the HTML itself (no script needed, printed too)."""
    pages = sorted((example_project / "reports" / "html").glob("*.html"))
    assert len(pages) >= 6  # the overviews and a profile per province
    for page in pages:
        whole = page.read_text("utf-8")
        source = whole[whole.rfind("<body") :]  # not the chart library in the head
        assert f'<a href="../index.html">{vocab.PAGE_LABELS["back"]}</a>' in source
        assert (page.parent.parent / "index.html").is_file()
        nav = re.search(r'<nav [^>]*class="bm-contents"[^>]*>(.*?)</nav>', source)
        headings = re.findall(r'<h[23] id="([^"]*)"', source.split("</nav>", 1)[-1])
        assert nav and len(headings) >= 2, page.name
        assert re.findall(r'<a href="#([^"]*)"', nav.group(1)) == headings, page.name
        assert source.index("</h1>") < source.index("<nav ") < source.index("<h2 ")
        assert "gemaakt op" in _footer(page) and "counter(pages)" in whole
