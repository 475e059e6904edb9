"""The HTML report's pictures: static SVG drawn by pygal, inlined in the page.

An auditor looks before reading: how bad (severity), where (area), which rules, which controls fail
or pass, and whether it is getting better (trend over several scans). Each chart is plain SVG inside
the page, so it shows without script, prints, and fetches nothing.

pygal is made deterministic here, since reports must be byte-identical for identical input: its chart
id (a ``uuid4`` per chart) is replaced by a name derived from the chart's purpose, the generation
comment (which carries today's date), the script pointing at pygal's tooltip JS on the web, and the
config script are removed from the tree before it is written, and it always writes with lxml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pygal
import pygal.etree
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

# pygal writes with lxml, or with the standard library's ElementTree when NO_LXML is set: two different
# outputs for one input. Always lxml (a dependency of sfpolicy), so the report never depends on the setting.
pygal.etree.etree.to_lxml()

#: Severity colours, as the report's CSS has them (--critical … --info).
SEVERITY_COLOURS = {"critical": "#a4161a", "high": "#d9480f", "medium": "#b7791f", "low": "#2b6cb0",
                    "info": "#6b7280"}
#: Control coverage: failing, passing, checked by hand.
COVERAGE_COLOURS = ("#a4161a", "#2f855a", "#9aa3b2")
#: Distinct colours for the policy areas in the trend by area (repeated past ten areas).
AREA_COLOURS = ("#2d4f8a", "#d9480f", "#2f855a", "#805ad5", "#b7791f", "#0f766e", "#a4161a", "#4a5568",
                "#c05621", "#2b6cb0")
_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
#: Rules shown in the "findings per rule" chart; the rest are in the tables.
MAX_RULE_BARS = 15
#: Longest label (characters) before pygal truncates it with an ellipsis.
LABEL_CHARS = 28


def _style(colours: Sequence[str]) -> Style:
    return Style(background="transparent", plot_background="transparent", foreground="#1d2330",
                 foreground_strong="#1d2330", foreground_subtle="#5b6475", opacity=".9", opacity_hover="1",
                 colors=tuple(colours), font_family=_FONT, label_font_size=12, major_label_font_size=12,
                 value_font_size=12, legend_font_size=12, title_font_size=14, tooltip_font_size=12)


def _picture_only(label: str) -> Callable[[Any], Any]:
    """pygal's xml filter: drop what is not a picture (scripts, the dated comment) and title the chart
    with what it shows (pygal's default title is "Pygal")."""
    def strip(root: Any) -> Any:
        for node in [*root.iter(etree.Comment), *root.iter("{http://www.w3.org/2000/svg}script", "script")]:
            node.getparent().remove(node)
        title = root.find("title")  # pygal makes its elements without a namespace
        if title is not None:
            title.text = label
        return root
    return strip


def _svg(chart: Any, name: str, label: str) -> Markup:
    """The chart as inline SVG with a stable id (``chart-NAME``) and an accessible label."""
    chart.uuid = name  # pygal's per-chart uuid4, used in the element id and every CSS selector
    chart.add_xml_filter(_picture_only(label))
    svg = chart.render(is_unicode=True)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(label)}" ', 1))


def _ticks(top: int) -> list[int]:
    """Whole-number axis labels from 0 to at least ``top``, at most about eight (counts have no fractions)."""
    step = 1
    while top / step > 8:
        step = next(s * 10 ** (len(str(step)) - 1) for s in (2, 5, 10) if s * 10 ** (len(str(step)) - 1) > step)
    return list(range(0, max(top, 1) + step, step))


def _config(top: int, **extra: Any) -> dict[str, Any]:
    return {"y_labels": _ticks(top), "js": [], "disable_xml_declaration": True, "explicit_size": False,
            "margin": 8, "spacing": 8, "truncate_label": LABEL_CHARS, "truncate_legend": LABEL_CHARS,
            "print_values": True, "value_formatter": lambda v: f"{v:g}" if v else "", "show_y_guides": True, **extra}


