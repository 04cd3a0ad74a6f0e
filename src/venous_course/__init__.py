"""venous_course: the code behind an open nursing course on chronic venous disease.

Pure clinical models (``ceap``, ``vcss``, ``abpi``, ``duplex``, ``calf_pump``,
``treatments``), figure builders and interactive explorers. Everything here is for
education, never individual advice.

A notebook imports what it shows: ``from venous_course import explorers, selfcheck,
show_figure``.
"""

from typing import Any

EDUCATION_NOTICE = (
    "This course is education for students and self-learners. It is not medical advice "
    "for any individual: decisions about a patient belong to the clinical team caring for them."
)

__all__ = ["EDUCATION_NOTICE", "show_figure"]


def __getattr__(name: str) -> Any:
    # show_figure needs plotly; importing it lazily keeps ``import venous_course`` light for
    # the tools that only need EDUCATION_NOTICE.
    if name == "show_figure":
        from venous_course.display import show_figure

        return show_figure
    raise AttributeError(f"module 'venous_course' has no attribute {name!r}")
