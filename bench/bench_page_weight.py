"""Page weight of the book: what a reader's browser downloads, against Jupyter Book's defaults.

Budget (issue 8): the first module page loads at most 2.5 MB (sum of the gzip sizes of what it
requests, cold cache) and a second module page at most 300 KB more (warm cache).

How it measures: the built book is served by http.server on 127.0.0.1; a logging handler
records every request that reaches the server. A 200 counts the gzip size of the file sent
(gzip level 6, what a web server would send), a 304 (revalidated from the browser cache) counts
0, and a request answered from the browser's memory cache never reaches the server. Playwright
drives Debian's Chromium and records requests to other hosts (they fail here, offline).

The comparison is the same sources (the same staged notebooks and pages) built with a minimal
``_config.yml``: Jupyter Book's defaults without this course's offline settings. To save time
it reuses the course build's jupyter-cache, which does not change what a page contains.

Run: ``python -m bench`` (all benchmarks) or ``python bench/bench_page_weight.py``.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parents[1]
FIRST_PAGE_LIMIT_BYTES = 2_500_000
SECOND_PAGE_LIMIT_BYTES = 300_000
MINIMAL_CONFIG = """# Jupyter Book defaults (plus only what these sources need to build).
title: Default configuration
execute:
  execute_notebooks: cache
bibtex_bibfiles:
  - assets/references.bib
