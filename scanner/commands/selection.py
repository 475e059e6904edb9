"""``--rule``, ``--skip-rule`` and ``--severity``: which findings a scan reports, chosen on the command line.

They narrow a finished scan the way ``enabled`` / ``disabled`` in ``sfpolicy.yaml`` do inside it: the
findings of an unselected rule are dropped and the rule is not listed as run, so every report and the
exit code agree with what is shown. Rule patterns are globs (``SFP-NET-*``), case-insensitive; one
that matches no rule of the scan is refused, because a typo must not quietly switch a gate off.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Annotated

import typer

from scanner.errors import ScanFailed
from scanner.policy.loader import SEVERITIES
from scanner.result import ScanResult

RuleOption = Annotated[list[str] | None, typer.Option(
    "--rule", metavar="ID", rich_help_panel="Rules", help="Report only rules matching this glob (repeatable).")]
SkipRuleOption = Annotated[list[str] | None, typer.Option(
    "--skip-rule", metavar="ID", rich_help_panel="Rules", help="Leave out rules matching this glob (repeatable).")]
SeverityOption = Annotated[list[str] | None, typer.Option(
    "--severity", metavar="LEVEL[,LEVEL]", rich_help_panel="Rules",
    help="Report only findings of these severities (repeatable).")]


def severities(values: list[str] | None) -> frozenset[str] | None:
    """The severities ``--severity`` names (comma-separated or repeated); None when it is not given."""
    if not values:
        return None
    chosen = frozenset(part.strip().lower() for value in values for part in value.split(",") if part.strip())
    unknown = sorted(chosen - set(SEVERITIES))
    if unknown or not chosen:
        raise ScanFailed(f"--severity {','.join(unknown) or repr(','.join(values))}: "
                         f"expected one or more of {', '.join(SEVERITIES)}")
    return chosen


def _matches(rule_id: str, patterns: list[str]) -> bool:
    return any(fnmatchcase(rule_id.upper(), pattern.upper()) for pattern in patterns)


def select_findings(result: ScanResult, rules: list[str] | None, skip: list[str] | None,
                    shown: frozenset[str] | None) -> None:
    """Keep in ``result`` only the rules ``rules`` / ``skip`` select and the findings of those rules whose
    severity is in ``shown`` (None: every severity)."""
    rules, skip = rules or [], skip or []
    known = set(result.rules) | {f.rule_id for f in result.findings}
    for option, patterns in (("--rule", rules), ("--skip-rule", skip)):
        for pattern in patterns:
            if not any(_matches(rule_id, [pattern]) for rule_id in known):
                raise ScanFailed(f"{option} {pattern}: matches no rule of this scan (see `sfpolicy policies list`)")

    def selected(rule_id: str) -> bool:
        return (not rules or _matches(rule_id, rules)) and not _matches(rule_id, skip)

    if rules or skip:
        result.rules = {rule_id: rule for rule_id, rule in result.rules.items() if selected(rule_id)}
    if rules or skip or shown is not None:
        result.findings = [f for f in result.findings
                           if selected(f.rule_id) and (shown is None or f.severity in shown)]
