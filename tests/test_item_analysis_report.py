"""The item analysis page and CSV (venous_course_tools.instructor.analysis_report).

The browser test opens the written page from disk in Debian's Chromium: every figure draws,
axe-core finds no serious violation, and nothing is requested from outside the report folder.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import chromium_or_skip
from venous_course_tools.instructor import analysis, analysis_report
from venous_course_tools.instructor.analysis import Item

sys.path.insert(0, str(Path(__file__).parent))
from test_item_analysis import simulate_cohort  # noqa: E402

from tests.conftest import serious_axe_violations


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """A written report of the simulated cohort; one item label tries to inject HTML and a
    formula."""
    items, fractions, choices = simulate_cohort(students=200)
    items[2] = Item(
        items[2].item_id,
        '=HYPERLINK("http://evil.example","x") <script>alert(1)</script>',
        1.0,
        items[2].options,
        items[2].key,
    )
    stats = analysis.analyse(items, fractions, choices, notes=["Q17 waits for hand grading."])
    folder = tmp_path_factory.mktemp("report") / "quiz-sim"
    analysis_report.write_report(stats, "quiz-sim", folder, failed=3, needs_review=2)
    return folder


def test_csv_cells_are_neutralised():
    assert analysis_report.csv_cell("=1+2") == "'=1+2"
    assert analysis_report.csv_cell("+SUM(A1)") == "'+SUM(A1)"
    assert analysis_report.csv_cell("-2+3") == "'-2+3"
    assert analysis_report.csv_cell("@cmd") == "'@cmd"
    assert analysis_report.csv_cell("\t=1") == "'\t=1"
    assert analysis_report.csv_cell("Q1 · Single best answer") == "Q1 · Single best answer"
    assert analysis_report.csv_cell(-0.2219) == "-0.2219"  # a number we computed stays one
    assert analysis_report.csv_cell(None) == ""


def test_items_csv(report):
    with (report / "items.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["item"] for r in rows] == [f"q{k}" for k in range(1, 17)]
    assert rows[2]["label"].startswith("'=HYPERLINK")
    assert float(rows[0]["point_biserial"]) < 0
    assert "check the key" in rows[0]["flags"].lower()
    assert "C: upper" in rows[0]["options_upper_lower"]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value
            if value.startswith("-"):
                float(value)  # only our own negative numbers may start with '-'


def test_page_content(report):
    page = (report / "analysis.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert '<script src="plotly.min.js"></script>' in page
    assert (report / "plotly.min.js").stat().st_size > 1_000_000
    assert "3 submission(s) could not be graded and 2 wait for review" in page
    assert "Q17 waits for hand grading." in page
    fix = page.split('id="fix"')[1].split("</section>")[0]
    assert "Q1</strong>" in fix and "Q2</strong>" in fix
    assert "Check the key" in fix and "Too easy" in fix
    assert len(re.findall(r"<strong>", fix)) == 2  # only the two planted items
    assert page.count('class="plotly-graph-div"') == 2 + 16


def test_page_without_flags_says_so():
    items = [Item(f"i{k}", f"I{k}", 1.0) for k in range(3)]
    rows = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1], [0, 0, 0]]
    page = analysis_report.render_html(analysis.analyse(items, rows), "quiz-x")
    assert "No item needs attention" in page
    assert "No submission failed to grade" in page


@pytest.fixture(scope="module")
def browser():
    yield from chromium_or_skip()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_page_in_chromium(report, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto((report / "analysis.html").as_uri())
        page.wait_for_function(
            "[...document.querySelectorAll('.plotly-graph-div')]"
            ".every(d => d.querySelector('.main-svg'))",
            timeout=20_000,
        )
        base = report.as_uri() + "/"
        foreign = [u for u in requests if not u.startswith(base)]
        assert foreign == [], f"requests outside the report folder: {foreign}"
        assert problems == []
        # The scatter labels every item by name.
        labels = page.evaluate(
            "[...document.querySelectorAll('#scatter-plot .textpoint')].map(t => t.textContent)"
        )
        assert {"Q1", "Q2", "Q16"} <= set(labels)
        report_lines = serious_axe_violations(page)
        assert report_lines == [], "\n".join(report_lines)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"the page scrolls sideways at {width} px"
    finally:
        page.close()


def test_figures_use_okabe_ito_and_visible_guides():
    items, fractions, choices = simulate_cohort(students=100)
    stats = analysis.analyse(items, fractions, choices)
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
    scatter = analysis_report.difficulty_discrimination_figure(stats)
    bars = analysis_report.option_figure(stats.items[0])
    hist = analysis_report.histogram_figure(analysis.score_histogram(stats.totals, 16))
    for fig in (scatter, bars, hist):
        for trace in fig.data:
            assert trace.marker.color.upper() in okabe_ito, trace.name
    assert {t.marker.symbol for t in scatter.data} == {"circle", "x"}  # not colour alone
    assert bars.data[1].marker.pattern.shape == "/"
    assert len(scatter.layout.shapes) == 4
    for shape in scatter.layout.shapes:
        assert shape.line.width and shape.line.width > 0 and shape.opacity == 1
    labels = [t for trace in scatter.data for t in trace.text]
    assert sorted(labels) == sorted(f"Q{k}" for k in range(1, 17))
