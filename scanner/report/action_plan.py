"""The action plan (scanner.plan) as Markdown, HTML and JSON.

The same plan in three shapes: Markdown for a ticket or an incident channel, a self-contained HTML page
(the same section the HTML report shows, ``templates/plan_section.html.j2``), and JSON for tools. All
three are deterministic: no clock, deadlines are hours after the plan's start ("T+24h"). Repository text
goes through scanner/report/markdown_text.py in Markdown and through jinja2's autoescaping in HTML.
"""

from __future__ import annotations

from typing import Any

import jinja2

from scanner.jsonwrite import dumps
from scanner.plan.actions import PHASES
from scanner.plan.build import Action, Plan, build_plan
from scanner.plan.fixing import dry_run
from scanner.policy.loader import SEVERITIES
from scanner.report.markdown_text import code_span, inline_text
from scanner.result import ScanResult
from scanner.version import __version__

#: Components and findings listed per action before "… and N more" (JSON has them all).
MAX_LISTED = 10
#: Actions shown per phase in HTML (a section of a report that must stay small) and in Markdown; the JSON
#: plan has them all, and the ones left out are the least severe and narrowest of their phase.
MAX_ACTIONS_HTML = 50
MAX_ACTIONS_MARKDOWN = 200


def plan_of(result: ScanResult) -> Plan:
    """The plan of a scan, with the actions ``sfpolicy fix`` can write marked (when a folder was scanned)."""
    return build_plan(result, dry_run(result))


def deadline(hours: int) -> str:
    """``T+4h``, ``T+72h``, ``T+14d``: hours after the plan's start; days once it is a whole number of them."""
    return f"T+{hours // 24}d" if hours >= 24 * 7 and hours % 24 == 0 else f"T+{hours}h"


def _more(total: int, shown: int) -> list[str]:
    return [f"- … and {total - shown} more (the JSON plan lists them all)"] if total > shown else []


def _where(component: dict[str, Any]) -> str:
    return f"{component['file']}:{component['line']}"


def _action_md(a: Action) -> list[str]:
    tags = [a.severity, deadline(a.deadline_hours)]
    tags += ["manual"] if a.manual else []
    tags += ["`sfpolicy fix` writes it"] if a.fixable else [
        f"`sfpolicy fix` writes {a.fix_closes} of its {len(a.findings)} findings"] if a.fix_closes else []
    lines = [f"### {a.id}. {inline_text(a.what)}", "", f"*{' · '.join(tags)}*", ""]
    if a.how:
        lines += [f"**How:** {inline_text(a.how)}", ""]
    if a.findings:
        radius = [f"{len(a.findings)} finding{'s' if len(a.findings) != 1 else ''}"]
        radius += [f"{a.sensitive_fields} sensitive field{'s' if a.sensitive_fields != 1 else ''}"] \
            if a.sensitive_fields else []
        radius += ["reachable by guests"] if a.guest else []
        lines += [f"**Closes:** {', '.join(radius)}", ""]
        components = a.components()
        lines += [f"- {inline_text(c['type'])} {inline_text(c['name'])} ({code_span(_where(c))})"
                  for c in components[:MAX_LISTED]] + _more(len(components), MAX_LISTED)
        lines += [f"- {code_span(f.rule_id)} {code_span(f.fingerprint)} {inline_text(f.message)}"
                  for f in a.findings[:MAX_LISTED]] + _more(len(a.findings), MAX_LISTED)
        if a.fix_refused:
            lines += [f"- not written by `sfpolicy fix`: {inline_text(a.fix_refused)}"]
        lines.append("")
    elif a.control:
        lines += [f"Carries out manual control {code_span(a.control)} (not verifiable from metadata).", ""]
    return lines


def render_markdown(plan: Plan) -> str:
    summary = plan.summary()
    counts = " · ".join(f"{title} {summary['actions'][pid]}" for pid, title, _ in PHASES)
    fix_line = (f"`sfpolicy fix` writes {summary['fixableActions']} of them whole, and closes "
                f"{summary['findingsClosedByFix']} findings in all." if plan.fix_checked
                else "`sfpolicy fix` was not consulted (only a folder on disk can be fixed).")
    lines = [f"# Action plan: {inline_text(plan.target)}", "",
             f"{len(plan.actions)} actions for {plan.findings} open findings ({counts}). {fix_line} "
             "Deadlines count from the plan's start (T0), the moment you decide to act; no deadline is shown "
             "as met.", ""]
    for pid, title, hours in PHASES:
        actions = plan.phase(pid)
        lines += [f"## {title} ({len(actions)})", "", f"Default deadline {deadline(hours)}.", ""]
        for a in actions[:MAX_ACTIONS_MARKDOWN]:
            lines += _action_md(a)
        if len(actions) > MAX_ACTIONS_MARKDOWN:
            lines += [f"… and {len(actions) - MAX_ACTIONS_MARKDOWN} more actions of lower priority in this phase; "
                      "the JSON plan (`sfpolicy plan --json FILE`) lists them all.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(plan: Plan) -> str:
    return dumps(plan.to_dict(), indent=2, depth=64) + "\n"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("scanner", "report/templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    return env


def section_context(plan: Plan) -> dict[str, Any]:
    """What ``plan_section.html.j2`` reads (the HTML report passes it as ``plan``)."""
    return {"plan": plan, "summary": plan.summary(),
            "phases": [(pid, title, hours, plan.phase(pid)) for pid, title, hours in PHASES],
            "max_listed": MAX_LISTED, "max_actions": MAX_ACTIONS_HTML, "deadline": deadline}


def render_html(plan: Plan) -> str:
    return _environment().get_template("plan.html.j2").render(plan=section_context(plan), version=__version__,
                                                              severities=SEVERITIES)


def render_all(result: ScanResult) -> dict[str, str]:
    """The plan of ``result`` in every format, by name."""
    plan = plan_of(result)
    return {"markdown": render_markdown(plan), "html": render_html(plan), "json": render_json(plan)}
