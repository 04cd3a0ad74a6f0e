"""Book build: a clean build against a rebuild after editing one module. Printed, not asserted.

Both builds run on the same copy of the sources in one run (this machine is noisy: the ratio
is the figure, absolute times are context). The rebuild uses Jupyter Book's execution cache
(jupyter-cache), so only the edited notebook runs again. Target: the rebuild costs at most 25%
of the clean build. Also prints the peak memory (summed RSS of the build and its kernels).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from bench._measure import measure

REPO = Path(__file__).resolve().parents[1]
EDITED_MODULE = "03-indications.ipynb"
TARGET_RATIO = 0.25


def copy_sources(target: Path) -> Path:
    """The parts of the repository the book is built from, copied into ``target``."""
    for folder in ("book", "modules", "assets"):
        shutil.copytree(
            REPO / folder,
            target / folder,
            ignore=shutil.ignore_patterns("_build", ".ipynb_*"),
        )
    return target


def edit_one_module(repo: Path) -> None:
    """Change the code of one module, as an author would, so its cached outputs are stale."""
    path = repo / "modules" / EDITED_MODULE
    nb = nbformat.read(path, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    code[-1].source += "\n# edited by bench_book_build"
    nbformat.write(nb, path)


def build(repo: Path):
    return measure(
        [sys.executable, "-m", "venous_course_tools.book", "build", "--repo", str(repo)], repo
    )


def main() -> dict | None:
    """Print the two builds and return them as a section of the results page."""
    with tempfile.TemporaryDirectory(prefix="bench-book-") as tmp:
        repo = copy_sources(Path(tmp))
        clean = build(repo)
        if clean.returncode:
            print("The clean build failed:\n" + clean.output[-3000:])
            return None
        edit_one_module(repo)
        rebuild = build(repo)
        if rebuild.returncode:
            print("The rebuild failed:\n" + rebuild.output[-3000:])
            return None
    ratio = rebuild.seconds / clean.seconds
    print(f"clean build (baseline): {clean.seconds:.1f} s, peak RSS {clean.peak_rss_mb:.0f} MB")
    print(
        f"rebuild after editing {EDITED_MODULE}: {rebuild.seconds:.1f} s, "
        f"peak RSS {rebuild.peak_rss_mb:.0f} MB"
    )
    print(f"rebuild / clean: {ratio:.0%} (target <= {TARGET_RATIO:.0%})")
    return {
        "title": "Book build",
        "intro": "A clean build of a copy of the sources, then a rebuild after editing one "
        f"code cell of `{EDITED_MODULE}` (jupyter-cache re-executes only that notebook).",
        "tables": [
            {
                "columns": ["", "time", "peak RSS (build + kernels)"],
                "rows": [
                    [
                        "clean build (baseline)",
                        f"{clean.seconds:.1f} s",
                        f"{clean.peak_rss_mb:.0f} MB",
                    ],
                    [
                        f"rebuild after editing {EDITED_MODULE}",
                        f"{rebuild.seconds:.1f} s",
                        f"{rebuild.peak_rss_mb:.0f} MB",
                    ],
                    ["**rebuild / clean**", f"**{ratio:.0%}** (target <= {TARGET_RATIO:.0%})", ""],
                ],
            }
        ],
    }


if __name__ == "__main__":
    main()
