"""The org-model JSON Schema: shipped current, printed by ``sfpolicy schema``, strict enough to catch
a wrong model, and the source of ``docs/org-model.md`` (stale docs fail here)."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from scanner.metadata.registry import TYPES
from scanner.metadata.schema import SCHEMA_FILE, build_schema, dumps, render_markdown, shipped_schema_text
from tests.conftest import FIXTURES, ROOT, run_cli
from tests.org_model_helpers import UPDATE, normalise

EVERY_TYPE = FIXTURES / "edge-cases" / "every-type"
DOCS = ROOT / "docs" / "org-model.md"
SHIPPED = ROOT / "scanner" / "metadata" / SCHEMA_FILE
REGENERATE = "run SFPOLICY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_schema.py to regenerate it"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(shipped_schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def every_type_model() -> dict:
    model, issues = normalise(EVERY_TYPE)
    assert issues == []
    return model


def test_shipped_schema_is_generated_from_the_code() -> None:
    generated = dumps(build_schema())
    if UPDATE:
        SHIPPED.write_text(generated, "utf-8")
    assert shipped_schema_text() == generated, f"{SHIPPED} is stale: {REGENERATE}"


def test_docs_are_generated_from_the_schema(every_type_model) -> None:
    examples = {}
    for mtype in TYPES:
        components = every_type_model[mtype.model_key]
        assert components, f"fixtures/edge-cases/every-type has no {mtype.name} to show in the docs"
        name = "Security" if mtype.model_key == "settings" else sorted(components)[0]
        examples[mtype.model_key] = (name, components[name])
    text = render_markdown(json.loads(shipped_schema_text()), examples)
    if UPDATE:
        DOCS.write_text(text, "utf-8")
    assert DOCS.read_text("utf-8") == text, f"{DOCS} is stale: {REGENERATE}"


def test_every_fixture_validates(validator) -> None:
    fixtures = sorted(p.parent for p in FIXTURES.rglob("sfdx-project.json"))
    assert len(fixtures) >= 3
    for root in fixtures:
        model, _ = normalise(root)
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(model)]
        assert errors == [], f"{root.relative_to(ROOT)}"


def test_schema_rejects_what_the_contract_forbids(validator, every_type_model) -> None:
    """Each mutation breaks one promise of the contract; the schema must notice every one."""
    breaks = {
        "boolean as text": lambda m: m["remoteSiteSettings"]["Billing_API"].__setitem__("isActive", "true"),
        "list as object": lambda m: m["connectedApps"]["Partner_Portal"]["oauthConfig"].__setitem__("scopes", "Api"),
        "int as text": lambda m: m["profileSessionSettings"][
            "Help_Center_profileSessionSetting1700000000000"].__setitem__("sessionTimeout", "30"),
        "component without _file": lambda m: m["profiles"]["Help Center (Guest)"].pop("_file"),
        "unknown top-level key": lambda m: m.__setitem__("profile", {}),
        "bad sharing keyword": lambda m: m["apexClasses"]["CaseController"].__setitem__("sharing", "without sharing"),
        "field entry without line": lambda m: m["objects"]["Account"]["fields"][0].__setitem__("_line", "3"),
    }
    assert validator.is_valid(every_type_model)
    for what, mutate in breaks.items():
        broken = copy.deepcopy(every_type_model)
        mutate(broken)
        assert not validator.is_valid(broken), what


def test_unknown_elements_are_allowed(validator, every_type_model) -> None:
    model = copy.deepcopy(every_type_model)
    model["profiles"]["Help Center (Guest)"]["someFutureElement"] = {"_line": 9, "value": "x"}
    assert validator.is_valid(model)


def test_cli_prints_the_shipped_schema() -> None:
    proc = run_cli("schema")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == shipped_schema_text()


def test_cli_normalize_is_byte_deterministic(tmp_path, validator) -> None:
    first = run_cli("normalize", str(EVERY_TYPE))
    second = run_cli("normalize", str(EVERY_TYPE), "--output", str(tmp_path / "model.json"))
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert second.stdout == ""
    assert (tmp_path / "model.json").read_text("utf-8") == first.stdout
    model = json.loads(first.stdout)
    assert validator.is_valid(model)
    assert set(model["derived"]) >= {"sensitiveFields", "guestProfiles"}  # what policies receive


def test_cli_normalize_errors_exit_2(tmp_path) -> None:
    missing = run_cli("normalize", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"sfpolicy: error: {tmp_path / 'nope'}: no such file or directory"
    bad = tmp_path / "org" / "profiles"
    bad.mkdir(parents=True)
    (bad / "Broken.profile").write_text("<Profile><custom>true</Profile>")
    proc = run_cli("normalize", str(tmp_path / "org"))
    assert proc.returncode == 2
    assert "profiles/Broken.profile:1:" in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["profiles"] == {}  # the rest is still written
