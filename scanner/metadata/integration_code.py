"""The ``apexCode`` derived view: each class and trigger joined with the org's endpoints and sensitive data.

The model holds what a body says (:mod:`scanner.metadata.apex_code`); rules need what it means for the
org: where each callout goes (the literal host, or the named credential's URL, placed in a jurisdiction
by :mod:`scanner.jurisdictions` exactly as ``derived.endpoints`` is), which sensitive fields the same code
queries (with their ``tier``), and whether it runs without sharing. Keyed ``apexClasses/Name`` and
``apexTriggers/Name``, like the component ids of incremental evaluation: an entry depends only on its
component, the classes that component calls (its references), the named credentials it names and the
org-wide context, so the rules reading it can be ``scope: component``.

Sharing (Apex Security and Sharing Model, versioned behaviour): before API 67.0 a class without a sharing
declaration runs in its caller's mode, so as an entry point of its own (REST, web service, invocable,
remote action, batch, queueable, schedulable) it runs without sharing; an ``@AuraEnabled`` controller
runs with sharing; from API 67.0 it runs with sharing. Triggers run in system context. Calls are read
one level deep: a callout two calls away is not attributed.
"""

from __future__ import annotations

from typing import Any

from scanner.jurisdictions import host_allowed, place

#: From this API version a class without a sharing declaration runs with sharing.
WITH_SHARING_DEFAULT_API = 67.0
_OWN_ENTRY_KINDS = ("RestResource", "webservice", "InvocableMethod", "RemoteAction")
_OUTBOUND = ("endpoint", "httpSend", "email", "eventPublish")


def _api(component: dict[str, Any]) -> float:
    try:
        return float(component.get("apiVersion") or 0)
    except (TypeError, ValueError):
        return 0.0


def without_sharing(rtype: str, component: dict[str, Any]) -> str | None:
    """Why the unit runs without sharing when it starts a transaction, or None when it does not."""
    old = _api(component) < WITH_SHARING_DEFAULT_API
    if rtype == "ApexTrigger":
        return "a trigger runs in system context, without sharing" if old else None
    sharing = component.get("sharing")
    if sharing == "without":
        return "declared without sharing"
    if sharing != "none" or not old:
        return None
    kinds = sorted({p.get("kind") for p in component.get("entryPoints") or [] if p.get("kind") in _OWN_ENTRY_KINDS})
    starts = kinds + list(component.get("asyncInterfaces") or [])
    if starts:
        return f"no sharing declaration (API {_api(component):g}): as an entry point ({', '.join(starts)}) it " \
               "runs without sharing"
    return None


def _credential_url(model: dict[str, Any], name: str) -> str | None:
    cred = model.get("namedCredentials", {}).get(name)
    if not isinstance(cred, dict):
        return None
    if isinstance(cred.get("endpoint"), str):
        return cred["endpoint"]
    for param in cred.get("namedCredentialParameters") or []:
        if isinstance(param, dict) and param.get("parameterType") == "Url" and isinstance(param.get("parameterValue"),
                                                                                          str):
            return param["parameterValue"]
    return None


def _placed(model: dict[str, Any], callout: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """``callout`` with where an endpoint's data goes (scheme, host, jurisdiction), when it is known."""
    url = callout.get("url")
    if callout.get("target") == "namedCredential":
        url = _credential_url(model, callout.get("namedCredential", ""))
    if not isinstance(url, str) or not url.strip() or callout.get("kind") != "endpoint":
        return dict(callout)
    where = place(url, cfg.get("hosts"))
    return {**callout, "scheme": where.scheme, "host": where.host, "jurisdiction": where.jurisdiction,
            "jurisdictionSource": where.source, "aiProvider": where.provider,
            "allowedHost": host_allowed(where.host, cfg.get("allowedHosts", []))}


def _outbound(callouts: list[dict[str, Any]]) -> bool:
    return any(c.get("kind") in _OUTBOUND for c in callouts)


def _sensitive(component: dict[str, Any], fields: dict[str, Any]) -> list[dict[str, Any]]:
    """The sensitive fields the unit's own queries select, each once at its first query's line."""
    by_lower = {name.lower(): name for name in fields}
    by_object: dict[str, list[str]] = {}
    for name, info in fields.items():
        by_object.setdefault(str(info.get("object", name.split(".")[0])).lower(), []).append(name)
    out: dict[str, dict[str, Any]] = {}
    for query in component.get("queries") or []:
        obj = str(query.get("object", ""))
        names = [by_lower.get(f"{obj}.{f}".lower()) for f in query.get("fields") or []]
        if query.get("allFields") in ("ALL", "CUSTOM"):
            names += by_object.get(obj.lower(), [])
        for name in names:
            if name and name not in out:
                out[name] = {"field": name, "tier": fields[name].get("tier", "classified"), "_line": query["_line"]}
    return sorted(out.values(), key=lambda f: f["field"])


def _callee_callouts(model: dict[str, Any], component: dict[str, Any]) -> list[dict[str, Any]]:
    """The outbound calls of the classes the unit calls or runs as a batch, one level deep, each marked
    ``via`` the class and located at the unit's first mention of it."""
    classes = model.get("apexClasses", {})
    named = {c: None for c in component.get("calls") or []}
    out = []
    for name in named:
        callee = classes.get(name)
        if not isinstance(callee, dict) or callee is component:
            continue
        for callout in callee.get("callouts") or []:
            if callout.get("kind") in _OUTBOUND:  # not placed: the callee's credentials are not the unit's references
                out.append({**callout, "via": name, "_line": component.get("_line", 1)})
    return out


def _batch_callouts(model: dict[str, Any], callouts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``executeBatch`` calls whose batch class calls out: they count as the unit's callouts."""
    classes = model.get("apexClasses", {})
    out = []
    for callout in callouts:
        batch = classes.get(callout.get("batchClass", ""))
        if callout.get("kind") == "executeBatch" and isinstance(batch, dict) and _outbound(batch.get("callouts") or []):
            out.append({**callout, "batchCallsOut": True})
    return out


def apex_code(model: dict[str, Any], fields: dict[str, Any], cfg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every class and trigger whose body was read, with its callouts placed, the sensitive fields it
    queries and why it runs without sharing (see the module docstring)."""
    out: dict[str, dict[str, Any]] = {}
    for key, rtype in (("apexClasses", "ApexClass"), ("apexTriggers", "ApexTrigger")):
        for name, comp in model.get(key, {}).items():
            if not isinstance(comp, dict) or "callouts" not in comp:
                continue
            own = [_placed(model, c, cfg) for c in comp.get("callouts") or []]
            batches = _batch_callouts(model, own)
            out[f"{key}/{name}"] = {
                "type": rtype, "name": name, "_file": comp.get("_file"), "_line": comp.get("_line", 1),
                "isTest": comp.get("isTest") is True,
                "withoutSharing": without_sharing(rtype, comp),
                "callouts": own,
                "callsOut": _outbound(own) or bool(batches),
                "calleeCallouts": _callee_callouts(model, comp),
                "sensitiveFields": _sensitive(comp, fields),
            }
    return dict(sorted(out.items()))


def code_endpoints(view: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    """Each endpoint the code reaches (a URL, or ``callout:Name``) → the classes and triggers that use it."""
    out: dict[str, set[str]] = {}
    for unit in view.values():
        for callout in unit["callouts"]:
            target = callout.get("url") or (f"callout:{callout['namedCredential']}"
                                            if callout.get("target") == "namedCredential" else None)
            if target:
                out.setdefault(target, set()).add(f"{unit['type']} {unit['name']}")
    return {k: sorted(v) for k, v in sorted(out.items())}
