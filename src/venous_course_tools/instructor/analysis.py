"""Item analysis of a graded quiz: which items work, which mislead (pure statistics, no I/O).

Input is plain data: for every included submission and every item, the fraction of the item's
points earned (0 to 1) and, for choice items, the set of options the student chose. Output is
what LMS quiz tools show (Canvas quiz statistics, ExamSoft, Gradescope), with flags in plain
words. Classical test theory, as in Crocker & Algina, *Introduction to Classical and Modern
Test Theory* (1986) and Ebel & Frisbie, *Essentials of Educational Measurement* (1991):

* difficulty ``p``: the mean fraction of the item's points earned (the proportion correct for
  a right/wrong item);
* discrimination: the corrected item-total (point-biserial) correlation, i.e. the Pearson
  correlation of the item score with the total of the *other* items, and the upper-lower index
  ``D = p(upper 27%) - p(lower 27%)`` (Kelley 1939);
* reliability: KR-20 when every item is scored right/wrong, Cronbach's alpha otherwise (the
  two agree on right/wrong items), and the standard error of measurement
  ``SEM = SD * sqrt(1 - reliability)``.

Variances and the SD divide by N (the cohort is the whole population being described), so
KR-20 and alpha agree exactly on right/wrong items.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

#: Fewer graded submissions than this and the report is refused: the statistics would mean
#: little, and with so few students a reader could work out one student's answers.
MIN_SUBMISSIONS = 5
#: Share of the cohort in each of the upper and lower groups (Kelley 1939).
GROUP_SHARE = 0.27
#: Difficulty above this: too easy (it tells the instructor little).
TOO_EASY = 0.90
#: Difficulty below this: too hard.
TOO_HARD = 0.20
#: Corrected point-biserial below this: weak discrimination.
WEAK_DISCRIMINATION = 0.20

TOO_EASY_FLAG = "too easy"
TOO_HARD_FLAG = "too hard"
WEAK_FLAG = "weak discrimination"
CHECK_KEY_FLAG = "check the key"
NO_SPREAD_FLAG = "no spread"
DISTRACTOR_UPPER_FLAG = "distractor drew strong students"
DISTRACTOR_UNUSED_FLAG = "distractor nobody chose"


class TooFewSubmissions(ValueError):
    """Fewer than :data:`MIN_SUBMISSIONS` graded submissions: no statistics are computed."""


@dataclass(frozen=True)
class Item:
    """One graded item of a quiz.

    ``options`` are the answer letters of a choice item (empty for other items) and ``key``
    the keyed letters (one for single best answer, several for select-all-that-apply).
    """

    item_id: str
    label: str
    max_points: float
    options: tuple[str, ...] = ()
    key: frozenset[str] = frozenset()

    @property
    def is_choice(self) -> bool:
        """True for items whose options are analysed (single best answer, select all)."""
        return bool(self.options) and bool(self.key)


@dataclass(frozen=True)
class Flag:
    """A problem with an item, as a short code and a sentence an instructor reads."""

    code: str
    text: str


@dataclass(frozen=True)
class OptionShare:
    """Share (0 to 1) of the upper group, the lower group and everyone choosing an option."""

    option: str
    keyed: bool
    upper: float
    lower: float
    everyone: float
    count: int


@dataclass(frozen=True)
class ItemStats:
    """The statistics and flags of one item."""

    item: Item
    difficulty: float
    point_biserial: float | None
    upper_lower: float
    options: tuple[OptionShare, ...]
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class QuizStats:
    """The statistics of a whole quiz over the included submissions."""

    submissions: int
    max_total: float
    totals: tuple[float, ...]
    mean: float
    sd: float
    reliability: float | None
    reliability_name: str
    sem: float | None
    group_size: int
    items: tuple[ItemStats, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> tuple[ItemStats, ...]:
        """The items with at least one flag, in quiz order."""
        return tuple(s for s in self.items if s.flags)


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson correlation, or None when either variable does not vary."""
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float((dx * dx).sum() * (dy * dy).sum()))
    if denominator < 1e-12:
        return None
    return float((dx * dy).sum() / denominator)


