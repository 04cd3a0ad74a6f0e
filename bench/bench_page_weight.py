"""Page weight of the book: what a reader's browser downloads, against Jupyter Book's defaults.

Budgets (issues 20 and 28): every module page loads at most 700 KB on a cold cache (sum of the
gzip sizes of what it requests, fonts included), a second page on a warm cache under 50 KB;
the first figure is drawn, under Chromium's CPU x4 and network throttling, in at most half the
time of the default configuration. Page weights are measured with service workers blocked
(what the page itself needs); what the service worker saves in the background for offline
reading after the first visit is reported on its own line.

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
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parents[1]
# Any module page, cold cache (tests/browser/test_page_weight.py enforces it on every build).
PAGE_LIMIT_BYTES = 700_000
SECOND_PAGE_LIMIT_BYTES = 50_000
# Throttling for the time to the first figure: a slow phone on a slow mobile connection.
CPU_SLOWDOWN = 4
NETWORK = {"latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
FIRST_FIGURE_TIMEOUT_MS = 120_000
# Records when the first plotly figure has drawn its SVG (performance.now(), ms from navigation).
FIRST_FIGURE_SCRIPT = """new MutationObserver((_, observer) => {
  if (document.querySelector('.plotly-graph-div .main-svg')) {
    window.__firstFigureMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});"""
MINIMAL_CONFIG = """# Jupyter Book defaults (plus only what these sources need to build).
title: Default configuration
execute:
  execute_notebooks: cache
bibtex_bibfiles:
  - assets/references.bib
"""


class _Recorder(http.server.SimpleHTTPRequestHandler):
    """Serves the book gzip-compressed (as a web server would) and records (path, status)."""

    log: list[tuple[str, int]]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            super().do_GET()
            return
        modified = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return
        body = gzipped(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

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
def gzipped(path: Path) -> bytes:
    """``path`` compressed with gzip (level 6)."""
    return gzip.compress(path.read_bytes(), compresslevel=6)


def gzip_size(path: Path) -> int:
    """Bytes of ``path`` after gzip (level 6)."""
    return len(gzipped(path))


def _file_for(root: Path, url_path: str) -> Path | None:
    target = root / url_path.lstrip("/")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def measure(browser: object, server: Server, pages: list[str]) -> list[dict]:
    """Load ``pages`` one after another in one browser context (the cache warms up)."""
    context = browser.new_context(service_workers="block")
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
                # Fonts load once text needs them, which may be after "load": count them too.
                page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
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
    # The course's own front-end (styles, script, templates, plotly bundle) is not part of
    # Jupyter Book's defaults: the comparison build gets the pages and notebooks only.
    for extra in ("_static", "_templates", "_vendor"):
        shutil.rmtree(source / extra, ignore_errors=True)
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


def with_full_plotly(course_html: Path, workdir: Path) -> Path:
    """A copy of the built course book whose plotly.js is the full bundle that the Python
    ``plotly`` package ships (same plotly.js version): what the first figure would cost
    without the course's own bundle (scatter, bar and heatmap only). The default configuration
    cannot give a time here (it never draws offline), so this is the finite baseline of the
    same run."""
    import plotly

    from venous_course_tools.book.sphinx import PLOTLY_JS

    copy = workdir / "full-plotly" / "html"
    shutil.copytree(course_html, copy)
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(full, copy / "_static" / PLOTLY_JS)
    return copy


def _kb(value: int) -> str:
    return f"{value / 1000:,.0f} KB"


def heaviest_page(browser: object, server: Server, pages: list[str]) -> dict:
    """Each page on a cold cache (its own context); the heaviest one's row."""
    rows = [measure(browser, server, [page])[0] for page in pages]
    return max(rows, key=lambda row: row["bytes"])


def first_figure_ms(browser: object, server: Server, page_path: str) -> float | None:
    """Milliseconds from navigation until the first figure has drawn, cold cache, under CPU
    x4 and network throttling (None when no figure draws within the timeout)."""
    context = browser.new_context(service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {"offline": False, **NETWORK})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.add_init_script(FIRST_FIGURE_SCRIPT)
        page.goto(f"{server.url}{page_path}.html", wait_until="commit", timeout=120_000)
        try:
            page.wait_for_function(
                "() => window.__firstFigureMs !== undefined", timeout=FIRST_FIGURE_TIMEOUT_MS
            )
        except Exception:  # noqa: BLE001 - never drawn: reported as such
            return None
        return float(page.evaluate("window.__firstFigureMs"))
    finally:
        context.close()


def offline_cache_bytes(html: Path) -> tuple[int, int]:
    """(files, gzip bytes) the service worker saves for offline reading (0, 0 without one)."""
    from venous_course_tools.book.offline import SERVICE_WORKER, cached_files

    if not (html / SERVICE_WORKER).is_file():
        return 0, 0
    files = cached_files(html)
    return len(files), sum(gzip_size(html / rel) for rel in files)


def _seconds(ms: float | None) -> str:
    return "not drawn" if ms is None else f"{ms / 1000:.1f} s"


def main() -> dict | None:
    """Print page weights and the time to the first figure, course against default config."""
    from playwright.sync_api import sync_playwright

    from venous_course_tools.book import ensure_built, page_paths
    from venous_course_tools.browser import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        print("bench_page_weight: Chromium is missing (/usr/bin/chromium): skipped.")
        return None
    modules = [p for p in page_paths(REPO) if p.startswith("modules/")]
    if len(modules) < 2:
        print("bench_page_weight: needs at least two module pages: skipped.")
        return None
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
        print(f"course book: {course_html} (ready in {course_seconds:.0f} s)")
        print(f"default-config book built in {default_seconds:.0f} s (jupyter-cache reused)")
        rows: dict[str, dict] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_ARGS)
            )
            try:
                for name, html in (("course", course_html), ("default", default_html)):
                    if html is None:
                        continue
                    with Server(html) as server:
                        pair = measure(browser, server, [first, second])
                        rows[name] = {
                            "first": pair[0],
                            "second": pair[1],
                            "heaviest": heaviest_page(browser, server, modules),
                            "first_figure_ms": first_figure_ms(browser, server, first),
                            "offline": offline_cache_bytes(html),
                        }
                with Server(with_full_plotly(course_html, Path(tmp))) as server:
                    rows["course"]["full_plotly_first_figure_ms"] = first_figure_ms(
                        browser, server, first
                    )
            finally:
                browser.close()
    return _report(rows, first, second)


