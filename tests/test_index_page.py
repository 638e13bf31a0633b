"""The index page, the method page (verantwoording) and the report file names, read from the
session's example build (issue 10: navigation, files people recognise)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest
from conftest import CHROMIUM, copy_project

from bimmaturity.instrument import default_instrument
from bimmaturity.organisations import province_name
from bimmaturity.present.format import approx_euro

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"
PROFILES = {
    "PV20": "provincieprofiel-groningen",
    "PV21": "provincieprofiel-fryslan",
    "PV22": "provincieprofiel-drenthe",
    "PV23": "provincieprofiel-overijssel",
    "PV24": "provincieprofiel-flevoland",
    "PV25": "provincieprofiel-gelderland",
    "PV26": "provincieprofiel-utrecht",
    "PV27": "provincieprofiel-noord-holland",
    "PV28": "provincieprofiel-zuid-holland",
    "PV29": "provincieprofiel-zeeland",
    "PV30": "provincieprofiel-noord-brabant",
    "PV31": "provincieprofiel-limburg",
}
OVERVIEWS = ["vergelijking", "gapclusters", "samenwerking", "businesscase", "voortgang"]

pytestmark = pytest.mark.slow  # every test reads the shared example build (notebooks)


@pytest.fixture(scope="module")
def reports(example_project: Path) -> Path:
    return example_project / "reports"


@pytest.fixture(scope="module")
def index(reports: Path) -> str:
    return (reports / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def method(reports: Path) -> str:
    return (reports / "verantwoording.html").read_text(encoding="utf-8")


def _one_decimal(x: float) -> str:
    """Dutch, one decimal, half away from zero on the value as written."""
    return str(Decimal(repr(float(x))).quantize(Decimal("0.1"), ROUND_HALF_UP)).replace(".", ",")


def _saved(example_project: Path, name: str) -> pd.DataFrame:
    """A table of the build's saved analysis."""
    return pd.read_parquet(example_project / "data" / "processed" / "analysis" / f"{name}.parquet")


def test_index_states_the_build_date(reports: Path, index: str):
    built = dt.date.fromtimestamp((reports / "index.html").stat().st_mtime)
    day = f"{built.day} {MONTHS.split()[built.month - 1]} {built.year}"
    assert f'<p class="meta">Gemaakt op {day}.</p>' in index
    assert built == dt.date.today() or built == dt.date.today() - dt.timedelta(days=1)


def test_three_key_findings_with_the_numbers_of_the_saved_analysis(
    example_project: Path, index: str
):
    instrument = default_instrument()
    overall = _saved(example_project, "overall")
    overall = overall[(overall["wave"] == "2020") & overall["current"].notna()]
    assert len(overall) == 12
    low = overall.loc[overall["current"].idxmin()]
    high = overall.loc[overall["current"].idxmax()]
    level = (
        "In meting 2020 ligt het gemiddelde volwassenheidsniveau van de twaalf gemeten "
        f"provincies tussen {_one_decimal(low['current'])} ({province_name(low['province'])}) "
        f"en {_one_decimal(high['current'])} ({province_name(high['province'])}), gemiddeld "
        f"{_one_decimal(overall['current'].mean())} op een schaal van 1 tot 5."
    )
    scores = _saved(example_project, "scores")
    gaps = scores[scores["wave"] == "2020"].groupby("element")["gap"].mean()
    top = gaps.sort_values(ascending=False, kind="stable").head(3)
    parts = [f"{instrument.element_label(e)} ({_one_decimal(g)})" for e, g in top.items()]
    opportunities = _saved(example_project, "opportunities")
    deals = opportunities[(opportunities["wave"] == "2020") & opportunities["proposed"]]
    deals = deals.sort_values("rank")["element"].tolist()
    assert len(deals) == 4
    labels = [instrument.element_label(e) for e in deals]
    gap = (
        "Het gat tussen ambitie en huidige situatie is gemiddeld over de provincies het grootst "
        f"bij {parts[0]}, {parts[1]} en {parts[2]}; de vier voorgestelde gezamenlijke deals zijn "
        f"{labels[0]}, {labels[1]}, {labels[2]} en {labels[3]}."
    )
    case = _saved(example_project, "businesscase")
    case = case[(case["wave"] == "2020") & case["element"].isin(deals)]
    assert case["alone"].notna().all() and case["joint"].notna().all() and len(case) == 4
    saving = float((case["alone"] - case["joint"]).sum())
    assert saving > 1_000_000
    money = (
        f"Samen ontwikkelen bespaart op die deals naar schatting {approx_euro(saving)} over drie "
        "jaar ten opzichte van ieder voor zich."
    )
    shown = re.search(r'<h2>Kernpunten</h2><ul class="findings">(.*?)</ul>', index, re.S)
    assert [html.unescape(s) for s in re.findall(r"<li>(.*?)</li>", shown.group(1))] == [
        level,
        gap,
        money,
    ]


