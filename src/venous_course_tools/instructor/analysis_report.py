"""Write an item analysis as one offline HTML page and a CSV, for instructors.

The page answers "which items should I fix?" first, in words, then shows the numbers: a
difficulty-discrimination scatter, the options chosen by the upper and lower groups, the score
distribution. Every figure has a text table beside it (screen readers, and anyone who prefers
numbers). Figures are drawn by the plotly.js that ships in the plotly wheel, copied beside the
page: nothing is loaded from the network. Colours are Okabe-Ito (Okabe & Ito 2008), and never
the only carrier of meaning (symbols, patterns and words say the same). No student name or id
is written anywhere.
"""

from __future__ import annotations

import csv
import html
import importlib.resources
import shutil
from collections.abc import Sequence
from pathlib import Path

import plotly.graph_objects as go

from .analysis import QuizStats, score_histogram

PLOTLY_JS = "plotly.min.js"
# Okabe-Ito palette.
BLUE, ORANGE, GREEN, VERMILLION, SKY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9"
INK = "#1a1a1a"
#: First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
CSV_FIELDS = [
    "item",
    "label",
    "points",
    "difficulty",
    "point_biserial",
    "upper_lower_index",
    "options_upper_lower",
    "flags",
]

_CSS = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0;
  line-height: 1.5; overflow-wrap: break-word; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
