"""Findings about the files that decide the gate, when the change under review edits them.

In PR mode the config, the baseline, the waivers file and ``--policy`` folders are read as the base
revision has them (scanner.gate.trusted), so a change cannot accept its own findings. What the change
does to them is not silently dropped either: each edited file is a finding of ``SFP-GATE-001`` at the
first line that differs, so that a reviewer sees it, and it takes effect once merged on its own.
"""

from __future__ import annotations

from scanner.findings import Finding
from scanner.policy.loader import Rule

GATE_INPUTS_PACKAGE = "sfpolicy.triage.gate_inputs"
INPUT_CHANGED = "SFP-GATE-001"

GATE_INPUT_RULES: dict[str, Rule] = {
    INPUT_CHANGED: Rule(
        id=INPUT_CHANGED, package=GATE_INPUTS_PACKAGE, title="Gate configuration changed in the change under review",
        severity="high", category="governance",
        description="The change edits a file that decides which findings fail the gate (the sfpolicy config, "
                    "the baseline, the waivers file or a folder of policies). In PR mode the gate uses the base "
                    "revision's version, so the edit has no effect on this run; it needs its own review.",
        remediation="Have the security owner review the edit and merge it in a change of its own; the gate of "
                    "later changes uses it once it is on the base branch.",
        builtin=True),
}

#: What each kind of gate input is called in a finding's message.
KINDS = {"config": "the sfpolicy config", "baseline": "the baseline", "waivers": "the waivers file",
         "policies": "a policy folder"}


def input_changed(kind: str, file: str, line: int, what: str) -> Finding:
    """The finding that ``file`` (a gate input of ``kind``) differs from the base: ``what`` says how."""
    rule = GATE_INPUT_RULES[INPUT_CHANGED]
    return Finding(
        rule_id=INPUT_CHANGED, severity=rule.severity, resource_type="GateInput", resource_name=file,
        message=f"This change {what} {KINDS[kind]} {file}; the gate used the base revision's version, and the "
                "edit needs a review of its own",
        file=file, line=line, key=f"{kind}:{file}", package=GATE_INPUTS_PACKAGE, title=rule.title,
        category=rule.category,
    )