"""


class _Recorder(http.server.SimpleHTTPRequestHandler):
    """Serves the book and records (path, status) for every request."""

    log: list[tuple[str, int]]

    def log_request(self, code: object = "-", size: object = "-") -> None:
        try:
            status = int(code)  # an HTTPStatus or an int; "-" when unknown
        except (TypeError, ValueError):
            status = 0
        self.log.append((unquote(urlparse(self.path).path), status))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class Server:
    """http.server on 127.0.0.1 (free port) in a thread, with a request log."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[tuple[str, int]] = []
        handler = type("Handler", (_Recorder,), {"log": self.log})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
        )
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@functools.cache
def gzip_size(path: Path) -> int:
    """Bytes of ``path`` after gzip (level 6)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def _file_for(root: Path, url_path: str) -> Path | None:
    target = root / url_path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def measure(browser: object, server: Server, pages: list[str]) -> list[dict]:
    """Load ``pages`` one after another in one browser context (the cache warms up)."""
    context = browser.new_context()
    results = []
    try:
        for path in pages:
            server.log.clear()
            foreign: list[str] = []
            page = context.new_page()
            origin = server.url.rstrip("/")
            page.on(
                "request",
                lambda r, o=origin, f=foreign: (
                    f.append(r.url)
                    if r.url.startswith(("http:", "https:")) and not r.url.startswith(o)
                    else None
                ),
            )
            started = time.perf_counter()
            try:
                page.goto(f"{server.url}{path}.html", wait_until="load", timeout=60_000)
                page.wait_for_load_state("networkidle", timeout=30_000)
            except Exception as error:  # noqa: BLE001 - report, keep measuring
                print(f"  ({path}: {type(error).__name__}: {str(error).splitlines()[0]})")
            elapsed = time.perf_counter() - started
            sent = list(server.log)
            weights = []
            for url_path, status in sent:
                file = _file_for(server.root, url_path)
                weights.append((url_path, status, gzip_size(file) if status == 200 and file else 0))
            results.append(
                {
                    "page": path,
                    "bytes": sum(w for _, _, w in weights),
                    "requests": len(sent),
                    "revalidated": sum(1 for _, s, _ in weights if s == 304),
                    "foreign": foreign,
                    "heaviest": sorted(weights, key=lambda w: -w[2])[:4],
                    "seconds": elapsed,
                }
            )
            page.close()
    finally:
        context.close()
    return results


def build_default_config(staging: Path, cache: Path, workdir: Path) -> tuple[Path | None, float]:
    """Build the same staged sources with a minimal _config.yml; return (html, seconds)."""
    source = workdir / "src"
    shutil.copytree(staging, source)
    (source / "_config.yml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    if cache.is_dir():
        shutil.copytree(cache, workdir / "_build" / ".jupyter_cache")
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from jupyter_book.cli.main import main; sys.exit(main())",
            "build",
            str(source),
            "--path-output",
            str(workdir),
            "--builder",
            "html",
        ],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    html = workdir / "_build" / "html"
    if done.returncode != 0 or not (html / "index.html").is_file():
        print("  default-config build failed:\n" + done.stdout[-2000:] + done.stderr[-2000:])
        return None, seconds
    return html, seconds


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} KB"


def main() -> int:
    """Print page weights of the course book and of a default-config build."""
    from playwright.sync_api import sync_playwright

    from venous_course_tools.book import ensure_built, page_paths
    from venous_course_tools.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        print("bench_page_weight: Chromium is missing (/usr/bin/chromium): skipped.")
        return 0
    modules = [p for p in page_paths(REPO) if p.startswith("modules/")]
    if len(modules) < 2:
        print("bench_page_weight: needs at least two module pages: skipped.")
        return 0
    first, second = modules[0], modules[1]
    with tempfile.TemporaryDirectory(prefix="bench-page-weight-") as tmp:
        started = time.perf_counter()
        course_html = ensure_built(REPO, Path(tmp) / "course" / "_build", out=io.StringIO())
        course_seconds = time.perf_counter() - started
        default_html, default_seconds = build_default_config(
            course_html.parent / "_src",
            course_html.parent / ".jupyter_cache",
            Path(tmp) / "default",
        )
        print(
            f"course book: {course_html} (ready in {course_seconds:.0f} s, reused when up to date)"
        )
        print(f"default-config book built in {default_seconds:.0f} s (jupyter-cache reused)")
        rows = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_ARGS)
            )
            try:
                for name, html in (("course", course_html), ("default", default_html)):
                    if html is None:
                        continue
                    with Server(html) as server:
                        rows[name] = measure(browser, server, [first, second])
            finally:
                browser.close()
    print()
    print(f"Page weight: sum of gzip sizes of what each page requests ({first} then {second})")
    header = f"{'':68}{'course':>16}{'default config':>18}"
    print(header)
    labels = (f"first module page, cold cache ({first})", f"second module page, warm ({second})")
    for index, label in enumerate(labels):
        cells = []
        for name in ("course", "default"):
            row = rows.get(name, [None, None])[index]
            cells.append("n/a" if row is None else _kb(row["bytes"]))
        print(f"{label:68}{cells[0]:>16}{cells[1]:>18}")
    cells = []
    for name in ("course", "default"):
        got = rows.get(name)
        cells.append("n/a" if not got else f"{got[0]['requests']} / {got[1]['requests']}")
    print(f"{'requests (first / second page)':68}{cells[0]:>16}{cells[1]:>18}")
    cells = []
    for name in ("course", "default"):
        got = rows.get(name)
        cells.append("n/a" if not got else f"{len(got[0]['foreign'])} / {len(got[1]['foreign'])}")
    print(f"{'requests to other hosts (fail offline)':68}{cells[0]:>16}{cells[1]:>18}")
    for name, got in rows.items():
        hosts = sorted({urlparse(u).netloc for row in got for u in row["foreign"]})
        if hosts:
            print(f"  {name}: other hosts requested: {', '.join(hosts)}")
        print(
            f"  {name}: heaviest on the first page: "
            + ", ".join(f"{p} {_kb(w)}" for p, _, w in got[0]["heaviest"])
        )
    course = rows.get("course")
    if course:
        ok_first = course[0]["bytes"] <= FIRST_PAGE_LIMIT_BYTES
        ok_second = course[1]["bytes"] <= SECOND_PAGE_LIMIT_BYTES
        print(
            f"budget: first page {_kb(course[0]['bytes'])} <= {_kb(FIRST_PAGE_LIMIT_BYTES)}: "
            f"{'PASS' if ok_first else 'OVER'}; second page {_kb(course[1]['bytes'])} <= "
            f"{_kb(SECOND_PAGE_LIMIT_BYTES)}: {'PASS' if ok_second else 'OVER'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