def _report(rows: dict[str, dict], first: str, second: str) -> dict:
    """Print the comparison and return it as a section of the results page."""

    def cell(name: str, what: Callable[[dict], str]) -> str:
        return what(rows[name]) if name in rows else "n/a"

    lines = [
        (f"first module page, cold cache ({first})", lambda r: _kb(r["first"]["bytes"])),
        (f"second module page, warm cache ({second})", lambda r: _kb(r["second"]["bytes"])),
        ("heaviest module page, cold cache", lambda r: f"{_kb(r['heaviest']['bytes'])} "
         f"({r['heaviest']['page']})"),
        ("requests (first / second page)",
         lambda r: f"{r['first']['requests']} / {r['second']['requests']}"),
        ("requests to other hosts (they fail offline)",
         lambda r: f"{len(r['first']['foreign'])} / {len(r['second']['foreign'])}"),
        (f"time to the first drawn figure ({first}), CPU x{CPU_SLOWDOWN}, "
         f"{NETWORK['latency']} ms, {NETWORK['downloadThroughput'] * 8 / 1e6:.1f} Mbit/s",
         lambda r: _seconds(r["first_figure_ms"])),
        ("saved for offline reading after the first visit (service worker, background)",
         lambda r: f"{_kb(r['offline'][1])} in {r['offline'][0]} files" if r["offline"][0]
         else "nothing (no service worker)"),
    ]  # fmt: skip
    table_rows = [[label, cell("course", f), cell("default", f)] for label, f in lines]
    for label, course, default in table_rows:
        print(f"{label:90} {course:>22} {default:>22}")
    notes = []
    course = rows.get("course")
    if course:
        verdicts = [
            ("first page", course["first"]["bytes"], PAGE_LIMIT_BYTES),
            ("heaviest page", course["heaviest"]["bytes"], PAGE_LIMIT_BYTES),
            ("second page (warm)", course["second"]["bytes"], SECOND_PAGE_LIMIT_BYTES),
        ]
        for what, got, limit in verdicts:
            notes.append(
                f"{what}: {_kb(got)} against {_kb(limit)}: {'PASS' if got <= limit else 'OVER'}"
            )
        mine, theirs = course["first_figure_ms"], rows.get("default", {}).get("first_figure_ms")
        if mine is not None and theirs is not None:
            ratio = mine / theirs
            notes.append(
                f"time to first figure: {ratio:.0%} of the default configuration's "
                f"(target <= 50%): {'PASS' if ratio <= 0.5 else 'OVER'}"
            )
        elif mine is not None:
            notes.append(
                "time to first figure: the default configuration never draws a figure "
                "here (it needs require.js, the widget manager and anywidget from CDNs, "
                "unreachable offline), so the course's time has no finite baseline in it"
            )
        full = course.get("full_plotly_first_figure_ms")
        if mine is not None and full:
            notes.append(
                f"time to first figure with the course's own plotly.js: {_seconds(mine)}; "
                f"the same book with the full plotly.js that the plotly package ships: "
                f"{_seconds(full)} ({mine / full:.0%} of it, same throttling, same run)"
            )
        for name, got in rows.items():
            notes.append(
                f"{name}: heaviest requests on the first page: "
                + ", ".join(f"{p} {_kb(w)}" for p, _, w in got["first"]["heaviest"])
            )
    for note in notes:
        print(note)
    return {
        "title": "Page weight and time to the first figure",
        "intro": "Gzip sizes of every request a page makes in Chromium (served gzip-compressed "
        "from 127.0.0.1, service workers blocked), the course book against the same sources "
        "built with Jupyter Book's default configuration in the same run.",
        "tables": [{"columns": ["", "course book", "default config, same sources"],
                    "rows": table_rows}],
        "notes": notes,
    }  # fmt: skip


if __name__ == "__main__":
    main()
