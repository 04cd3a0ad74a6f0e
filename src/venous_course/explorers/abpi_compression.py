"""Explorer: ankle and arm pressures in, ABPI and compression band out.

Live face: typed pressures (one ankle and one arm, or two of each: the leg index uses the
highest of each), the index on a 0-1.6 scale over the compression bands (NICE CKS 2019,
``niceckslegulcer``; SIGN 120, ``sign120``) and the AHA/ACC PAD categories
(``gerhardherman2016pad``). The guideline disagreement (0.6 vs 0.8, ``team2019abpi``) is
always shown. Twin: a slider over index values. Education, not advice.
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets

from venous_course import EDUCATION_NOTICE, abpi
from venous_course.explorers.base import Explorer, LiveFace, set_status
from venous_course.figures.abpi import abpi_scale_figure, abpi_twin, index_patch

TITLE = "ABPI and compression"
ALT_TEXT = (
    "A horizontal scale of the ankle-brachial pressure index from 0 to 1.6. The top row shows "
    "the compression bands: below 0.5 compression is contraindicated; 0.5 to under 0.8 only "
    "reduced compression on specialist advice; 0.8 to 1.3 compression is safe for most; above "
    "1.3 the reading is unreliable because arteries may be calcified. The second row shows the "
    "AHA/ACC peripheral artery disease categories: 0.90 or less abnormal, 0.91 to 0.99 "
    "borderline, 1.00 to 1.40 normal, above 1.40 noncompressible. A diamond marks the "
    "patient's index. Dotted lines at 0.6 and 0.8 show where guidelines disagree."
)


@lru_cache(maxsize=256)
def _index(ankles: tuple[float, ...], arms: tuple[float, ...]) -> float:
    return abpi.leg_index(ankles, arms)


def _result_html(index: float, ankles: tuple[float, ...], arms: tuple[float, ...]) -> str:
    band = abpi.band_details(abpi.compression_band(index))
    return (
        f"<p><b>ABPI = highest ankle {max(ankles):g} mmHg / highest arm {max(arms):g} mmHg "
        f"= {index:.2f}</b></p>"
        f"<p><b>Compression band ({html.escape(band.label)}):</b> {html.escape(band.guidance)} "
        f"<i>({html.escape(band.source)})</i></p>"
        f"<p><b>AHA/ACC 2016 PAD reading:</b> {abpi.pad_category(index)}</p>"
    )


def _notes_html() -> str:
    return (
        '<div class="vc-note"><p><b>Guidelines differ:</b> '
        f"{html.escape(abpi.GUIDELINE_DISAGREEMENT)}</p>"
        f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p></div>"
    )


class ABPIWidget(LiveFace):
    """The live face: pressure inputs, status line, figure and guideline text."""

    START = (1.0,)
    draw = staticmethod(abpi_scale_figure)
    patch = staticmethod(index_patch)

    def __init__(
        self,
        ankle_mmhg: float,
        brachial_mmhg: float,
        second_ankle_mmhg: float | None,
        other_arm_mmhg: float | None,
    ) -> None:
        style = {"description_width": "initial"}
        self.ankle = widgets.FloatText(
            value=ankle_mmhg, description="Ankle systolic (mmHg):", style=style
        )
        self.brachial = widgets.FloatText(
            value=brachial_mmhg, description="Arm (brachial) systolic (mmHg):", style=style
        )
        both = second_ankle_mmhg is not None or other_arm_mmhg is not None
        self.use_both = widgets.Checkbox(
            value=both,
            description="Add a second ankle reading and the other arm",
            indent=False,
        )
        self.ankle2 = widgets.FloatText(
            value=second_ankle_mmhg if second_ankle_mmhg is not None else ankle_mmhg,
            description="Second ankle systolic (mmHg):",
            style=style,
        )
        self.arm2 = widgets.FloatText(
            value=other_arm_mmhg if other_arm_mmhg is not None else brachial_mmhg,
            description="Other arm systolic (mmHg):",
            style=style,
        )
        self.extra = widgets.HBox([self.ankle2, self.arm2])
        self.result = widgets.HTML()
        self.start_live_figure()
        disagreement = widgets.HTML(_notes_html())
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                widgets.HBox([self.ankle, self.brachial]),
                self.use_both,
                self.extra,
                self.status,
                self.result,
                self.figure,
                disagreement,
            ]
        )
        for control in (self.ankle, self.brachial, self.ankle2, self.arm2, self.use_both):
            control.observe(self._changed, names="value")
        self._changed()

    def readings(self) -> tuple[tuple[float, ...], tuple[float, ...]]:
        """The ankle and arm readings in use (the second pair only when ticked)."""
        ankles = [self.ankle.value]
        arms = [self.brachial.value]
        if self.use_both.value:
            ankles.append(self.ankle2.value)
            arms.append(self.arm2.value)
        return tuple(ankles), tuple(arms)

    def _changed(self, _change: object = None) -> None:
        self.extra.layout.display = "" if self.use_both.value else "none"
        ankles, arms = self.readings()
        try:
            index = _index(ankles, arms)
            patch = self.patch(index)
        except ValueError as error:
            set_status(self.status, str(error), error=True)
            self.result.value = ""  # never leave an answer for numbers that are no longer there
            return
        self.status.value = ""
        self.result.value = _result_html(index, ankles, arms)
        self._patcher.show(patch)


def abpi_compression(
    ankle_mmhg: float = 110.0,
    brachial_mmhg: float = 120.0,
    second_ankle_mmhg: float | None = None,
    other_arm_mmhg: float | None = None,
) -> Explorer:
    """ABPI explorer; optional second ankle and other-arm readings (the highest of each count)."""
    live = ABPIWidget(ankle_mmhg, brachial_mmhg, second_ankle_mmhg, other_arm_mmhg)
    try:
        start = _index(*live.readings())
    except ValueError:
        start = 0.9
    return live.explorer(
        TITLE,
        lambda: abpi_twin(start_index=start),
        ALT_TEXT,
        notes=_notes_html(),
    )
