"""SARIF 2.1.0 shaped for GitHub code scanning.

GitHub reads: one ``reportingDescriptor`` per rule with ``help.markdown`` and
``properties.security-severity`` (a number as a string: ≥9 critical, ≥7 high, ≥4 medium, else low),
results with ``ruleId``/``ruleIndex``, repository-relative ``artifactLocation.uri`` plus
``uriBaseId``, ``region.startLine``, ``partialFingerprints`` (so alerts follow a finding across
commits), and ``suppressions`` for waived findings (so they do not alert).

Sized for code scanning's limits (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit):
a run may hold 25,000 results, of which only the top 5,000 by severity are shown, and a result 1,000
locations, of which 100 are shown; larger files are rejected or cut by GitHub where we cannot choose what
goes. So past ``sarif.maxResults`` (default 5,000) the run keeps the gating and most severe findings
(:mod:`scanner.report.ranking`) and says what it left out (run ``properties`` and a tool notification;
the JSON report is the full list), and past ``sarif.maxRelatedLocations`` (default 100) a result keeps
the first elements and says in its message how many there are. The whole upload must stay under 10 MB
gzip-compressed (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/file-too-large).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from scanner.config import MAXIMA
from scanner.jsonwrite import dumps
from scanner.report.ranking import top
from scanner.report.sarif_fixes import sarif_fixes
from scanner.report.summary import framework_items
from scanner.version import __version__

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.policy.loader import Rule
    from scanner.result import ScanResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/sfpolicy/"
URI_BASE_ID = "%SRCROOT%"
FINGERPRINT_KEY = "sfpolicy/v1"

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub's ``problem.severity`` vocabulary is error / warning / recommendation (not SARIF's "note").
PROBLEM_SEVERITY = {"critical": "error", "high": "error", "medium": "warning", "low": "recommendation",
                    "info": "recommendation"}
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.1"}
# GitHub shows at most 1,000 characters of a full description.
FULL_DESCRIPTION_MAX = 1000
# Triage statuses that map onto SARIF's result.baselineState; "fixed" findings are no longer present and
# are left out of SARIF (GitHub closes the alert when the result disappears).
BASELINE_STATE = {"new": "new", "unchanged": "unchanged"}
_SUPPRESSION_KEYS = ("kind", "status", "justification", "guid")
#: Results per run code scanning accepts at all; gating findings are kept up to this many.
MAX_RESULTS_ACCEPTED = MAXIMA["sarif.maxResults"]
#: relatedLocations in one run, all results together: about 330 bytes each, so at most ~17 MB of text,
#: which keeps the gzip-compressed upload well under GitHub's 10 MB even when it compresses poorly
#: (5,000 results × 100 elements of synthetic data were 166 MB, 5.7 MB compressed).
RELATED_LOCATIONS_PER_RUN = 50_000
#: The run property that says what the run left out.
OMITTED_PROPERTY = "sfpolicy/omitted"


def artifact_uri(path: str) -> str:
    """``path`` (relative, ``/``-separated) as a relative URI reference (RFC 3986): every character but
    the unreserved ones and ``/`` percent-encoded, so ``#``, ``?``, ``%`` and a ``:`` in the first
    segment (a root named ``https:``) keep their meaning as part of a file name."""
    return quote(path, safe="/")


def uri_prefix(target: str) -> str:
    """The scanned root relative to the repository it lives in, so URIs resolve on GitHub.

    The repository is the nearest ancestor holding ``.git``; outside any repository, the path relative
    to the working directory when the root lies below it.
    """
    root = Path(target).resolve()
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            rel = root.relative_to(candidate).as_posix()
            return "" if rel == "." else rel + "/"
    try:
        rel = root.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return ""
    return "" if rel == "." else rel + "/"


def _help_markdown(rule: Rule) -> str:
    parts = [f"**{rule.title}** ({rule.id}, {rule.severity})", ""]
    if rule.description:
        parts += [rule.description, ""]
    if rule.remediation:
        parts += ["**Remediation**", "", rule.remediation, ""]
    if rule.frameworks:
        parts.append("**Frameworks**")
        parts.append("")
        parts.extend(f"- {label}: {', '.join(controls)}" for label, controls in framework_items(rule))
        parts.append("")
    if rule.references:
        parts.append("**References**")
        parts.append("")
        parts.extend(f"- {ref}" for ref in rule.references)
    return "\n".join(parts).strip() + "\n"


def _descriptor(rule: Rule) -> dict[str, Any]:
    # Distinct (SARIF tags are a set); "security" is what makes GitHub use security-severity. The framework
    # names let code scanning filter alerts by regulation ("tag:gdpr").
    frameworks = [label.lower().replace(" ", "") for label, _ in framework_items(rule)]
    tags = list(dict.fromkeys(t for t in ("security", rule.area, rule.category, *frameworks) if t))
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": "".join(w.capitalize() for w in rule.package.split(".")[-1].split("_")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": _clip(rule.description or rule.title, FULL_DESCRIPTION_MAX)},
        "help": {"text": _help_markdown(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
            "tags": tags,
        },
    }
    if rule.references:
        descriptor["helpUri"] = rule.references[0]
    return descriptor


def _result(f: Finding, rule_index: dict[str, int], prefix: str, max_related: int) -> dict[str, Any]:
    related = [r for r in f.related if r["file"]]
    message = f.message
    if len(related) > max_related:
        shown = f"the first {max_related:,}" if max_related else "none"
        message += f" (SARIF lists {shown} of these {len(related):,} elements; the JSON report lists all)"
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "level": LEVEL[f.severity],
        "message": {"text": message},
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "severity": f.severity,
            "security-severity": SECURITY_SEVERITY[f.severity],
            "resourceType": f.resource_type,
            "resourceName": f.resource_name,
        },
    }
    if f.rule_id in rule_index:
        result["ruleIndex"] = rule_index[f.rule_id]
    if f.file:
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(prefix + f.file), "uriBaseId": URI_BASE_ID},
                "region": {"startLine": max(f.line, 1)},
            }
        }
        if f.resource_name:
            location["logicalLocations"] = [{"name": f.resource_name, "kind": "resource",
                                             "fullyQualifiedName": f"{f.resource_type}/{f.resource_name}"}]
        result["locations"] = [location]
    if related[:max_related]:  # the elements of the weakness (the location is the first)
        result["relatedLocations"] = [
            {"id": i, "message": {"text": r["message"]}, "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(prefix + r["file"]), "uriBaseId": URI_BASE_ID},
                "region": {"startLine": max(r["line"], 1)}}}
            for i, r in enumerate(related[:max_related])]
    if len(related) > max_related:
        result["properties"]["relatedLocationsOmitted"] = len(related) - max_related
    if f.status in BASELINE_STATE:
        result["baselineState"] = BASELINE_STATE[f.status]
    if f.status != "open":
        result["properties"]["status"] = f.status
    if f.platform_owned:
        result["properties"]["platformOwned"] = True
    if f.status == "waived" or f.suppression:
        result["suppressions"] = [suppression(f)]
    return result


def suppression(f: Finding) -> dict[str, Any]:
    """A SARIF suppression for a waived finding: GitHub dismisses alerts whose suppression is accepted.

    Triage may record more than SARIF knows (owner, expiry): those go into the property bag.
    """
    given = dict(f.suppression or {})
    out: dict[str, Any] = {"kind": given.pop("kind", "external"), "status": given.pop("status", "accepted")}
    for key in _SUPPRESSION_KEYS[2:]:
        if given.get(key):
            out[key] = str(given.pop(key))
    extra = {k: v for k, v in sorted(given.items()) if v is not None and k != "properties"}
    if extra or given.get("properties"):
        out["properties"] = {**(given.get("properties") or {}), **extra}
    return out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _user_descriptor(rule_id: str) -> dict[str, Any]:
    """A user rule without ``# METADATA``: GitHub still needs the required descriptions and help."""
    text = f"{rule_id} (user policy without # METADATA)"
    return {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id}, "fullDescription": {"text": text},
            "help": {"text": text, "markdown": text}, "properties": {"tags": ["security", "custom"]}}


