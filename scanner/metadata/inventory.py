"""The containment inventory and the manual controls: what an auditor needs beside the findings.

When data has leaked, the first questions are "which third parties hold tokens, where can data be
sent, and who can read everything?". The inventory answers them from the org model, whether or not
a rule fired: every connected app (and external client app) with its scopes and token policy, every
outbound endpoint with its host and jurisdiction, every identity holding a permission that bypasses
sharing, every AI agent and prompt template. Controls that metadata cannot decide are listed with the
status "not verifiable from metadata", so a report never implies they passed.
"""

from __future__ import annotations

from typing import Any

from scanner.metadata.derived import is_guest_license
from scanner.metadata.org_domains import residency_jurisdictions

NOT_VERIFIABLE = "not verifiable from metadata"

#: Controls of the catalogue that no metadata file can prove (pattern 6 and friends).
MANUAL_CONTROLS: tuple[dict[str, Any], ...] = (
    {"id": "SFP-MAN-001", "title": "Sandbox data masking",
     "description": "Sandboxes copied from production (and data used to train or test AI models) must have "
                    "personal data masked or replaced (e.g. Salesforce Data Mask) before developers or vendors "
                    "get access.",
     "frameworks": {"GDPR": ["Art. 25", "Art. 32(1)(a)"], "NIS2": ["Art. 21(2)(e)"], "ISO27001": ["A.8.11",
                                                                                                "A.8.33"]}},
    {"id": "SFP-MAN-002", "title": "API rate limiting and extraction monitoring",
     "description": "Per-integration API limits at the gateway or in connected-app policies, and alerts on "
                    "unusual extraction volumes (Event Monitoring, API gateway logs).",
     "frameworks": {"GDPR": ["Art. 32(1)(d)"], "NIS2": ["Art. 21(2)(b)"], "ISO27001": ["A.8.16"]}},
    {"id": "SFP-MAN-003", "title": "Token revocation procedure",
     "description": "A tested procedure to revoke every OAuth token of a connected app or user at once "
                    "(Setup > Connected Apps OAuth Usage > Block / Revoke) when a vendor or credential is "
                    "compromised.",
     "frameworks": {"GDPR": ["Art. 32(1)(c)", "Art. 33"], "NIS2": ["Art. 21(2)(b)", "Art. 21(2)(c)"],
                    "ISO27001": ["A.5.26", "A.8.5"]}},
    {"id": "SFP-MAN-004", "title": "Breach notification timeline",
     "description": "A procedure to notify the supervisory authority within 72 hours and data subjects without "
                    "undue delay, with the processor (vendor) contracts requiring prompt notice to you.",
     "frameworks": {"GDPR": ["Art. 33", "Art. 34"], "NIS2": ["Art. 23"], "ISO27001": ["A.5.24", "A.5.26"]}},
)

_REFRESH_SCOPES = {"RefreshToken", "OfflineAccess", "Full"}
_BYPASS_USER = ("ModifyAllData", "ViewAllData")
_BYPASS_OBJECT = ("viewAllRecords", "modifyAllRecords")


