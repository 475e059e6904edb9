"""Find Rego policy files and read each rule's ``# METADATA`` block.

The embedded engine has no ``rego.metadata.*``, so the scanner reads the annotations itself: they
are YAML in comment lines directly above the ``package`` line, and are joined to findings by
package name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from scanner.policy.reads import helper_reads, rule_reads

SEVERITIES = ("critical", "high", "medium", "low", "info")
#: custom.scope values (see Rule.scope).
SCOPES = ("component", "org")


def _builtin_policy_dir() -> Path:
    """Where the built-in rules are: inside the package when installed from a wheel (the build copies
    them there, see setup.py), else ``policies/`` beside the package in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "builtin_policies"
    return installed if installed.is_dir() else package.parent / "policies"


BUILTIN_POLICY_DIR = _builtin_policy_dir()

#: libyaml's safe loader when PyYAML was built with it: every scan reads 53 metadata blocks, and the
#: pure-Python loader took a tenth of a second over them.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PACKAGE = re.compile(r"^\s*package\s+([A-Za-z_][\w.]*)", re.MULTILINE)


class PolicyError(Exception):
    """A policy that cannot be used: unreadable, bad metadata, or refused by the engine."""


@dataclass(frozen=True)
class PolicyFile:
    path: Path
    text: str
    package: str
    #: The name used in messages and reports: ``policies/<area>/<rule>.rego`` for built-in rules, the
    #: path as the user gave it otherwise (never an absolute path of this machine).
    display: str


@dataclass(frozen=True)
class Rule:
    """One rule's metadata: what a report says about it."""

    id: str
    package: str
    title: str
    severity: str
    description: str = ""
    category: str = ""
    remediation: str = ""
    frameworks: dict[str, Any] = field(default_factory=dict)
    references: tuple[str, ...] = ()
    source: str = ""
    builtin: bool = True
    #: ``component``: each finding is located in, and depends only on, one component (plus the org-wide
    #: context); ``org``: anything else. Lets a PR scan evaluate only what a change touched (scanner.reuse.incremental).
    scope: str = "org"
    #: The org model collections the rule reads (scanner.policy.reads): what the report says it checked.
    reads: tuple[str, ...] = ()

    @property
    def area(self) -> str:
        """The policy area, from the package (``sfpolicy.rules.<area>.<name>``)."""
        parts = self.package.split(".")
        return parts[2] if len(parts) > 3 and parts[:2] == ["sfpolicy", "rules"] else "custom"


def find_policy_files(directory: Path, include_tests: bool = False) -> list[Path]:
    if not directory.is_dir():
        raise PolicyError(f"{directory}: policy directory not found")
    files = sorted(p for p in directory.rglob("*.rego") if p.is_file())
    if not include_tests:
        files = [p for p in files if not p.name.endswith("_test.rego")]
    return files


def read_policy(path: Path, display: str | None = None) -> PolicyFile:
    display = display or path.as_posix()
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{display}: cannot read policy: {exc}") from None
    return policy_from_text(path, text, display)


def policy_from_text(path: Path, text: str, display: str) -> PolicyFile:
    """A policy file whose text is at hand (read from disk, or from a git revision)."""
    match = _PACKAGE.search(text)
    if not match:
        raise PolicyError(f"{display}:1:1: no package declaration")
    return PolicyFile(path, text, match.group(1), display)


def display_name(path: Path, directory: Path, builtin: bool) -> str:
    if builtin:
        return (Path("policies") / path.relative_to(directory)).as_posix()
    return path.as_posix()


