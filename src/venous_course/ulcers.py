"""Telling leg ulcers apart: the typical features of venous, arterial, diabetic and mixed ulcers.

The features live in ``venous_course/data/ulcer-types.yml`` (shipped inside the wheel, read
with :mod:`importlib.resources`), so a nurse educator can edit the wording without Python.
Each type names its sources, keys of ``assets/references.bib`` (NICE CKS venous leg ulcer,
``niceckslegulcer``; SIGN 120, ``sign120``; NICE NG19 diabetic foot, ``nice2015ng19``;
AHA/ACC 2016 PAD guideline, ``gerhardherman2016pad``; guideline ABPI disagreement,
``team2019abpi``; Eberhardt & Raffetto 2005, ``eberhardt2005cvi``).

Typical features point to a cause; the assessment confirms it. Education, never individual
advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

# Read through importlib.resources so an installed (non-editable) wheel finds it too.
DATA_FILE = resources.files("venous_course") / "data" / "ulcer-types.yml"


@dataclass(frozen=True)
class UlcerType:
    """One kind of leg ulcer: its name, what it typically looks like, and its sources."""

    key: str
    name: str
    findings: Mapping[str, str]  # feature key -> typical finding, in FEATURES order
    sources: tuple[str, ...]

    def finding(self, feature: str) -> str:
        """The typical finding for one feature; ValueError naming the choices otherwise."""
        if feature not in self.findings:
            raise ValueError(
                f"'{feature}' is not a feature of the ulcer table; choose one of "
                f"{', '.join(self.findings)}."
            )
        return self.findings[feature]


@dataclass(frozen=True)
class UlcerTable:
    """Every feature (key -> label) and every ulcer type, in the order the data file gives."""

    features: Mapping[str, str]
    types: tuple[UlcerType, ...]

    def type(self, key: str) -> UlcerType:
        """The ulcer type with this key; ValueError naming the known keys otherwise."""
        for ulcer in self.types:
            if ulcer.key == key:
                return ulcer
        known = ", ".join(u.key for u in self.types)
        raise ValueError(f"'{key}' is not an ulcer type of the table; choose one of {known}.")

    def profile(self, key: str) -> list[tuple[str, str]]:
        """(feature label, finding) for every feature of one ulcer type."""
        ulcer = self.type(key)
        return [(label, ulcer.finding(feature)) for feature, label in self.features.items()]

    def compare(self, feature: str) -> list[tuple[str, str]]:
        """(ulcer type name, finding) for one feature across every ulcer type."""
        if feature not in self.features:
            raise ValueError(
                f"'{feature}' is not a feature of the ulcer table; choose one of "
                f"{', '.join(self.features)}."
            )
        return [(ulcer.name, ulcer.finding(feature)) for ulcer in self.types]


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"ulcer-types.yml: {where} needs a non-empty text.")
    return " ".join(value.split())


def parse_table(data: Any) -> UlcerTable:
    """Validate the parsed data file; every problem is one sentence naming the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("features"), dict):
        raise ValueError("ulcer-types.yml needs a 'features' mapping of key to label.")
    features = {str(k): _text(v, f"feature '{k}'") for k, v in data["features"].items()}
    entries = data.get("types")
    if not isinstance(entries, list) or len(entries) < 2:
        raise ValueError("ulcer-types.yml needs a 'types' list with at least two ulcer types.")
    types: list[UlcerType] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"ulcer-types.yml: type {number} must be a mapping.")
        key = _text(entry.get("key"), f"type {number} 'key'")
        missing = [f for f in features if f not in entry]
        if missing:
            raise ValueError(f"ulcer-types.yml: '{key}' lacks {', '.join(missing)}.")
        extra = set(entry) - set(features) - {"key", "name", "sources"}
        if extra:
            raise ValueError(
                f"ulcer-types.yml: '{key}' has unknown fields {', '.join(sorted(extra))}."
            )
        sources = entry.get("sources")
        if not isinstance(sources, list) or not sources:
            raise ValueError(f"ulcer-types.yml: '{key}' needs at least one source key.")
        findings = {f: _text(entry[f], f"'{key}' {f}") for f in features}
        types.append(
            UlcerType(
                key=key,
                name=_text(entry.get("name"), f"'{key}' name"),
                findings=MappingProxyType(findings),
                sources=tuple(str(s) for s in sources),
            )
        )
    keys = [t.key for t in types]
    if len(set(keys)) != len(keys):
        raise ValueError("ulcer-types.yml: every ulcer type needs its own key.")
    return UlcerTable(MappingProxyType(features), tuple(types))


def load_ulcer_table(path: Path | None = None) -> UlcerTable:
    """Load and validate the ulcer table (default: the packaged ``data/ulcer-types.yml``)."""
    source = path if path is not None else DATA_FILE
    return parse_table(yaml.safe_load(source.read_text(encoding="utf-8")))


def all_sources(table: UlcerTable) -> tuple[str, ...]:
    """Every source key the table names, each once, in order of first use."""
    return tuple(dict.fromkeys(s for ulcer in table.types for s in ulcer.sources))
