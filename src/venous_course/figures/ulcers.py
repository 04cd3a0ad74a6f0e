"""Ulcer figure: a two-column table that tells leg ulcers apart, with a kernel-free menu.

One dropdown (plotly ``updatemenus``) switches between views: the whole profile of one ulcer
type (feature, finding), or one feature compared across every type (ulcer type, finding).
It works in JupyterLab and in the static book alike, without a Python kernel. Data from
:mod:`venous_course.ulcers`. Two columns keep the table readable on a 390 px phone.
"""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

from venous_course.display import OKABE_ITO, FigureWithAlt, base_layout
from venous_course.ulcers import UlcerTable, load_ulcer_table

TYPE_PREFIX = "type:"
FEATURE_PREFIX = "feature:"
DEFAULT_VIEW = "type:venous"
_HEADER_FILL = OKABE_ITO["blue"]
_ROW_FILLS = ("#FFFFFF", "#EEF3F8")  # plain and pale rows; the text, not the colour, is the content


def _lower_first(label: str) -> str:
    """'Foot pulses and ABPI' -> 'foot pulses and ABPI': lower-case the first letter only."""
    return label[:1].lower() + label[1:]


def views(table: UlcerTable) -> list[tuple[str, str]]:
    """Every view as (key, menu label): one per ulcer type, then one per feature."""
    by_type = [(f"{TYPE_PREFIX}{u.key}", u.name) for u in table.types]
    by_feature = [
        (f"{FEATURE_PREFIX}{key}", f"Compare: {_lower_first(label)}")
        for key, label in table.features.items()
    ]
    return by_type + by_feature


def view_content(table: UlcerTable, view: str) -> dict[str, Any]:
    """Title, column headers and rows of one view; ValueError naming the views otherwise."""
    if view.startswith(TYPE_PREFIX):
        ulcer = table.type(view.removeprefix(TYPE_PREFIX))
        rows = table.profile(ulcer.key)
        return {
            "title": f"{ulcer.name}: the typical picture",
            "header": ["Feature", "Typical finding"],
            "rows": rows,
        }
    if view.startswith(FEATURE_PREFIX):
        feature = view.removeprefix(FEATURE_PREFIX)
        rows = table.compare(feature)
        return {
            "title": f"{table.features[feature]}: how the ulcers differ",
            "header": ["Ulcer type", table.features[feature]],
            "rows": rows,
        }
    known = ", ".join(key for key, _ in views(table))
    raise ValueError(f"'{view}' is not a view of the ulcer table; choose one of {known}.")


def _cells(rows: list[tuple[str, str]]) -> dict[str, Any]:
    fills = [_ROW_FILLS[i % 2] for i in range(len(rows))]
    return {
        "values": [[f"<b>{a}</b>" for a, _ in rows], [b for _, b in rows]],
        "fill": {"color": [fills, fills]},
        "align": "left",
        "font": {"size": 13, "color": OKABE_ITO["black"]},
        "height": 30,
    }


def _header(names: list[str]) -> dict[str, Any]:
    return {
        "values": [f"<b>{n}</b>" for n in names],
        "fill": {"color": _HEADER_FILL},
        "font": {"color": "#FFFFFF", "size": 14},
        "align": "left",
        "height": 32,
    }


def ulcer_table_figure(view: str = DEFAULT_VIEW, table: UlcerTable | None = None) -> go.Figure:
    """The table for one view, with a dropdown that switches to every other view.

    Each menu entry rewrites the header, the rows and the title (method ``update``), so the
    figure needs no kernel. The chosen entry is marked active.
    """
    table = table if table is not None else load_ulcer_table()
    content = view_content(table, view)  # validates the view
    fig = go.Figure(
        go.Table(
            columnwidth=[1, 2.2],
            header=_header(content["header"]),
            cells=_cells(content["rows"]),
        )
    )
    fig.update_layout(base_layout(content["title"]))
    buttons = []
    for key, label in views(table):
        shown = view_content(table, key)
        cells = _cells(shown["rows"])
        header = _header(shown["header"])
        buttons.append(
            {
                "label": label,
                "method": "update",
                "args": [
                    {
                        "header.values": [header["values"]],
                        "cells.values": [cells["values"]],
                        "cells.fill.color": [cells["fill"]["color"]],
                    },
                    {"title.text": shown["title"]},
                ],
            }
        )
    keys = [key for key, _ in views(table)]
    fig.update_layout(
        height=640,
        margin={"l": 10, "r": 10, "t": 160, "b": 30},
        title={"y": 0.985, "yanchor": "top"},
        updatemenus=[
            {
                "type": "dropdown",
                "buttons": buttons,
                "active": keys.index(view),
                "direction": "down",
                "showactive": True,
                "x": 0,
                "xanchor": "left",
                "y": 1.14,
                "yanchor": "top",
                "bgcolor": "#FFFFFF",
                "bordercolor": OKABE_ITO["black"],
            }
        ],
        annotations=[
            {
                "text": "Choose an ulcer type, or a feature to compare:",
                "x": 0,
                "xref": "paper",
                "xanchor": "left",
                "y": 1.2,
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 13},
            }
        ],
    )
    return fig


