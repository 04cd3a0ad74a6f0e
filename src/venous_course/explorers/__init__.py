"""The course's interactive explorers. Each function returns an :class:`Explorer`.

Display one in a notebook cell: JupyterLab shows the live widget, the book its kernel-free
twin. Each explorer lives in its own module; imports are lazy so that one explorer's import
cost is only paid when it is used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from venous_course.explorers.base import Explorer

_WHERE = {
    "calf_pump": "venous_course.explorers.calf_pump",
    "valve_flow": "venous_course.explorers.valve_flow",
    "ceap_builder": "venous_course.explorers.ceap_builder",
    "vcss_calculator": "venous_course.explorers.vcss_calculator",
    "abpi_compression": "venous_course.explorers.abpi_compression",
    "duplex_reflux": "venous_course.explorers.duplex_reflux",
    "treatment_comparator": "venous_course.explorers.treatment_comparator",
    "compression_classes": "venous_course.explorers.compression_classes",
    "leg_vein_map": "venous_course.explorers.leg_vein_map",
    "procedure_timeline": "venous_course.explorers.procedure_timeline",
    "ulcer_trials": "venous_course.explorers.ulcer_trials",
}

__all__ = ["Explorer", *_WHERE]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'venous_course.explorers' has no attribute '{name}'")
