"""VCSS calculator explorer: score the ten attributes of the revised VCSS and see the total.

Live face: one labelled menu per attribute whose options read "0 - none", "1 - ...", a bar
per attribute and the total (0-30). Book face: a dropdown of fictional example patients.
Attributes and descriptors: :mod:`venous_course.vcss` (``vasquez2010vcss``,
``rutherford2000vcss``); the often-used severe mark of 8: ``odonnell2014vlu``.
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import plotly.graph_objects as go

from venous_course.explorers.base import Explorer, set_status, status_line
from venous_course.figures import vcss as vcss_figures
from venous_course.vcss import ATTRIBUTES, MAX_TOTAL, score

ALT_TEXT = (
    "Horizontal bar chart of the revised Venous Clinical Severity Score: one bar per attribute "
    "(pain, varicose veins, venous oedema, skin pigmentation, inflammation, induration, number, "
    "duration and size of active ulcers, use of compression therapy), each 0 to 3 points, and "
    "a total bar from 0 to 30 with a dashed line at 8, a level often used to mark severe "
    "disease (O'Donnell 2014 guideline summary). A menu switches between fictional example "
    "patients; the total and its meaning are written under the chart."
)


@lru_cache(maxsize=1024)
def _values(levels: tuple[tuple[str, int], ...]) -> tuple[dict, int]:
    values = vcss_figures.bar_values(dict(levels))
    return values, score(**dict(levels))


def _summary(total: int) -> str:
    return (
        f"<p><strong>Total: {total} of {MAX_TOTAL}.</strong> "
        f"{html.escape(vcss_figures.total_text(total).split(': ', 1)[1])} "
        "CEAP describes the leg; the VCSS measures change over time.</p>"
    )


def vcss_calculator(**levels: int) -> Explorer:
    """The VCSS calculator, preset with attribute points, e.g. ``vcss_calculator(pain=2)``.

    Raises ``ValueError`` for an unknown attribute or points outside 0-3.
    """
    values, total = _values(tuple(sorted(levels.items())))
    menus: dict[str, widgets.Dropdown] = {}
    for attribute in ATTRIBUTES:
        menus[attribute.name] = widgets.Dropdown(
            options=[(f"{p} - {text}", p) for p, text in enumerate(attribute.levels)],
            value=levels.get(attribute.name, 0),
            description=attribute.label.split(" (")[0],
            description_allow_html=False,
            style={"description_width": "16em"},
            layout=widgets.Layout(width="56em"),
        )
    status = status_line()
    summary = widgets.HTML(_summary(total))
    figure = go.FigureWidget(vcss_figures.vcss_figure(levels))
    shown = {"key": tuple(sorted((k, v) for k, v in levels.items() if v))}

    def update(_change: object = None) -> None:
        key = tuple(sorted((name, menu.value) for name, menu in menus.items() if menu.value))
        try:
            values, total = _values(key)
        except ValueError as error:
            set_status(status, str(error), error=True)
            return
        set_status(status, "")
        if key == shown["key"]:
            return
        annotations = vcss_figures.total_annotations(total)
        with figure.batch_update():
            figure.data[0].x = values["x"]
            figure.data[0].text = values["text"]
            figure.data[0].customdata = values["customdata"]
            figure.data[1].x = [total]
            figure.data[1].text = [f"{total} / {MAX_TOTAL}"]
            figure.layout.annotations[0].text = annotations[0]["text"]
        summary.value = _summary(total)
        shown["key"] = key

    for menu in menus.values():
        menu.observe(update, names="value")
    root = widgets.VBox(
        [
            widgets.HTML(
                "<strong>Revised VCSS calculator</strong>: choose the level that fits each "
                "attribute (0 = absent)."
            ),
            *menus.values(),
            status,
            summary,
            figure,
        ]
    )
    return Explorer(
        "Revised VCSS calculator",
        root,
        vcss_figures.vcss_twin,
        ALT_TEXT,
        '<p class="vc-note">Choose a fictional example patient in the menu. Ulcer-size and '
        "compression wording come from the 2000 score (the 2010 copy used was cut). Education, "
        "not individual advice.</p>",
        controls=dict(menus),
        live_figure=figure,
        status=status,
    )
