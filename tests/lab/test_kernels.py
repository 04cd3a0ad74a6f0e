"""The kernel every notebook names exists in the environment ``make`` builds, and a student who
restarts the kernel and runs all cells gets the same results (no hidden state).

Kernels run with a temporary HOME and Jupyter folders, so kernels or settings in the real
user's folders can neither hide a missing kernel nor change a result.
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

import nbformat
import pytest

from .helpers import REPO, text_outputs

NOTEBOOKS = sorted(
    [*(REPO / "modules").glob("*.ipynb"), *(REPO / "quizzes" / "source").glob("*/*.ipynb")]
)
#: Modules whose explorers and self-checks keep state in the kernel (callbacks, caches, ids).
REPRODUCED_MODULES = [
    "01-what-is-venous-insufficiency",
    "03-indications",
    "07-types-of-treatment",
]
#: Interpreter names jupyter_client replaces with the server's own Python (sys.executable).
SELF_PYTHON = {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
CELL_TIMEOUT = 120


@pytest.fixture
def isolated_jupyter(tmp_path, monkeypatch) -> Path:
    """A temporary HOME and Jupyter/IPython folders for kernel lookups and kernels."""
    home = tmp_path / "home"
    home.mkdir()
    for var in ("JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PREFER_ENV_PATH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(home / ".jupyter"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(home / ".local" / "share" / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(home / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(home / ".ipython"))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return home


def _kernel_name(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return nb.metadata.get("kernelspec", {}).get("name", "")


def test_every_notebook_names_a_kernel_this_environment_has(isolated_jupyter):
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    assert len(NOTEBOOKS) >= 12, "modules/ and quizzes/source/ should hold the notebooks"
    manager = KernelSpecManager()
    problems = []
    for path in NOTEBOOKS:
        name = _kernel_name(path)
        where = path.relative_to(REPO)
        if not name:
            problems.append(f"{where} names no kernel (metadata.kernelspec.name)")
            continue
        try:
            spec = manager.get_kernel_spec(name)
        except NoSuchKernel:
            problems.append(f"{where} needs kernel {name!r}, which this environment lacks")
            continue
        program = spec.argv[0]
        # Not resolved: a virtualenv's bin/python is a symlink to the base interpreter.
        runs_here = program in SELF_PYTHON or Path(os.path.abspath(program)).is_relative_to(
            sys.prefix
        )
        if spec.language != "python" or not runs_here:
            problems.append(
                f"{where}: kernel {name!r} runs {program} ({spec.language}), not this "
                f"environment's Python in {sys.prefix}"
            )
        if not Path(spec.resource_dir).resolve().is_relative_to(Path(sys.prefix).resolve()):
            problems.append(
                f"{where}: kernel {name!r} comes from {spec.resource_dir}, outside "
                f"the environment {sys.prefix}"
            )
    assert problems == []


@pytest.mark.slow
def test_the_named_kernel_runs_this_environment_and_imports_the_course(isolated_jupyter):
    from jupyter_client.manager import start_new_kernel

    names = {_kernel_name(path) for path in NOTEBOOKS}
    assert names == {"python3"}, f"Notebooks should all use the python3 kernel, not {names}"
    manager, client = start_new_kernel(kernel_name="python3")
    try:
        lines: list[str] = []

        def keep(message: dict) -> None:
            if message["msg_type"] == "stream":
                lines.append(message["content"]["text"])

        reply = client.execute_interactive(
            "import sys, venous_course; print(sys.prefix); print(venous_course.__name__)",
            output_hook=keep,
            timeout=60,
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        printed = "".join(lines).split()
        assert printed == [sys.prefix, "venous_course"]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _run(client, nb: nbformat.NotebookNode) -> list[tuple[int, str, str]]:
    """Run every cell of ``nb`` top to bottom in the client's kernel; the text outputs."""
    client.nb = nb
    for index, cell in enumerate(nb.cells):
        client.execute_cell(cell, index)
    return text_outputs(nb)


@pytest.mark.slow
@pytest.mark.parametrize("module", REPRODUCED_MODULES)
def test_restart_and_run_all_gives_the_same_outputs(module, isolated_jupyter):
    from nbclient import NotebookClient

    path = REPO / "modules" / f"{module}.ipynb"
    source = nbformat.read(path, as_version=4)
    runs = {}

    def client_for(nb: nbformat.NotebookNode) -> NotebookClient:
        return NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name=source.metadata["kernelspec"]["name"],
            resources={"metadata": {"path": str(path.parent)}},
        )

    first = copy.deepcopy(source)
    client = client_for(first)
    with client.setup_kernel():
        runs["first run"] = _run(client, first)
        # Run All again without a restart: nothing may depend on what the first run left.
        runs["second Run All, same kernel"] = _run(client, copy.deepcopy(source))
    fresh = copy.deepcopy(source)
    client = client_for(fresh)
    with client.setup_kernel():
        runs["after a restart"] = _run(client, fresh)

    reference = runs.pop("first run")
    assert reference, f"{module} produced no output at all"
    assert not [o for o in reference if o[1] in ("error", "stream:stderr")], reference
    for label, outputs in runs.items():
        differing = [(a[0], a[1]) for a, b in zip(reference, outputs, strict=False) if a != b] + (
            [("count", len(outputs))] if len(outputs) != len(reference) else []
        )
        assert differing == [], f"{module}: {label} differs at (cell, kind) {differing}"
