"""The course glossary: merge every ``assets/glossary/unit-*.yml`` into ``book/glossary.md``.

Each unit file is a YAML mapping ``term: one-sentence definition``. :func:`load_terms` merges
them and refuses contradictions (the same term defined differently in two files) and empty
definitions. :func:`render_glossary_md` writes the MyST page with a Sphinx ``glossary``
directive, so that ``{term}`reflux``` in any module links to its definition.

Regenerate the page after editing a unit file::

    python -m venous_course_tools.checks.glossary          # rewrite book/glossary.md
    python -m venous_course_tools.checks.glossary --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from venous_course_tools.paths import REPO as ROOT

GLOSSARY_FOLDER = ROOT / "assets" / "glossary"
GLOSSARY_PAGE = ROOT / "book" / "glossary.md"
UNIT_FILE_PATTERN = "unit-*.yml"

# A {term} role in MyST markdown: {term}`reflux` or {term}`visible text <reflux>`.
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")
_EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

PAGE_INTRO = (
    "Plain-language definitions of the terms the course links to. Each definition is "
    "education for students and self-learners, not medical advice for any individual."
)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses a key written twice in one mapping."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise ValueError(
                f"The term '{key}' is written twice in the same glossary file "
                f"(line {key_node.start_mark.line + 1}); keep one definition."
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_unique_mapping
)


def _normalise(text: str) -> str:
    """Collapse runs of whitespace (YAML folding) into single spaces and strip the ends."""
    return " ".join(text.split())


def _check_term(term: object, origin: str) -> str:
    if not isinstance(term, str) or not term.strip():
        raise ValueError(f"{origin}: every glossary term must be non-empty text; got {term!r}.")
    clean = _normalise(term)
    if " : " in clean or clean.startswith(("-", "*", ":")):
        raise ValueError(
            f"{origin}: the term '{clean}' cannot contain ' : ' or start with '-', '*' or ':' "
            "(the glossary directive would misread it)."
        )
    return clean


def parse_terms(data: object, origin: str) -> dict[str, str]:
    """Validate one unit file's content (a mapping of term to definition) and return it.

    Terms and definitions are returned with whitespace collapsed. Raises ValueError when the
    content is not a mapping, a term is empty, or a definition is empty or not text.
    """
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(
            f"{origin} must be a list of 'term: definition' lines (a YAML mapping); "
            f"got {type(data).__name__}."
        )
    terms: dict[str, str] = {}
    for raw_term, raw_definition in data.items():
        term = _check_term(raw_term, origin)
        if not isinstance(raw_definition, str) or not raw_definition.strip():
            raise ValueError(f"{origin}: the term '{term}' needs a non-empty text definition.")
        if term.casefold() in {t.casefold() for t in terms}:
            raise ValueError(f"{origin}: the term '{term}' appears twice (ignoring case).")
        terms[term] = _normalise(raw_definition)
    return terms


def load_terms(folder: Path | str = GLOSSARY_FOLDER) -> dict[str, str]:
    """Merge every ``unit-*.yml`` in ``folder`` into one ``{term: definition}`` mapping.

    Returns the terms sorted case-insensitively. The same term (compared ignoring case) may
    appear in several files only with the same definition; otherwise ValueError names both
    files. An empty definition, a term written twice in one file, or a folder with no unit
    files also raises ValueError.
    """
    folder = Path(folder)
    files = sorted(folder.glob(UNIT_FILE_PATTERN))
    if not files:
        raise ValueError(f"No glossary files ({UNIT_FILE_PATTERN}) found in {folder}.")
    merged: dict[str, str] = {}
    where: dict[str, tuple[str, str]] = {}  # casefolded term -> (term as written, file name)
    for path in files:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
        except yaml.YAMLError as error:
            raise ValueError(f"{path.name} is not valid YAML: {error}") from error
        for term, definition in parse_terms(data, path.name).items():
            key = term.casefold()
            if key in where:
                first_term, first_file = where[key]
                if merged[first_term] != definition:
                    raise ValueError(
                        f"The term '{term}' is defined differently in {first_file} and "
                        f"{path.name}; agree on one definition (or use one file only)."
                    )
                continue
            where[key] = (term, path.name)
            merged[term] = definition
    return dict(sorted(merged.items(), key=lambda item: (item[0].casefold(), item[0])))


def render_glossary_md(terms: dict[str, str]) -> str:
    """The MyST text of ``book/glossary.md`` for ``terms``, sorted case-insensitively.

    Raises ValueError for an empty mapping or an empty definition.
    """
    if not terms:
        raise ValueError("The glossary needs at least one term.")
    lines = [
        "# Glossary",
        "",
        "<!-- Generated by `python -m venous_course_tools.checks.glossary`"
        " from assets/glossary/unit-*.yml;",
        "     edit those files, not this page. -->",
        "",
        PAGE_INTRO,
        "",
        "```{glossary}",
        ":sorted:",
        "",
    ]
    for term, definition in sorted(terms.items(), key=lambda item: (item[0].casefold(), item[0])):
        clean_term = _check_term(term, "glossary")
        clean_definition = _normalise(definition) if isinstance(definition, str) else ""
        if not clean_definition:
            raise ValueError(f"The term '{clean_term}' needs a non-empty definition.")
        lines += [clean_term, f"  {clean_definition}", ""]
    lines[-1] = "```"
    return "\n".join(lines) + "\n"


def term_targets(markdown: str) -> list[str]:
    """Every glossary term a MyST text links with the ``{term}`` role, in order of use.

    ``{term}`reflux``` gives ``reflux``; ``{term}`venous ulcers <venous ulcer>``` gives
    ``venous ulcer``.
    """
    targets = []
    for content in TERM_ROLE.findall(markdown):
        match = _EXPLICIT_TARGET.match(content.strip())
        targets.append(_normalise(match["target"] if match else content))
    return targets


def glossary_page_terms(page: str) -> list[str]:
    """The terms defined in a rendered glossary page (the unindented lines of the directive)."""
    inside = False
    terms: list[str] = []
    for line in page.splitlines():
        if line.startswith("```{glossary}"):
            inside = True
            continue
        if inside and line.startswith("```"):
            break
        if inside and line and not line[0].isspace() and not line.startswith(":"):
            terms.append(line.strip())
    return terms


def main(argv: list[str] | None = None) -> int:
    """Regenerate book/glossary.md (or, with --check, report whether it is up to date)."""
    parser = argparse.ArgumentParser(
        prog="python -m venous_course_tools.checks.glossary",
        description="Merge assets/glossary/unit-*.yml into book/glossary.md.",
    )
    parser.add_argument("--folder", type=Path, default=GLOSSARY_FOLDER)
    parser.add_argument("--output", type=Path, default=GLOSSARY_PAGE)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the page is out of date, write nothing"
    )
    args = parser.parse_args(argv)
    try:
        page = render_glossary_md(load_terms(args.folder))
    except ValueError as error:
        print(f"Glossary not written: {error}", file=sys.stderr)
        return 2
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != page:
            print(
                f"{args.output} is out of date: run python -m venous_course_tools.checks.glossary"
            )
            return 1
        print(f"{args.output} is up to date.")
        return 0
    count = len(glossary_page_terms(page))
    if current == page:
        print(f"{args.output} is already up to date ({count} terms).")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    print(f"Wrote {args.output} ({count} terms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
