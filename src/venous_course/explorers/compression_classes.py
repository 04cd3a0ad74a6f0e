"""Explorer: the same "class" means different pressures in the UK, Germany and the US.

Live face: a pressure slider (mmHg at the ankle) highlights the classes of each system that
contain it. Data: :mod:`venous_course.compression` (``ukdrugtariff``, ``ralgz387``; US ranges
as sold; about 40 mmHg for active ulcers, ``gloviczki2011svs``). Twin: the same slider.
"""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets

from venous_course import EDUCATION_NOTICE
from venous_course import compression as cmp
from venous_course.explorers.base import Explorer, LiveFace
from venous_course.figures.compression import (
    compression_figure,
    compression_twin,
    pressure_patch,
)

TITLE = "Compression classes by country"
ALT_TEXT = (
    "Horizontal range bars on one pressure axis in mmHg at the ankle. UK Drug Tariff: class 1 "
    "14-17, class 2 18-24, class 3 25-35 mmHg. German RAL-GZ 387: class I 18-21, II 23-32, "
    "III 34-46, IV 49 mmHg and above (drawn to 60). US products as sold: 15-20, 20-30, 30-40 "
    "mmHg; no US national class standard was found. A dashed line at about 40 mmHg marks strong "
    "compression for active ulcers (SVS/AVF 2011). A solid line marks the chosen pressure and "
    "the classes that contain it are drawn strong, the others faded."
)


@lru_cache(maxsize=128)
def _answer_html(pressure_mmhg: float) -> str:
    return f"<p><b>{html.escape(cmp.describe_pressure(pressure_mmhg))}</b></p>"


class CompressionWidget(LiveFace):
    """The live face: a pressure slider, the classes containing it and the bars."""

    START = (20.0,)
    draw = staticmethod(compression_figure)
    patch = staticmethod(pressure_patch)

    def __init__(self, pressure_mmhg: float) -> None:
        self.pressure = widgets.IntSlider(
            value=int(round(pressure_mmhg)),
            min=10,
            max=60,
            step=1,
            description="Pressure at the ankle (mmHg):",
            style={"description_width": "initial"},
            layout={"width": "520px"},
            continuous_update=True,
        )
        self.answer = widgets.HTML()
        self.start_live_figure()
        super().__init__(
            [
                widgets.HTML(f"<h4>{TITLE}</h4>"),
                self.pressure,
                self.answer,
                self.figure,
                widgets.HTML(
                    f"<p>{html.escape(cmp.US_NOTE)} {html.escape(cmp.ULCER_PRESSURE_NOTE)}</p>"
                    f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"
                ),
            ]
        )
        self.pressure.observe(self._changed, names="value")
        self._changed()

    def _changed(self, _change: object = None) -> None:
        value = float(self.pressure.value)
        self.answer.value = _answer_html(value)
        self.show_state(value)


def compression_classes(pressure_mmhg: float = 20.0) -> Explorer:
    """Compression classes explorer, starting at ``pressure_mmhg`` (10-60 mmHg)."""
    cmp.classes_containing(pressure_mmhg)  # a clear ValueError for a bad preset
    live = CompressionWidget(pressure_mmhg)
    return live.explorer(
        TITLE,
        lambda: compression_twin(start_mmhg=pressure_mmhg),
        ALT_TEXT,
        notes=(
            f"<p>{html.escape(cmp.US_NOTE)} {html.escape(cmp.ULCER_PRESSURE_NOTE)}</p>"
            f"<p><i>{html.escape(EDUCATION_NOTICE)}</i></p>"
        ),
    )
