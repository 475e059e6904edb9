"""The HTML report for auditors: one self-contained file (inline CSS and JS, nothing fetched).

Rendered with jinja2 and autoescaping on, from templates shipped as package data. The findings table is
embedded as compact JSON and drawn page by page in the browser, so a report with 10,000 findings stays
small and quick to open; everything else (summary, rule details, access view, inventory, drift) is
plain server-rendered HTML that prints and reads without JavaScript.

The containment inventory and manual controls (``result.inventory``, from scanner.metadata.inventory) and the
drift tables (``result.drift``, from ``sfpolicy drift``) are rendered when present and noted when absent.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from scanner.policy.loader import SEVERITIES, Rule
from scanner.report.access import HOLDER_TYPES, access_view
from scanner.report.summary import (
    FRAMEWORK_LABELS,
    display_status,
    framework_items,
    is_open,
    scope,
    set_apart,
    status_counts,
)
from scanner.report.text import severity_counts
from scanner.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from scanner.findings import Finding
    from scanner.result import ScanResult

TOP_RISKS = 5
#: Grants listed per sensitive object or field; a big org has thousands (guest grants come first).
MAX_GRANTS = 100
#: Grant rows in the whole access view: an org that classifies thousands of fields, each read by hundreds of
#: holders, would otherwise render hundreds of thousands of rows (a 50 MB page that takes a minute to write
#: and a browser minutes to open). Past it each target lists fewer (at least MIN_GRANTS); JSON holds them all.
ACCESS_ROWS = 20_000
MIN_GRANTS = 10
#: Rows listed per server-rendered table (drift groups, inventory, changes); the rest are counted.
MAX_ROWS = 500
#: Drift statuses listed in their own tables: what left the org and what is knowingly accepted. New and
#: unchanged findings are in the findings table, filterable by status.
DRIFT_GROUPS = (("fixed", "Fixed since the previous scan"), ("waived", "Waived"))
#: Headings for the inventory tables scanner.metadata.inventory builds; other keys are humanized.
TABLE_TITLES = {"connectedApps": "Connected apps and their tokens", "externalClientApps": "External client apps",
                "endpoints": "Outbound endpoints", "bypassSharing": "Identities that bypass sharing"}
#: Columns that identify a row come first, in this order.
_LEAD_COLUMNS = ("id", "type", "name", "title", "status")
_ACRONYMS = {"ip": "IP", "oauth": "OAuth", "url": "URL", "urls": "URLs", "ai": "AI", "id": "ID"}
#: A table wider than this reads better as one record per item.
MAX_TABLE_COLUMNS = 8
#: The inventory key holding the controls an auditor must check by hand (rendered in their own section).
MANUAL_KEY = "manualControls"


def grants_per_target(targets: int) -> int:
    """How many grants each sensitive object or field lists, so the access view stays near ACCESS_ROWS rows."""
    return max(MIN_GRANTS, min(MAX_GRANTS, ACCESS_ROWS // max(1, targets)))


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("scanner", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wbr"] = path_breaks
    # Compact and sorted: the embedded findings JSON is most of a large report, and must be deterministic.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def path_breaks(path: str) -> Markup:
    """A file path that may wrap after each slash (``<wbr>``), escaped. (Escaped whole, then the slashes
    marked: escaping never makes or takes a slash, and a large org's report holds ~10,000 paths.)"""
    return Markup(str(escape(path)).replace("/", "/<wbr>"))


def findings_table(findings: list[Finding], rule_order: list[str], status: Callable[[Finding], str]) -> dict[str, Any]:
    """The findings as the browser script reads them: lookup tables plus one short array per finding.

    Repeated strings (rule ids, files, statuses) become indexes, which keeps 10,000 findings to a few MB.
    """
    rule_index = {rid: i for i, rid in enumerate(rule_order)}
    files = sorted({f.file for f in findings})
    file_index = {name: i for i, name in enumerate(files)}
    statuses = sorted({status(f) for f in findings})
    rows = [[SEVERITIES.index(f.severity), rule_index[f.rule_id], f.message, file_index[f.file], f.line,
             f"{f.resource_type} {f.resource_name}".strip(), statuses.index(status(f)), f.fingerprint, f.key,
             [[r["file"], r["line"], r["message"]] for r in f.related]]
            for f in findings]
    return {"files": files, "statuses": statuses, "rows": rows}


def _rule_rows(result: ScanResult, findings: list[Finding]) -> list[dict[str, Any]]:
    counts = Counter(f.rule_id for f in findings if is_open(f))
    ids = sorted(set(result.rules) | {f.rule_id for f in findings})
    rows = []
    for rid in ids:
        # A user rule without # METADATA has only its id and the severity its findings carry.
        rule = result.rules.get(rid) or Rule(id=rid, package="", title=rid, builtin=False,
                                             severity=next(f.severity for f in findings if f.rule_id == rid))
        rows.append({
            "id": rid, "title": rule.title, "severity": rule.severity, "area": rule.area,
            "description": rule.description, "remediation": rule.remediation,
            "frameworks": framework_items(rule), "references": list(rule.references), "source": rule.source,
            "open": counts.get(rid, 0),
        })
    # Rules that fired first, most severe first: the order an auditor works through them.
    rows.sort(key=lambda r: (0 if r["open"] else 1, SEVERITIES.index(r["severity"]), r["id"]))
    return rows


def controls_at_risk(rules: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """``(framework, control, [rule ids])`` for every control a rule with open findings maps to."""
    hits: dict[tuple[str, str], list[str]] = {}
    order = {label: i for i, label in enumerate(FRAMEWORK_LABELS.values())}
    for rule in rules:
        if rule["open"]:
            for label, controls in rule["frameworks"]:
                for control in controls:
                    hits.setdefault((label, control), []).append(rule["id"])
    return [(label, control, ids) for (label, control), ids in
            sorted(hits.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], _natural(kv[0][1])))]


