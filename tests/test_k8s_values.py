"""The Zero to JupyterHub values file: valid for its pinned chart, and the same isolation.

``deploy/jupyterhub/values.yaml`` is checked against the chart's own values schema for the
pinned version (``z2jh-4.3.2-values.schema.json``), after merging it over the chart's default
values (``z2jh-4.3.2-default-values.yaml``) the way Helm does before it validates. Both files
are vendored from github.com/jupyterhub/zero-to-jupyterhub-k8s at the "Bump to 4.3.2" commit
9dba5197ea8cdb6bcc662fd037f57f0e73f2aa3e: ``jupyterhub/values.yaml`` as it is, and the
``values.schema.json`` the chart ships, generated from ``jupyterhub/values.schema.yaml`` by the
repository's ``tools/generate-json-schema.py``. No cluster is started here.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
K8S = REPO / "deploy" / "jupyterhub"
CHART = "4.3.2"
sys.path.insert(0, str(K8S / "jupyter-config" / "common"))

import venous_exchange  # noqa: E402  (the exchange's own module, as the servers load it)


def helm_merge(defaults: dict, values: dict) -> dict:
    """Helm's merge of user values over chart defaults: maps merge, null removes a key."""
    merged = dict(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def schema_errors(values: dict) -> list[str]:
    import jsonschema

    schema = json.loads((K8S / f"z2jh-{CHART}-values.schema.json").read_text())
    defaults = yaml.safe_load((K8S / f"z2jh-{CHART}-default-values.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)
    merged = helm_merge(defaults, values)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(merged)]


def values() -> dict:
    return yaml.safe_load((K8S / "values.yaml").read_text())


def test_values_file_is_valid_for_the_pinned_chart() -> None:
    text = (K8S / "values.yaml").read_text()
    assert f"--version {CHART}" in text
    assert schema_errors(values()) == []


def test_the_schema_check_catches_a_wrong_setting() -> None:
    wrong = values()
    wrong["singleuser"]["uid"] = "student"  # not an integer
    wrong["hub"]["extraConfg"] = {}  # a typo the chart does not know
    errors = schema_errors(wrong)
    assert any("singleuser.uid" in e for e in errors), errors
    assert any("extraConfg" in e for e in errors), errors


def hub_extra_config() -> str:
    return values()["hub"]["extraConfig"]["10-venous-uids"]


def load_extra_config() -> object:
    """Run the values file's hub configuration the way the chart's hub does (``c`` given)."""
    from traitlets.config import Config

    c = Config()
    exec(compile(hub_extra_config(), "10-venous-uids", "exec"), {"c": c})  # noqa: S102
    return c


def spawner(name: str, others: list[str] = ()) -> SimpleNamespace:
    """Just what the hooks read from a KubeSpawner: the user's name and the hub's users."""

    db = SimpleNamespace(query=lambda column: [(n,) for n in [name, *others]])
    return SimpleNamespace(user=SimpleNamespace(name=name, db=db))


def test_each_pod_runs_as_its_users_own_stable_uid() -> None:
    # The hub's copy of the mapping is the exchange module's, word for word.
    for function in (venous_exchange.student_uid, venous_exchange.uid_collisions):
        assert inspect.getsource(function) in hub_extra_config(), function.__name__
    c = load_extra_config()
    spawner_config = c.KubeSpawner
    for name in ["s1001", "ana.lopez", "nurse-b"]:
        uid = spawner_config.uid(spawner(name))
        assert uid == venous_exchange.student_uid(name)
        assert spawner_config.gid(spawner(name)) == spawner_config.fs_gid(spawner(name)) == uid
    # Stable (the same in every pod and after every restart: derived from the name only).
    assert venous_exchange.student_uid("s1001") == venous_exchange.student_uid("s1001")
    assert venous_exchange.student_uid("s1001") != venous_exchange.student_uid("s1002")
    # Above system and site accounts, below the 2^31 limit of NFS and Kubernetes' runAsUser.
    names = [f"s{i:05d}" for i in range(3000)]
    uids = [venous_exchange.student_uid(n) for n in names]
    assert all(1_000_000 <= u < 2**31 for u in uids)
    assert venous_exchange.uid_collisions(names) == {}
    # The pod's environment gives nbgrader the hub user name for that uid.
    assert values()["singleuser"]["extraEnv"]["NB_USER"] == "{unescaped_username}"


def test_the_hub_refuses_a_second_user_on_the_same_uid(monkeypatch) -> None:
    monkeypatch.setattr(venous_exchange, "UID_SPAN", 2)  # force collisions
    found = venous_exchange.uid_collisions(["a", "b", "c"])  # 3 names, 2 uids: one is shared
    assert found and all(len(group) > 1 for group in found.values())
    assert {n for group in found.values() for n in group} <= {"a", "b", "c"}
    # The values file's hook, with a tiny span in its own copy: refused in one sentence.
    c = load_extra_config()
    hook = c.KubeSpawner.pre_spawn_hook
    hook.__globals__["UID_SPAN"] = 1
    with pytest.raises(ValueError, match="would share uid .* rename one of these accounts"):
        hook(spawner("ana", others=["bo"]))
    hook.__globals__["UID_SPAN"] = 2**30
    hook(spawner("ana", others=["bo"]))  # no collision: nothing raised


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root (chown)")
def test_the_collector_checks_owners_by_the_uid_mapping(tmp_path, monkeypatch) -> None:
    """On Kubernetes a submission must belong to student_uid(<the id in its name>)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory

    monkeypatch.setenv("VENOUS_EXCHANGE_UIDS", "from-name")
    collect = venous_exchange.OwnerCheckedCollect(
        coursedir=CourseDirectory(), authenticator=Authenticator()
    )
    folder = tmp_path / "s1001+quiz-01-understanding+2026-01-05 10:00:00.000000 UTC+abc"
    folder.mkdir()
    os.chown(folder, venous_exchange.student_uid("s1002"), 0)  # a classmate's uid
    assert collect._path_to_record(str(folder))["owner_ok"] is False
    os.chown(folder, venous_exchange.student_uid("s1001"), 0)
    assert collect._path_to_record(str(folder))["owner_ok"] is True


def test_course_files_and_gradebook_reach_instructors_only() -> None:
    v = values()
    single = v["singleuser"]
    override = v["hub"]["config"]["KubeSpawner"]["group_overrides"]["01-instructors"]
    assert override["groups"] == ["instructors"]
    instructor = override["spawner_override"]
    mounted = {m["name"] for m in instructor["volume_mounts"]}
    assert mounted == {"venous-course-files"}
    every_pod = {vol["name"] for vol in single["storage"]["extraVolumes"]}
    assert every_pod == {"nbgrader-exchange"}  # the exchange only: no course files
    assert "VENOUS_GRADEBOOK_URL" in instructor["environment"]
    assert "VENOUS_GRADEBOOK_URL" not in single["extraEnv"]
    assert v["hub"]["db"]["type"] == "postgres"
    # The owner check is on, by the uid mapping, and the exchange is the shared volume.
    assert single["extraEnv"]["VENOUS_EXCHANGE_CHECK_OWNER"] == "1"
    assert single["extraEnv"]["VENOUS_EXCHANGE_UIDS"] == "from-name"
    mount = single["storage"]["extraVolumeMounts"][0]
    assert mount["mountPath"] == single["extraEnv"]["VENOUS_EXCHANGE_ROOT"]
