"""pyproject.toml is the one list of dependencies; environment.yml must say the same."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import REPO

_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _split(requirement: str) -> tuple[str, str]:
    match = _REQ.match(requirement)
    assert match, f"cannot read requirement {requirement!r}"
    name = match.group(1).lower().replace("_", "-")
    spec = ",".join(sorted(part.strip() for part in match.group(2).split(",") if part.strip()))
    return name, spec


def pyproject_dependencies() -> dict[str, str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text())
    return dict(_split(r) for r in data["project"]["dependencies"])


def environment_dependencies() -> tuple[dict[str, str], list[str]]:
    data = yaml.safe_load((REPO / "environment.yml").read_text())
    conda: dict[str, str] = {}
    pip: list[str] = []
    for item in data["dependencies"]:
        if isinstance(item, dict):
            pip.extend(item.get("pip", []))
        elif item.split("=")[0] not in ("python", "pip"):
            conda.update([_split(item)])
    return conda, pip


def test_environment_matches_pyproject():
    conda, pip = environment_dependencies()
    assert conda == pyproject_dependencies(), (
        "environment.yml and pyproject.toml list different dependencies or ranges: "
        f"only in environment.yml: {set(conda.items()) - set(pyproject_dependencies().items())}; "
        f"only in pyproject.toml: {set(pyproject_dependencies().items()) - set(conda.items())}"
    )
    assert any(line.startswith("-e") and "[test]" in line for line in pip), (
        "environment.yml must pip-install the project itself with its test extra"
    )


def test_python_versions_agree():
    data = yaml.safe_load((REPO / "environment.yml").read_text())
    python = next(d for d in data["dependencies"] if isinstance(d, str) and d.startswith("python="))
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    minor = int(python.split("=")[1].split(".")[1])
    low = int(re.search(r">=3\.(\d+)", requires).group(1))
    high = int(re.search(r"<3\.(\d+)", requires).group(1))
    assert low <= minor < high


def test_jupyter_book_is_pinned_to_major_version_1():
    # Jupyter Book 2 downloads its theme at build time and cannot build offline.
    assert pyproject_dependencies()["jupyter-book"] == "<2,>=1.0.4"
