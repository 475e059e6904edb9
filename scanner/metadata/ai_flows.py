"""The derived view ``aiDataFlows``: what each agent and prompt template lets reach a model, and what an
agent's actions may read or change (docs/ai-agents.md).

Agentforce spreads one agent over many components: the Bot (who it runs as, which channels), its planner
(topics, and the rule expressions that open a topic only to a verified customer), the topics (the actions
each may call), the actions (an Apex class, a flow, a prompt template…), and the prompt templates (the
fields each merges into the text sent to a model, and the model). The SFP-AI rules ask questions across that
chain; joining it once here keeps them short. Each link says how it was made, since some are inferred:

* an agent is *customer-facing* by its ``agentType`` (a service agent) or its bot type;
* a web deployment (EmbeddedServiceConfig) exposes the agents that take that channel's messages (the
  routing flow's agent id is org data, so the link is by channel type and says so); it is reachable
  *without login* when it allows guest users, or when it is a Messaging for Web deployment without a login
  method (user verification, when set up, is on the messaging channel, which this metadata does not show);
* a topic is *verified* when the planner opens it only under a rule expression on a verification variable
  (``isVerified``, ``Verified_Customer_Id``…), and for an employee agent (its users are logged in);
* an action's reach comes from its target: a flow's record elements (objects, fields), whether it runs in
  system mode (ignoring the running user's object and field permissions) and without sharing; an Apex
  class's sharing declaration; a prompt template's merge fields;
* the running identity is the ``botUser``'s permission sets, which the metadata does not hold: they come
  from ``ai.agentUsers`` in the configuration (by agent name or username), else the identity is unknown;
* a prompt template's model and provider come from ``primaryModel`` (:data:`MODEL_PROVIDERS`), its
  jurisdiction from ``ai.models`` in the configuration or the provider's fixed region;
* a prompt template sends *personal data* (``personalData``, why) when a merged field is sensitive, when it
  merges records of an object about a person (``personalObjects``, scanner.metadata.personal_objects), when
  its Apex or flow grounding reads such an object, or when a customer-facing agent's action calls it (the
  conversation's words reach the model); a template that merges only the org's catalogue (a product's name
  and price) sends none;
* merged free text is *written by outsiders* (``outsiderText``, why) when people outside the org can write
  it: the platform fills the object from outside (Web-to-Case, Email-to-Case, Web-to-Lead, chat, messaging,
  community feeds: :data:`OUTSIDE_FILLED`), a guest, portal, community or other external holder may create or
  edit the object, an agent action creates or updates its records, or its records belong to a customer (a
  custom object looking up to Contact, Lead, Individual or Case: a review, a request). Text only staff write
  (a catalogue entry's description) is not a prompt-injection path.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

#: Agent types that talk to customers (Agentforce Service Agent; classic Einstein bots are customer chat).
CUSTOMER_AGENT_TYPES = frozenset({"EinsteinServiceAgent", "AgentforceServiceAgent", "ExternalAgent"})
EMPLOYEE_AGENT_TYPES = frozenset({"AgentforceEmployeeAgent", "EinsteinCopilot", "InternalCopilot", "Copilot"})

#: Substrings of a model's API name (``sfdc_ai__DefaultOpenAIGPT4OmniMini``) → (provider, jurisdiction: None when
#: the provider's region depends on the org, as Salesforce routes Azure OpenAI, Bedrock and Vertex AI calls
#: by the org's geography). Checked in order: "AzureOpenAI" before "OpenAI".
MODEL_PROVIDERS: tuple[tuple[str, str, str | None], ...] = (
    ("azureopenai", "Azure OpenAI", None),
    ("openai", "OpenAI", "US"),
    ("bedrock", "Amazon Bedrock", None),
    ("anthropic", "Anthropic", "US"),
    ("vertexai", "Google Vertex AI", None),
    ("gemini", "Google Gemini", "US"),
    ("nova", "Amazon Bedrock", None),
)

#: Standard fields that hold text anyone writing the record chose (custom fields: by their type).
FREE_TEXT_STANDARD = frozenset({"description", "comments", "subject", "body", "textbody", "htmlbody", "notes",
                                "title", "commentbody", "feeditem", "richtext"})
FREE_TEXT_TYPES = frozenset({"TextArea", "LongTextArea", "Html"})
#: Text around a merge field that marks where record text starts and ends, so the model can tell data from
#: instructions.
DELIMITERS = ('"""', "```", "<", "---", "###", "'''", "[[")
_DELIMIT_WINDOW = 120
_MAX_MERGE_FIELDS = 500

#: Objects the platform fills with what people outside the org send: Web-to-Case and Email-to-Case (Case,
#: EmailMessage), Web-to-Lead (Lead), chat and messaging transcripts, community feeds.
OUTSIDE_FILLED = frozenset({"Case", "EmailMessage", "Lead", "LiveChatTranscript", "MessagingSession",
                            "ConversationEntry", "VoiceCall", "FeedItem", "FeedComment"})
#: Licenses of users outside the org (guest, customer, partner, portal, community, external).
_OUTSIDER_LICENSE = re.compile(r"(?i)guest|community|portal|partner|customer|external")

_VERIFY_WORDS = ("verif", "authenticat")
_RECORD_WRITES = ("recordCreates", "recordUpdates", "recordDeletes")


def _list(value: Any) -> list[Any]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _where(comp: dict[str, Any], entry: dict[str, Any] | None = None) -> dict[str, Any]:
    entry = entry or comp
    return {"_file": entry.get("_file", comp.get("_file", "")), "_line": entry.get("_line", comp.get("_line", 1))}


def outsider_license(license: Any) -> bool:
    """Is ``license`` (a profile's userLicense, a permission set's license) one of users outside the org?"""
    return bool(_OUTSIDER_LICENSE.search(str(license or "")))


def model_provider(model: str | None, known: dict[str, str]) -> dict[str, Any]:
    """Provider and jurisdiction of a model API name: ``known`` (``ai.models``) first, then the built-in table."""
    if not model:
        return {"model": None, "provider": None, "jurisdiction": None, "jurisdictionSource": None}
    provider, jurisdiction, source = None, None, None
    lowered = model.lower()
    for needle, name, region in MODEL_PROVIDERS:
        if needle in lowered:
            provider, jurisdiction, source = name, region, "provider" if region else None
            break
    if model in known:
        jurisdiction, source = known[model], "config ai.models"
    return {"model": model, "provider": provider, "jurisdiction": jurisdiction, "jurisdictionSource": source}


class _Org:
    """The parts of the model the view joins, looked up by name."""

    def __init__(self, model: dict[str, Any], derived: dict[str, Any], cfg: dict[str, Any]) -> None:
        self.model = model
        self.sensitive: dict[str, dict[str, Any]] = derived.get("sensitiveFields", {})
        self.sensitive_objects: dict[str, list[str]] = derived.get("sensitiveObjects", {})
        self.grants: list[dict[str, Any]] = derived.get("sensitiveFieldGrants", [])
        self.groups: dict[str, Any] = derived.get("permissionSetGroups", {})
        self.personal: dict[str, str] = derived.get("personalObjects") or {}
        self.guests: dict[str, Any] = derived.get("guestProfiles") or {}
        self.cfg = cfg

    @cached_property
    def outsider_written(self) -> dict[str, tuple[str, str | None]]:
        """Object → (why people outside the org can write its records, the component that lets them: a
        PR scan re-evaluates the templates merging it when that component changes); the docstring's list."""
        out: dict[str, tuple[str, str | None]] = {
            obj: ("the platform fills it from outside the org", None) for obj in OUTSIDE_FILLED}
        for key, license_key in (("profiles", "userLicense"), ("permissionSets", "license")):
            for name, holder in sorted(self.model.get(key, {}).items()):
                if not isinstance(holder, dict) or not (
                        (key == "profiles" and name in self.guests) or outsider_license(holder.get(license_key))):
                    continue
                for perm in _list(holder.get("objectPermissions")):
                    obj = perm.get("object")
                    if isinstance(obj, str) and (perm.get("allowCreate") is True or perm.get("allowEdit") is True):
                        out.setdefault(obj, (f"{'profile' if key == 'profiles' else 'permission set'} {name} "
                                             f"(users outside the org) may create or edit it", f"{key}/{name}"))
        for name, fn in sorted(self.model.get("genAiFunctions", {}).items()):
            flow = self.get("flows", fn.get("invocationTarget")) if isinstance(fn, dict) and fn.get(
                "invocationTargetType") == "flow" else None
            for obj in _flow_reach(self, flow)["writes"] if flow else []:
                out.setdefault(obj, (f"agent action {name} writes its records", f"genAiFunctions/{name}"))
        for obj, why in self.personal.items():
            if obj.endswith("__c"):
                out.setdefault(obj, (f"{why}: a customer's words", None))
        return out

    @cached_property
    def fields(self) -> dict[str, dict[str, Any]]:
        """Every custom field by "Object.Field" (looked up per merge field: indexed once)."""
        out = {}
        for obj_name, obj in self.model.get("objects", {}).items():
            for fld in _list(obj.get("fields")) if isinstance(obj, dict) else []:
                if isinstance(fld.get("fullName"), str):
                    out[f"{obj_name}.{fld['fullName']}"] = fld
        return out

    @cached_property
    def children(self) -> dict[tuple[str, str], str]:
        """(parent object, relationship name) → the child object whose lookup field defines it."""
        out = {}
        for qualified, fld in self.fields.items():
            if isinstance(fld.get("relationshipName"), str) and isinstance(fld.get("referenceTo"), str):
                out.setdefault((fld["referenceTo"], fld["relationshipName"]), qualified.partition(".")[0])
        return out

    def get(self, key: str, name: Any) -> dict[str, Any] | None:
        comp = self.model.get(key, {}).get(name) if isinstance(name, str) else None
        return comp if isinstance(comp, dict) else None

    def field_info(self, qualified: str) -> dict[str, Any] | None:
        return self.fields.get(qualified)

    def sensitivity(self, qualified: str) -> dict[str, Any] | None:
        info = self.sensitive.get(qualified)
        if info is None:
            return None
        return {"field": qualified, "tier": info.get("tier", "classified"), "reasons": info.get("reasons", [])}


def _sensitive_of(org: _Org, obj: str, fields: list[str] | None) -> list[dict[str, Any]]:
    """Sensitive fields among ``fields`` of ``obj`` (every sensitive field of it when the element names none:
    a Get Records that stores all fields)."""
    names = [f"{obj}.{f}" for f in fields] if fields else org.sensitive_objects.get(obj, [])
    return [s for n in sorted(set(names)) if (s := org.sensitivity(n))]


def _flow_reach(org: _Org, flow: dict[str, Any]) -> dict[str, Any]:
    reads: set[str] = set()
    writes: set[str] = set()
    fields: dict[str, dict[str, Any]] = {}
    for lookup in _list(flow.get("recordLookups")):
        obj = _text(lookup.get("object"))
        if obj:
            reads.add(obj)
            queried = [q for q in lookup.get("queriedFields") or [] if isinstance(q, str)] if isinstance(
                lookup.get("queriedFields"), list) else [lookup["queriedFields"]] if _text(
                lookup.get("queriedFields")) else None
            for s in _sensitive_of(org, obj, queried):
                fields.setdefault(s["field"], {**s, "access": "read"})
    for kind in _RECORD_WRITES:
        for element in _list(flow.get(kind)):
            obj = _text(element.get("object"))
            if obj:
                writes.add(obj)
                assigned = [a.get("field") for a in _list(element.get("inputAssignments")) if _text(a.get("field"))]
                for s in _sensitive_of(org, obj, assigned or None):
                    fields[s["field"]] = {**s, "access": "edit"}
    run_mode = flow.get("runInMode")
    return {"reads": sorted(reads), "writes": sorted(writes), "changesRecords": bool(writes),
            "sensitiveFields": [fields[k] for k in sorted(fields)],
            "bypassesSharing": run_mode == "SystemModeWithoutSharing",
            # System mode ignores the running user's object and field permissions, with sharing or without.
            "systemMode": run_mode in ("SystemModeWithSharing", "SystemModeWithoutSharing"),
            "runsAs": run_mode if isinstance(run_mode, str) else "default"}


def _apex_reach(cls: dict[str, Any]) -> dict[str, Any]:
    sharing = cls.get("sharing")
    return {"reads": [], "writes": [], "changesRecords": None, "sensitiveFields": [],
            "bypassesSharing": sharing in ("without", "none"), "systemMode": False,
            "runsAs": f"{sharing} sharing" if sharing in ("with", "without", "inherited") else
            "no sharing declaration" if sharing == "none" else "unknown"}


def _action(org: _Org, name: str, fn: dict[str, Any], templates: dict[str, Any]) -> dict[str, Any]:
    target = _text(fn.get("invocationTarget"))
    kind = _text(fn.get("invocationTargetType")) or "unknown"
    view: dict[str, Any] = {
        "name": name, "label": fn.get("masterLabel") or name, **_where(fn), "target": target, "targetType": kind,
        "isConfirmationRequired": fn.get("isConfirmationRequired") is True,
        "reads": [], "writes": [], "changesRecords": None, "sensitiveFields": [], "bypassesSharing": False,
        "systemMode": False, "runsAs": "unknown", "targetFile": None,
        "parameters": [{"schema": s.get("path"), **p} for s in _list(fn.get("schemas"))
                       for p in _list(s.get("parameters"))],
    }
    if kind == "flow" and (flow := org.get("flows", target)):
        view.update(_flow_reach(org, flow), targetFile=flow.get("_file"))
    elif kind == "apex" and (cls := org.get("apexClasses", target)):
        view.update(_apex_reach(cls), targetFile=cls.get("_file"))
    elif kind == "generatePromptResponse" and target in templates:
        tmpl = templates[target]
        fields = [{**m["sensitive"], "access": "read"} for m in tmpl["mergeFields"] if m.get("sensitive")]
        objects = sorted({m["object"] for m in tmpl["mergeFields"] if m.get("object")})
        bypass = [g for g in tmpl["grounding"] if g.get("bypassesSharing")]
        view.update(reads=objects, changesRecords=False, sensitiveFields=fields, bypassesSharing=bool(bypass),
                    systemMode=any(g.get("systemMode") for g in tmpl["grounding"]),
                    runsAs="; ".join(f"{g['kind']} {g['name']}: {g['runsAs']}" for g in tmpl["grounding"]) or "user",
                    targetFile=tmpl["_file"], model=tmpl["model"])
    return view


def _merge_fields(content: str) -> list[tuple[str, int, int]]:
    """Each ``{!$Kind:Reference}`` of a template text with its offset and end (a linear scan, no regex)."""
    out = []
    start = content.find("{!$")
    while start != -1 and len(out) < _MAX_MERGE_FIELDS:
        end = content.find("}", start)
        if end == -1:
            break
        out.append((content[start + 3:end], start, end + 1))
        start = content.find("{!$", end)
    return out


def _delimited(content: str, start: int, end: int) -> bool:
    """Is the merge field at ``start:end`` fenced on both sides (a quote block, a tag, a code fence)?"""
    before = content[max(0, start - _DELIMIT_WINDOW):start]
    after = content[end:end + _DELIMIT_WINDOW]
    return any(d in before for d in DELIMITERS) and any(d in after or d.replace("<", "</") in after
                                                         for d in DELIMITERS)


def _free_text(org: _Org, qualified: str) -> bool:
    fld = org.field_info(qualified)
    if fld is not None:
        return fld.get("type") in FREE_TEXT_TYPES
    field = qualified.partition(".")[2]
    return "__" not in field and field.lower() in FREE_TEXT_STANDARD


def _related_object(org: _Org, parent: str, relationship: str) -> str | None:
    """The child object of a related list (``Guest_Reviews__r`` on ``Experience__c``), from its lookup field."""
    return org.children.get((parent, relationship.removesuffix("__r")))


def _template(org: _Org, name: str, tmpl: dict[str, Any]) -> dict[str, Any]:
    versions = _list(tmpl.get("templateVersions"))
    active = tmpl.get("activeVersionIdentifier")
    version = next((v for v in versions if v.get("versionIdentifier") == active), versions[-1] if versions else {})
    content = version.get("content") if isinstance(version.get("content"), str) else ""
    lines = version.get("_lines") if isinstance(version.get("_lines"), dict) else {}
    # The line of <content>; a merge field is that many lines below it as the text has newlines before it
    # (one line early when the text starts on the line after the tag, as prettier writes it).
    content_line = lines.get("content") or version.get("_line", tmpl.get("_line", 1))
    inputs = {}
    for entry in _list(version.get("inputs")):
        ref, definition = _text(entry.get("referenceName")), _text(entry.get("definition"))
        if ref and definition and definition.upper().startswith("SOBJECT://"):
            inputs[ref.partition(":")[2]] = definition[len("SOBJECT://"):]
    merges = []
    line, counted = content_line, 0  # newlines counted once, from one merge field to the next
    for reference, start, end in _merge_fields(content):
        kind, _, path = reference.partition(":")
        line += content.count("\n", counted, start)
        counted = start
        entry: dict[str, Any] = {"reference": "{!$" + reference + "}", "kind": kind, "_file": tmpl.get("_file"),
                                 "_line": line, "delimited": _delimited(content, start, end), "object": None,
                                 "field": None, "freeText": False, "sensitive": None}
        head, _, rest = path.partition(".")
        if kind in ("Input", "RecordSnapshot") and head in inputs:
            entry["object"] = inputs[head]
            if rest and "." not in rest and kind == "Input":
                entry["field"] = f"{inputs[head]}.{rest}"
                entry["freeText"] = _free_text(org, entry["field"])
                entry["sensitive"] = org.sensitivity(entry["field"])
            else:  # a snapshot, or a related record's field: every sensitive field of the object may be in it
                entry["sensitiveFields"] = _sensitive_of(org, inputs[head], None)
        elif kind == "RelatedList" and rest:
            child = _related_object(org, inputs.get(head, head), rest.partition(".")[0])
            entry["object"] = child
            if child:
                entry["sensitiveFields"] = _sensitive_of(org, child, None)
                entry["freeText"] = any(f.get("type") in FREE_TEXT_TYPES for f in _list(
                    (org.get("objects", child) or {}).get("fields")))
        outsider = org.outsider_written.get(entry["object"]) if entry["freeText"] else None
        entry["outsiderText"], entry["outsiderSource"] = outsider or (None, None)
        merges.append(entry)
    grounding = []
    for provider in _list(version.get("templateDataProviders")):
        definition = _text(provider.get("definition")) or ""
        scheme, _, target = definition.partition("://")
        item: dict[str, Any] = {"kind": scheme or "unknown", "name": target or definition, **_where(tmpl, provider),
                                "bypassesSharing": False, "systemMode": False, "runsAs": "unknown"}
        reach = _apex_reach(cls) if scheme == "apex" and (cls := org.get("apexClasses", target)) else \
            _flow_reach(org, flow) if scheme == "flow" and (flow := org.get("flows", target)) else {}
        item.update({k: v for k, v in reach.items() if k in ("bypassesSharing", "systemMode", "runsAs")})
        grounding.append(item)
    model = version.get("primaryModel") if isinstance(version.get("primaryModel"), str) else None
    model_line = lines.get("primaryModel")
    return {"name": name, "label": tmpl.get("masterLabel") or name, **_where(tmpl), "type": tmpl.get("type"),
            "relatedEntity": tmpl.get("relatedEntity"), "version": version.get("versionIdentifier"),
            "status": version.get("status"), "mergeFields": merges, "grounding": grounding,
            "personalData": _personal_data(org, merges, grounding),
            "model": {**model_provider(model, org.cfg.get("models", {})), "_file": tmpl.get("_file"),
                      "_line": model_line or version.get("_line", tmpl.get("_line", 1))}}


def _personal_data(org: _Org, merges: list[dict[str, Any]], grounding: list[dict[str, Any]]) -> list[str]:
    """Why a person's data reaches the template's model (the module docstring); empty: none shown."""
    why = set()
    for m in merges:
        if m.get("sensitive") or m.get("sensitiveFields"):
            why.add(f"sensitive fields ({m['reference']})")
        if m.get("object") in org.personal:
            why.add(f"{m['object']} records ({org.personal[m['object']]})")
    for source in grounding:
        read: set[str] = set()
        if source["kind"] == "apex" and (cls := org.get("apexClasses", source["name"])):
            read = {q.get("object") for q in _list(cls.get("queries"))}
        elif source["kind"] == "flow" and (flow := org.get("flows", source["name"])):
            read = set(_flow_reach(org, flow)["reads"])
        why.update(f"{obj} records read by {source['kind']} {source['name']} ({org.personal[obj]})"
                   for obj in read if obj in org.personal)
    return sorted(why)


def _planner(org: _Org, agent: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for version in _list(agent.get("botVersions")):
        for ref in _list(version.get("conversationDefinitionPlanners")):
            name = ref.get("genAiPlannerName")
            for key in ("genAiPlannerBundles", "genAiPlanners"):
                if planner := org.get(key, name):
                    return key, planner
    return None


def _gates(planner: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Topic → (rule expression that opens it, does that expression test a verification variable)."""
    expressions = {e.get("expressionName"): e for e in _list(planner.get("ruleExpressions"))}
    out = {}
    for assignment in _list(planner.get("ruleExpressionAssignments")):
        expr = expressions.get(assignment.get("ruleExpressionName"), {})
        verifies = any(any(w in str(c.get("leftOperand", "")).lower() for w in _VERIFY_WORDS)
                       for c in _list(expr.get("conditions")))
        out[str(assignment.get("targetName"))] = (str(assignment.get("ruleExpressionName")), verifies)
    return out


def _topics(org: _Org, planner: dict[str, Any], employee: bool) -> list[dict[str, Any]]:
    gates = _gates(planner)
    topics = []
    for ref in _list(planner.get("genAiPlugins")):
        name = ref.get("genAiPluginName")
        inline = ref.get("genAiCustomizedPlugin") if isinstance(ref.get("genAiCustomizedPlugin"), dict) else None
        plugin = inline or org.get("genAiPlugins", name) or {}
        where = _where(planner, ref) if inline or not plugin else _where(plugin)
        gate, verifies = gates.get(str(name), (None, False))
        is_verifier = "verification" in str(name).lower()
        topics.append({
            "name": name, "label": plugin.get("masterLabel") or name, "scope": plugin.get("scope"), **where,
            "gate": gate, "verified": employee or verifies, "verifiesCustomer": is_verifier,
            "verifiedBy": "employee agent: users are logged in" if employee else
            f"rule expression {gate}" if verifies else None,
            "actions": [f.get("functionName") for f in _list(plugin.get("genAiFunctions"))
                        if _text(f.get("functionName"))],
        })
    loose = [f.get("genAiFunctionName") for f in _list(planner.get("genAiFunctions"))
             if _text(f.get("genAiFunctionName"))]
    if loose:
        topics.append({"name": None, "label": "(no topic)", "scope": None, **_where(planner), "gate": None,
                       "verified": employee, "verifiesCustomer": False, "verifiedBy": None, "actions": loose})
    return topics


def _deployments(org: _Org, agent: dict[str, Any]) -> list[dict[str, Any]]:
    channels = {m.get("messageType") for v in _list(agent.get("contextVariables"))
                for m in _list(v.get("contextVariableMappings"))}
    out = []
    for name, dep in sorted(org.model.get("embeddedServiceConfigs", {}).items()):
        if dep.get("isEnabled") is False or dep.get("deploymentFeature") not in channels:
            continue
        guests = dep.get("areGuestUsersAllowed") is True
        no_login = dep.get("deploymentFeature") == "EmbeddedMessaging" and not _text(dep.get("authMethod"))
        out.append({"type": "EmbeddedServiceConfig", "name": name, **_where(dep), "site": dep.get("site"),
                    "deploymentType": dep.get("deploymentType"), "linkedBy": "channel type " + str(dep.get(
                        "deploymentFeature")), "unauthenticated": guests or no_login,
                    "unauthenticatedReason": "areGuestUsersAllowed is true" if guests else
                    "a Messaging for Web deployment without a login method (authMethod)" if no_login else None})
    return out


def _identity(org: _Org, name: str, agent: dict[str, Any]) -> dict[str, Any]:
    users = org.cfg.get("agentUsers", {})
    bot_user = _text(agent.get("botUser"))
    names = [*users.get(name, []), *(users.get(bot_user, []) if bot_user else [])]
    holders = []
    for holder in dict.fromkeys(names):
        rtype = "Profile" if org.get("profiles", holder) else "PermissionSet" if org.get(
            "permissionSets", holder) else "PermissionSetGroup" if holder in org.groups else "unknown"
        holders.append({"type": rtype, "name": holder})
    known = {(h["type"], h["name"]) for h in holders}
    fields: dict[str, dict[str, Any]] = {}
    for grant in org.grants:
        if (grant.get("type"), grant.get("name")) in known and grant.get("access") in ("read", "edit"):
            field = grant["field"]
            if field not in fields or grant["access"] == "edit":
                fields[field] = {**(org.sensitivity(field) or {"field": field}), "access": grant["access"],
                                 "via": f"{grant['type']} {grant['name']}"}
    access_users = sorted(n for n, ps in org.model.get("permissionSets", {}).items()
                          if any(a.get("agentName") == name and a.get("enabled") is True
                                 for a in _list(ps.get("agentAccesses"))))
    return {"runningUser": bot_user, "holders": holders, "known": bool(holders),
            "source": "config ai.agentUsers" if holders else None,
            "sensitiveFields": [fields[k] for k in sorted(fields)], "grantedToUsersBy": access_users}


def _agent(org: _Org, name: str, agent: dict[str, Any], actions: dict[str, Any]) -> dict[str, Any]:
    agent_type = _text(agent.get("agentType"))
    employee = agent_type in EMPLOYEE_AGENT_TYPES
    customer = not employee and (agent_type in CUSTOMER_AGENT_TYPES or agent.get("type") == "Bot")
    planner = _planner(org, agent)
    topics = _topics(org, planner[1], employee) if planner else []
    deployments = _deployments(org, agent) if customer else []
    return {
        "name": name, "label": agent.get("label") or name, **_where(agent), "agentType": agent_type,
        "botType": agent.get("type"), "customerFacing": customer,
        "unauthenticated": any(d["unauthenticated"] for d in deployments), "deployments": deployments,
        "planner": {"type": "GenAiPlannerBundle" if planner[0] == "genAiPlannerBundles" else "GenAiPlanner",
                    "name": planner[1].get("fullName"), **_where(planner[1])} if planner else None,
        "topics": topics, "identity": _identity(org, name, agent),
        "actions": sorted({a for t in topics for a in t["actions"] if a in actions}),
    }


def ai_data_flows(model: dict[str, Any], derived: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """The view: ``agents``, ``actions`` and ``promptTemplates`` by name (see the module docstring)."""
    org = _Org(model, derived, cfg)
    templates = {n: _template(org, n, t) for n, t in sorted(model.get("genAiPromptTemplates", {}).items())
                 if isinstance(t, dict)}
    actions = {n: _action(org, n, f, templates) for n, f in sorted(model.get("genAiFunctions", {}).items())
               if isinstance(f, dict)}
    agents = {n: _agent(org, n, a, actions) for n, a in sorted(model.get("bots", {}).items()) if isinstance(a, dict)}
    for name, agent in agents.items():  # a customer-facing agent's conversation reaches the templates it calls
        for action in agent["actions"] if agent["customerFacing"] else []:
            target = actions[action]
            if target["targetType"] == "generatePromptResponse" and target["target"] in templates:
                why = templates[target["target"]]["personalData"]
                why[:] = sorted({*why, f"the conversation of customer-facing agent {name}"})
    return {"agents": agents, "actions": actions, "promptTemplates": templates}


def _target_ids(action: dict[str, Any], templates: dict[str, Any]) -> set[str]:
    """The components an action's reach is read from: its flow, Apex class or prompt template (and the
    template's own sources)."""
    target, kind = action.get("target"), action.get("targetType")
    if not isinstance(target, str):
        return set()
    if kind == "flow":
        return {f"flows/{target}"}
    if kind == "apex":
        return {f"apexClasses/{target}"}
    if kind == "generatePromptResponse" and target in templates:
        return {f"genAiPromptTemplates/{target}", *_template_ids(templates[target])}
    return set()


def _template_ids(template: dict[str, Any]) -> set[str]:
    out = {f"objects/{m['object']}" for m in template["mergeFields"] if m.get("object")}
    out.update(m["outsiderSource"] for m in template["mergeFields"] if m.get("outsiderSource"))
    for source in template["grounding"]:
        if source["kind"] == "apex":
            out.add(f"apexClasses/{source['name']}")
        elif source["kind"] == "flow":
            out.add(f"flows/{source['name']}")
    return out


def references(model: dict[str, Any]) -> dict[str, set[str]]:
    """Every component an agent's or a prompt template's view is built from ("collection/name" → ids), all
    of them, not one hop: a PR scan re-evaluates an agent when any of them changes
    (scanner.reuse.incremental), and a scan that builds only a change loads them with it."""
    view = (model.get("derived") or {}).get("aiDataFlows") or {}
    templates = view.get("promptTemplates", {})
    actions = view.get("actions", {})
    out: dict[str, set[str]] = {}
    for name, agent in view.get("agents", {}).items():
        refs = out.setdefault(f"bots/{name}", set())
        if agent["planner"]:
            key = "genAiPlannerBundles" if agent["planner"]["type"] == "GenAiPlannerBundle" else "genAiPlanners"
            refs.add(f"{key}/{agent['planner']['name']}")
        refs.update(f"genAiPlugins/{t['name']}" for t in agent["topics"] if t.get("name"))
        for topic in agent["topics"]:
            for action in topic["actions"]:
                refs.add(f"genAiFunctions/{action}")
                refs.update(_target_ids(actions.get(action, {}), templates))
        refs.update(f"embeddedServiceConfigs/{n}" for n in model.get("embeddedServiceConfigs", {}))
        for holder in agent["identity"]["holders"]:
            key = {"Profile": "profiles", "PermissionSet": "permissionSets",
                   "PermissionSetGroup": "permissionSetGroups"}.get(holder["type"])
            if key:
                refs.add(f"{key}/{holder['name']}")
            group = model.get("permissionSetGroups", {}).get(holder["name"]) if key == "permissionSetGroups" else None
            refs.update(f"permissionSets/{m}" for m in (group or {}).get("permissionSets") or [] if isinstance(m, str))
    callers: dict[str, set[str]] = {}  # a customer-facing agent's conversation is personal data of its templates
    for name, agent in view.get("agents", {}).items():
        for action in agent["actions"] if agent["customerFacing"] else []:
            target = actions.get(action, {})
            if target.get("targetType") == "generatePromptResponse" and target.get("target") in templates:
                callers.setdefault(target["target"], set()).add(f"bots/{name}")
    for name, template in templates.items():
        ids = _template_ids(template) | callers.get(name, set())
        if ids:
            out[f"genAiPromptTemplates/{name}"] = ids
    return {k: v for k, v in out.items() if v}
