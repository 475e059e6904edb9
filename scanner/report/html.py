"""The HTML report for auditors: one self-contained file (inline CSS, JS and SVG, nothing fetched).

Rendered with jinja2 and autoescaping on, from templates shipped as package data. The header says what
was scanned and the verdict in plain words (CI details are in the footer); the pictures are static SVG
(scanner/report/charts.py) and the rankings and coverage come from scanner/report/overview.py. The
findings table and the sensitive-data access matrix are embedded as compact JSON (repeated strings as
indexes) and paged in the browser, so a 20,000-finding org's report stays under 5 MB and opens in about
a second; everything else is server-rendered HTML that reads without JavaScript.

``render(result, printable=True)`` is the variant ``--pdf`` prints (scanner/report/pdf.py): no script,
findings grouped by rule in one table, tables capped, remediation once per rule in the appendix.

The containment inventory and manual controls (``result.inventory``, from scanner.metadata.inventory) and the
drift tables and trend (``result.drift``, from ``sfpolicy drift``) are rendered when present and noted when absent.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from scanner.policy.loader import SEVERITIES, Rule
from scanner.report import charts, overview
from scanner.report.access import HOLDER_TYPES, Target, access_view
from scanner.report.action_plan import plan_of, section_context
from scanner.report.ai_view import ai_view
from scanner.report.summary import (
    FRAMEWORK_LABELS,
    display_status,
    framework_items,
    is_open,
    scope,
    status_counts,
)
from scanner.report.text import severity_counts
from scanner.triage.drift import AREA_PREFIX, TREND_KEY
from scanner.version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable

    from scanner.findings import Finding
    from scanner.result import ScanResult

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
                "endpoints": "Outbound endpoints", "bypassSharing": "Identities that bypass sharing",
                "guestSurface": "Guest surface: what anonymous visitors can run or read"}
#: Columns that identify a row come first, in this order.
_LEAD_COLUMNS = ("id", "type", "name", "title", "status")
_ACRONYMS = {"ip": "IP", "oauth": "OAuth", "url": "URL", "urls": "URLs", "ai": "AI", "id": "ID"}
#: A table wider than this reads better as one record per item.
MAX_TABLE_COLUMNS = 8

#: The inventory key holding the controls an auditor must check by hand (rendered in their own section).
MANUAL_KEY = "manualControls"
#: Guest-reachable objects and fields whose grants the printed report lists (the matrix lists MAX_ROWS).
MAX_PRINTED_TARGETS = 25
#: Sensitive objects and fields whose grants the screen report embeds in full; past it, the paged access
#: table still lists every target with its counts, and each target's first grants (the PDF lists the first
#: MAX_ROWS targets). A large org has ~20,000 targets: all their grants would be most of the page.
GRANT_BUDGET = 20_000


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


class _Interned:
    """Repeated strings as indexes into one list, in order of first use (deterministic for a given input)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        index = self._index.get(value)
        if index is None:
            index = self._index[value] = len(self.values)
            self.values.append(value)
        return index


class _Paths:
    """File paths as ``[folder index, name]`` (a folder holds many files), each path once."""

    def __init__(self) -> None:
        self.folders, self.files = _Interned(), _Interned()
        self.split: list[list[Any]] = []

    def __call__(self, path: str) -> int:
        index = self.files(path)
        if index == len(self.split):
            folder, _, name = path.rpartition("/")
            self.split.append([self.folders(folder + "/" if folder else ""), name])
        return index

    def table(self) -> dict[str, Any]:
        return {"folders": self.folders.values, "files": self.split}