.pair figure { flex: 1 1 26rem; min-width: 0; margin: 0; order: -1; }
.pair .table-wrap { flex: 1 1 20rem; min-width: 0; overflow-x: auto; }
.plot { width: 100%; height: 24rem; }
table { border-collapse: collapse; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { border: 1px solid #767676; padding: 0.25rem 0.5rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.flag { color: #8a3300; }
.ok { color: #005c40; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.summary dt { font-weight: 600; }
.note { border-left: 4px solid #0072B2; padding-left: 0.75rem; }
@media (max-width: 480px) { main { padding: 0.5rem; } .plot { height: 20rem; }
  dl.summary { display: block; } dl.summary dd { margin: 0 0 0.5rem 0; } }
"""
# Nothing but the page's own folder: even a label that slipped past escaping could not fetch.
# 'file:' lets browsers that give local files no 'self' origin still load plotly.min.js.
_CSP = (
    "default-src 'none'; script-src 'self' file: 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:"
)


# ----------------------------------------------------------------------------- CSV


def csv_cell(value: object) -> str:
    """One CSV cell that a spreadsheet will not run as a formula.

    Numbers we computed are written as numbers (a negative one stays a number); any text that
    starts with ``= + - @`` or a control character gets a leading apostrophe, the usual
    neutraliser.
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{value:.4g}" if isinstance(value, float) else str(value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _number(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def short_label(label: str) -> str:
    """The part of an item label before its type, e.g. "Q1" of "Q1 · Single best answer"."""
    return label.split("·")[0].strip() or label


def item_rows(stats: QuizStats) -> list[dict[str, object]]:
    """One row per item for ``items.csv`` (raw values; :func:`csv_cell` formats them)."""
    rows = []
    for s in stats.items:
        options = "; ".join(
            f"{o.option}{' (key)' if o.keyed else ''}: upper {_pct(o.upper)}, lower {_pct(o.lower)}"
            for o in s.options
        )
        rows.append(
            {
                "item": s.item.item_id,
                "label": s.item.label,
                "points": s.item.max_points,
                "difficulty": round(s.difficulty, 4),
                "point_biserial": None if s.point_biserial is None else round(s.point_biserial, 4),
                "upper_lower_index": round(s.upper_lower, 4),
                "options_upper_lower": options,
                "flags": " | ".join(f.text for f in s.flags),
            }
        )
    return rows


def write_items_csv(stats: QuizStats, path: Path) -> Path:
    """Write ``items.csv``: one row per item, every cell neutralised against formulas."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_FIELDS)
        for row in item_rows(stats):
            writer.writerow([csv_cell(row[k]) for k in CSV_FIELDS])
    return path


# ----------------------------------------------------------------------------- figures


def _layout(fig: go.Figure, title: str, x: str, y: str) -> go.Figure:
    fig.update_layout(
        template="simple_white",
        title={"text": title, "font": {"size": 15}},
        xaxis_title=x,
        yaxis_title=y,
        font={"color": INK, "size": 13},
        margin={"l": 60, "r": 20, "t": 50, "b": 100},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


def difficulty_discrimination_figure(stats: QuizStats) -> go.Figure:
    """Scatter of difficulty (x) against corrected point-biserial (y), one labelled point per
    item; flagged items are vermillion crosses, the others green circles."""
    fig = go.Figure()
    for flagged, name, colour, symbol in (
        (False, "No flag", GREEN, "circle"),
        (True, "Flagged: see Items to check", VERMILLION, "x"),
    ):
        chosen = [
            s for s in stats.items if bool(s.flags) == flagged and s.point_biserial is not None
        ]
        fig.add_trace(
            go.Scatter(
                x=[s.difficulty for s in chosen],
                y=[s.point_biserial for s in chosen],
                text=[short_label(s.item.label) for s in chosen],
                mode="markers+text",
                textposition="top center",
                name=name,
                marker={"color": colour, "symbol": symbol, "size": 11},
                hovertemplate="%{text}: difficulty %{x:.2f}, discrimination %{y:.2f}"
                "<extra></extra>",
            )
        )
    # Explicit width and opacity: the simple_white template draws shapes with no line.
    guide = {"line_color": "#767676", "line_width": 1.5, "opacity": 1}
    for x in (0.2, 0.9):
        fig.add_vline(x=x, line_dash="dot", **guide)
    fig.add_hline(y=0.2, line_dash="dot", **guide)
    fig.add_hline(y=0.0, **guide)
    fig.update_xaxes(range=[-0.02, 1.05])
    fig.update_yaxes(range=[min(-0.3, *[s.point_biserial or 0 for s in stats.items]) - 0.05, 1])
    return _layout(
        fig,
        "Difficulty and discrimination of each item",
        "Difficulty (share of points earned, 0 to 1)",
        "Discrimination (corrected item-total r)",
    )


def option_figure(item_stats) -> go.Figure:
    """Grouped bars: share of the upper and lower 27% choosing each option of one item."""
    labels = [f"{o.option} (key)" if o.keyed else o.option for o in item_stats.options]
    fig = go.Figure(
        [
            go.Bar(
                x=labels,
                y=[o.upper for o in item_stats.options],
                name="Upper 27% (highest totals)",
                marker={"color": BLUE},
                hovertemplate="%{x}: %{y:.0%}<extra>upper</extra>",
            ),
            go.Bar(
                x=labels,
                y=[o.lower for o in item_stats.options],
                name="Lower 27% (lowest totals)",
                marker={"color": ORANGE, "pattern": {"shape": "/"}},
                hovertemplate="%{x}: %{y:.0%}<extra>lower</extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(range=[0, 1], tickformat=".0%")
    return _layout(fig, f"Options chosen: {item_stats.item.label}", "Option", "Share of the group")


def histogram_figure(bins: Sequence[tuple[float, float, int]]) -> go.Figure:
    """Bars of how many submissions scored in each band of total points."""
    fig = go.Figure(
        go.Bar(
            x=[(lo + hi) / 2 for lo, hi, _ in bins],
            y=[n for _, _, n in bins],
            width=[(hi - lo) * 0.95 for lo, hi, _ in bins],
            marker={"color": SKY, "line": {"color": BLUE, "width": 1}},
            customdata=[f"{lo:g} to {hi:g}" for lo, hi, _ in bins],
            hovertemplate="%{customdata} points: %{y} submission(s)<extra></extra>",
            name="Submissions",
        )
    )
    return _layout(fig, "Distribution of total scores", "Total score (points)", "Submissions")


def _plot(fig: go.Figure, div_id: str) -> str:
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        default_width="100%",
        default_height="100%",
        config={"displaylogo": False, "responsive": True},
    )


# ----------------------------------------------------------------------------- HTML


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[object]], numeric=()):
    out = [f"<table><caption>{_e(caption)}</caption><thead><tr>"]
    out += [f'<th scope="col">{_e(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for k, value in enumerate(row):
            if k == 0:
                cells.append(f'<th scope="row">{_e(value)}</th>')
            else:
                cls = ' class="num"' if k in numeric else ""
                cells.append(f"<td{cls}>{_e(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _pair(fig_html: str, caption: str, table_html: str, label: str) -> str:
    # The table comes first in the page so that the flex layout is complete when plotly's
    # inline script sizes the figure; CSS shows the figure first.
    return (
        '<div class="pair"><div class="table-wrap" role="region" tabindex="0" '
        f'aria-label="{_e(label)}">{table_html}</div><figure>'
        f'<div class="plot">{fig_html}</div><figcaption>{_e(caption)}</figcaption></figure></div>'
    )


def _reliability_words(stats: QuizStats) -> str:
    r = stats.reliability
    if r is None:
        return "cannot be computed (the total scores do not vary, or there is only one item)"
    if r >= 0.8:
        words = "good for a class quiz"
    elif r >= 0.7:
        words = "acceptable for a class quiz"
    else:
        words = (
            "low: total scores carry a lot of noise, so treat small differences between "
            "students with caution (short quizzes are often this low)"
        )
    return f"{r:.2f}, {words}"


def _flag_list(stats: QuizStats) -> str:
    if not stats.flagged:
        return (
            '<p class="ok">No item needs attention: every item is in a useful difficulty '
            "range, separates stronger from weaker students, and every distractor drew some "
            "students, more of them from the lower group.</p>"
        )
    out = [f"<p>{len(stats.flagged)} of {len(stats.items)} items need a look:</p><ul>"]
    for s in stats.flagged:
        out.append(f"<li><strong>{_e(s.item.label)}</strong><ul>")
        out += [f'<li class="flag">{_e(f.text)}</li>' for f in s.flags]
        out.append("</ul></li>")
    out.append("</ul>")
    return "".join(out)


def render_html(stats: QuizStats, quiz: str, failed: int = 0, needs_review: int = 0) -> str:
    """The whole analysis page as one HTML document (plotly.js loaded from beside it)."""
    left_out = (
        f" {failed} submission(s) could not be graded and {needs_review} wait for review; "
        "they are left out of every number below."
        if failed or needs_review
        else " No submission failed to grade or waits for review."
    )
    notes = "".join(f'<p class="note">{_e(n)}</p>' for n in stats.notes)
    item_table = _table(
        "Every item (the same data as the scatter plot)",
        ["Item", "Difficulty", "Discrimination r", "Upper-lower D", "Flags"],
        [
            [
                s.item.label,
                _number(s.difficulty),
                _number(s.point_biserial),
                _number(s.upper_lower),
                "; ".join(f.code for f in s.flags) or "none",
            ]
            for s in stats.items
        ],
        numeric=(1, 2, 3),
    )
    bins = score_histogram(stats.totals, stats.max_total)
    hist_table = _table(
        "Submissions per band of total score",
        ["Total score (points)", "Submissions"],
        [[f"{lo:g} to {hi:g}", n] for lo, hi, n in bins],
        numeric=(1,),
    )
    option_sections = []
    for k, s in enumerate(s for s in stats.items if s.options):
        table = _table(
            f"Options chosen: {s.item.label}",
            ["Option", "Upper 27%", "Lower 27%", "Everyone"],
            [
                [
                    f"{o.option} (key)" if o.keyed else o.option,
                    _pct(o.upper),
                    _pct(o.lower),
                    _pct(o.everyone),
                ]
                for o in s.options
            ],
            numeric=(1, 2, 3),
        )
        option_sections.append(
            f"<h3>{_e(s.item.label)}</h3>"
            + _pair(
                _plot(option_figure(s), f"options-{k}"),
                "Blue: upper group; orange, hatched: lower group. A good distractor draws more "
                "of the lower group; the key draws more of the upper group.",
                table,
                f"Table: options chosen, {s.item.label}",
            )
        )
    if not option_sections:
        option_sections.append("<p>This quiz has no single-best-answer or select-all item.</p>")
    summary = (
        '<dl class="summary">'
        f"<dt>Submissions analysed</dt><dd>{stats.submissions}</dd>"
        f"<dt>Mean total</dt><dd>{stats.mean:.2f} of {stats.max_total:g} points "
        f"({stats.mean / stats.max_total:.0%})</dd>"
        f"<dt>Standard deviation</dt><dd>{stats.sd:.2f} points</dd>"
        f"<dt>Reliability ({_e(stats.reliability_name)})</dt>"
        f"<dd>{_e(_reliability_words(stats))}</dd>"
        f"<dt>Standard error of measurement</dt><dd>"
        + (
            f"{stats.sem:.2f} points: a student's total could easily differ by this much on "
            "another day"
            if stats.sem is not None
            else "n/a"
        )
        + f"</dd><dt>Upper and lower groups</dt><dd>{stats.group_size} submissions each "
        "(27% of those analysed, by total score)</dd></dl>"
    )
    scatter = _pair(
        _plot(difficulty_discrimination_figure(stats), "scatter-plot"),
        "Each point is an item. Dotted lines: difficulty 0.20 and 0.90, discrimination 0.20. "
        "Items below zero discrimination may be mis-keyed.",
        item_table,
        "Table: every item",
    )
    histogram = _pair(
        _plot(histogram_figure(bins), "score-histogram"),
        f"Total scores of the {stats.submissions} analysed submissions.",
        hist_table,
        "Table: score distribution",
    )
    options = "".join(option_sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>Item analysis: {_e(quiz)}</title>
<style>{_CSS}</style>
<script src="{PLOTLY_JS}"></script>
</head>
<body>
<main>
<h1>Item analysis: {_e(quiz)}</h1>
<p>{stats.submissions} graded submission(s) analysed.{_e(left_out)} This page shows no
student's name or id.</p>
{notes}
<section aria-labelledby="fix"><h2 id="fix">Items to check</h2>{_flag_list(stats)}</section>
<section aria-labelledby="quiz"><h2 id="quiz">The quiz as a whole</h2>{summary}</section>
<section aria-labelledby="scatter"><h2 id="scatter">Difficulty and discrimination</h2>
{scatter}
</section>
<section aria-labelledby="scores"><h2 id="scores">Score distribution</h2>
{histogram}
</section>
<section aria-labelledby="options"><h2 id="options">Options chosen by the upper and lower groups
</h2>{options}</section>
<section aria-labelledby="how"><h2 id="how">How to read this page</h2>
<ul>
<li><strong>Difficulty</strong>: the share of the item's points students earned (for a
right/wrong item, the share who got it right). Above 0.90 is too easy, below 0.20 too hard.</li>
<li><strong>Discrimination r</strong>: how well the item agrees with the rest of the quiz (the
correlation of the item score with the total of the other items). Below 0.20 is weak; below 0
usually means a wrong key or an ambiguous stem.</li>
<li><strong>Upper-lower D</strong>: difficulty in the top 27% of totals minus difficulty in the
bottom 27%.</li>
<li><strong>{_e(stats.reliability_name)}</strong>: how consistently the items measure the same
thing (0 to 1). The standard error of measurement turns it into points.</li>
</ul>
</section>
</main>
</body>
</html>
"""


def plotly_js_source() -> Path:
    """The plotly.min.js that ships in the plotly Python wheel."""
    path = Path(str(importlib.resources.files("plotly") / "package_data" / PLOTLY_JS))
    if not path.is_file():
        raise FileNotFoundError(
            f"plotly.min.js is missing from the plotly package ({path}); reinstall plotly."
        )
    return path


def write_report(
    stats: QuizStats, quiz: str, folder: Path, failed: int = 0, needs_review: int = 0
) -> tuple[Path, Path]:
    """Write ``analysis.html``, ``items.csv`` and a copy of plotly.min.js into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    js = folder / PLOTLY_JS
    source = plotly_js_source()
    if not js.exists() or js.stat().st_size != source.stat().st_size:
        shutil.copyfile(source, js)
    page = folder / "analysis.html"
    page.write_text(render_html(stats, quiz, failed, needs_review), encoding="utf-8")
    return page, write_items_csv(stats, folder / "items.csv")
