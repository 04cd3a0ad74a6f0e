"""The treatment modalities the course teaches, loaded from the package data file
``venous_course/data/treatments.yml`` (shipped inside the wheel).

Data, not advice: each entry says what a modality targets, how it works, its usual
anaesthesia and setting, its main risks and typical aftercare, all in general terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

# Read through importlib.resources so an installed (non-editable) wheel finds it too.
DATA_FILE = resources.files("venous_course") / "data" / "treatments.yml"

TARGETS: tuple[str, ...] = (
    "spider veins",
    "reticular veins",
    "tributaries",
    "truncal reflux",
    "ulcer care",
    "symptoms",
)
ANAESTHESIA: tuple[str, ...] = (
    "none",
    "local",
    "tumescent local",
    "sedation",
    "regional",
    "general",
)
SETTINGS: tuple[str, ...] = ("home", "clinic", "day surgery", "operating theatre")

# NICE CG168 (2013), nicecg168: the order of interventional treatment for confirmed varicose
# veins with truncal reflux; when the first is unsuitable the next is offered.
NICE_CG168_ORDER: tuple[str, ...] = (
    "Endothermal ablation",
    "Ultrasound-guided foam sclerotherapy",
    "Surgery",
)
_FIELDS = {
    "key": str,
    "name": str,
    "category": str,
    "targets": list,
    "mechanism": str,
    "anaesthesia": list,
    "setting": list,
    "main_risks": list,
    "aftercare": list,
}
_ALLOWED = {"targets": TARGETS, "anaesthesia": ANAESTHESIA, "setting": SETTINGS}


@dataclass(frozen=True)
class Treatment:
    """One treatment modality, as general education."""

    key: str
    name: str
    category: str
    targets: tuple[str, ...]
    mechanism: str
    anaesthesia: tuple[str, ...]
    setting: tuple[str, ...]
    main_risks: tuple[str, ...]
    aftercare: tuple[str, ...]


def parse_treatments(records: object, origin: str = "treatment data") -> tuple[Treatment, ...]:
    """Validate raw records (a list of mappings) and return :class:`Treatment` objects."""
    if not isinstance(records, list) or not records:
        raise ValueError(f"{origin} must be a non-empty list of treatments.")
    result: list[Treatment] = []
    seen: set[str] = set()
    for index, record in enumerate(records, start=1):
        where = f"{origin}, entry {index}"
        if not isinstance(record, dict):
            raise ValueError(f"{where} must be a mapping of field: value.")
        missing = set(_FIELDS) - set(record)
        extra = set(record) - set(_FIELDS)
        if missing:
            raise ValueError(f"{where} lacks the field(s): {', '.join(sorted(missing))}.")
        if extra:
            raise ValueError(f"{where} has unknown field(s): {', '.join(sorted(extra))}.")
        for field, kind in _FIELDS.items():
            value = record[field]
            if not isinstance(value, kind) or not value:
                raise ValueError(f"{where}: '{field}' must be a non-empty {kind.__name__}.")
            if kind is list and not all(isinstance(v, str) and v for v in value):
                raise ValueError(f"{where}: every item of '{field}' must be text.")
        for field, allowed in _ALLOWED.items():
            unknown = [v for v in record[field] if v not in allowed]
            if unknown:
                raise ValueError(
                    f"{where}: {field} value(s) {unknown} unknown; allowed: {', '.join(allowed)}."
                )
        if record["key"] in seen:
            raise ValueError(f"{where}: the key '{record['key']}' is used twice.")
        seen.add(record["key"])
        result.append(
            Treatment(
                **{f: tuple(v) if isinstance(v, list) else v.strip() for f, v in record.items()}
            )
        )
    return tuple(result)


def load_treatments(path: Path | None = None) -> tuple[Treatment, ...]:
    """Load and validate the treatment catalogue (default: the packaged ``data/treatments.yml``)."""
    source = Path(path) if path is not None else DATA_FILE
    if not source.is_file():
        raise ValueError(f"The treatment data file is missing: {source}.")
    try:
        records = yaml.safe_load(source.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(
            f"The treatment data file {source.name} is not valid YAML: {error}"
        ) from error
    return parse_treatments(records, origin=source.name)


def filter_treatments(
    treatments: tuple[Treatment, ...],
    target: str | None = None,
    setting: str | None = None,
    anaesthesia: str | None = None,
) -> tuple[Treatment, ...]:
    """The treatments matching every filter given (``None`` means any)."""
    for value, allowed, what in (
        (target, TARGETS, "target"),
        (setting, SETTINGS, "setting"),
        (anaesthesia, ANAESTHESIA, "anaesthesia"),
    ):
        if value is not None and value not in allowed:
            raise ValueError(f"'{value}' is not a known {what}; known: {', '.join(allowed)}.")
    return tuple(
        t
        for t in treatments
        if (target is None or target in t.targets)
        and (setting is None or setting in t.setting)
        and (anaesthesia is None or anaesthesia in t.anaesthesia)
    )
