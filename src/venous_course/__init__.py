"""venous_course: the code behind an open nursing course on chronic venous disease.

Pure clinical models (``ceap``, ``vcss``, ``abpi``, ``duplex``, ``physiology``,
``treatments``), figure builders and interactive explorers. Everything here is for
education, never individual advice.
"""

EDUCATION_NOTICE = (
    "This course is education for students and self-learners. It is not medical advice "
    "for any individual: decisions about a patient belong to the clinical team caring for them."
)

__all__ = ["EDUCATION_NOTICE"]