def _where(component: dict[str, Any], line: Any = None) -> dict[str, Any]:
    return {"file": component.get("_file", ""), "line": line if isinstance(line, int) else component.get("_line", 1)}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def connected_apps(model: dict[str, Any]) -> list[dict[str, Any]]:
    apps = []
    for name, app in sorted(model.get("connectedApps", {}).items()):
        oauth = app.get("oauthConfig") if isinstance(app.get("oauthConfig"), dict) else {}
        policy = app.get("oauthPolicy") if isinstance(app.get("oauthPolicy"), dict) else {}
        scopes = [s for s in _list(oauth.get("scopes")) if isinstance(s, str)]
        refresh = policy.get("refreshTokenPolicy")
        if refresh is None and _REFRESH_SCOPES & set(scopes):
            refresh = "infinite (default)"
        callbacks = oauth.get("callbackUrl")
        apps.append({
            "type": "ConnectedApp", "name": name, **_where(app),
            "contactEmail": app.get("contactEmail"),
            "oauth": bool(oauth),
            "scopes": scopes,
            "adminApproved": oauth.get("isAdminApproved") is True,
            "refreshTokenPolicy": refresh,
            "ipRelaxation": policy.get("ipRelaxation"),
            "callbackUrls": callbacks.split() if isinstance(callbacks, str) else [],
            "preAuthorized": {"profiles": _list(app.get("profileName")),
                              "permissionSets": _list(app.get("permissionSetName"))},
            "clientCredentialsUser": oauth.get("oauthClientCredentialUser"),
        })
    for name, eca in sorted(model.get("externalClientApps", {}).items()):
        settings = _eca_part(model.get("extlClntAppOauthSettings", {}), name)
        policies = _eca_part(model.get("extlClntAppOauthPolicies", {}), name)
        scopes = settings.get("commaSeparatedOauthScopes")
        apps.append({
            "type": "ExternalClientApplication", "name": name, **_where(eca),
            "contactEmail": eca.get("contactEmail"),
            "oauth": bool(settings),
            "scopes": [s.strip() for s in scopes.split(",") if s.strip()] if isinstance(scopes, str) else [],
            "adminApproved": policies.get("permittedUsersPolicyType") == "AdminApprovedPreAuthorized",
            "refreshTokenPolicy": policies.get("refreshTokenPolicyType"),
            "ipRelaxation": policies.get("ipRelaxationPolicyType"),
            "callbackUrls": [],
            "preAuthorized": {"profiles": _split(policies.get("commaSeparatedProfile")),
                              "permissionSets": _split(policies.get("commaSeparatedPermissionSet"))},
            "clientCredentialsUser": policies.get("clientCredentialsFlowUser"),
        })
    return apps


def _eca_part(parts: dict[str, Any], app_name: str) -> dict[str, Any]:
    """The OAuth settings or policies file of an external client app (named after it, or pointing at it)."""
    for name, part in sorted(parts.items()):
        if part.get("externalClientApplication") == app_name or name.split("_")[0] == app_name:
            return part
    return {}


def _split(value: Any) -> list[str]:
    return [s.strip() for s in value.split(",") if s.strip()] if isinstance(value, str) else []


def endpoints(model: dict[str, Any], config: dict[str, Any]) -> list[dict[str, Any]]:
    """Every configured endpoint with the classes and triggers that call it (``usedBy``: through its named
    credential, or a hard-coded URL on a remote site's host), then each endpoint only code names: a
    hard-coded URL, or a named credential the repository does not hold (type ``ApexCallout``)."""
    allowed = residency_jurisdictions(config, model.get("derived", {}))
    code = _code_callouts(model.get("derived", {}).get("apexCode", {}))
    out = []
    for endpoint in model.get("derived", {}).get("endpoints", {}).values():
        jurisdiction = endpoint.get("jurisdiction")
        key = f"callout:{endpoint['name']}" if endpoint["type"] == "NamedCredential" else endpoint["host"]
        users = code.pop(key, ({}, set()))[1] if key else set()
        out.append({
            "type": endpoint["type"], "name": endpoint["name"], "url": endpoint["url"],
            "scheme": endpoint["scheme"], "host": endpoint["host"], "jurisdiction": jurisdiction,
            "jurisdictionSource": endpoint["jurisdictionSource"],
            "aiProvider": endpoint.get("aiProvider"), "active": endpoint["active"],
            "allowed": bool(endpoint.get("allowedHost") or endpoint.get("ownDomain")) or (
                not endpoint.get("captureService") and (jurisdiction or "").upper() in allowed),
            "usedBy": sorted(users),
            "file": endpoint.get("_file", ""), "line": endpoint.get("_line", 1),
        })
    for key, (callout, users) in code.items():
        jurisdiction = callout.get("jurisdiction")
        out.append({
            "type": "ApexCallout", "name": key, "url": callout.get("url") or key,
            "scheme": callout.get("scheme", ""), "host": callout.get("host", ""), "jurisdiction": jurisdiction,
            "jurisdictionSource": callout.get("jurisdictionSource", "unknown"),
            "aiProvider": callout.get("aiProvider"), "active": True,
            "allowed": bool(callout.get("allowedHost")) or (jurisdiction or "").upper() in allowed,
            "usedBy": sorted(users), "file": callout["_file"], "line": callout["_line"],
        })
    return sorted(out, key=lambda e: (e["type"], e["name"], e["url"]))


