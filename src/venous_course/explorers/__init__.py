"""The course's interactive explorers. Each function returns an :class:`Explorer`.

Display one in a notebook cell: JupyterLab shows the live widget, the book its kernel-free
twin. Each explorer lives in its own module named like its function.
"""

# Each submodule has the same name as its function. Importing a submodule binds the module
# to that name on this package; the from-imports below run after it and rebind the name to
# the function, so `explorers.calf_pump()` always calls the function.
from venous_course.explorers.abpi_compression import abpi_compression
from venous_course.explorers.base import Explorer
from venous_course.explorers.calf_pump import calf_pump
from venous_course.explorers.ceap_builder import ceap_builder
from venous_course.explorers.compression_classes import compression_classes
from venous_course.explorers.duplex_reflux import duplex_reflux
from venous_course.explorers.leg_vein_map import leg_vein_map
from venous_course.explorers.procedure_timeline import procedure_timeline
from venous_course.explorers.treatment_comparator import treatment_comparator
from venous_course.explorers.ulcer_trials import ulcer_trials
from venous_course.explorers.valve_flow import valve_flow
from venous_course.explorers.vcss_calculator import vcss_calculator

# Where each explorer lives (the benchmark and tests loop over this).
_WHERE = {
    name: f"venous_course.explorers.{name}"
    for name in (
        "calf_pump",
        "valve_flow",
        "ceap_builder",
        "vcss_calculator",
        "abpi_compression",
        "duplex_reflux",
        "treatment_comparator",
        "compression_classes",
        "leg_vein_map",
        "procedure_timeline",
        "ulcer_trials",
    )
}

__all__ = [
    "Explorer",
    "abpi_compression",
    "calf_pump",
    "ceap_builder",
    "compression_classes",
    "duplex_reflux",
    "leg_vein_map",
    "procedure_timeline",
    "treatment_comparator",
    "ulcer_trials",
    "valve_flow",
    "vcss_calculator",
]
