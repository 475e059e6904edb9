"""Config, waivers and baseline files are bounded: no YAML anchors or aliases (the nested-alias bomb of
issue 15 is 563 bytes and grew to 2.26 GB while loading), no absurd nesting, and user regular
expressions (``sensitive.fieldNamePatterns``) run on RE2, whose matching time is linear, after a
check at load that names ``file:line``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scanner.config import ConfigError, load_config
from scanner.metadata.derived import sensitive_fields
from scanner.triage.baseline import load_baseline
from scanner.triage.errors import TriageError
from scanner.triage.waivers import load_waivers


def alias_bomb(top_key: str) -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) leaves once expanded, in about 560 bytes."""
    lines = [f"{top_key}:", "  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


SMALL_ALIAS = "{key}:\n  one: &shared [a]\n  two: *shared\n"
DEEP = "{key}: " + "[" * 5000 + "]" * 5000 + "\n"


def _load(kind: str, path: Path):
    return {"config": lambda: load_config(path, None), "waivers": lambda: load_waivers(path),
            "baseline": lambda: load_baseline(path)}[kind]()


KINDS = {"config": ("sfpolicy.yaml", "endpoints", ConfigError), "waivers": ("w.yaml", "waivers", TriageError),
         "baseline": ("b.yaml", "findings", TriageError)}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("text", [alias_bomb("{key}"), SMALL_ALIAS], ids=["bomb", "one alias"])
def test_anchors_and_aliases_are_refused_at_their_line(tmp_path: Path, kind: str, text: str) -> None:
    name, key, error = KINDS[kind]
    path = tmp_path / name
    path.write_text(text.replace("{key}", key), "utf-8")
    assert len(path.read_bytes()) < 600
    started = time.perf_counter()
    with pytest.raises(error) as err:
        _load(kind, path)
    assert time.perf_counter() - started < 5
    assert f"{path}:2" in str(err.value) and "anchors and aliases" in str(err.value)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_deep_nesting_is_refused(tmp_path: Path, kind: str) -> None:
    name, key, error = KINDS[kind]
    path = tmp_path / name
    path.write_text(DEEP.replace("{key}", key), "utf-8")
    with pytest.raises(error, match="nested more than"):
        _load(kind, path)


@pytest.mark.parametrize(("patterns", "message"), [
    ("['ssn', '(?<=x)secret']", "sfpolicy.yaml:4: sensitive.fieldNamePatterns: item 2 is not a regular expression"),
    ("\n    - ssn\n    - '(a)\\1'", "sfpolicy.yaml:6: sensitive.fieldNamePatterns: item 2 is not a regular expression"),
    ("['(']", "sfpolicy.yaml:4: sensitive.fieldNamePatterns: item 1 is not a regular expression"),
])
def test_field_name_patterns_are_checked_at_load(tmp_path: Path, patterns: str, message: str) -> None:
    path = tmp_path / "sfpolicy.yaml"
    path.write_text(f"# sensitive data\n\nsensitive:\n  fieldNamePatterns: {patterns}\n", "utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, None)
    assert message.replace("sfpolicy.yaml", str(path)) in str(err.value)


def test_field_name_patterns_match_in_linear_time(tmp_path: Path) -> None:
    """``(a+)+$`` backtracks exponentially in Python's re (40 characters would take days); RE2 does not."""
    path = tmp_path / "sfpolicy.yaml"
    path.write_text("sensitive:\n  fieldNamePatterns: ['(a+)+$', 'Ssn']\n", "utf-8")
    config = load_config(path, None)
    hostile = "a" * 100_000 + "!"
    model = {"objects": {"Account": {"fields": [{"fullName": hostile + "__c"}, {"fullName": "Mother_SSN__c"}]}}}
    started = time.perf_counter()
    found = sensitive_fields(model, config.data["sensitive"])
    assert time.perf_counter() - started < 5
    assert list(found) == ["Account.Mother_SSN__c"]  # case-insensitive, like the defaults
