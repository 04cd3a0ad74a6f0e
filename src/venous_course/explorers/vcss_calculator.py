"""VCSS calculator explorer: score the ten attributes of the revised VCSS and see the total.

Live face: one labelled menu per attribute whose options read "0 - none", "1 - ...", a bar
per attribute and the total (0-30). Book face: a dropdown of fictional example patients.
Attributes and descriptors: :mod:`venous_course.vcss` (``vasquez2010vcss``,
``rutherford2000vcss``); the often-used severe mark of 8: ``odonnell2014vlu``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from venous_course.explorers.base import Explorer, LiveFace, set_status
from venous_course.figures import vcss as vcss_figures
from venous_course.vcss import ATTRIBUTES, MAX_TOTAL, score

TITLE = "Revised VCSS calculator"
ALT_TEXT = (
    "Horizontal bar chart of the revised Venous Clinical Severity Score: one bar per attribute "
    "(pain, varicose veins, venous oedema, skin pigmentation, inflammation, induration, number, "
    "duration and size of active ulcers, use of compression therapy), each 0 to 3 points, and "
    "a total bar from 0 to 30 with a dashed line at 8, a level often used to mark severe "
    "disease (O'Donnell 2014 guideline summary). A menu switches between fictional example "
    "patients; the total and its meaning are written under the chart."
)


TWIN_NOTE_HTML = (
    '<p class="vc-note">Choose a fictional example patient in the menu. Ulcer-size and '
    "compression wording come from the 2000 score (the 2010 copy used was cut). Education, "
    "not individual advice.</p>"
)


def _summary(total: int) -> str:
    return (
        f"<p><strong>Total: {total} of {MAX_TOTAL}.</strong> "
        f"{html.escape(vcss_figures.total_text(total).split(': ', 1)[1])} "
        "CEAP describes the leg; the VCSS measures change over time.</p>"
    )


def _draw(levels: tuple[tuple[str, int], ...]) -> object:
    return vcss_figures.vcss_figure(dict(levels))


class VCSSWidget(LiveFace):
    """The live face: one menu per attribute, the bars, the total and its meaning."""

    START = ((),)  # every attribute at 0
    draw = staticmethod(_draw)
    patch = staticmethod(vcss_figures.vcss_patch)

    def __init__(self, levels: dict[str, int]) -> None:
        score(**levels)  # a clear ValueError for an unknown attribute or points outside 0-3
        self.controls = {
            attribute.name: widgets.Dropdown(
                options=[(f"{p} - {text}", p) for p, text in enumerate(attribute.levels)],
                value=levels.get(attribute.name, 0),
                description=attribute.label.split(" (")[0],
                description_allow_html=False,
                style={"description_width": "16em"},
                layout=widgets.Layout(width="56em"),
            )
            for attribute in ATTRIBUTES
        }
        self.summary = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(
                    f"<strong>{TITLE}</strong>: choose the level that fits each "
                    "attribute (0 = absent)."
                ),
                *self.controls.values(),
                self.status,
                self.summary,
                self.figure,
            ]
        )
        for menu in self.controls.values():
            menu.observe(self._changed, names="value")
        self._changed()

    def state(self) -> tuple[tuple[str, int], ...]:
        """The attributes with points above 0, as sorted (name, points) pairs."""
        return tuple(sorted((name, m.value) for name, m in self.controls.items() if m.value))

    def _changed(self, _change: object = None) -> None:
        levels = self.state()
        try:
            self.show_state(levels)
            total = score(**dict(levels))
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            return
        set_status(self.status, "")
        self.summary.value = _summary(total)


def vcss_calculator(**levels: int) -> Explorer:
    """The VCSS calculator, preset with attribute points, e.g. ``vcss_calculator(pain=2)``.

    Raises ``ValueError`` for an unknown attribute or points outside 0-3.
    """
    live = VCSSWidget(levels)
    return live.explorer(TITLE, vcss_figures.vcss_twin, ALT_TEXT, TWIN_NOTE_HTML)
