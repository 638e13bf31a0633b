"""Outside report mode (JupyterLab, an exported notebook) charts and notes need no internet:
the chart JavaScript and the styles come with the notebook's own outputs, once."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from bimmaturity.present import theme
from bimmaturity.present.theme import lab_renderer, page_assets

EXTERNAL = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(https?:[^\"'\s>]+)")


def _external(page: str) -> set[str]:
    return set(EXTERNAL.findall(page))


def _lab_notebook(processed: Path) -> nbformat.NotebookNode:
    """What an analyst does in JupyterLab: setup, the data banner, a note, two charts."""
    cells = [
        f"processed_dir = {str(processed)!r}",
        "import altair as alt\n"
        "import pandas as pd\n"
        "import bimmaturity as bm\n"
        "from bimmaturity.present import theme\n"
        "from bimmaturity.present.html import banner, note\n"
        "theme.setup()\n"
        "banner(bm.load_processed(processed_dir))",
        'note("Let op: dit is een toelichting.", "warning")',
        'alt.Chart(pd.DataFrame({"x": [1, 2, 3]})).mark_bar().encode(x="x:Q")',
        'alt.Chart(pd.DataFrame({"y": [4, 5]})).mark_point().encode(y="y:Q")',
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def test_page_assets_hold_the_bundle_once_and_nothing_that_ends_the_script():
    assets = page_assets()
    script = assets[assets.index("<script>") + len("<script>") : assets.rindex("</script>")]
    assert "</script" not in script.lower() and "<!--" not in script
    assert script.count("window.vegaEmbed=") == 1
    assert assets.count("<style>") == 1 and ".bm-banner {" in assets and ".bm-warning {" in assets


def test_bundle_is_kept_between_kernels_and_a_cut_copy_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(theme, "_bundle", [])  # as in a new kernel
    path = theme._bundle_cache()
    assert path.parent == tmp_path / "bimmaturity" and path.suffix == ".js"
    path.parent.mkdir()
    path.write_text("const n=/x/;", encoding="utf-8")  # cut off (a full disk, a killed write)
    bundle = theme.vega_bundle()
    assert bundle.count("window.vegaEmbed=") == 1 and len(bundle) > 500_000
    assert path.read_text(encoding="utf-8") == bundle
    monkeypatch.setattr(theme, "_bundle", [])
    path.write_text(bundle + "// uit de cache", encoding="utf-8")
    assert theme.vega_bundle().endswith("// uit de cache")  # read, not made again


def test_lab_chart_script_cannot_be_ended_by_data():
    spec = {"mark": "point", "title": "</script><script>alert(1)</script>", "description": "<!--"}
    out = lab_renderer(spec)["text/html"]
    chart = out[out.rindex('<div id="bm-chart-') :]  # the first chart also carries the bundle
    assert chart.count("<script") == 1 and chart.count("</script>") == 1
    assert "<!--" not in chart and "\\u003c/script>\\u003cscript>alert(1)" in chart


@pytest.mark.slow
def test_interactive_notebook_exported_renders_charts_offline(
    example_processed: Path, tmp_path: Path, rendered_charts
):
    notebook = _lab_notebook(example_processed)
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute(cwd=str(tmp_path))
    outputs = [o for cell in notebook.cells for o in cell.outputs]
    assert [o.output_type for o in outputs if o.output_type in {"error", "stream"}] == []
    html_outputs = [o.data["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert len(html_outputs) == 5  # assets, banner, note, two charts
    saved = nbformat.writes(notebook)
    assert saved.count("window.vegaEmbed=") == 1  # the bundle once, not per chart
    assert sum(h.count("<style>") for h in html_outputs) == 1
    assert 'class="bm-banner"' in html_outputs[1] and 'class="bm-warning"' in html_outputs[2]

    page, _ = HTMLExporter().from_notebook_node(notebook)  # JupyterLab's "Export as HTML"
    stock, _ = HTMLExporter().from_notebook_node(nbformat.v4.new_notebook())
    assert "cdn.jsdelivr" not in page and "vega@" not in page
    # The only remote scripts are nbconvert's own (require.js, MathJax), present in any export
    # and not needed here; nothing of the outputs loads from the internet.
    assert _external(page) == _external(stock)
    assert all("cdnjs.cloudflare.com" in url for url in _external(page))
    for output in html_outputs:
        assert not _external(output) and "cdn.jsdelivr" not in output

    path = tmp_path / "lab.html"
    path.write_text(page, encoding="utf-8")
    _, dom = rendered_charts(path)  # headless Chromium, every host unresolvable
    charts = re.split(r'<div[^>]*id="bm-chart-[0-9a-f]{32}"', dom)[1:]
    assert len(charts) == 2
    for chart in charts:
        body = chart[: chart.index("<script")]  # the chart div, as the browser left it
        assert "<svg" in body and "role-mark" in body
        assert "wordt geladen" not in body and "kon niet worden geladen" not in body
    assert "Error loading script" not in dom