class _Messages:
    """Messages with the resource's name cut out, each distinct remainder once: a rule words its findings
    alike (``"Profile {name} grants View All Data"``), so 20,000 messages are a few hundred templates. A
    template is a string (the name did not occur) or ``[before, after, …]``, which the script joins with
    the name again."""

    def __init__(self) -> None:
        self.values: list[str | list[str]] = []
        self._index: dict[tuple[str, ...], int] = {}

    def __call__(self, text: str, name: str) -> int:
        parts = tuple(text.split(name)) if len(name) > 3 and name in text else (text,)
        index = self._index.get(parts)
        if index is None:
            index = self._index[parts] = len(self.values)
            self.values.append(list(parts) if len(parts) > 1 else text)
        return index


def findings_table(findings: list[Finding], rule_order: list[str], status: Callable[[Finding], str]) -> dict[str, Any]:
    """The findings as the browser script reads them: lookup tables plus one short array per finding.

    Repeated strings become indexes (rule ids, statuses, resource types and names, keys, files split into
    folder and name, message templates): this keeps 20,000 findings to a few MB. The script joins them
    back once when the page opens.
    """
    rule_index = {rid: i for i, rid in enumerate(rule_order)}
    paths, statuses, types, names, keys, messages = _Paths(), _Interned(), _Interned(), _Interned(), _Interned(), \
        _Messages()
    rows = [[SEVERITIES.index(f.severity), rule_index[f.rule_id], messages(f.message, f.resource_name), paths(f.file),
             f.line, [types(f.resource_type), names(f.resource_name)], statuses(status(f)), f.fingerprint, keys(f.key),
             [[paths(r["file"]), r["line"], messages(r["message"], f.resource_name)] for r in f.related]]
            for f in findings]
    return {**paths.table(), "statuses": statuses.values, "types": types.values, "names": names.values,
            "keys": keys.values, "messages": messages.values, "rows": rows}


def _rule_rows(result: ScanResult, findings: list[Finding]) -> list[dict[str, Any]]:
    counts = Counter(f.rule_id for f in findings if is_open(f))
    components = result.component_counts
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
            # What it checked: the collections it reads, with how many components the scan held of each. A
            # rule whose collections were all empty checked nothing ("not applicable"), which is not a pass.
            "covers": [(key, components.get(key, 0)) for key in rule.reads],
            "applicable": not rule.reads or any(components.get(key, 0) for key in rule.reads),
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