def test_index_links_the_method_page_the_tables_and_the_figures(index: str, reports: Path):
    for target in ("verantwoording.html", "tabellen.xlsx", "figures/"):
        assert f'href="{target}"' in index, target
    assert (reports / "verantwoording.html").is_file()
    assert ('href="posters/"' in index) == (reports / "posters").is_dir()
    for page in (index, (reports / "verantwoording.html").read_text(encoding="utf-8")):
        assert "<script" not in page and "http" not in page  # offline, nothing to load
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert "@media print" in page and ".scroll { overflow-x: auto;" in page
    assert '<div class="scroll"><table class="coverage">' in index


def test_method_page_states_this_builds_options(method: str):
    assert '<a href="index.html">Terug naar het overzicht van de rapportages</a>' in method
    assert "Voorbeelddata - fictief" in method
    text = method.replace("\n", " ")
    for phrase in (
        "een huidige score van ten minste <strong>3,5</strong>",  # leader_level
        "een gat van ten minste <strong>1,0</strong> die geen koploper is",  # gap_threshold
        "een vraag van ten minste <strong>3</strong> provincies",  # min_demand
        "eerste <strong>4</strong> kansrijke elementen",  # n_deals
        "<strong>500</strong> keer opnieuw te trekken",  # resamples
        "met <strong>15%</strong> extra voor coördinatie",  # overhead
        "onderhoud over <strong>drie jaar</strong>",  # years
        "discontovoet van <strong>2,25%</strong> per jaar",  # discount
        "verdeeld <strong>in gelijke delen over de deelnemers</strong>",  # cost_key
        "Het aantal clusters (2 tot 6) is zo gekozen",  # clusters: none given
    ):
        assert phrase in text, phrase
    rows = re.findall(
        r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td><code>(--[a-z-]+)</code></td>",
        method,
    )
    assert [(value, flag) for _, value, _, flag in rows] == [
        ("3,5", "--leader-level"),
        ("1,0", "--gap-threshold"),
        ("3", "--min-demand"),
        ("4", "--n-deals"),
        ("gekozen op silhouet", "--clusters"),
        ("15%", "--overhead"),
        ("3", "--years"),
        ("2,25%", "--discount"),
        ("Gelijke delen", "--cost-key"),
        ("500", "--resamples"),
    ]


def test_method_page_describes_the_instrument_and_the_round(method: str):
    instrument = default_instrument()
    assert (len(instrument.elements), len(instrument.question_ids)) == (11, 33)
    assert "heeft 11 elementen met samen 33 vragen" in method.replace("\n", " ")
    for level in instrument.scale.levels:
        assert f"<td class=num>{level.value}</td><td>{html.escape(level.label)}</td>" in method
    for element in instrument.elements:
        assert f"<tr><td>{html.escape(element.label)}</td><td class=num>3</td></tr>" in method
    assert "meting 2020</strong>: 12 van de 12 provincies hebben geantwoord" in method
    assert "De voortgang vergelijkt meting 2018 met meting 2020." in method
    assert "2,99 is niveau 2 (Gedefinieerd), 3,00 is niveau 3 (Beheerst)" in method


