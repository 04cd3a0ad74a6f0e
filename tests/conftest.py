"""Shared test settings: the repository root and the browser requirement switch."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    """The repository root."""
    return REPO


def browser_required() -> bool:
    """True in CI (REQUIRE_BROWSER=1): a missing browser is then a failure, not a skip."""
    return os.environ.get("REQUIRE_BROWSER") == "1"
