"""The course works installed from its wheel, away from the checkout.

Builds the wheel from a copy of the sources (so no build folder lands in the checkout),
installs it non-editable into a fresh virtual environment and runs every explorer and every
module notebook with that interpreter. The environment reuses the test environment's
third-party packages through a ``.pth`` line, so nothing is downloaded; that directory's
own ``.pth`` files (the editable install of the course) are not processed, so
``import venous_course`` can only find the installed wheel.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import COURSE_MODULES, REPO

pytestmark = pytest.mark.slow

COURSE_DATA = sorted(
    p.relative_to(REPO / "src").as_posix()
    for folder in (
        REPO / "src" / "venous_course" / "data",
        # formgrader's and feedback's offline MathJax macros (quizzes/nbgrader_config.py)
        REPO / "src" / "venous_course_tools" / "instructor" / "templates",
    )
    for p in folder.rglob("*")
    if p.is_file()
)

# Runs inside the fresh environment: the package must come from that environment, not src/.
_WHERE_CHECK = f"""
import pathlib, venous_course
where = pathlib.Path(venous_course.__file__).resolve()
assert not where.is_relative_to({str(REPO.resolve())!r}), f"imported from the checkout: {{where}}"
print(where)
"""

_EXPLORERS = """
import venous_course.explorers as ex
for name in ex._WHERE:
    explorer = getattr(ex, name)()
    bundle = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle, name
    # the book face: a twin figure, or an accessible table (the treatment comparator)
    assert "<figure" in bundle["text/html"] or "<table" in bundle["text/html"], name
    print(name, len(bundle["text/html"]))
"""

_NOTEBOOK = """
import sys
import nbformat
from nbclient import NotebookClient
path, workdir = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.insert(0, nbformat.v4.new_code_cell(sys.argv[3]))
NotebookClient(nb, kernel_name="python3", timeout=120,
               resources={"metadata": {"path": workdir}}).execute()
print(nb.cells[0].outputs[0]["text"].strip())
"""


def _run(python: Path, code: str, *args: str, cwd: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", code, *args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(
        REPO / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    # The quiz forms' JupyterLab extension, as `make venv` built it (the wheel ships it built).
    built = REPO / "labextension" / "built"
    assert (built / "package.json").is_file(), (
        "The quiz-form extension is not built: run make venv."
    )
    shutil.copytree(built, source / "labextension" / "built")
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    (found,) = out.glob("venous_course-*.whl")
    return found


@pytest.fixture(scope="module")
def installed_python(wheel, tmp_path_factory) -> Path:
    env = tmp_path_factory.mktemp("env")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    # A real, non-editable pip install of the wheel alone (no index, no dependencies).
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-index"]
        + ["--no-deps", str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # The test environment's packages (plotly, ipywidgets, nbclient...), after the env's own.
    (site / "zz_course_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def test_the_wheel_carries_the_course_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [f for f in COURSE_DATA if f not in names]
    assert COURSE_DATA and not missing, f"data files missing from {wheel.name}: {missing}"


def test_the_installed_package_is_imported_from_outside_the_checkout(installed_python, tmp_path):
    where = _run(installed_python, _WHERE_CHECK, cwd=tmp_path)
    assert "site-packages" in where


def test_every_explorer_runs_from_the_installed_wheel(installed_python, tmp_path):
    out = _run(installed_python, _EXPLORERS, cwd=tmp_path)
    assert len(out.splitlines()) >= 11


@pytest.mark.parametrize("module", COURSE_MODULES)
def test_every_module_runs_from_the_installed_wheel(installed_python, module, tmp_path):
    notebook = REPO / "modules" / f"{module}.ipynb"
    out = _run(
        installed_python, _NOTEBOOK, str(notebook), str(tmp_path), _WHERE_CHECK, cwd=tmp_path
    )
    assert "site-packages" in out


def test_the_installed_wheel_enables_the_quiz_form_extension(installed_python, tmp_path):
    """`jupyter labextension list` of the fresh environment finds the extension in its own
    share/jupyter (the wheel's copy, not the checkout's) and reports it enabled and OK."""
    env = {
        "PATH": str(installed_python.parent),
        "HOME": str(tmp_path),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [str(installed_python), "-m", "jupyterlab.labextensions", "list"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    listing = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    assert done.returncode == 0, listing[-3000:]
    prefix = installed_python.parent.parent
    section = listing.split(f"{prefix}/share/jupyter/labextensions")[1].split("\n\n")[0]
    assert re.search(
        r"venous-course-quizform v[\d.]+ enabled\s+OK \(python, venous-course\)", section
    ), listing[-3000:]
    assert not (
        prefix / "share" / "jupyter" / "labextensions" / "venous-course-quizform"
    ).is_symlink()