def _natural(text: str) -> list[Any]:
    """"Art. 5(1)" before "Art. 25", "A.5.9" before "A.5.15"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text)]


def humanize(key: str) -> str:
    """``bypassSharing`` → ``Bypass sharing``: model keys as headings an auditor reads."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key).replace("_", " ").split()
    text = " ".join(_ACRONYMS.get(w.lower(), w if w.isupper() else w.lower()) for w in words)
    return text[:1].upper() + text[1:]


def _tables(value: Any) -> list[dict[str, Any]]:
    """Any inventory/drift shape as titled tables: ``{name: [ {col: v} ]}`` or ``{name: {key: {col: v}}}``.

    The order depends on the content only, not on the dict order it arrived in (a saved scan's JSON has its
    keys sorted): known tables first, identifying columns first, ``file`` and ``line`` as one last column.
    """
    if not isinstance(value, dict):
        return [{"title": "", "columns": ["Value"], "rows": [[_cell(value)]]}] if value else []
    out = []
    known = list(TABLE_TITLES)
    for title in sorted(value, key=lambda t: (known.index(t) if t in known else len(known), t)):
        items = value[title]
        if isinstance(items, dict):
            items = [{"name": k, **(v if isinstance(v, dict) else {"value": v})} for k, v in sorted(items.items())]
        dicts = [i if isinstance(i, dict) else {"value": i} for i in (items if isinstance(items, list) else [items])]
        dicts = [_located(d) for d in dicts]
        names = {k for item in dicts for k in item if not k.startswith("_")}
        columns = sorted(names, key=lambda c: (_LEAD_COLUMNS.index(c) if c in _LEAD_COLUMNS else
                                               len(_LEAD_COLUMNS) + (c == "location"), c))
        rows = [[_cell(item.get(c)) for c in columns] for item in dicts]
        out.append({"title": TABLE_TITLES.get(title, humanize(title)), "columns": [humanize(c) for c in columns],
                    "rows": rows})
    return out


def _located(row: dict[str, Any]) -> dict[str, Any]:
    if "file" not in row:
        return row
    row = dict(row)
    file, line = row.pop("file"), row.pop("line", None)
    row["location"] = f"{file}:{line}" if file and line else file or ""
    return row


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):  # sorted, framework keys (GDPR, NIS2, ISO 27001, SBS) first and by their names
        known = list(FRAMEWORK_LABELS)
        keys = sorted(value, key=lambda k: (known.index(k) if k in known else len(known), str(k)))
        return "; ".join(f"{FRAMEWORK_LABELS.get(k, k)}: {_cell(value[k])}" for k in keys
                         if not str(k).startswith("_") and _cell(value[k]))
    return str(value)


def platform_owned_rows(result: ScanResult) -> list[dict[str, Any]]:
    """The platform-owned components (scanner.metadata.platform) that findings are on, with why and how many."""
    reasons = (result.model.get("derived") or {}).get("platformOwned") or {}
    counts = Counter(f"{f.resource_type}/{f.resource_name}" for f in result.findings if f.platform_owned)
    return [{"component": cid, "reason": reasons.get(cid, ""), "findings": n} for cid, n in sorted(counts.items())]


def context(result: ScanResult) -> dict[str, Any]:
    findings = list(result.findings)
    rules = _rule_rows(result, findings)
    rule_order = [r["id"] for r in rules]
    found, missing = scope(result)
    inventory = {k: v for k, v in (result.inventory or {}).items() if k != MANUAL_KEY}
    manual = (result.inventory or {}).get(MANUAL_KEY)
    statuses = status_counts(result)
    targets = access_view(result.model)
    return {
        "result": result,
        "version": __version__,
        "severities": SEVERITIES,
        "counts": severity_counts(result),
        "total_open": sum(1 for f in findings if is_open(f) and not set_apart(f, result)),
        "top": [f for f in findings if is_open(f) and not set_apart(f, result)][:TOP_RISKS],
        "platform_owned": platform_owned_rows(result),
        "guest_targets": [t for t in targets if t.guest_reachable],
        "found": found,
        "missing": missing,
        "rules": rules,
        "fired_rules": [r for r in rules if r["open"]],
        "passed_rules": [r for r in rules if not r["open"]],
        "controls": controls_at_risk(rules),
        "areas": sorted({r["area"] for r in rules}),
        "table": findings_table(findings, rule_order, lambda f: display_status(f, result)),
        "table_rules": [[r["id"], r["area"], r["title"]] for r in rules],
        "targets": targets,
        "max_grants": grants_per_target(len(targets)),
        "holder_types": HOLDER_TYPES,
        "inventory": _tables(inventory) if inventory else None,
        "manual": _tables({MANUAL_KEY: manual})[0] if manual else None,
        "statuses": statuses,
        "drift": bool(set(statuses) - {"open"}) or result.drift is not None,
        "drift_groups": [(status, title, group[:MAX_ROWS], len(group)) for status, title in DRIFT_GROUPS
                         if (group := [f for f in findings if f.status == status])],
        "max_rows": MAX_ROWS,
        "max_columns": MAX_TABLE_COLUMNS,
        "drift_tables": _tables(result.drift),
    }


def render(result: ScanResult) -> str:
    return _environment().get_template("report.html.j2").render(context(result))
