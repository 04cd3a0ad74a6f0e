"""The usual path of a vein procedure, in six steps, with the nurse's part in each.

Paraphrased from the course's source text (``seedtext``), which stresses that the exact steps
vary by clinician and case. What a nurse does at each step also depends on the setting, local
policy and the nurse's scope of practice; the roles below are typical, not a protocol.
Education, not advice.
"""

from __future__ import annotations

from dataclasses import dataclass

VARIES_NOTE = "A general outline only: the exact steps vary by clinician and case."


@dataclass(frozen=True)
class ProcedureStep:
    """One step: its number (1-6), a short title, what happens and the nurse's usual roles."""

    number: int
    key: str
    title: str
    what_happens: str
    nurse_roles: tuple[str, ...]


STEPS: tuple[ProcedureStep, ...] = (
    ProcedureStep(
        1,
        "consultation",
        "Consultation",
        "The team hears what bothers the person (symptoms, how the veins look) and goes over "
        "their health history, current medicines and any earlier vein treatment.",
        (
            "Take the history: symptoms, past clots, earlier vein treatment",
            "Review medicines, for example blood thinners, and allergies",
        ),
    ),
    ProcedureStep(
        2,
        "assessment",
        "Assessment and planning",
        "An examination, often with duplex ultrasound, shows where blood flows backwards, how "
        "wide the veins are and how they connect. The plan may join two or more techniques, "
        "such as ablation with phlebectomy or sclerotherapy.",
        (
            "Support informed consent: explain the plan in plain words",
            "Set realistic expectations about results, sessions and recovery",
        ),
    ),
    ProcedureStep(
        3,
        "preparation",
        "Preparation and anaesthesia",
        "The skin is cleaned and the veins to be treated are marked. Numbing the skin with a "
        "local anaesthetic is usual; sedation or a general anaesthetic is used less often, "
        "depending on the case.",
        (
            "Prepare the skin and help with marking the target veins",
            "Explain the anaesthesia options: local anaesthetic, sometimes sedation",
        ),
    ),
    ProcedureStep(
        4,
        "procedure",
        "Procedure",
        "The clinician treats the planned veins: ablation or adhesive closure, sclerotherapy, "
        "phlebectomy or a mix. Ultrasound may guide the needle and the treatment.",
        (
            "Assist with ultrasound guidance and equipment",
            "Watch the person's comfort and vital signs throughout",
        ),
    ),
    ProcedureStep(
        5,
        "closure",
        "Closure and dressing",
        "Tiny access points are closed with adhesive strips or covered with a dressing; "
        "stitches are used now and then. Compression may be put on, in the way the clinic "
        "prefers.",
        (
            "Apply dressings and compression as prescribed",
            "Check the skin and circulation below the compression",
        ),
    ),
    ProcedureStep(
        6,
        "recovery",
        "Recovery and follow-up",
        "Many people get back to light activity soon, though bruising or soreness can last a "
        "while. Follow-up may bring a repeat ultrasound or further sessions for veins that "
        "remain.",
        (
            "Encourage early walking",
            "Observe for complications and teach warning signs (for example of a clot)",
            "Arrange follow-up: repeat ultrasound and any staged sessions",
        ),
    ),
)


def step(number: int) -> ProcedureStep:
    """The step with this number, 1 (consultation) to 6 (recovery and follow-up)."""
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(
            f"A procedure step is a whole number from 1 to {len(STEPS)}; got {number!r}."
        )
    if not 1 <= number <= len(STEPS):
        raise ValueError(
            f"A procedure step is a whole number from 1 to {len(STEPS)}; got {number}."
        )
    return STEPS[number - 1]


# The heading over a step's nurse roles, in the live explorer and its twin alike.
ROLES_HEADING = "Nurse's role (typical; depends on setting and scope of practice)"


def step_summary(number: int) -> str:
    """Plain-text details of one step: what happens and the nurse's roles."""
    item = step(number)
    roles = "; ".join(item.nurse_roles)
    return (
        f"Step {item.number} of {len(STEPS)}, {item.title}: {item.what_happens} "
        f"Nurse's role: {roles}."
    )