def severity_chart(counts: dict[str, int]) -> Markup:
    """Open findings per severity: one bar each, in the severity's colour."""
    chart = pygal.Bar(style=_style(["#1d2330"]), **_config(max(counts.values(), default=0), width=420, height=240,
                                                                     show_legend=False))
    chart.x_labels = list(counts)
    chart.add("Open findings", [{"value": n, "color": SEVERITY_COLOURS.get(s, "#6b7280")} for s, n in counts.items()])
    return _svg(chart, "severity", "Open findings by severity: " +
                ", ".join(f"{n} {s}" for s, n in counts.items()))


def area_chart(by_area: dict[str, dict[str, int]], severities: Sequence[str]) -> Markup:
    """Open findings per policy area, stacked by severity."""
    areas = sorted(by_area, key=lambda a: (-sum(by_area[a].values()), a))
    chart = pygal.HorizontalStackedBar(style=_style([SEVERITY_COLOURS[s] for s in severities]), **_config(
        max((sum(by_area[a].values()) for a in areas), default=0), width=520, height=max(160, 60 + 28 * len(areas)),
        legend_at_bottom=True, legend_at_bottom_columns=5,
        print_values=False))
    chart.x_labels = areas
    for s in severities:
        chart.add(s, [by_area[a].get(s, 0) or None for a in areas])
    return _svg(chart, "areas", "Open findings by area: " +
                ", ".join(f"{a} {sum(by_area[a].values())}" for a in areas))


def rules_chart(rules: Iterable[tuple[str, str, int]]) -> Markup:
    """Open findings per rule (``(rule id, severity, count)``), the rules with most findings first."""
    rows = sorted(((rid, sev, n) for rid, sev, n in rules if n), key=lambda r: (-r[2], r[0]))[:MAX_RULE_BARS]
    chart = pygal.HorizontalBar(style=_style(["#1d2330"]), **_config(
        max((n for _, _, n in rows), default=0), width=520, height=max(160, 50 + 24 * len(rows)), show_legend=False))
    chart.x_labels = [rid for rid, _, _ in reversed(rows)]
    chart.add("Open findings", [{"value": n, "color": SEVERITY_COLOURS.get(sev, "#6b7280")}
                                for _, sev, n in reversed(rows)])
    return _svg(chart, "rules", "Open findings per rule: " + ", ".join(f"{rid} {n}" for rid, _, n in rows))


def coverage_chart(coverage: dict[str, tuple[int, int, int]]) -> Markup:
    """Controls per framework: failing (a rule mapped to it has open findings), passing, checked by hand."""
    labels = list(coverage)
    chart = pygal.HorizontalStackedBar(style=_style(COVERAGE_COLOURS), **_config(
        max((sum(v) for v in coverage.values()), default=0), width=520, height=max(160, 70 + 36 * len(labels)),
        legend_at_bottom=True, legend_at_bottom_columns=3))
    chart.x_labels = list(reversed(labels))
    for i, name in enumerate(("failing", "passing", "manual")):
        chart.add(name, [coverage[label][i] or None for label in reversed(labels)])
    return _svg(chart, "coverage", "Controls per framework (failing, passing, manual): " +
                "; ".join(f"{label} {f}, {p}, {m}" for label, (f, p, m) in coverage.items()))


def trend_chart(name: str, sides: Sequence[str], series: dict[str, list[int]], colours: Sequence[str]) -> Markup:
    """Open findings per scan, one line per series (a severity or an area), oldest scan first."""
    columns = min(6, max(1, len(series)))
    chart = pygal.Line(style=_style(colours), **_config(
        max((max(v, default=0) for v in series.values()), default=0), width=640,
        height=260 + 22 * -(-len(series) // columns), legend_at_bottom=True, legend_at_bottom_columns=columns,
        print_values=False, x_label_rotation=20 if len(sides) > 4 else 0, dots_size=3))
    chart.x_labels = list(sides)
    for label, values in series.items():
        chart.add(label, list(values))
    return _svg(chart, f"trend-{name}", f"Open findings per scan by {name}, oldest first: " +
                "; ".join(f"{label} {' → '.join(str(v) for v in values)}" for label, values in series.items()))
