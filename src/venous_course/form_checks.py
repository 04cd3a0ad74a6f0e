"""Form checks of the graded quizzes in words: one sentence instead of Python's error report.

The check cell under each answer of a quiz (``quizzes/source``) is a list of ``assert`` lines
whose messages are sentences ("Q5 may only contain the letters A, B, C, D, E, F, each in
quotes."). Run as they are, a failed check shows an ``AssertionError`` traceback. The quiz's
locked set-up cell calls :func:`show_form_checks_in_words` once, which asks the kernel
(IPython's ``set_custom_exc``) to show, for a failed check, only its sentence; for an answer
name that was never set, one sentence saying which answer cell to run; and for an answer
cell Python cannot read (a curly quote pasted from a word processor, a missing quote), one
sentence saying what to check. ``nbgrader validate`` and the lab's Validate button read the
same outputs, so they show the same sentences.

This changes only how errors are *displayed* in the student's own kernel. Grading never runs
the set-up cell nor the student's kernel: it reads every answer as a plain value and runs the
instructor's tests in its own process (``venous_course_tools.instructor.grading``).
"""

from __future__ import annotations

import re
from typing import Any

_ANSWER_NAME = re.compile(r"^q\d+$")


def failed_check_sentence(error: BaseException) -> str | None:
    """The one sentence a failed form check shows, or None for an error that is not one.

    >>> failed_check_sentence(AssertionError("Q1 must be one of the letters A, B, C, D."))
    'Q1 must be one of the letters A, B, C, D.'
    >>> failed_check_sentence(NameError("name 'q3' is not defined", name="q3"))[:40]
    'Q3 has no answer yet: set q3 in its answ'
    >>> failed_check_sentence(ZeroDivisionError()) is None
    True
    """
    if isinstance(error, AssertionError):
        text = " ".join(str(error).split())
        return text or "This answer is not in the form the item asks for yet."
    if isinstance(error, NameError):
        name = str(getattr(error, "name", "") or "")
        if _ANSWER_NAME.match(name):
            return f"{name.upper()} has no answer yet: set {name} in its answer cell, then run it."
    return None


def unreadable_answer_sentence(error: SyntaxError) -> str:
    """One sentence for an answer cell Python cannot read (curly quotes, a missing quote).

    >>> unreadable_answer_sentence(SyntaxError("invalid", ("<cell>", 2, 6, "q1 = “D”")))[:47]
    'Line 2 of this answer is not in a form the quiz'
    """
    line = f"Line {error.lineno}" if error.lineno else "This answer"
    where = f"{line} of this answer" if error.lineno else line
    return (
        f'{where} is not in a form the quiz can read: use straight quotes "like this" (not '
        "curly ones), close every quote and bracket, and keep the name as it was "
        "(for example q1 = ...)."
    )


def _in_words(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
    """IPython custom exception handler: show the sentence, else IPython's usual report.

    IPython ignores what a handler returns when a cell raises, so the handler shows the
    report itself, through the shell's ``_showtraceback`` (which ipykernel sends to the
    notebook as the cell's error output and its execute reply).
    """
    sentence = failed_check_sentence(value)
    if sentence is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
    else:
        shell._showtraceback(etype, value, [sentence])
    return []


def show_form_checks_in_words(shell: Any = None) -> bool:
    """Make failed form checks and unreadable answers show one sentence in this kernel.

    Returns False (and changes nothing) outside IPython, for example in a plain script.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((AssertionError, NameError), _in_words)
    usual = shell.showsyntaxerror

    def syntax_in_words(filename: str | None = None, running_compiled_code: bool = False):
        import sys

        etype, value, _tb = sys.exc_info()
        if isinstance(value, SyntaxError):
            shell._showtraceback(etype, value, [unreadable_answer_sentence(value)])
            return None
        return usual(filename, running_compiled_code)

    shell.showsyntaxerror = syntax_in_words
    return True
