"""The "AI data flows" section of the HTML report: each agent and prompt template drawn as a chain
channel → agent → topic → action → target → data → model, from the derived view ``aiDataFlows``
(scanner.metadata.ai_flows).

The picture is an inline SVG laid out here in columns (deterministic, no script, no fetch), every label
escaped; a node is marked at risk when the view says so (reachable without login, runs without sharing,
reaches sensitive fields, a model outside the allowed regions), so an auditor sees where data leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from scanner.metadata.org_domains import residency_jurisdictions

COLUMNS = ("Channel", "Agent", "Topic", "Action", "Target", "Data", "Model")
#: A prompt template's picture: its grounding sources feed it, it sends data to its model.
TEMPLATE_COLUMNS = ("Channel", "Agent", "Topic", "Grounding", "Prompt template", "Data", "Model")
_COL_WIDTH = 178
_BOX_WIDTH = 160
_ROW_HEIGHT = 34
_BOX_HEIGHT = 26
_TOP = 26
_MAX_LABEL = 26
_MAX_NODES_PER_COLUMN = 40


@dataclass
class _Graph:
    """Nodes by column (label, at risk, tooltip) and edges between node ids."""

    nodes: dict[str, tuple[int, str, bool, str]] = field(default_factory=dict)
    edges: set[tuple[str, str]] = field(default_factory=set)
    columns: tuple[str, ...] = COLUMNS

    def node(self, key: str, column: int, label: str, risk: bool = False, title: str = "") -> str:
        if key in self.nodes:
            old = self.nodes[key]
            self.nodes[key] = (old[0], old[1], old[2] or risk, old[3])
        elif sum(1 for n in self.nodes.values() if n[0] == column) < _MAX_NODES_PER_COLUMN:
            self.nodes[key] = (column, label, risk, title or label)
        return key

    def edge(self, a: str, b: str) -> None:
        if a in self.nodes and b in self.nodes:
            self.edges.add((a, b))


def _allowed_regions(config: dict[str, Any], derived: dict[str, Any]) -> list[str]:
    """ai.allowedRegions, else where endpoints may send data (with the org's home jurisdiction), as SFP-AI-004."""
    ai = config.get("ai") or {}
    return list(ai.get("allowedRegions") or sorted(residency_jurisdictions(config, derived)))


def _model_node(graph: _Graph, model: dict[str, Any], regions: list[str], personal: bool) -> str | None:
    """The model a template calls; a risk, as SFP-AI-004 says, when personal data reaches it outside the regions."""
    if not model or not model.get("model"):
        return None
    place = model.get("jurisdiction") or "region unknown"
    risk = personal and model.get("jurisdiction") not in regions
    return graph.node(f"model:{model['model']}", 6, f"{model.get('provider') or 'model'} · {place}", risk,
                      f"{model['model']} ({model.get('provider') or 'unknown provider'}, {place})")


def _data_nodes(graph: _Graph, item: dict[str, Any]) -> list[str]:
    sensitive = item.get("sensitiveFields") or []
    out = []
    for obj in sorted({*item.get("reads", []), *item.get("writes", [])}):
        fields = [s["field"] for s in sensitive if s.get("field", "").startswith(f"{obj}.")]
        verb = "writes" if obj in item.get("writes", []) else "reads"
        label = f"{obj} ({len(fields)} sensitive)" if fields else obj
        out.append(graph.node(f"data:{obj}", 5, label, bool(fields), f"{verb} {obj}" + (
            ": " + ", ".join(fields) if fields else "")))
    return out


def _action_chain(graph: _Graph, action_key: str, action: dict[str, Any], templates: dict[str, Any],
                  regions: list[str]) -> None:
    target = action.get("target") or "?"
    target_key = graph.node(f"target:{action.get('targetType')}:{target}", 4, f"{action.get('targetType')} {target}",
                            bool(action.get("bypassesSharing")), f"{action.get('targetType')} {target}: "
                            f"{action.get('runsAs')}")
    graph.edge(action_key, target_key)
    for data in _data_nodes(graph, action):
        graph.edge(target_key, data)
    template = templates.get(target) if action.get("targetType") == "generatePromptResponse" else None
    if template is not None:
        model = _model_node(graph, template["model"], regions, bool(template.get("personalData")))
        if model:
            graph.edge(target_key, model)


def agent_graph(agent: dict[str, Any], flows: dict[str, Any], regions: list[str]) -> _Graph:
    graph = _Graph()
    agent_key = graph.node("agent", 1, agent["name"], False, f"{agent['name']} ({agent.get('agentType')}); runs as "
                           f"{agent['identity'].get('runningUser') or 'the signed-in user'}")
    channels = [graph.node(f"channel:{d['name']}", 0, d["name"], bool(d["unauthenticated"]),
                           f"{d['name']}: {d.get('unauthenticatedReason') or 'login required'}")
                for d in agent["deployments"]]
    if not channels:
        label = "customer channels" if agent["customerFacing"] else "signed-in users"
        channels = [graph.node("channel:none", 0, label, False, label)]
    for channel in channels:
        graph.edge(channel, agent_key)
    for topic in agent["topics"]:
        name = topic.get("name") or "(no topic)"
        topic_key = graph.node(f"topic:{name}", 2, name, not topic["verified"] and not topic["verifiesCustomer"]
                               and agent["customerFacing"], f"{name}: " + (topic.get("verifiedBy") or "open to anyone"))
        graph.edge(agent_key, topic_key)
        for action_name in topic["actions"]:
            action = flows["actions"].get(action_name)
            action_key = graph.node(f"action:{action_name}", 3, action_name, bool(action and (
                action["bypassesSharing"] or action["sensitiveFields"])), action_name if action else
                f"{action_name} (standard or not in this repository)")
            graph.edge(topic_key, action_key)
            if action is not None:
                _action_chain(graph, action_key, action, flows["promptTemplates"], regions)
    return graph


def template_graph(template: dict[str, Any], regions: list[str]) -> _Graph:
    graph = _Graph(columns=TEMPLATE_COLUMNS)
    key = graph.node("template", 4, template["name"], False, f"prompt template {template['name']}")
    for merge in template["mergeFields"]:
        obj = merge.get("object")
        if not obj:
            continue
        sensitive = [s["field"] for s in (merge.get("sensitiveFields") or [])] + (
            [merge["sensitive"]["field"]] if merge.get("sensitive") else [])
        data = graph.node(f"data:{obj}", 5, obj, bool(sensitive), f"{obj}: " + (", ".join(sensitive) or "fields"))
        graph.edge(key, data)
    for source in template["grounding"]:
        ground = graph.node(f"ground:{source['kind']}:{source['name']}", 3, f"{source['kind']} {source['name']}",
                            bool(source.get("bypassesSharing")), f"grounding {source['kind']} {source['name']}: "
                            f"{source.get('runsAs')}")
        graph.edge(ground, key)
    model = _model_node(graph, template["model"], regions, bool(template.get("personalData")))
    if model:
        graph.edge(key, model)
    return graph


def _short(text: str) -> str:
    return text if len(text) <= _MAX_LABEL else text[: _MAX_LABEL - 1] + "…"


def svg(graph: _Graph) -> Markup:
    """The graph as an inline SVG: one column per stage, nodes in insertion order, straight edges."""
    used = sorted({n[0] for n in graph.nodes.values()})
    x_of = {col: i * _COL_WIDTH for i, col in enumerate(used)}
    rows: dict[int, int] = {}
    pos: dict[str, tuple[int, int]] = {}
    for key, (col, _, _, _) in graph.nodes.items():
        pos[key] = (x_of[col], _TOP + rows.get(col, 0) * _ROW_HEIGHT)
        rows[col] = rows.get(col, 0) + 1
    width = max(len(used), 1) * _COL_WIDTH
    height = _TOP + max(rows.values(), default=1) * _ROW_HEIGHT
    parts = [f'<svg class="aiflow" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg">']
    parts += [f'<text class="col" x="{x_of[c]}" y="14">{escape(graph.columns[c])}</text>' for c in used]
    for a, b in sorted(graph.edges):
        (xa, ya), (xb, yb) = pos[a], pos[b]
        mid = _BOX_HEIGHT // 2
        parts.append(f'<line x1="{xa + _BOX_WIDTH}" y1="{ya + mid}" x2="{xb}" y2="{yb + mid}"/>')
    for key, (_, label, risk, title) in graph.nodes.items():
        x, y = pos[key]
        parts.append(f'<g class="{"risk" if risk else "node"}"><title>{escape(title)}</title>'
                     f'<rect x="{x}" y="{y}" width="{_BOX_WIDTH}" height="{_BOX_HEIGHT}" rx="4"/>'
                     f'<text x="{x + 6}" y="{y + 17}">{escape(_short(label))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def ai_view(model: dict[str, Any], config: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per agent and per prompt template: title, facts and its picture."""
    flows = (model.get("derived") or {}).get("aiDataFlows") or {}
    if not flows:
        return []
    regions = _allowed_regions(config, model.get("derived") or {})
    out = []
    for agent in flows.get("agents", {}).values():
        facts = [("type", agent.get("agentType") or agent.get("botType") or "unknown"),
                 ("reach", "without login" if agent["unauthenticated"] else
                  "customers" if agent["customerFacing"] else "signed-in users"),
                 ("runs as", agent["identity"].get("runningUser") or "the signed-in user"),
                 ("identity", ", ".join(f"{h['type']} {h['name']}" for h in agent["identity"]["holders"])
                  or "unknown (set ai.agentUsers)")]
        out.append({"kind": "Agent", "name": agent["name"], "file": agent["_file"], "line": agent["_line"],
                    "facts": facts, "picture": svg(agent_graph(agent, flows, regions))})
    for name, template in flows.get("promptTemplates", {}).items():
        model_info = template["model"]
        facts = [("model", model_info.get("model") or "default"),
                 ("provider", model_info.get("provider") or "unknown"),
                 ("jurisdiction", model_info.get("jurisdiction") or "unknown")]
        out.append({"kind": "Prompt template", "name": name, "file": template["_file"], "line": template["_line"],
                    "facts": facts, "picture": svg(template_graph(template, regions))})
    return out