def test_report_files_carry_the_province_name(example_project: Path, index: str):
    reports = example_project / "reports"
    expected = sorted([*PROFILES.values(), *OVERVIEWS])
    assert sorted(p.stem for p in (reports / "html").glob("*.html")) == expected
    assert sorted(p.stem for p in (reports / "notebooks").glob("*.ipynb")) == expected
    for code, name in PROFILES.items():
        link = f'<a href="html/{name}.html">Provincieprofiel {province_name(code)}</a>'
        assert link in index, code
    manifest = json.loads((reports / ".build-manifest.json").read_text(encoding="utf-8"))
    assert "html/provincieprofiel-fryslan.html" in manifest["files"]
    assert "verantwoording.html" in manifest["files"]
    assert not [f for f in manifest["files"] if re.search(r"(^|/)\d\d_", f)]


def test_a_rebuild_removes_the_old_names_and_restores_the_method_page(
    example_project: Path, tmp_path: Path
):
    """After an upgrade, the files of the old names (``10_provincieprofiel_PV26.html``) that
    the previous build wrote go; a deleted method page comes back, the same as before."""
    from bimmaturity.build import MANIFEST, build_reports

    root = copy_project(example_project, tmp_path / "project")
    reports = root / "reports"
    method = (reports / "verantwoording.html").read_bytes()
    (reports / "verantwoording.html").unlink()
    old = ["html/10_provincieprofiel_PV26.html", "notebooks/10_provincieprofiel_PV26.ipynb"]
    old += ["html/20_vergelijking.html", "notebooks/20_vergelijking.ipynb"]
    for name in old:
        shutil.copy(reports / "html" / "vergelijking.html", reports / name)
    manifest = json.loads((reports / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] += old
    (reports / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    lines: list[str] = []
    build_reports(root / "data" / "processed", reports, root / "notebooks", echo=lines.append)
    assert lines == [
        "17 rapportages, waarvan 0 opnieuw te maken.",
        "4 verouderd(e) bestand(en) van een eerdere build verwijderd.",
    ]
    assert [name for name in old if (reports / name).exists()] == []
    assert (reports / "verantwoording.html").read_bytes() == method
    assert "Kernpunten" in (reports / "index.html").read_text(encoding="utf-8")


PROBE = """<script>parent.postMessage([location.pathname.split("/").pop(),
  document.documentElement.scrollWidth,
  ...[...document.querySelectorAll(".scroll")].map(b => b.clientWidth + "/" + b.scrollWidth)
].join(" "), "*");</script></body>"""
"""Appended to a copy of a page: tells the frame around it how wide the page and each table's
box are (the box's own width / the width of what is inside it)."""


def test_nothing_is_cut_on_a_400_pixel_screen(reports: Path, tmp_path: Path):
    """Headless Chromium, each page in a frame 400 px wide (a phone): the page is no wider
    than the frame; a table wider than that scrolls inside its box."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    pages = ["index.html", "verantwoording.html"]
    for page in pages:
        text = (reports / page).read_text(encoding="utf-8")
        (tmp_path / page).write_text(text.replace("</body>", PROBE), encoding="utf-8")
    frames = "".join(f'<iframe src="{p}" style="width:400px;height:900px"></iframe>' for p in pages)
    (tmp_path / "frames.html").write_text(
        "<!DOCTYPE html><html><head><title></title></head><body><script>const seen = [];"
        "addEventListener('message', e => { seen.push(e.data); document.title = "
        f"seen.sort().join(' | '); }});</script>{frames}</body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1000,1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            (tmp_path / "frames.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    title = re.search(r"<title>(.*?)</title>", done.stdout).group(1)
    measured = {}
    for part in title.split(" | "):
        name, width, *boxes = part.split()
        measured[name] = (int(width), [tuple(map(int, b.split("/"))) for b in boxes])
    assert sorted(measured) == pages
    for name, (width, boxes) in measured.items():
        assert width <= 400, name  # no sideways scrolling of the whole page
        assert boxes and all(inner <= 400 for inner, _ in boxes), name
    index_boxes = measured["index.html"][1]
    assert all(content == inner for inner, content in index_boxes)  # the coverage table fits
    method_boxes = measured["verantwoording.html"][1]
    assert len(method_boxes) == 4  # the rounds, the levels, the elements, the options
    assert any(content > inner for inner, content in method_boxes)  # scrolls in its box
