"""Run the ``bench/bench_*.py`` modules (all, or those named) and record what they return.

``python -m bench`` (what ``make bench`` runs) or ``python -m bench bench_page_weight``. Each
module's ``main()`` prints as it goes; what it returns is stored in ``bench/results.json`` (a
partial run replaces only the benchmarks it ran) and ``bench/RESULTS.md`` is regenerated from
that file (see ``bench/report.py``).
"""

from __future__ import annotations

import datetime
import importlib
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

from bench import report


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, store their results, regenerate RESULTS.md; 1 if one failed."""
    here = Path(__file__).resolve().parent
    names = sorted(
        info.name for info in pkgutil.iter_modules([str(here)]) if info.name.startswith("bench_")
    )
    wanted = list(argv if argv is not None else sys.argv[1:])
    unknown = [name for name in wanted if name not in names]
    if unknown:
        print(f"No benchmark named {', '.join(unknown)}; choose from {', '.join(names)}.")
        return 1
    results = report.load()
    results.setdefault("benchmarks", {})
    failures = 0
    for name in wanted or names:
        print(f"=== {name} ===", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"{__package__ or 'bench'}.{name}")
            returned = module.main()
        except Exception as error:  # a broken benchmark must not hide the others
            failures += 1
            print(f"{name} failed: {type(error).__name__}: {error}", flush=True)
            continue
        finally:
            print(f"({name} took {time.perf_counter() - start:.1f} s)\n", flush=True)
        # "Autograde throughput and memory: printed, not asserted." -> the part before ":"
        title = (module.__doc__ or "").strip().splitlines()[0].split(":")[0].rstrip(".") or None
        results["benchmarks"][name] = report.as_section(name, returned, title)
    results["run"] = {
        "date": datetime.date.today().isoformat(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "load average at the end": round(os.getloadavg()[0], 1),
    }
    report.save(results)
    print(f"Results in {report.RESULTS_JSON}; {report.RESULTS_MD} regenerated from it.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
