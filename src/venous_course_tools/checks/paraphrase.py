"""Paraphrase check: the course teaches its source text in its own words.

The source text is not shipped with the course, so the check keeps only one-way fingerprints:
the SHA-256 hash of every word n-gram (default n = 8) of the source, after normalising it
(lower case, punctuation removed, curly quotes straightened). A module or quiz that shares any
8 consecutive words with the source contains a hash from that set.

Why 8 words: short stock phrases the course must repeat ("varies by clinician and case" is 5
words) never trip it, while a pasted clause almost always does.

Generate the hash file once, from a copy of the source text:

    python -m venous_course_tools.checks.paraphrase path/to/source.txt

writes ``assets/coverage/source-shingles.txt`` (``--out`` to choose another file). The test
(``tests/test_paraphrase.py``) reads only the hashes.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from venous_course_tools.checks.notebook_text import REPO, TextBlock

NGRAM_WORDS = 8
SHINGLES_FILE = REPO / "assets" / "coverage" / "source-shingles.txt"
_NON_WORD = re.compile(r"[^a-z0-9\s]")


def words(text: str) -> list[str]:
    """Normalised words of a text: lower case, punctuation dropped, apostrophes removed."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return _NON_WORD.sub(" ", text).split()


def ngrams(tokens: Sequence[str], n: int = NGRAM_WORDS) -> list[str]:
    """Every run of ``n`` consecutive words, joined by single spaces."""
    if n < 1:
        raise ValueError(f"An n-gram needs at least 1 word; got n = {n}.")
    return [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def fingerprint(gram: str) -> str:
    """SHA-256 hex digest of one normalised n-gram."""
    return hashlib.sha256(gram.encode("utf-8")).hexdigest()


def source_fingerprints(text: str, n: int = NGRAM_WORDS) -> set[str]:
    """The set of hashes of every normalised word n-gram of ``text``."""
    return {fingerprint(g) for g in ngrams(words(text), n)}


def write_shingles(source: Path, out: Path = SHINGLES_FILE, n: int = NGRAM_WORDS) -> int:
    """Write the hash file for ``source``; return the number of hashes written."""
    hashes = sorted(source_fingerprints(source.read_text(encoding="utf-8"), n))
    if not hashes:
        raise ValueError(f"{source} has fewer than {n} words: nothing to fingerprint.")
    header = (
        f"# n={n}\n"
        "# SHA-256 of every normalised word n-gram of the course source text (no text stored).\n"
        "# Regenerate: python -m venous_course_tools.checks.paraphrase <source.txt>\n"
    )
    out.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    return len(hashes)


def read_shingles(path: Path = SHINGLES_FILE) -> tuple[int, frozenset[str]]:
    """The n and the hash set stored in a shingles file."""
    n = NGRAM_WORDS
    hashes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("# n="):
            n = int(line[4:])
        elif line and not line.startswith("#"):
            hashes.add(line)
    if not hashes:
        raise ValueError(f"{path} holds no hashes; regenerate it from the source text.")
    return n, frozenset(hashes)


@dataclass(frozen=True)
class Overlap:
    """Words of a notebook shared with the source text."""

    where: str
    words: str

    def __str__(self) -> str:
        return f"{self.where}: '{self.words}'"


def overlaps(blocks: Iterable[TextBlock], hashes: frozenset[str], n: int) -> list[Overlap]:
    """Every n-gram of the blocks whose hash is in ``hashes``, merged into runs of words."""
    found: list[Overlap] = []
    for block in blocks:
        tokens = words(block.text)
        hits = [i for i, g in enumerate(ngrams(tokens, n)) if fingerprint(g) in hashes]
        start = None
        for k, i in enumerate(hits):
            if start is None:
                start = i
            if k + 1 == len(hits) or hits[k + 1] != i + 1:
                found.append(Overlap(block.where, " ".join(tokens[start : i + n])))
                start = None
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the hashes file for a source text."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the source text (UTF-8 plain text)")
    parser.add_argument("--out", type=Path, default=SHINGLES_FILE)
    parser.add_argument("-n", type=int, default=NGRAM_WORDS, help="words per n-gram")
    args = parser.parse_args(argv)
    count = write_shingles(args.source, args.out, args.n)
    print(f"wrote {count} hashes of {args.n}-word phrases to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
