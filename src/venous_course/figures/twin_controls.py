"""Native HTML form controls for a twin figure's plotly menus and sliders.

Plotly draws its dropdowns, buttons and sliders inside an SVG: a keyboard cannot reach them
and a screen reader does not announce them (WCAG 2.1.1). This module reads a figure's own
``layout.updatemenus`` and ``layout.sliders`` and writes, beside the figure, a labelled
``<select>`` (a dropdown or more than four buttons), a group of radio buttons (up to four
buttons) or an ``<input type="range">`` (a slider) for each. Choosing a value calls plotly's
API with exactly the method and arguments of the plotly control it stands for, so the figure
changes the same way; plotly's own controls (and the annotations that label them, see
:func:`venous_course.display.control_label`) are then hidden, which also gives the plot the
room they took. Nothing is specific to one figure: every twin with menus or sliders gets them.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import plotly.graph_objects as go

from venous_course.display import CONTROL_LABEL_NAME

# A plotly menu with at most this many buttons becomes radio buttons, more a <select>.
MAX_RADIO_BUTTONS = 4
MENU_LABEL = "Show"
_TAGS = re.compile(r"<[^>]+>")

_STYLE = """<style>
.vc-controls{display:flex;flex-wrap:wrap;gap:.75rem 1.5rem;margin:.5rem 0 .25rem}
.vc-control{display:flex;flex-direction:column;gap:.25rem;min-width:min(100%,16rem);flex:1 1 16rem}
.vc-control>label,.vc-control legend{font-weight:600}
.vc-control select,.vc-control input[type=range]{min-height:44px;width:100%;font-size:1rem}
.vc-control fieldset{border:0;margin:0;padding:0}
.vc-control .vc-radio{display:flex;align-items:center;gap:.4rem;min-height:44px}
.vc-control output{font-variant-numeric:tabular-nums}
</style>"""

# Drives the figure through Plotly's API; data are JSON (no markup from figures reaches HTML).
_SCRIPT = """(function(){
var figureId=%(figure)s,spec=%(spec)s,labels=%(labels)s,root=document.getElementById(%(root)s);
var shown={},VISIBLE=/^(sliders|updatemenus)\\[(\\d+)\\]\\.visible$/;
spec.forEach(function(item){shown[item.kind+item.index]=item.visible;});
function layoutArg(step){return step.method==="update"?1:step.method==="relayout"?0:-1;}
function run(){var gd=document.getElementById(figureId);
if(!root||!gd||!window.Plotly||!gd.layout){return setTimeout(run,100);}
function apply(item,index){var own=gd.layout[item.kind][item.index];
var step=(item.kind==="sliders"?own.steps:own.buttons)[item.steps[index].at];
var args=JSON.parse(JSON.stringify(step.args||[]));
var at=layoutArg(step),layout=at>=0?args[at]:null;
if(layout){Object.keys(layout).forEach(function(key){var m=VISIBLE.exec(key);
if(m){shown[m[1]+m[2]]=layout[key]!==false;layout[key]=false;}});}
var call=Plotly[step.method];if(!call)return;
call.apply(Plotly,[gd].concat(args));var patch=hiddenLabels();
patch[item.kind+"["+item.index+"].active"]=index;Plotly.relayout(gd,patch);}
function hiddenLabels(){var patch={};labels.forEach(function(i){
patch["annotations["+i+"].visible"]=false;});return patch;}
function hidePlotlyControls(){var patch=hiddenLabels();spec.forEach(function(item){
patch[item.kind+"["+item.index+"].visible"]=false;});Plotly.relayout(gd,patch);}
function sync(){spec.forEach(function(item){var own=(gd.layout[item.kind]||[])[item.index]||{};
var box=root.querySelector('[data-control="'+item.id+'"]');if(!box)return;
box.hidden=!shown[item.kind+item.index];
var active=own.active===undefined?item.active:own.active;
if(item.widget==="radio"){var radio=box.querySelector('input[value="'+active+'"]');
if(radio)radio.checked=true;}else{var input=box.querySelector("select,input");
if(input&&String(input.value)!==String(active))input.value=active;}
var out=box.querySelector("output");if(out)out.textContent=item.steps[active].label;
var range=box.querySelector("input[type=range]");
if(range)range.setAttribute("aria-valuetext",item.steps[active].label);});}
spec.forEach(function(item){var box=root.querySelector('[data-control="'+item.id+'"]');
box.addEventListener(item.widget==="range"?"input":"change",function(event){
var index=parseInt(event.target.value,10);if(isNaN(index))return;apply(item,index);sync();});});
hidePlotlyControls();sync();}
if(document.readyState==="loading"){document.addEventListener("DOMContentLoaded",run);}else{run();}
})();"""


def plain_text(label: Any) -> str:
    """A plotly label (which may hold HTML such as ``<b>`` or ``<br>``) as plain text."""
    return " ".join(_TAGS.sub(" ", str(label or "")).split())


def control_spec(figure: go.Figure) -> list[dict[str, Any]]:
    """One entry per plotly menu or slider: its kind, index, label, widget and steps."""
    spec: list[dict[str, Any]] = []
    for index, menu in enumerate(figure.layout.updatemenus or ()):
        buttons = _steps(menu.buttons)
        if len(buttons) < 2:
            continue
        few = menu.type == "buttons" and len(buttons) <= MAX_RADIO_BUTTONS
        spec.append(
            {
                "kind": "updatemenus",
                "index": index,
                "label": plain_text(menu.name) or MENU_LABEL,
                "widget": "radio" if few else "select",
                "active": int(menu.active or 0),
                "visible": menu.visible is not False,
                "steps": buttons,
            }
        )
    for index, slider in enumerate(figure.layout.sliders or ()):
        steps = _steps(slider.steps)
        if len(steps) < 2:
            continue
        prefix = slider.currentvalue.prefix if slider.currentvalue else None
        spec.append(
            {
                "kind": "sliders",
                "index": index,
                "label": plain_text(prefix).rstrip(":") or plain_text(slider.name) or "Value",
                "widget": "range",
                "active": int(slider.active or 0),
                "visible": slider.visible is not False,
                "steps": steps,
            }
        )
    for number, item in enumerate(spec):
        item["id"] = f"c{number}"
    return spec


_METHODS = {"restyle", "relayout", "update", "animate"}


def _steps(controls: Any) -> list[dict[str, Any]]:
    # Only labels and positions: the browser reads each step's method and arguments from the
    # figure itself, so the controls add no second copy of the figure's data to the page.
    return [
        {"label": plain_text(c.label), "at": at}
        for at, c in enumerate(controls or ())
        if c.method in _METHODS
    ]


def _control_html(root: str, item: dict[str, Any]) -> str:
    """The control's box (which the script finds by ``data-control`` and hides with its plotly
    twin) around a radio group, a select or a range input."""
    hidden = "" if item["visible"] else " hidden"
    inner = _control_inner(f"{root}-{item['id']}", item)
    return f'<div class="vc-control" data-control="{item["id"]}"{hidden}>{inner}</div>'


def _control_inner(field: str, item: dict[str, Any]) -> str:
    label = html.escape(item["label"])
    steps = item["steps"]
    if item["widget"] == "radio":
        radios = "".join(
            f'<label class="vc-radio"><input type="radio" name="{field}" value="{i}"'
            f"{' checked' if i == item['active'] else ''}> {html.escape(s['label'])}</label>"
            for i, s in enumerate(steps)
        )
        return f"<fieldset><legend>{label}</legend>{radios}</fieldset>"
    if item["widget"] == "select":
        options = "".join(
            f'<option value="{i}"{" selected" if i == item["active"] else ""}>'
            f"{html.escape(s['label'])}</option>"
            for i, s in enumerate(steps)
        )
        return f'<label for="{field}">{label}</label><select id="{field}">{options}</select>'
    current = html.escape(steps[item["active"]]["label"])
    return (
        f'<label for="{field}">{label}: <output for="{field}">{current}</output></label>'
        f'<input type="range" id="{field}" min="0" max="{len(steps) - 1}" step="1" '
        f'value="{item["active"]}" aria-valuetext="{current}">'
    )


def control_label_positions(figure: go.Figure) -> list[int]:
    """Indices of the annotations that label plotly's own controls: the book hides them with
    those controls (a control may rewrite the annotations, so they are hidden again after)."""
    notes = figure.layout.annotations or ()
    return [i for i, note in enumerate(notes) if note.name == CONTROL_LABEL_NAME]


def twin_controls_html(figure: go.Figure, figure_id: str) -> str:
    """Labelled native controls for the plotly figure drawn in ``<div id=figure_id>``.

    Empty when the figure has no menu or slider: a figure without controls gets nothing.
    """
    spec = control_spec(figure)
    if not spec:
        return ""
    root = f"{figure_id}-controls"
    controls = "".join(_control_html(root, item) for item in spec)
    script = _SCRIPT % {
        "figure": json.dumps(figure_id),
        "spec": json.dumps(spec, separators=(",", ":")).replace("</", "<\\/"),
        "root": json.dumps(root),
        "labels": json.dumps(control_label_positions(figure)),
    }
    return (
        f'{_STYLE}<div class="vc-controls" id="{root}" role="group" '
        f'aria-label="Controls of the figure">{controls}</div><script>{script}</script>'
    )
