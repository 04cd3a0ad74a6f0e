"""Quiz forms in JupyterLab: the extension's added weight and the time to show a quiz's forms.

Target (issue 26): every form of a quiz shown within 1 s after the notebook has rendered.

Weight: the built extension's files a browser loads (its remote entry, code chunks and
style; not its licence list), raw and gzip-compressed (level 6, as a web server sends them).

Time: the student lab (``python -m venous_course_tools.lab``, what ``make lab`` starts) on a
temporary course copy, with released quiz 04 in the served folder twice: as released (with
form metadata) and with the metadata removed (a plain notebook: the baseline). Debian's
Chromium opens each in turn, several times; a script in the page records, from navigation,
when the notebook has rendered every cell and when every answer cell shows its form. The
result is the median over the runs of (forms shown - notebook rendered; negative when every
form is up before the last cell has rendered), next to the baseline's render time measured in
the same run.

Run: ``python -m bench bench_quizform``.
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.lab.helpers import (  # noqa: E402  the lab tests' launcher helpers, reused
    copy_course,
    free_port,
    isolated_env,
    read_url,
    server_ready,
    start,
    stop_tree,
    wait_for,
)
from venous_course_tools.quizform import FORM_KEY  # noqa: E402

BUILT = REPO / "labextension" / "built"
QUIZ = "quiz-04-case-study"
RUNS = 5
TARGET_SECONDS = 1.0
TOKEN = "bench-quizform-token"
# Records (performance.now(), ms from navigation) when the notebook shows every cell, and when
# every answer cell shows its form; the counts are set by the bench before navigation.
TIMING_SCRIPT = """
window.__times = {};
new MutationObserver(() => {
  const panel = document.querySelector('.jp-NotebookPanel');
  if (!panel) return;
  const cells = panel.querySelectorAll('.jp-Cell').length;
  const rendered = panel.querySelectorAll(
    '.jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .myst').length;
  if (!window.__times.rendered && cells === window.__cells && rendered >= window.__markdown)
    window.__times.rendered = performance.now();
  if (!window.__times.forms && window.__forms > 0
      && panel.querySelectorAll('.vc-quizform').length === window.__forms)
    window.__times.forms = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def extension_weight() -> dict[str, float]:
    """Raw and gzip KB of the files a browser loads for the extension."""
    files = [p for p in (BUILT / "static").iterdir() if p.suffix in (".js", ".css")]
    if not files:
        raise FileNotFoundError("The quiz-form extension is not built: run make venv first.")
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), compresslevel=6)) for p in files)
    return {
        "extension files": len(files),
        "raw KB": round(raw / 1024, 1),
        "gzip KB": round(packed / 1024, 1),
    }


def _notebooks(
    served: Path, course: Path, env: dict[str, str]
) -> dict[str, tuple[str, int, int, int]]:
    """Write the released quiz with and without form metadata into ``served``; return
    {name: (file name, cells, markdown cells, forms)}."""
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", QUIZ, "--force"],
        cwd=course / "quizzes",
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    released = nbformat.read(course / "quizzes" / "release" / QUIZ / f"{QUIZ}.ipynb", as_version=4)
    plain = nbformat.from_dict(released)
    for cell in plain.cells:
        cell.metadata.pop(FORM_KEY, None)
    found = {}
    for name, nb in (("with forms", released), ("plain", plain)):
        file = f"bench-{name.replace(' ', '-')}.ipynb"
        nbformat.write(nb, served / file)
        markdown = sum(c.cell_type == "markdown" for c in nb.cells)
        forms = sum(FORM_KEY in c.metadata for c in nb.cells)
        found[name] = (file, len(nb.cells), markdown, forms)
    return found


def _open(browser, base: str, file: str, cells: int, markdown: int, forms: int) -> dict[str, float]:
    """Open one notebook in a fresh page; return its timings in ms from navigation."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.add_init_script(
            f"window.__cells = {cells}; window.__markdown = {markdown}; window.__forms = {forms};"
            + TIMING_SCRIPT
        )
        page.goto(f"{base}/lab/workspaces/{Path(file).stem}/tree/{file}?token={TOKEN}&reset")
        wanted = "forms" if forms else "rendered"
        page.wait_for_function(f"() => window.__times && window.__times.{wanted}", timeout=120_000)
        if forms:
            page.wait_for_function("() => window.__times.rendered", timeout=60_000)
        return page.evaluate("window.__times")
    finally:
        page.close()


def seconds(ms: float) -> float:
    return round(ms / 1000, 3)


def main() -> list[dict[str, object]]:
    from playwright.sync_api import sync_playwright

    weight = extension_weight()
    print(f"Extension weight: {weight['raw KB']} KB raw, {weight['gzip KB']} KB gzip", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-quizform-") as tmp:
        course = copy_course(Path(tmp) / "course")
        env = isolated_env(Path(tmp) / "home", course, TOKEN)
        notebooks = _notebooks(course / "modules", course, env)
        port = free_port()
        log = Path(tmp) / "lab.log"
        command = [sys.executable, "-m", "venous_course_tools.lab", "--port", str(port)]
        proc = start([*command, "--root-dir", str(course)], env, course, log)
        try:
            wait_for(lambda: read_url(log), 60, "The launcher printing its URL", proc, log)
            base = f"http://127.0.0.1:{port}"
            wait_for(lambda: server_ready(base, TOKEN), 90, "JupyterLab answering", proc, log)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium")
                try:
                    _open(browser, base, *notebooks["plain"])  # warm the server and caches
                    plain, rendered, shown, after = [], [], [], []
                    for _ in range(RUNS):
                        plain.append(_open(browser, base, *notebooks["plain"])["rendered"])
                        times = _open(browser, base, *notebooks["with forms"])
                        rendered.append(times["rendered"])
                        shown.append(times["forms"])
                        # Negative: every form was up before the last cell had rendered.
                        after.append(times["forms"] - times["rendered"])
                finally:
                    browser.close()
        finally:
            stop_tree(proc)
    forms = notebooks["with forms"][3]
    result = {
        **weight,
        "quiz": QUIZ,
        "answer cells with a form": forms,
        "runs": RUNS,
        "plain notebook rendered, median (s)": seconds(statistics.median(plain)),
        "same notebook with forms rendered, median (s)": seconds(statistics.median(rendered)),
        "every form shown, median (s)": seconds(statistics.median(shown)),
        "forms shown after the notebook rendered, median (s)": seconds(statistics.median(after)),
        "forms shown after the notebook rendered, worst (s)": seconds(max(after)),
        "target (s)": TARGET_SECONDS,
        "within target": max(after) / 1000 < TARGET_SECONDS,
    }
    for key, value in result.items():
        print(f"{key}: {value}", flush=True)
    return [{"measure": key, "value": value} for key, value in result.items()]


if __name__ == "__main__":
    main()