def _metadata_block(text: str) -> tuple[dict[str, Any] | None, int]:
    """The YAML of the ``# METADATA`` block that precedes the package line, and its line number."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "# METADATA":
            body = []
            for follow in lines[i + 1:]:
                if not follow.startswith("#"):
                    break
                body.append(follow[2:] if follow.startswith("# ") else follow[1:])
            return yaml.load("\n".join(body), Loader=_YAML_LOADER) or {}, i + 1
        if _PACKAGE.match(line):
            break
    return None, 0


def rule_metadata(policy: PolicyFile, builtin: bool) -> Rule | None:
    """The rule declared by ``policy``'s package annotation; None for helper files without one."""
    try:
        meta, line = _metadata_block(policy.text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{policy.display}: invalid YAML in # METADATA: {exc}") from None
    if meta is None:
        return None
    where = f"{policy.display}:{line}"
    if not isinstance(meta, dict):
        raise PolicyError(f"{where}: # METADATA must be a mapping")
    custom = meta.get("custom") or {}
    if not isinstance(custom, dict):
        raise PolicyError(f"{where}: # METADATA custom must be a mapping")
    rule_id = custom.get("id")
    severity = str(custom.get("severity", "")).lower()
    if not isinstance(rule_id, str) or not rule_id:
        raise PolicyError(f"{where}: # METADATA custom.id is missing")
    if severity not in SEVERITIES:
        raise PolicyError(f"{where}: # METADATA custom.severity must be one of {', '.join(SEVERITIES)}")
    refs = custom.get("references") or []
    scope = custom.get("scope", "org")
    if scope not in SCOPES:
        raise PolicyError(f"{where}: # METADATA custom.scope must be one of {', '.join(SCOPES)}")
    return Rule(
        id=rule_id,
        package=policy.package,
        title=str(meta.get("title", rule_id)),
        severity=severity,
        description=str(meta.get("description", "")).strip(),
        category=str(custom.get("category", "")),
        remediation=str(custom.get("remediation", "")).strip(),
        frameworks=dict(custom.get("frameworks") or {}),
        references=tuple(str(r) for r in refs) if isinstance(refs, list) else (str(refs),),
        source=policy.display,
        builtin=builtin,
        scope=scope,
    )


@dataclass
class PolicySet:
    """Every policy file to load, and the rules they declare, keyed by package."""

    files: list[PolicyFile]
    rules: dict[str, Rule]


def load_policy_set(extra_dirs: list[Path] | None = None, builtin_dir: Path = BUILTIN_POLICY_DIR,
                    include_builtin: bool = True, user_files: list[PolicyFile] | None = None) -> PolicySet:
    """The built-in rules (or only their helpers) and the user's: the ``*.rego`` files of ``extra_dirs``,
    or ``user_files`` already read (a PR gate reads them from the base revision)."""
    # Without the built-in rules, their helpers (policies/lib) still load: user rules may import them.
    builtin_files = find_policy_files(builtin_dir if include_builtin else builtin_dir / "lib")
    policies = [(read_policy(path, display_name(path, builtin_dir, True)), True) for path in builtin_files]
    policies += [(read_policy(path, display_name(path, d, False)), False)
                 for d in extra_dirs or [] for path in find_policy_files(d)]
    policies += [(policy, False) for policy in user_files or []]
    files: list[PolicyFile] = []
    rules: dict[str, Rule] = {}
    seen_ids: dict[str, str] = {}
    for policy, builtin in policies:
        files.append(policy)
        rule = rule_metadata(policy, builtin)
        if rule is None:
            continue
        if rule.id in seen_ids and seen_ids[rule.id] != rule.package:
            raise PolicyError(f"{policy.display}: rule id {rule.id} is already used by {seen_ids[rule.id]}")
        seen_ids[rule.id] = rule.package
        rules[rule.package] = rule
    helpers = helper_reads("\n".join(p.text for p in files if p.package.startswith("sfpolicy.lib")))
    texts: dict[str, list[str]] = {}
    for policy in files:
        texts.setdefault(policy.package, []).append(policy.text)
    rules = {package: replace(rule, reads=rule_reads("\n".join(texts[package]), helpers))
             for package, rule in rules.items()}
    return PolicySet(files, rules)
