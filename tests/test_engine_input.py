"""The engine's input leaves out the permission tables no loaded policy names, and only those.

The built-in rules read field access from ``derived.sensitiveFieldGrants``, so a built-in scan must
not pay for millions of field permissions; a user's policy that reads them must still see them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import ScanOptions, scan
from scanner.engine.model_input import engine_input, names_read, reads_any_collection
from scanner.policy.loader import load_policy_set
from tests.conftest import FIXTURES

LEAKY = FIXTURES / "leaky-retail-org"
GUEST = "Storefront Guest"


def _model() -> dict:
    return scan(LEAKY, ScanOptions(fail_on="none")).model


def test_built_in_policies_do_not_receive_field_permissions() -> None:
    model = _model()
    assert model["profiles"][GUEST]["fieldPermissions"]  # the model has them ...
    sent = json.loads(engine_input(model, (p.text for p in load_policy_set([]).files)))
    guest = sent["profiles"][GUEST]
    assert "fieldPermissions" not in guest  # ... the built-in rules never walk them
    assert guest["objectPermissions"] == model["profiles"][GUEST]["objectPermissions"]  # named by rules
    assert guest["userLicense"] == model["profiles"][GUEST]["userLicense"]  # not a table: always sent
    assert sent["derived"]["sensitiveFields"] == json.loads(json.dumps(model["derived"]["sensitiveFields"]))


@pytest.mark.parametrize("reference", [
    "p.fieldPermissions",
    'object.get(p, "fieldPermissions", [])',
    'p["fieldPermissions"]',
    "p . fieldPermissions",
])
def test_a_policy_that_names_a_table_receives_it(reference: str) -> None:
    model = _model()
    text = f"package x\nimport rego.v1\nr := [v | some p in input.profiles; v := {reference}]\n"
    assert names_read([text]) is not None
    sent = json.loads(engine_input(model, [text]))
    assert sent["profiles"][GUEST]["fieldPermissions"] == json.loads(
        json.dumps(model["profiles"][GUEST]["fieldPermissions"]))


@pytest.mark.parametrize("text", [
    "# fieldPermissions are not read here\n",
    'key := sprintf("fieldPermissions.%s", [f])\n',
])
def test_comments_and_longer_strings_do_not_count_as_reading_a_table(text: str) -> None:
    assert "fieldPermissions" not in names_read([text])


def test_a_policy_that_walks_the_model_receives_all_of_it() -> None:
    model = _model()
    text = "package x\nimport rego.v1\nr contains v if walk(input, [_, v])\n"
    assert names_read([text]) is None
    assert json.loads(engine_input(model, [text])) == json.loads(json.dumps(model))


def test_a_custom_rule_over_field_permissions_finds_them_in_a_scan(tmp_path: Path) -> None:
    (tmp_path / "fls.rego").write_text(
        "package sfpolicy.rules.custom.guest_fls\nimport rego.v1\n"
        "deny contains msg if {\n  some name, p in input.profiles\n  some fp in p.fieldPermissions\n"
        '  fp.readable\n  msg := sprintf("%s reads %s", [name, fp.field])\n}\n')
    result = scan(LEAKY, ScanOptions(fail_on="none", policy_dirs=[tmp_path], include_builtin=False))
    messages = {f.message for f in result.findings}
    assert f"{GUEST} reads Customer__c.Email__c" in messages
    assert f"{GUEST} reads Customer__c.Date_of_Birth__c" in messages


def test_a_collection_reaches_the_engine_only_when_a_policy_names_it() -> None:
    model = _model()
    text = 'package x\nimport rego.v1\n# not input.profiles\nr := object.get(input, "remoteSiteSettings", {})\n'
    sent = json.loads(engine_input(model, [text, "package y\nimport rego.v1\nr := input.connectedApps\n"]))
    assert sorted(sent) == ["connectedApps", "remoteSiteSettings"]
    assert sent["connectedApps"] == json.loads(json.dumps(model["connectedApps"]))


@pytest.mark.parametrize("use", ["some kind, components in input", "input[kind]", "x := input", "walk(input, w)",
                                 "json.marshal(input)"])
def test_a_policy_that_may_reach_any_collection_receives_them_all(use: str) -> None:
    model = _model()
    text = f"package x\nimport rego.v1\nr if {{ {use} }}\n"
    assert reads_any_collection([text]) or names_read([text]) is None
    assert set(json.loads(engine_input(model, [text]))) == set(model)


def test_an_objects_fields_reach_the_engine_only_when_named() -> None:
    model = _model()
    [name] = [n for n, o in model["objects"].items() if o.get("fields")][:1]
    builtin = json.loads(engine_input(model, (p.text for p in load_policy_set([]).files)))
    assert "fields" not in builtin["objects"][name]  # the built-in rules read derived.sensitiveFields
    text = 'package x\nimport rego.v1\nr := [f | some o in input.objects; some f in object.get(o, "fields", [])]\n'
    assert json.loads(engine_input(model, [text]))["objects"][name]["fields"] == json.loads(
        json.dumps(model["objects"][name]["fields"]))


def test_dormant_field_grants_reach_only_a_policy_that_names_them() -> None:
    """Field permissions without object access are rows of the access view, not access: the built-in
    rules never receive them (two thirds of the engine input on a dense org), a policy naming
    ``dormant`` does."""
    model = _model()
    live = model["derived"]["sensitiveFieldGrants"][0]
    dormant = {**live, "access": "none", "granted": "read", "objectAccess": None, "dormant": True}
    grants = model["derived"]["sensitiveFieldGrants"] = [live, dormant]
    built_in = json.loads(engine_input(model, (p.text for p in load_policy_set([]).files)))
    assert built_in["derived"]["sensitiveFieldGrants"] == [json.loads(json.dumps(live))]
    text = "package x\nimport rego.v1\nr := [g | some g in input.derived.sensitiveFieldGrants; g.dormant]\n"
    assert json.loads(engine_input(model, [text]))["derived"]["sensitiveFieldGrants"] == json.loads(json.dumps(grants))
