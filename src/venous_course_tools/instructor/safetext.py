"""Text from a submission, made safe to print on a terminal or to write into a report.

A student controls the text of their notebook (answers, cell metadata, grade ids), the names of
files in their submission and, on a shared host, the names of their exchange folders. Printed
raw, an ANSI or OSC escape in that text can clear the instructor's screen, set the window
title or draw a fake "Score recorded" line; a bidirectional override can make a line read
differently from what it holds. Every such character is shown as a visible escape instead.
"""

from __future__ import annotations

import re

#: C0 controls (tab and newline included), DEL, C1 controls, and the Unicode marks that
#: reorder or hide text on screen (bidirectional overrides and isolates, zero-width marks).
_MARKS = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_MARKS}]")
#: The same without newline and tab: for multi-line text such as a teach-back answer.
CONTROL_BUT_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_MARKS}]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_control(text: str) -> bool:
    """True when ``text`` holds any control or reordering character (newline included)."""
    return CONTROL.search(text) is not None


def printable(text: object, keep_lines: bool = False) -> str:
    """``text`` with every control or reordering character shown as ``\\xNN`` / ``\\uNNNN``.

    With ``keep_lines`` newlines and tabs stay (a multi-line answer stays readable); carriage
    returns, escapes and the rest are still shown as escapes.

    >>> printable("ok\\x1b[2J\\u202e"), printable("a\\nb", keep_lines=True)
    ('ok\\\\x1b[2J\\\\u202e', 'a\\nb')
    """
    pattern = CONTROL_BUT_LINES if keep_lines else CONTROL
    return pattern.sub(_visible, str(text))


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with the number of characters left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"
