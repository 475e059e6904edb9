"""Waivers: time-limited, owned, justified exceptions (``--waivers FILE``).

Each entry names what it waives, by ``fingerprint`` or by ``rule`` (a glob, e.g. ``SFP-OAUTH-*``)
with an optional ``resource`` glob (``Type/Name`` when it holds a ``/``, else the name alone), and
says why (``justification``), who answers for it (``owner``) and until when (``expires``,
``YYYY-MM-DD``, valid through that day, at most ``waivers.maxExpiryDays`` of the config after the
scan's date, 365 by default)::

    waivers:
      - rule: SFP-OAUTH-001
        resource: ConnectedApp/Loyalty_Analytics
        justification: Vendor contract SEC-123 requires full scope until the v2 API ships.
        owner: security@example.com
        expires: 2026-12-31

A ``rule`` glob that matches every rule of the scan (``*``, ``SFP-*``) without a ``resource`` holding
a literal name is refused, as are impossible dates and repeated keys: each is an error naming the
file and line (exit 2), since a waiver that quietly covers everything is a gate switched off.

A waived finding stays in every report, marked ``waived`` with a SARIF suppression, so code
scanning shows it as dismissed rather than losing it. Problems with the waivers themselves are
findings of three built-in pseudo-rules that point at the waiver's line in the file (so they reach
SARIF, the console and the gate like any finding):

- ``SFP-WAIVER-001`` (medium): the waiver has expired; it suppresses nothing any more.
- ``SFP-WAIVER-002`` (low): the waiver matches no finding (stale); delete it.
- ``SFP-WAIVER-003`` (high): with ``--no-new-waivers``, the change under review adds or extends the
  waiver (compared with the file at ``--base``); it is ignored, so developers cannot self-suppress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.findings import Finding
from scanner.policy.loader import Rule
from scanner.sources.git_source import GitRef, GitSourceError, read_file_at
from scanner.triage.errors import TriageError
from scanner.triage.yamlfile import LINE_KEY, entries, parse_yaml, read_yaml, require_str

if TYPE_CHECKING:
    from scanner.result import ScanResult, TriageOptions

TRIAGE_PACKAGE = "sfpolicy.triage.waivers"
EXPIRED, STALE, SELF_ADDED = "SFP-WAIVER-001", "SFP-WAIVER-002", "SFP-WAIVER-003"
PSEUDO_RULE_IDS = (EXPIRED, STALE, SELF_ADDED)

WAIVER_RULES: dict[str, Rule] = {
    EXPIRED: Rule(
        id=EXPIRED, package=TRIAGE_PACKAGE, title="Waiver expired", severity="medium", category="governance",
        description="A waiver's expiry date has passed, so the finding it covered is reported again.",
        remediation="Fix the finding, or have its owner renew the waiver with a new justification and date.",
        builtin=True),
    STALE: Rule(
        id=STALE, package=TRIAGE_PACKAGE, title="Waiver matches no finding", severity="low", category="governance",
        description="A waiver that suppresses nothing: the finding was fixed or the resource renamed.",
        remediation="Delete the waiver so it cannot silently cover a future finding.", builtin=True),
    SELF_ADDED: Rule(
        id=SELF_ADDED, package=TRIAGE_PACKAGE, title="Waiver added in the change under review",
        severity="high", category="governance",
        description="The change adds or extends a waiver; the gate refuses self-suppression, so it is ignored.",
        remediation="Have the security owner approve and merge the waiver in a separate change.", builtin=True),
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEYS = {"fingerprint", "rule", "resource", "justification", "owner", "expires", LINE_KEY}


def is_triage_finding(f: Finding) -> bool:
    """Findings about the triage files themselves (waivers, and what decides the gate: scanner.triage.gate_inputs),
    which cannot be waived or baselined."""
    return f.package.startswith("sfpolicy.triage.")


@dataclass(frozen=True)
class Waiver:
    line: int
    justification: str
    owner: str
    expires: date
    fingerprint: str | None = None
    rule: str | None = None
    resource: str | None = None

    @property
    def identity(self) -> tuple[str | None, str | None, str | None]:
        return self.fingerprint, self.rule, self.resource

    @property
    def label(self) -> str:
        return self.fingerprint or f"{self.rule} {self.resource or '*'}"

    def matches(self, f: Finding) -> bool:
        if self.fingerprint is not None:
            return f.fingerprint == self.fingerprint
        if not fnmatchcase(f.rule_id, self.rule or ""):
            return False
        if self.resource is None:
            return True
        subject = f"{f.resource_type}/{f.resource_name}" if "/" in self.resource else f.resource_name
        return fnmatchcase(subject, self.resource)

    def suppression(self) -> dict[str, str]:
        return {"kind": "external", "status": "accepted",
                "justification": f"{self.justification} (owner: {self.owner}; expires {self.expires.isoformat()})"}


def _expiry(value: object, where: str, line: int) -> date:
    # The YAML loader keeps timestamps as text (scanner/user_yaml.py); only a real calendar day passes.
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise TriageError(f"{where}:{line}: 'expires' must be a date as YYYY-MM-DD, got {value!r}")


def _has_literal(glob: str) -> bool:
    """Whether ``glob`` names something: a character other than ``*``, ``?`` and ``/`` (``*/*`` does not)."""
    return glob.strip("*?/") != ""


def check_waivers(waivers: list[Waiver], rule_ids: set[str], today: date, max_days: int, where: str) -> None:
    """Refuse a waiver that covers every rule of the scan on every resource, or expires too late."""
    latest = today + timedelta(days=max_days)
    for w in waivers:
        if w.rule is not None and not (w.resource and _has_literal(w.resource)) and (
                not _has_literal(w.rule) or (len(rule_ids) > 1 and all(fnmatchcase(r, w.rule) for r in rule_ids))):
            raise TriageError(f"{where}:{w.line}: rule {w.rule!r} matches every rule of the scan; name the rules "
                              "(e.g. SFP-OAUTH-001 or SFP-OAUTH-*) or add a 'resource' that names what is waived")
        if w.expires > latest:
            raise TriageError(f"{where}:{w.line}: expires {w.expires.isoformat()}, more than {max_days} days after "
                              f"{today.isoformat()} (waivers.maxExpiryDays); choose an earlier date")


def parse_waivers(data: object, where: str) -> list[Waiver]:
    """Validate a parsed waivers file; every problem is reported as ``file:line``."""
    waivers = []
    for item in entries(data, "waivers", where):
        line = item[LINE_KEY]
        unknown = sorted(map(str, set(item) - _KEYS))
        if unknown:
            raise TriageError(f"{where}:{line}: unknown key(s) {', '.join(unknown)} "
                              f"(allowed: {', '.join(sorted(_KEYS - {LINE_KEY}))})")
        has_fp, has_rule = "fingerprint" in item, "rule" in item
        if has_fp == has_rule:
            raise TriageError(f"{where}:{line}: a waiver needs exactly one of 'fingerprint' or 'rule'")
        if has_fp and "resource" in item:
            raise TriageError(f"{where}:{line}: 'resource' goes with 'rule', not with 'fingerprint'")
        waivers.append(Waiver(
            line=line,
            justification=require_str(item, "justification", where),
            owner=require_str(item, "owner", where),
            expires=_expiry(item.get("expires"), where, line),
            fingerprint=require_str(item, "fingerprint", where) if has_fp else None,
            rule=require_str(item, "rule", where) if has_rule else None,
            resource=require_str(item, "resource", where) if "resource" in item else None,
        ))
    return waivers


def load_waivers(path: Path) -> list[Waiver]:
    return parse_waivers(read_yaml(path), str(path))


def waivers_at_base(path: Path, base: str, waivers_file: Path) -> list[Waiver]:
    """The waivers file as committed at the base of the change (none when it did not exist there).

    A base file that no longer parses counts as empty: every waiver of the head is then new, which
    errs on the side of refusing.
    """
    try:
        data = read_file_at(path, GitRef.parse(base).rev, waivers_file)
    except GitSourceError as exc:
        raise TriageError(f"--no-new-waivers: {exc}") from None
    if data is None:
        return []
    where = f"{base}:{waivers_file}"
    try:
        return parse_waivers(parse_yaml(data.decode("utf-8", "replace"), where), where)
    except TriageError:
        return []


def added_waivers(head: list[Waiver], base: list[Waiver]) -> set[Waiver]:
    """Waivers of the head that the base lacks, or that the head extends to a later expiry."""
    base_expiry: dict[tuple, date] = {}
    for w in base:
        base_expiry[w.identity] = max(w.expires, base_expiry.get(w.identity, w.expires))
    return {w for w in head if w.identity not in base_expiry or w.expires > base_expiry[w.identity]}


def _display_path(waivers_file: Path, root: Path) -> str:
    """The waivers file relative to the scanned root when it lies inside it (SARIF URIs are root-relative)."""
    try:
        return waivers_file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return waivers_file.as_posix()


def _report(rule_id: str, w: Waiver, file: str, message: str) -> Finding:
    rule = WAIVER_RULES[rule_id]
    return Finding(
        rule_id=rule_id, severity=rule.severity, message=message, resource_type="Waiver", resource_name=w.label,
        file=file, line=w.line, key=f"{w.label}@{w.expires.isoformat()}", package=TRIAGE_PACKAGE,
        title=rule.title, category=rule.category,
    )


def apply_waivers(result: ScanResult, path: Path, opts: TriageOptions, waivers: list[Waiver] | None = None) -> None:
    """Mark waived findings and add the findings about expired, stale and refused waivers. ``waivers``: the
    entries to apply when already read (in PR mode, the base revision's), else those of ``opts.waivers``."""
    if opts.waivers is None:
        return
    waivers = load_waivers(opts.waivers) if waivers is None else waivers
    today = opts.effective_today()
    check_waivers(waivers, set(result.rules) - set(PSEUDO_RULE_IDS), today,
                  result.config.data["waivers"]["maxExpiryDays"], str(opts.waivers))
    refused = added_waivers(waivers, waivers_at_base(path, opts.base, opts.waivers)) \
        if opts.no_new_waivers and opts.base else set()
    file = _display_path(opts.waivers, path if path.is_dir() else path.parent)
    targets = [f for f in result.findings if not is_triage_finding(f)]
    reports: list[Finding] = []
    waived = 0
    for w in waivers:
        if w.expires < today:
            reports.append(_report(EXPIRED, w, file, f"Waiver for {w.label} (owner {w.owner}) expired on "
                                   f"{w.expires.isoformat()}; it no longer suppresses anything"))
            continue
        if w in refused:
            reports.append(_report(SELF_ADDED, w, file, f"Waiver for {w.label} is added or extended by this change "
                                   "and is ignored (--no-new-waivers): it needs a separate, reviewed change"))
            continue
        matched = [f for f in targets if w.matches(f)]
        if not matched:
            reports.append(_report(STALE, w, file, f"Waiver for {w.label} (owner {w.owner}) matches no finding; "
                                   "delete it"))
        for f in matched:
            if f.status != "waived":
                waived += 1
                f.status, f.suppression = "waived", w.suppression()
    result.rules.update(WAIVER_RULES)
    result.findings = sorted([*result.findings, *reports], key=Finding.sort_key)
    result.notes.append(f"waivers: {waived} finding(s) waived, {len(reports)} waiver problem(s), "
                        f"expiry judged on {today.isoformat()}")
