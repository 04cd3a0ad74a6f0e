"""Item analysis statistics (venous_course_tools.instructor.analysis): pure, no nbgrader.

Two kinds of checks: a simulated cohort from a two-parameter logistic item response model with
two planted problems, and small data sets whose statistics are worked out by hand below.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from venous_course_tools.instructor import analysis
from venous_course_tools.instructor.analysis import Item

OPTIONS = ("A", "B", "C", "D")


def simulate_cohort(students: int = 300, seed: int = 17):
    """A cohort answering 16 single-best-answer items, simulated from a 2PL model.

    P(correct | ability theta) = 1 / (1 + exp(-a (theta - b))). A wrong answer picks one of
    the three wrong options at random. Planted problems:
    * item "Q1" is mis-keyed: students who know the answer choose C, the key says A;
    * item "Q2" is too easy (b = -3.5).
    """
    rng = np.random.default_rng(seed)
    n_items = 16
    a = rng.uniform(1.2, 2.2, n_items)
    b = rng.uniform(-0.7, 0.7, n_items)
    b[1] = -3.5
    theta = rng.normal(0, 1, students)
    correct_option = ["C"] + [OPTIONS[i % 4] for i in range(1, n_items)]
    keys = ["A"] + correct_option[1:]  # Q1's key is wrong
    items = [
        Item(f"q{i + 1}", f"Q{i + 1}", 1.0, OPTIONS, frozenset({keys[i]})) for i in range(n_items)
    ]
    p_know = 1 / (1 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
    knows = rng.random((students, n_items)) < p_know
    fractions, choices = [], []
    for s in range(students):
        row_f, row_c = [], []
        for i in range(n_items):
            if knows[s, i]:
                chosen = correct_option[i]
            else:
                wrong = [o for o in OPTIONS if o != correct_option[i]]
                chosen = wrong[rng.integers(len(wrong))]
            row_c.append(frozenset({chosen}))
            row_f.append(1.0 if chosen == keys[i] else 0.0)
        fractions.append(row_f)
        choices.append(row_c)
    return items, fractions, choices


@pytest.fixture(scope="module")
def simulated():
    items, fractions, choices = simulate_cohort()
    return analysis.analyse(items, fractions, choices)


def test_mis_keyed_item_is_flagged(simulated):
    q1 = simulated.items[0]
    codes = {f.code for f in q1.flags}
    assert analysis.CHECK_KEY_FLAG in codes
    assert analysis.DISTRACTOR_UPPER_FLAG in codes
    assert q1.point_biserial < 0 and q1.upper_lower < 0
    c = next(s for s in q1.options if s.option == "C")
    assert c.upper > 0.6 and c.lower < 0.4
    assert any("Option C" in f.text for f in q1.flags)


def test_too_easy_item_is_flagged(simulated):
    q2 = simulated.items[1]
    assert q2.difficulty > 0.9
    assert analysis.TOO_EASY_FLAG in {f.code for f in q2.flags}


def test_other_items_are_not_flagged(simulated):
    flagged = {s.item.item_id: [f.code for f in s.flags] for s in simulated.items[2:] if s.flags}
    assert flagged == {}
    for s in simulated.items[2:]:
        assert 0.2 <= s.difficulty <= 0.9
        assert s.point_biserial >= 0.2 and s.upper_lower > 0.2


def test_simulated_quiz_statistics(simulated):
    assert simulated.submissions == 300
    assert simulated.group_size == 81  # round(0.27 * 300)
    assert simulated.reliability_name == "KR-20"
    assert 0.5 < simulated.reliability < 0.95
    assert simulated.sem == pytest.approx(simulated.sd * math.sqrt(1 - simulated.reliability))
    assert len(simulated.totals) == 300 and simulated.max_total == 16


# --------------------------------------------------------------------------- hand-worked data
#
# Six students, four right/wrong items (1 point each):
#          i1 i2 i3 i4 | total
#   s1      1  1  1  1 |   4
#   s2      1  1  1  0 |   3
#   s3      1  1  0  0 |   2
#   s4      1  0  1  0 |   2
#   s5      0  1  0  0 |   1
#   s6      0  0  0  1 |   1
HAND = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 1]]
HAND_ITEMS = [Item(f"i{k}", f"I{k}", 1.0) for k in range(1, 5)]


def test_kr20_by_hand():
    # p = 4/6, 4/6, 3/6, 2/6; p*q = 8/36, 8/36, 9/36, 8/36; sum = 33/36.
    sum_pq = Fraction(33, 36)
    # totals 4, 3, 2, 2, 1, 1: mean 13/6; sum of squares 16+9+4+4+1+1 = 35;
    # variance (divide by N) = 35/6 - (13/6)^2 = 210/36 - 169/36 = 41/36.
    variance = Fraction(41, 36)
    kr20 = Fraction(4, 3) * (1 - sum_pq / variance)  # = 4/3 * 8/41 = 32/123
    assert kr20 == Fraction(32, 123)
    stats = analysis.analyse(HAND_ITEMS, HAND)
    assert stats.reliability_name == "KR-20"
    assert stats.reliability == pytest.approx(32 / 123, abs=1e-12)
    assert stats.mean == pytest.approx(13 / 6)
    assert stats.sd == pytest.approx(math.sqrt(41 / 36))
    assert stats.sem == pytest.approx(math.sqrt(41 / 36) * math.sqrt(1 - 32 / 123))


def test_point_biserial_by_hand():
    # Item 1, corrected: rest score = total - item 1 = 3, 2, 1, 1, 1, 1.
    # Right (s1-s4): rest 3, 2, 1, 1 -> mean M1 = 7/4. Wrong (s5, s6): rest 1, 1 -> M0 = 1.
    # Rest mean 9/6 = 3/2; rest variance (divide by N) = (9+4+1+1+1+1)/6 - 9/4 = 17/6 - 9/4
    # = 34/12 - 27/12 = 7/12. p = 2/3, q = 1/3.
    # r_pb = (M1 - M0) / s * sqrt(p q) = (3/4) / sqrt(7/12) * sqrt(2/9).
    expected_1 = 0.75 / math.sqrt(7 / 12) * math.sqrt(2 / 9)
    # Item 4: rest = 3, 3, 2, 2, 1, 0. Right (s1, s6): rest 3, 0 -> M1 = 3/2.
    # Wrong (s2-s5): 3, 2, 2, 1 -> M0 = 2. Rest mean 11/6; rest variance
    # (9+9+4+4+1+0)/6 - 121/36 = 162/36 - 121/36 = 41/36. p = 1/3.
    expected_4 = (1.5 - 2) / math.sqrt(41 / 36) * math.sqrt(2 / 9)
    stats = analysis.analyse(HAND_ITEMS, HAND)
    assert stats.items[0].point_biserial == pytest.approx(expected_1, abs=1e-12)
    assert stats.items[3].point_biserial == pytest.approx(expected_4, abs=1e-12)
    assert expected_4 < 0
    assert analysis.CHECK_KEY_FLAG in {f.code for f in stats.items[3].flags}
    # Difficulty by hand: 4/6, 4/6, 3/6, 2/6.
    assert [s.difficulty for s in stats.items] == pytest.approx([4 / 6, 4 / 6, 3 / 6, 2 / 6])


def test_upper_lower_index_by_hand():
    # 27% of 6 is 1.62 -> groups of 2. Upper: s1 (4), s2 (3). Lower: the two lowest totals,
    # s5 and s6 (1 each). Item 1: upper 2/2, lower 0/2 -> D = 1. Item 4: upper 1/2,
    # lower 1/2 -> D = 0. Item 2: upper 1, lower 1/2 -> D = 1/2.
    stats = analysis.analyse(HAND_ITEMS, HAND)
    assert stats.group_size == 2
    assert [s.upper_lower for s in stats.items] == pytest.approx([1.0, 0.5, 1.0, 0.0])


def test_cronbach_alpha_by_hand_for_partial_credit():
    # Five students, three items worth 2 points each; fractions of points:
    #   s1: 1, 1, .5   -> points 2, 2, 1 (total 5)
    #   s2: 1, .5, .5  -> 2, 1, 1 (4)
    #   s3: .5, .5, 0  -> 1, 1, 0 (2)
    #   s4: .5, 0, 0   -> 1, 0, 0 (1)
    #   s5: 0, 0, .5   -> 0, 0, 1 (1)
    # Item variances (divide by N): item 1 points 2,2,1,1,0: mean 6/5, mean square 10/5 = 2,
    # var = 2 - 36/25 = 14/25. Item 2: 2,1,1,0,0: mean 4/5, mean sq 6/5, var 6/5 - 16/25
    # = 14/25. Item 3: 1,1,0,0,1: mean 3/5, mean sq 3/5, var 3/5 - 9/25 = 6/25.
    # Sum 34/25. Totals 5,4,2,1,1: mean 13/5, mean sq 47/5, var 47/5 - 169/25 = 66/25.
    # alpha = 3/2 * (1 - 34/66) = 3/2 * 32/66 = 8/11.
    data = [[1, 1, 0.5], [1, 0.5, 0.5], [0.5, 0.5, 0], [0.5, 0, 0], [0, 0, 0.5]]
    items = [Item(f"p{k}", f"P{k}", 2.0) for k in range(3)]
    stats = analysis.analyse(items, data)
    assert stats.reliability_name == "Cronbach's alpha"
    assert stats.reliability == pytest.approx(8 / 11, abs=1e-12)
    assert stats.sd == pytest.approx(math.sqrt(66 / 25))
    assert [s.difficulty for s in stats.items] == pytest.approx([0.6, 0.4, 0.3])


def test_option_shares_and_unused_distractor():
    # Upper/lower groups of 2 (27% of 7 = 1.89). Totals 2,2,1,1,1,0,0 by construction.
    item = Item("q1", "Q1", 1.0, ("A", "B", "C", "D"), frozenset({"B"}))
    other = Item("q2", "Q2", 1.0)
    fractions = [[1, 1], [1, 1], [1, 0], [0, 1], [0, 1], [0, 0], [0, 0]]
    picks = ["B", "B", "B", "C", "A", "A", None]
    choices = [[None if p is None else frozenset({p}), None] for p in picks]
    stats = analysis.analyse([item, other], fractions, choices)
    shares = {s.option: s for s in stats.items[0].options}
    assert (shares["B"].upper, shares["B"].lower) == (1.0, 0.0)
    # lower group = the two lowest totals, s6 (A) and s7 (no answer)
    assert (shares["A"].upper, shares["A"].lower) == (0.0, 0.5)
    assert shares["D"].count == 0 and shares["A"].count == 2
    assert shares["B"].everyone == pytest.approx(3 / 7)
    codes = [f.code for f in stats.items[0].flags]
    assert codes.count(analysis.DISTRACTOR_UNUSED_FLAG) == 1
    assert analysis.DISTRACTOR_UPPER_FLAG not in codes


def test_select_all_shares_count_each_option():
    item = Item("q5", "Q5", 2.0, ("A", "B", "C"), frozenset({"A", "B"}))
    fractions = [[1.0], [0.5], [0.5], [0.0], [0.0]]
    choices = [[frozenset(c)] for c in ("AB", "A", "B", "C", "AC")]
    stats = analysis.analyse([item], fractions, choices)
    shares = {s.option: s.count for s in stats.items[0].options}
    assert shares == {"A": 3, "B": 2, "C": 2}


def test_refuses_fewer_than_five_submissions():
    with pytest.raises(analysis.TooFewSubmissions, match="at least 5"):
        analysis.analyse(HAND_ITEMS, HAND[:4])


@pytest.mark.parametrize(
    "fractions",
    [[[1, 1, 1]] * 6, [[1, 1, 1, 2]] * 6, [[1, 1, 1, float("nan")]] * 6],
)
def test_malformed_scores_are_a_sentence(fractions):
    with pytest.raises(ValueError, match="item"):
        analysis.analyse(HAND_ITEMS, fractions)


def test_item_everyone_got_right_cannot_discriminate():
    data = [row[:3] + [1] for row in HAND]
    stats = analysis.analyse(HAND_ITEMS, data)
    codes = {f.code for f in stats.items[3].flags}
    assert stats.items[3].point_biserial is None
    assert codes == {analysis.TOO_EASY_FLAG, analysis.NO_SPREAD_FLAG}


def test_score_histogram_bins():
    rows = analysis.score_histogram([0, 0.5, 1, 15.5, 15, 7.25], 15.5)
    assert len(rows) == 16 and rows[-1] == (15.0, 15.5, 2)
    assert rows[0][2] == 2 and rows[1][2] == 1 and rows[7][2] == 1
    assert sum(r[2] for r in rows) == 6
    wide = analysis.score_histogram([0, 40], 40)
    assert len(wide) == 20 and wide[0][:2] == (0.0, 2.0) and wide[-1][2] == 1
