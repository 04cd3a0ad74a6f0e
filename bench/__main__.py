"""Run every ``bench/bench_*.py`` module's ``main()`` and print its results."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main() -> int:
    """Import each bench module in name order and call its ``main()``; report failures."""
    here = Path(__file__).resolve().parent
    names = sorted(
        info.name for info in pkgutil.iter_modules([str(here)]) if info.name.startswith("bench_")
    )
    failures = 0
    for name in names:
        print(f"=== {name} ===", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"{__package__ or 'bench'}.{name}")
            module.main()
        except Exception as error:  # a broken benchmark must not hide the others
            failures += 1
            print(f"{name} failed: {type(error).__name__}: {error}", flush=True)
        print(f"({name} took {time.perf_counter() - start:.1f} s)\n", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
