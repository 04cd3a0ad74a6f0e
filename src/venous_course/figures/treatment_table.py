"""The treatment comparison as an accessible HTML table: the book's face of the comparator.

A plotly table squeezes its columns on a phone, scrolls inside itself and is not a table to a
screen reader; it also needs a plotly.js trace type the book's bundle leaves out. This is a
real ``<table>`` (caption, column and row headers) with a labelled ``<select>`` that filters
its rows by target; on a narrow screen each row becomes a labelled card. Data come from
:mod:`venous_course.treatments`. Education, not advice.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Callable
from typing import Any

from venous_course.treatments import TARGETS, Treatment

ALL_TARGETS = "all targets"
CAPTION = "Treatment modalities side by side (general education)"
COLUMNS: tuple[tuple[str, Callable[[Treatment], str]], ...] = (
    ("Targets", lambda t: ", ".join(t.targets)),
    ("Anaesthesia", lambda t: ", ".join(t.anaesthesia)),
    ("Setting", lambda t: ", ".join(t.setting)),
    ("Main risks", lambda t: "; ".join(t.main_risks)),
)
TEXT_ALTERNATIVE = (
    "The table lists each treatment modality in a row, with what it targets, its usual "
    "anaesthesia, its setting and its main risks. The filter above it keeps only the "
    "modalities that target the problem you choose."
)
_ids = itertools.count(1)

_STYLE = """<style>
.vc-treatments label{font-weight:600;margin-right:.5rem}
.vc-treatments select{min-height:44px;font-size:1rem;max-width:100%}
.vc-treatments table{width:100%;border-collapse:collapse;margin-top:.5rem}
.vc-treatments caption{caption-side:top;font-weight:600;text-align:left;padding:.25rem 0}
.vc-treatments th,.vc-treatments td{border:1px solid #c8ccd0;padding:.4rem .5rem;
  vertical-align:top;text-align:left;overflow-wrap:anywhere}
.vc-treatments thead th{background:#0072B2;color:#fff}
@media (max-width:640px){
  .vc-treatments thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .vc-treatments table,.vc-treatments tbody,.vc-treatments tr,.vc-treatments th,
  .vc-treatments td{display:block;width:100%}
  .vc-treatments tr{margin-bottom:.75rem;border:1px solid #c8ccd0}
  .vc-treatments tbody th{background:#E8F1F8;border:0}
  .vc-treatments td{border:0;border-top:1px solid #e3e6e8}
  .vc-treatments td::before{content:attr(data-label) ": ";font-weight:600}
}
</style>"""

# Filters the rows in the browser; ids and data are injected as JSON (no markup from data).
_SCRIPT = """(function(){
var root=document.getElementById(%(id)s);if(!root)return;
var select=root.querySelector("select"),status=root.querySelector(".vc-count");
var caption=root.querySelector("caption"),rows=root.querySelectorAll("tbody tr");
function apply(){var target=select.value,shown=0;
rows.forEach(function(row){var targets=JSON.parse(row.getAttribute("data-targets"));
var keep=!target||targets.indexOf(target)>=0;row.hidden=!keep;if(keep)shown++;});
caption.textContent=target?"Modalities that target "+target:%(caption)s;
status.textContent=shown+(shown===1?" modality":" modalities")+" shown.";}
select.addEventListener("change",apply);apply();})();"""


def _row(treatment: Treatment) -> str:
    cells = "".join(
        f'<td role="cell" data-label="{html.escape(name)}">{html.escape(value(treatment))}</td>'
        for name, value in COLUMNS
    )
    targets = html.escape(json.dumps(list(treatment.targets)))
    return (
        f'<tr role="row" data-targets="{targets}">'
        f'<th role="rowheader" scope="row">{html.escape(treatment.name)}</th>{cells}</tr>'
    )


def treatment_table_html(catalogue: tuple[Treatment, ...], element_id: str | None = None) -> str:
    """The comparison table of ``catalogue`` with a target filter, as one HTML fragment.

    Roles are spelled out so that the table stays a table to screen readers when narrow
    screens lay its rows out as cards.
    """
    root = element_id or f"vc-treatments-{next(_ids)}"
    options = "".join(
        f'<option value="{html.escape(value)}">{html.escape(label)}</option>'
        for value, label in (("", ALL_TARGETS), *((t, t) for t in TARGETS))
    )
    header = "".join(
        f'<th role="columnheader" scope="col">{html.escape(name)}</th>'
        for name in ("Modality", *(name for name, _ in COLUMNS))
    )
    body = "".join(_row(t) for t in catalogue)
    script = _SCRIPT % {"id": json.dumps(root), "caption": json.dumps(CAPTION)}
    return (
        f'{_STYLE}<div class="vc-treatments" id="{root}">'
        f'<label for="{root}-target">Filter by target</label>'
        f'<select id="{root}-target">{options}</select>'
        f'<p class="vc-count" role="status" aria-live="polite">'
        f"{len(catalogue)} modalities shown.</p>"
        f'<p class="vc-alt" id="{root}-alt"><strong>Text alternative:</strong> '
        f"{html.escape(TEXT_ALTERNATIVE)}</p>"
        f'<table role="table" aria-describedby="{root}-alt">'
        f"<caption>{html.escape(CAPTION)}</caption>"
        f'<thead><tr role="row">{header}</tr></thead><tbody>{body}</tbody></table>'
        f"</div><script>{script}</script>"
    )


def with_table_face(explorer: Any, catalogue: tuple[Treatment, ...]) -> Any:
    """The comparator ``explorer`` with this table as its book face (its live face and its
    plotly twin stay as they are, for JupyterLab and for tests)."""
    notes = explorer.static_notes_html
    explorer.static_html = lambda: treatment_table_html(catalogue) + notes
    return explorer