def ulcer_table_alt_text(table: UlcerTable | None = None) -> str:
    """The text alternative: every finding of every ulcer type, in words."""
    table = table if table is not None else load_ulcer_table()
    parts = []
    for ulcer in table.types:
        findings = "; ".join(
            f"{_lower_first(label)}: {ulcer.finding(key).rstrip('.')}"
            for key, label in table.features.items()
        )
        parts.append(f"{ulcer.name}. {findings}.")
    return (
        "A table that tells leg ulcers apart, with a menu to show one ulcer type or to compare "
        "one feature across all types. " + " ".join(parts) + " Typical features point to a "
        "cause; the assessment confirms it."
    )


# ------------------------------------------------------------------ the book's face: a table

_TABLE_CAPTION = "Telling leg ulcers apart: the typical picture of each type"
_TABLE_STYLE = """<style>
.vc-ulcers{overflow-x:auto}
.vc-ulcers table{width:100%;border-collapse:collapse;margin:.5rem 0}
.vc-ulcers caption{caption-side:top;font-weight:600;text-align:left;padding:.25rem 0}
.vc-ulcers th,.vc-ulcers td{border:1px solid #c8ccd0;padding:.4rem .5rem;vertical-align:top;
  text-align:left;overflow-wrap:anywhere}
.vc-ulcers thead th{background:#0072B2;color:#fff}
.vc-ulcers tbody th{background:#E8F1F8}
@media (max-width:640px){
  .vc-ulcers thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .vc-ulcers table,.vc-ulcers tbody,.vc-ulcers tr,.vc-ulcers th,.vc-ulcers td{display:block;
    width:100%}
  .vc-ulcers tr{margin-bottom:.75rem;border:1px solid #c8ccd0}
  .vc-ulcers td{border:0;border-top:1px solid #e3e6e8}
  .vc-ulcers td::before{content:attr(data-label) ": ";font-weight:600}
}
</style>"""


def ulcer_comparison_html(table: UlcerTable | None = None) -> str:
    """Every ulcer type against every feature as a real HTML ``<table>``.

    A caption, a header row (one column per ulcer type) and a row header per feature, so a
    screen reader announces each finding with its feature and type; on a phone each feature
    becomes a labelled card. All text is escaped. This is the book's face of the comparison:
    the book's plotly.js bundle has no table trace, and a plotly table scrolls inside itself.
    """
    table = table if table is not None else load_ulcer_table()
    head = "".join(f'<th scope="col">{html.escape(u.name)}</th>' for u in table.types)
    rows = []
    for key, label in table.features.items():
        cells = "".join(
            f'<td data-label="{html.escape(u.name, quote=True)}">{html.escape(u.finding(key))}</td>'
            for u in table.types
        )
        rows.append(f'<tr><th scope="row">{html.escape(label)}</th>{cells}</tr>')
    return (
        f'{_TABLE_STYLE}<div class="vc-ulcers"><table><caption>{_TABLE_CAPTION}</caption>'
        f'<thead><tr><th scope="col">Feature</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


class UlcerComparison(FigureWithAlt):
    """The comparison with two faces: the plotly table with its menu in JupyterLab, and the
    accessible HTML table (plus its text alternative) in the static book."""

    def __init__(self, table: UlcerTable | None = None) -> None:
        self.table = table if table is not None else load_ulcer_table()
        super().__init__(ulcer_table_figure(table=self.table), ulcer_table_alt_text(self.table))

    def static_html(self) -> str:
        """The HTML table: it needs no plotly.js trace that the book leaves out."""
        return ulcer_comparison_html(self.table)


def ulcer_comparison(table: UlcerTable | None = None) -> UlcerComparison:
    """What module 12 shows: the ulcer comparison, readable in JupyterLab and in the book."""
    return UlcerComparison(table)