def _code_callouts(view: dict[str, Any]) -> dict[str, tuple[dict[str, Any], set[str]]]:
    """The endpoints code calls: ``callout:Name`` for a named credential, else the host of a hard-coded URL
    → (the first such callout, located in its file; the classes and triggers that call it)."""
    out: dict[str, tuple[dict[str, Any], set[str]]] = {}
    for unit in view.values():
        for callout in unit.get("callouts", []):
            if callout.get("target") == "namedCredential":
                key = f"callout:{callout.get('namedCredential')}"
            elif callout.get("target") == "literal" and callout.get("host"):
                key = callout["host"]
            else:
                continue
            _, users = out.setdefault(key, ({**callout, "_file": unit.get("_file", "")}, set()))
            users.add(f"{unit['type']} {unit['name']}")
    return out


def bypass_sharing(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Every profile, permission set and group (effective) that can see or change records regardless of sharing."""
    guests = model.get("derived", {}).get("guestProfiles", {})
    admins = model.get("derived", {}).get("adminProfiles", {})
    out = []
    holders = [("Profile", n, c) for n, c in model.get("profiles", {}).items()]
    holders += [("PermissionSet", n, c) for n, c in model.get("permissionSets", {}).items()]
    for rtype, name, comp in holders:
        perms = sorted({p["name"] for p in _list(comp.get("userPermissions")) if isinstance(p, dict)
                        and p.get("enabled") is True and p.get("name") in _BYPASS_USER})
        objects = {}
        for entry in _list(comp.get("objectPermissions")):
            if isinstance(entry, dict) and isinstance(entry.get("object"), str):
                flags = [f for f in _BYPASS_OBJECT if entry.get(f) is True]
                if flags:
                    objects[entry["object"]] = flags
        if perms or objects:
            # The org's own administrator profile (scanner.metadata.admin_profile) draws no super-admin
            # finding: it is listed here, and says why.
            admin = admins.get(name, {}) if rtype == "Profile" else {}
            out.append({"type": rtype, "name": name, **_where(comp), "permissions": perms,
                        "objects": dict(sorted(objects.items())), "guest": name in guests,
                        **({"adminProfile": admin["reason"]} if admin.get("recognised") else {})})
    for name, group in model.get("derived", {}).get("permissionSetGroups", {}).items():
        perms = sorted(p for p in group.get("userPermissions", []) if p in _BYPASS_USER)
        objects = {obj: [f for f in _BYPASS_OBJECT if flags.get(f)] for obj, flags in
                   group.get("objectPermissions", {}).items() if any(flags.get(f) for f in _BYPASS_OBJECT)}
        if perms or objects:
            out.append({"type": "PermissionSetGroup", "name": name, **_where(group), "permissions": perms,
                        "objects": dict(sorted(objects.items())), "guest": False})
    return sorted(out, key=lambda h: (h["type"], h["name"]))


def manual_controls() -> list[dict[str, Any]]:
    return [{**control, "status": NOT_VERIFIABLE} for control in MANUAL_CONTROLS]


def ai_components(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Every agent and prompt template (derived.aiDataFlows): who reaches it, who it runs as, which model."""
    flows = model.get("derived", {}).get("aiDataFlows") or {}
    rows = []
    for name, agent in flows.get("agents", {}).items():
        rows.append({"kind": "Agent", "name": name, "type": agent.get("agentType") or agent.get("botType"),
                     "reach": "without login" if agent["unauthenticated"] else
                     "customers" if agent["customerFacing"] else "signed-in users",
                     "runsAs": agent["identity"].get("runningUser") or "the signed-in user",
                     "actions": len(agent["actions"]), "model": None, "jurisdiction": None,
                     "file": agent["_file"], "line": agent["_line"]})
    for name, template in flows.get("promptTemplates", {}).items():
        rows.append({"kind": "Prompt template", "name": name, "type": template.get("type"), "reach": None,
                     "runsAs": None, "actions": None, "model": template["model"].get("model"),
                     "jurisdiction": template["model"].get("jurisdiction"),
                     "file": template["_file"], "line": template["_line"]})
    return rows


#: The Visualforce pages Salesforce creates with every site: not the org's surface.
STOCK_SITE_PAGES = frozenset({
    "AnswersHome", "BandwidthExceeded", "ChangePassword", "CommunitiesLanding", "CommunitiesLogin",
    "CommunitiesSelfReg", "CommunitiesSelfRegConfirm", "CommunitiesTemplate", "Exception", "FileNotFound",
    "ForgotPassword", "ForgotPasswordConfirm", "IdeasHome", "InMaintenance", "MyProfilePage", "SiteLogin",
    "SiteRegister", "SiteRegisterConfirm", "SiteTemplate", "StdExceptionTemplate", "Unauthorized",
    "UnderConstruction",
})


def _runs(model: dict[str, Any], kind: str, name: str) -> str:
    """How a guest-runnable element runs, as SFP-ACS-030 judges it."""
    if kind == "Apex class":
        cls = model.get("apexClasses", {}).get(name)
        sharing = cls.get("sharing") if isinstance(cls, dict) else None
        return {"with": "with sharing", "inherited": "inherited sharing", "without": "without sharing",
                "none": "no sharing declaration"}.get(str(sharing), "source not in the scan")
    if kind == "flow":
        flow = model.get("flows", {}).get(name)
        mode = flow.get("runInMode") if isinstance(flow, dict) else None
        return mode if isinstance(mode, str) else "user context" if isinstance(flow, dict) else "not in the scan"
    if kind == "Visualforce page":
        return "its controller's sharing"
    return "turns on the logic that checks it"


def guest_surface(model: dict[str, Any]) -> list[dict[str, Any]]:
    """What anonymous visitors can run or read: each guest holder's enabled Apex classes, Visualforce pages
    (stock site pages left out), flows and custom permissions, and every guest sharing rule. SFP-ACS-030 and
    SFP-SHR-004 report the part that escapes the guest's permissions or reaches personal data; this lists all
    of it, so a reviewer sees the whole public surface of the org's sites."""
    guests = model.get("derived", {}).get("guestProfiles", {})
    holders = [("Profile", n, c) for n, c in sorted(model.get("profiles", {}).items()) if n in guests]
    holders += [("PermissionSet", n, c) for n, c in sorted(model.get("permissionSets", {}).items())
                if isinstance(c, dict) and is_guest_license(c.get("license"))]
    rows = []
    for rtype, holder, comp in holders:
        for entries, element, kind in (("classAccesses", "apexClass", "Apex class"), ("pageAccesses", "apexPage",
                                       "Visualforce page"), ("flowAccesses", "flow", "flow"),
                                       ("customPermissions", "name", "custom permission")):
            for entry in _list(comp.get(entries)):
                name = entry.get(element) if isinstance(entry, dict) and entry.get("enabled") is True else None
                if isinstance(name, str) and not (kind == "Visualforce page" and name in STOCK_SITE_PAGES):
                    rows.append({"holder": f"{rtype} {holder}", "kind": kind, "name": name,
                                 "runs": _runs(model, kind, name), **_where(comp, entry.get("_line"))})
    for obj, rules in sorted(model.get("sharingRules", {}).items()):
        for rule in _list(rules.get("sharingGuestRules")) if isinstance(rules, dict) else []:
            if isinstance(rule, dict):
                rows.append({"holder": "site guest users", "kind": "guest sharing rule",
                             "name": f"{obj}.{rule.get('fullName')}", "runs": f"{rule.get('accessLevel')} access",
                             **_where(rules, rule.get("_line"))})
    return rows


def build_inventory(model: dict[str, Any], config: dict[str, Any]) -> dict[str, Any]:
    """The containment inventory (JSON-ready) of one org model."""
    return {
        "connectedApps": connected_apps(model),
        "endpoints": endpoints(model, config),
        "bypassSharing": bypass_sharing(model),
        "aiComponents": ai_components(model),
        "guestSurface": guest_surface(model),
        "manualControls": manual_controls(),
    }
