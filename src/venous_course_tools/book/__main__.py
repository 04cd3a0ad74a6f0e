"""``python -m venous_course_tools.book build`` (see :mod:`venous_course_tools.book.cli`)."""

from venous_course_tools.book.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