def as_dict(result: ScanResult, prefix: str | None = None) -> dict[str, Any]:
    prefix = uri_prefix(result.target) if prefix is None else prefix
    used = {f.rule_id for f in result.findings}
    rules = sorted((r for r in result.rules.values()), key=lambda r: r.id)
    # Descriptors for every rule that ran (GitHub closes alerts of rules that ran clean), plus user rules
    # without metadata that reported something.
    known = {r.id for r in rules}
    descriptors = [_descriptor(r) for r in rules]
    descriptors.extend(_user_descriptor(rid) for rid in sorted(used - known))
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    limits = result.config.data["sarif"]
    gating = min(len(result.gating_findings()), MAX_RESULTS_ACCEPTED)
    kept, omitted = top(result, max(limits["maxResults"], gating))
    notifications = [
        {
            "level": "error",
            "message": {"text": issue.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(prefix + issue.file), "uriBaseId": URI_BASE_ID},
                **({"region": {"startLine": issue.line}} if issue.line else {}),
            }}],
        }
        for issue in result.issues
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "sfpolicy",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "automationDetails": {"id": "sfpolicy/"},
        "invocations": [{
            "executionSuccessful": result.complete,
            "exitCode": result.exit_code,
            "toolExecutionNotifications": notifications,
        }],
        "results": [_result(f, rule_index, prefix, allowance) for f, allowance in _related_allowances(
            kept, limits["maxRelatedLocations"])],
        "columnKind": "unicodeCodePoints",
    }
    fixes = sarif_fixes(result, lambda path: artifact_uri(prefix + path), URI_BASE_ID)
    for sarif_result, f in zip(run["results"], kept, strict=True):
        if f.fingerprint in fixes:
            sarif_result["fixes"] = fixes[f.fingerprint]
    if omitted:
        _say_omitted(run, omitted, limits["maxResults"])
    if result.timestamp:
        run["invocations"][0]["endTimeUtc"] = result.timestamp
    if result.provenance and result.provenance.get("repositoryUri"):
        details = {k: result.provenance[k] for k in ("repositoryUri", "revisionId", "branch")
                   if result.provenance.get(k)}
        run["versionControlProvenance"] = [{**details, "mappedTo": {"uriBaseId": URI_BASE_ID}}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _related_allowances(kept: list[Finding], per_result: int) -> list[tuple[Finding, int]]:
    """Each finding with how many relatedLocations it may carry: ``per_result``, until the run's
    :data:`RELATED_LOCATIONS_PER_RUN` are spent (in report order, most severe first)."""
    remaining = RELATED_LOCATIONS_PER_RUN
    out = []
    for f in kept:
        allowance = min(per_result, remaining)
        remaining -= min(allowance, sum(1 for r in f.related if r["file"]))
        out.append((f, allowance))
    return out


def _say_omitted(run: dict[str, Any], omitted: list[Finding], cap: int) -> None:
    """Record in ``run`` what the cap left out: a run property a program can read, and a notification
    code scanning shows on the tool's status page."""
    by_rule: dict[str, int] = {}
    for f in sorted(omitted, key=lambda f: f.rule_id):
        by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
    full_list = "the JSON report (sfpolicy scan --json FILE)"
    run["properties"] = {OMITTED_PROPERTY: {"results": len(omitted), "maxResults": cap, "byRule": by_rule,
                                            "fullList": full_list}}
    counts = ", ".join(f"{rid} {n:,}" for rid, n in by_rule.items())
    run["invocations"][0]["toolExecutionNotifications"].append({
        "level": "warning",
        "descriptor": {"id": "sfpolicy/results-omitted"},
        "message": {"text": f"{len(omitted):,} finding(s) left out of this SARIF file to stay "
                            f"within code scanning's limits (sarif.maxResults {cap:,}; the gating and most severe are "
                            f"kept): {counts}. The full list is in {full_list}."},
    })


def render(result: ScanResult) -> str:
    # Indented down to each rule, result and location, which are one line each (the C encoder writes
    # those: a large org's thousands of results took the pure-Python indenting encoder a second).
    return dumps(as_dict(result), indent=2, depth=6, sort_keys=False)