def by_framework(controls: list[tuple[str, str, list[str]]]) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """:func:`controls_at_risk` as one entry per framework, in the same order (the printed report's list)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for label, control, ids in controls:
        out.setdefault(label, []).append((control, ids))
    return list(out.items())


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


def access_table(targets: list[Target], budget: int = GRANT_BUDGET) -> dict[str, Any]:
    """The access matrix as the browser script pages it: one short array per sensitive object or field,
    with its grants (guest grants first) up to ``MAX_GRANTS`` each and ``budget`` in all.

    As in :func:`findings_table`, repeated strings are indexes; a field is named without its object, which
    is the object row before it."""
    per_target = max(1, min(MAX_GRANTS, budget // max(1, len(targets))))
    paths, words = _Paths(), _Interned()
    rows, parent = [], ""
    for t in targets:
        grants = [[words(g.holder), words(g.holder_type), words(g.access), words(g.via), paths(g.file), g.line,
                   int(g.guest)] for g in t.grants[:per_target]]
        name = t.name
        if t.kind == "object":
            parent = name
        elif parent and name.startswith(parent + "."):
            name = name[len(parent) + 1:]
        rows.append([name, int(t.kind == "field"), int(t.guest_reachable),
                     *(t.holders(kind) for kind in HOLDER_TYPES), words("; ".join(t.reasons)), len(t.grants), grants])
    return {**paths.table(), "words": words.values, "rows": rows}


def _charts(result: ScanResult, rules: list[dict[str, Any]], counts: dict[str, int],
            coverage: dict[str, tuple[int, int, int]]) -> dict[str, Markup | None]:
    """Every chart of the page by name; None where there is nothing to draw."""
    names = ("severity", "areas", "rules", "coverage", "trend_severity", "trend_area")
    out: dict[str, Markup | None] = dict.fromkeys(names)
    out["severity"] = charts.severity_chart(counts)
    by_area = overview.area_counts(result)
    if by_area:
        out["areas"] = charts.area_chart(by_area, SEVERITIES)
        out["rules"] = charts.rules_chart((r["id"], r["severity"], r["open"]) for r in rules)
    if coverage:
        out["coverage"] = charts.coverage_chart(coverage)
    trend = (result.drift or {}).get(TREND_KEY)
    if trend and len(trend) > 1:
        sides = [str(row["scan"]) for row in trend]
        out["trend_severity"] = charts.trend_chart(
            "severity", sides, {s: [int(row.get(s, 0)) for row in trend] for s in SEVERITIES},
            [charts.SEVERITY_COLOURS[s] for s in SEVERITIES])
        areas = sorted({k[len(AREA_PREFIX):] for row in trend for k in row if k.startswith(AREA_PREFIX)})
        if areas:
            out["trend_area"] = charts.trend_chart(
                "area", sides, {a: [int(row.get(AREA_PREFIX + a, 0)) for row in trend] for a in areas},
                charts.AREA_COLOURS)
    return out


def context(result: ScanResult, printable: bool = False) -> dict[str, Any]:
    findings = list(result.findings)
    rules = _rule_rows(result, findings)
    rule_order = [r["id"] for r in rules]
    found, missing = scope(result)
    inventory = {k: v for k, v in (result.inventory or {}).items() if k != MANUAL_KEY}
    manual = (result.inventory or {}).get(MANUAL_KEY)
    statuses = status_counts(result)
    targets = access_view(result.model)
    counts = severity_counts(result)
    guest_targets = [t.name for t in targets if t.guest_reachable]
    weaknesses = overview.weaknesses(result)
    coverage = overview.framework_coverage(rules, manual if isinstance(manual, list) else [])
    tone, verdict = overview.verdict(result, counts, guest_targets)
    return {
        "result": result,
        "printable": printable,
        "version": __version__,
        "severities": SEVERITIES,
        "counts": counts,
        "verdict": verdict,
        "tone": tone,
        "charts": _charts(result, rules, counts, coverage),
        "coverage": coverage,
        "total_open": sum(counts.values()),
        "top": weaknesses[:overview.TOP_RISKS],
        "weaknesses": weaknesses,
        "per_group": overview.PER_GROUP,
        "rule_by_id": {r["id"]: r for r in rules},
        "platform_owned": platform_owned_rows(result),
        "guest_targets": guest_targets,
        "found": found,
        "missing": missing,
        "components": sum(found.values()),
        "rules": rules,
        "fired_rules": [r for r in rules if r["open"]],
        "passed_rules": [r for r in rules if not r["open"]],
        "controls": controls_at_risk(rules),
        "controls_by_framework": by_framework(controls_at_risk(rules)),
        "areas": sorted({r["area"] for r in rules}),
        "table": None if printable else findings_table(findings, rule_order, lambda f: display_status(f, result)),
        "table_rules": [[r["id"], r["area"], r["title"]] for r in rules],
        "targets": targets,
        "guest_details": [t for t in targets if t.guest_reachable][:MAX_PRINTED_TARGETS],
        "access": None if printable else access_table(targets),
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
        "drift_tables": _tables({k: v for k, v in (result.drift or {}).items() if k != TREND_KEY}),
        "compared": [row for row in (result.drift or {}).get(TREND_KEY, [])]
        or (result.drift or {}).get("Scans compared", []),
        "plan": section_context(plan_of(result)),
        "ai_flows": ai_view(result.model, result.config.data),
    }


def render(result: ScanResult, printable: bool = False) -> str:
    """The report page; ``printable`` is the variant the PDF is printed from: every group open, no script,
    tables capped, remediation once per rule in an appendix."""
    return _environment().get_template("report.html.j2").render(context(result, printable))