def group_size(n: int) -> int:
    """Students in each of the upper and lower groups: 27% of ``n``, at least 1."""
    return max(1, int(round(GROUP_SHARE * n)))


def upper_lower_groups(totals: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the upper and lower 27% by total score.

    Ties at a group boundary are broken by input order (a stable sort), so the same data
    always give the same groups.
    """
    order = np.argsort(np.asarray(totals, dtype=float), kind="stable")
    g = group_size(len(order))
    return order[::-1][:g], order[:g]


def reliability(points: np.ndarray) -> float | None:
    """Cronbach's alpha of a students x items matrix of points (KR-20 on right/wrong items).

    ``alpha = k / (k - 1) * (1 - sum of item variances / variance of the totals)``; None when
    there are fewer than two items or the totals do not vary.
    """
    k = points.shape[1]
    total_variance = float(points.sum(axis=1).var())
    if k < 2 or total_variance < 1e-12:
        return None
    return k / (k - 1) * (1 - float(points.var(axis=0).sum()) / total_variance)


def is_right_wrong(fractions: np.ndarray) -> bool:
    """True when every score is either none or all of the item's points."""
    return bool(np.all((np.abs(fractions) < 1e-9) | (np.abs(fractions - 1) < 1e-9)))


def option_shares(
    item: Item,
    choices: Sequence[frozenset[str] | None],
    upper: np.ndarray,
    lower: np.ndarray,
) -> tuple[OptionShare, ...]:
    """Share of the upper group, lower group and everyone who chose each option of ``item``.

    A student with no readable answer counts in the group but chose nothing.
    """
    shares = []
    n = len(choices)
    for option in item.options:
        chose = np.array([bool(c) and option in c for c in choices], dtype=float)
        shares.append(
            OptionShare(
                option=option,
                keyed=option in item.key,
                upper=float(chose[upper].mean()),
                lower=float(chose[lower].mean()),
                everyone=float(chose.sum() / n),
                count=int(chose.sum()),
            )
        )
    return tuple(shares)


def item_flags(
    difficulty: float, point_biserial: float | None, options: Sequence[OptionShare]
) -> tuple[Flag, ...]:
    """The plain-word flags of one item (empty when nothing needs attention)."""
    flags = []
    if difficulty > TOO_EASY:
        flags.append(
            Flag(
                TOO_EASY_FLAG,
                f"Too easy: {difficulty:.0%} of the points were earned (above "
                f"{TOO_EASY:.0%}), so it tells you little about who has learnt what.",
            )
        )
    if difficulty < TOO_HARD:
        flags.append(
            Flag(
                TOO_HARD_FLAG,
                f"Too hard: only {difficulty:.0%} of the points were earned (below "
                f"{TOO_HARD:.0%}). Check the wording, the key and whether it was taught.",
            )
        )
    if point_biserial is None:
        flags.append(
            Flag(
                NO_SPREAD_FLAG,
                "Every student scored the same on it (or on the rest of the quiz), so it "
                "cannot separate stronger from weaker students.",
            )
        )
    elif point_biserial < 0:
        flags.append(
            Flag(
                CHECK_KEY_FLAG,
                f"Check the key: students who did well on the rest of the quiz scored lower "
                f"on this item (discrimination {point_biserial:.2f}). A wrong key or an "
                "ambiguous stem is the usual cause.",
            )
        )
    elif point_biserial < WEAK_DISCRIMINATION:
        flags.append(
            Flag(
                WEAK_FLAG,
                f"Weak discrimination ({point_biserial:.2f}, below {WEAK_DISCRIMINATION:.2f}): "
                "strong and weak students did about equally well on it.",
            )
        )
    for share in options:
        if share.keyed:
            continue
        if share.upper > share.lower:
            flags.append(
                Flag(
                    DISTRACTOR_UPPER_FLAG,
                    f"Option {share.option} (not keyed) was chosen by more of the upper group "
                    f"({share.upper:.0%}) than of the lower group ({share.lower:.0%}): check "
                    "the key, and whether this option can also be defended.",
                )
            )
        if share.count == 0:
            flags.append(
                Flag(
                    DISTRACTOR_UNUSED_FLAG,
                    f"Option {share.option} was chosen by nobody: it is not a plausible "
                    "distractor; replace it or drop it.",
                )
            )
    return tuple(flags)


def analyse(
    items: Sequence[Item],
    fractions: Sequence[Sequence[float]],
    choices: Sequence[Sequence[frozenset[str] | None]] | None = None,
    notes: Sequence[str] = (),
) -> QuizStats:
    """Item and quiz statistics of the included submissions.

    ``fractions[s][i]`` is the fraction (0 to 1) of item ``i``'s points that submission ``s``
    earned; ``choices[s][i]`` the options it chose on a choice item (None otherwise or when
    unreadable). Raises :class:`TooFewSubmissions` below :data:`MIN_SUBMISSIONS` submissions
    and ``ValueError`` for malformed input.
    """
    n = len(fractions)
    if n < MIN_SUBMISSIONS:
        raise TooFewSubmissions(
            f"Only {n} graded submission(s) can be analysed; item analysis needs at least "
            f"{MIN_SUBMISSIONS}, both for the numbers to mean anything and so that no "
            "student's answers can be worked out from the report. Grade more submissions "
            "(or finish the hand grading), then run it again."
        )
    if not items:
        raise ValueError("The quiz has no graded items to analyse.")
    frac = np.asarray(fractions, dtype=float)
    if frac.shape != (n, len(items)):
        raise ValueError(
            f"Every submission needs one score per item ({len(items)} items); "
            f"got a table of shape {frac.shape}."
        )
    if np.isnan(frac).any() or (frac < -1e-9).any() or (frac > 1 + 1e-9).any():
        raise ValueError("Every item score must be a fraction of its points between 0 and 1.")
    if choices is None:
        choices = [[None] * len(items) for _ in range(n)]
    if len(choices) != n or any(len(row) != len(items) for row in choices):
        raise ValueError("The chosen options need one entry per submission and item.")

    weights = np.array([item.max_points for item in items], dtype=float)
    points = frac * weights
    totals = points.sum(axis=1)
    upper, lower = upper_lower_groups(totals)
    stats = []
    for i, item in enumerate(items):
        rest = totals - points[:, i]
        difficulty = float(frac[:, i].mean())
        r = _pearson(points[:, i], rest)
        d = float(frac[upper, i].mean() - frac[lower, i].mean())
        shares = (
            option_shares(item, [row[i] for row in choices], upper, lower) if item.is_choice else ()
        )
        stats.append(ItemStats(item, difficulty, r, d, shares, item_flags(difficulty, r, shares)))

    alpha = reliability(points)
    sd = float(totals.std())
    return QuizStats(
        submissions=n,
        max_total=float(weights.sum()),
        totals=tuple(sorted(float(t) for t in totals)),
        mean=float(totals.mean()),
        sd=sd,
        reliability=alpha,
        reliability_name="KR-20" if is_right_wrong(frac) else "Cronbach's alpha",
        sem=None if alpha is None else sd * math.sqrt(max(0.0, 1 - alpha)),
        group_size=group_size(n),
        items=tuple(stats),
        notes=tuple(notes),
    )


def score_histogram(totals: Sequence[float], max_total: float) -> list[tuple[float, float, int]]:
    """Counts of total scores in bins of equal width over 0..``max_total``.

    Returns ``(low, high, count)`` rows; the last bin includes ``max_total``. The bin width is
    one point for quizzes of up to 20 points, otherwise ``max_total / 20``.
    """
    if max_total <= 0:
        raise ValueError(f"The maximum total score must be above 0; got {max_total}.")
    width = 1.0 if max_total <= 20 else max_total / 20
    bins = max(1, math.ceil(max_total / width - 1e-9))
    counts = [0] * bins
    for total in totals:
        index = min(bins - 1, max(0, int(math.floor(total / width + 1e-9))))
        counts[index] += 1
    return [(k * width, min(max_total, (k + 1) * width), counts[k]) for k in range(bins)]
