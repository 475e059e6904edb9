"""What a person does about each rule's findings: the one table that maps rules to plan actions.

Each built-in rule has an :class:`ActionSpec` here: the phase it belongs to, the action in words (a template
filled from the finding), and the ``sfpolicy fix`` fixer that writes it when the change is mechanical
(scanner.fix.fixers). Findings whose specs give the same phase and the same words are *one* action, however
many they are: "Remove Modify All Data from profile Store Manager" is one thing to do. That is also how two
rules share an action: deactivating a plain-http remote site closes its http, protocol-security and residency
findings alike, so all three rules say "Deactivate remote site {name}".

Template fields: ``{type}`` and ``{name}`` (the finding's resource), ``{key}`` (what is wrong within it) and
``{leaf}`` (the key after its first dot, e.g. the permission of ``userPermissions.ViewAllData``). The Setup
path or metadata change is the rule's own ``remediation`` unless the spec gives ``how``.

A rule without an entry (a user's rule, or a new built-in one) still gets an action: :func:`spec_for` falls
back on its category (logging is evidence, everything else remediation) and its title. Manual controls and
the standing "keep it from coming back" actions are :data:`MANUAL_ACTIONS`, with deadlines counted from the
plan's start. docs/action-plan.md explains the phases for a newcomer.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The phases of an emergency plan, in the order they are done, with each phase's default deadline in hours
#: after the plan starts (an action may have its own).
PHASES: tuple[tuple[str, str, int], ...] = (
    ("contain", "Contain", 24),
    ("preserve", "Preserve evidence", 48),
    ("remediate", "Remediate", 14 * 24),
    ("prevent", "Prevent", 30 * 24),
)
PHASE_IDS = tuple(p[0] for p in PHASES)


@dataclass(frozen=True)
class ActionSpec:
    phase: str
    #: The action in words, a template (see the module docstring).
    what: str
    #: The Setup path or metadata change, a template; empty: the rule's remediation.
    how: str = ""
    #: The scanner.fix.fixers fixer that writes it, when ``sfpolicy fix`` can.
    fix: str | None = None
    #: Only for findings on these resource types (else the rule's next spec applies; see ``spec_for``).
    types: tuple[str, ...] = ()


_PERMISSION = "Turn off {leaf} in {type} {name}"
#: An org-level finding (resource Organization/(org)): one decision for the org, not a component to edit.
_ORG = ("Organization",)
_REMOTE_SITE_OFF = ActionSpec(
    "contain", "Deactivate remote site {name}", "Setup > Remote Site Settings > {name}: clear Active "
    "(metadata: isActive false) until it calls an allowed host over HTTPS", "deactivate_remote_site",
    ("RemoteSiteSetting",))
_HISTORY = ActionSpec(
    "preserve", "Track field history on {name} and its sensitive fields",
    "Object Manager > {name} > Fields & Relationships > Set History Tracking: enable, select the sensitive "
    "fields (metadata: enableHistory and each field's trackHistory true)")

ACTIONS: dict[str, tuple[ActionSpec, ...]] = {
    # Contain: stop data leaving now.
    "SFP-ACS-012": (ActionSpec("contain", "Close guest access to the sensitive fields of profile {name}"),),
    "SFP-ACS-011": (ActionSpec("contain", "Close guest access to {leaf} for {type} {name}"),),
    "SFP-ACS-013": (ActionSpec("contain", _PERMISSION + " (guest or community user)"),),
    "SFP-SHR-004": (ActionSpec("contain", "Delete the guest sharing rule {leaf} of {name}"),),
    "SFP-OAUTH-002": (ActionSpec(
        "contain", "Revoke all OAuth tokens of connected app {name} and make its refresh tokens expire",
        "Setup > Connected Apps OAuth Usage > {name}: Revoke; then Manage Connected Apps > {name} > Edit "
        "Policies: Refresh Token Policy (metadata: oauthPolicy.refreshTokenPolicy)", "expire_refresh_tokens"),),
    "SFP-OAUTH-008": (ActionSpec("contain", "Remove the pre-authorisation of admin profiles from connected app "
                                            "{name}"),),
    "SFP-OAUTH-003": (ActionSpec("contain", "Restrict connected app {name} to admin-approved users"),),
    "SFP-NET-001": (_REMOTE_SITE_OFF,),
    "SFP-NET-002": (_REMOTE_SITE_OFF,),
    "SFP-NET-006": (_REMOTE_SITE_OFF, ActionSpec("contain", "Stop {type} {name} sending data outside the "
                                                            "allowed jurisdictions")),
    "SFP-NET-003": (ActionSpec("contain", "Move {type} {name} to HTTPS"),),
    "SFP-OAUTH-005": (ActionSpec("contain", "Replace the plain-http OAuth callback of connected app {name}"),),
    # Preserve evidence: turn on the logging that is missing.
    "SFP-LOG-001": (ActionSpec(_HISTORY.phase, _HISTORY.what, _HISTORY.how, "track_field_history"),),
    "SFP-LOG-002": (ActionSpec(_HISTORY.phase, _HISTORY.what, _HISTORY.how, "enable_object_history"),),
    "SFP-LOG-003": (ActionSpec("preserve", "Decide on Field Audit Trail for the objects holding sensitive data "
                                           "(without it their history is kept 18 months)", types=_ORG),
                    ActionSpec("preserve", "Set a Field Audit Trail retention policy on {name}")),
    "SFP-LOG-004": (ActionSpec("preserve", "Watch report exports and API anomalies with transaction security "
                                           "policies"),),
    # Remediate: least privilege, encryption, residency, sharing.
    "SFP-ACS-001": (ActionSpec("remediate", _PERMISSION, fix="disable_user_permission"),),
    "SFP-ACS-002": (ActionSpec("remediate", _PERMISSION, fix="disable_user_permission"),),
    "SFP-ACS-003": (ActionSpec("remediate", "Split the super-admin powers of {type} {name}"),),
    "SFP-ACS-004": (ActionSpec("remediate", _PERMISSION),),
    "SFP-ACS-005": (ActionSpec("remediate", _PERMISSION),),
    "SFP-ACS-006": (ActionSpec("remediate", _PERMISSION),),
    "SFP-ACS-007": (ActionSpec("remediate", _PERMISSION, fix="disable_user_permission"),),
    "SFP-ACS-008": (ActionSpec("remediate", "Remove the administrative permissions of {type} {name}"),),
    "SFP-ACS-009": (ActionSpec("remediate", "Remove View All / Modify All records on sensitive objects from "
                                            "{type} {name}"),),
    "SFP-ACS-010": (ActionSpec("remediate", "Narrow access to sensitive fields for {type} {name}"),),
    "SFP-ACS-014": (ActionSpec("remediate", "Narrow the login IP ranges of {type} {name}"),),
    "SFP-ACS-015": (ActionSpec("remediate", "Restrict {type} {name} to login IP ranges"),),
    "SFP-ACS-016": (ActionSpec("remediate", _PERMISSION),),
    "SFP-ACS-017": (ActionSpec("remediate", "Stop integration identity {type} {name} bypassing sharing"),),
    "SFP-SHR-001": (ActionSpec("remediate", "Make the org-wide defaults of {name} private"),),
    "SFP-SHR-002": (ActionSpec("remediate", "Make the org-wide defaults of {name} private"),),
    "SFP-SHR-003": (ActionSpec("remediate", "Narrow sharing rule {leaf} of {name}"),),
    "SFP-ENC-001": (ActionSpec("remediate", "Decide on Shield Platform Encryption for the sensitive fields the org "
                                            "holds", types=_ORG),
                    ActionSpec("remediate", "Encrypt the sensitive fields of {name} (Shield Platform "
                                            "Encryption)"),),
    "SFP-ENC-002": (ActionSpec("remediate", "Classify the sensitive fields of {name}"),),
    "SFP-OAUTH-001": (ActionSpec("remediate", "Replace the Full scope of connected app {name} with the scopes it "
                                              "needs"),),
    "SFP-OAUTH-004": (ActionSpec("remediate", "Enforce IP restrictions for connected app {name}"),),
    "SFP-OAUTH-006": (ActionSpec("remediate", "Require PKCE for connected app {name}"),),
    "SFP-OAUTH-007": (ActionSpec("remediate", "Require the client secret to refresh tokens of {name}"),),
    "SFP-OAUTH-009": (ActionSpec("remediate", "Record an owner and contact for connected app {name}"),),
    "SFP-NET-004": (ActionSpec("remediate", "Narrow CSP trusted site {name}"),),
    "SFP-NET-005": (ActionSpec("remediate", "Narrow CORS allowed origin {name}"),),
    "SFP-CODE-001": (ActionSpec("remediate", "Move the processes and flows that run in system context by default "
                                             "to flows that declare how they run", types=_ORG),
                     ActionSpec("remediate", "Run flow {name} with sharing")),
    "SFP-CODE-002": (ActionSpec("remediate", "Declare Apex class {name} with sharing"),),
    "SFP-SEC-001": (ActionSpec("remediate", "Shorten the session timeout"),),
    "SFP-SEC-002": (ActionSpec("remediate", "Lock sessions to the IP address they started from",
                               "Setup > Session Settings: Lock sessions to the IP address from which they "
                               "originated (metadata: sessionSettings.lockSessionsToIp true)", "enable_setting"),),
    "SFP-SEC-003": (ActionSpec("remediate", "Strengthen the password policy"),),
    "SFP-SEC-004": (ActionSpec("remediate", "Make passwords expire"),),
    "SFP-SEC-005": (ActionSpec("remediate", "Limit login attempts"),),
    "SFP-SEC-006": (ActionSpec("remediate", "Turn on clickjack protection ({leaf})",
                               "Setup > Session Settings > Clickjack Protection (metadata: {key} true)",
                               "enable_setting", ("SecuritySettings",)),
                    ActionSpec("remediate", "Turn on clickjack protection for {type} {name}")),
    "SFP-SEC-007": (ActionSpec("remediate", "Turn on CSRF protection", "Setup > Session Settings: Enable CSRF "
                               "protection on GET and POST requests (metadata: sessionSettings.enableCSRFOnGet and "
                               "enableCSRFOnPost true)", "enable_setting"),),
    "SFP-SEC-008": (ActionSpec("remediate", "Disable Salesforce-credential login where SSO is configured"),),
    "SFP-SEC-009": (ActionSpec("remediate", "Require HTTPS, HSTS and TLS 1.2", fix="enable_setting"),),
    "SFP-SEC-010": (ActionSpec("remediate", "Raise {leaf} to the Health Check baseline"),),
    "SFP-SEC-011": (ActionSpec("contain", "Turn on HTTPS, XSS and content-sniffing protection for site {name}"),),
    "SFP-ACS-030": (ActionSpec("contain", "Close the anonymous surface (classes, flows, pages) of guest {type} "
                                          "{name}"),),
    "SFP-OAUTH-010": (ActionSpec("contain", "Replace the OAuth callback URL of {type} {name} with a host the org "
                                            "owns"),),
    "SFP-ENC-003": (ActionSpec("contain", "Rotate the credentials stored in plain fields of {name} and move them "
                                          "to a named or external credential"),),
    # Agentforce and prompt templates (issue 18).
    "SFP-AI-001": (ActionSpec("contain", "Restrict the actions customer-facing agent {name} can run"),),
    "SFP-AI-002": (ActionSpec("contain", "Gate the record-changing actions of {type} {name} on customer "
                                         "verification"),),
    "SFP-AI-003": (ActionSpec("remediate", "Remove or mask the sensitive fields merged by prompt template {name}"),),
    "SFP-AI-004": (ActionSpec("contain", "Move prompt template {name} to a model of an allowed provider and "
                                         "region"),),
    "SFP-AI-005": (ActionSpec("contain", "Remove admin and all-data permissions from the identity of agent "
                                         "{name}"),),
    "SFP-AI-006": (ActionSpec("remediate", "Delimit the free-text merge fields of prompt template {name}"),),
    "SFP-AI-007": (ActionSpec("contain", "Turn Einstein Trust Layer protection back on ({leaf})"),),
    # Apex integration code (issue 22): the outside path to data-moving code is closed first.
    "SFP-CODE-003": (ActionSpec("remediate", "Call out from {type} {name} through a named credential over HTTPS"),),
    "SFP-CODE-004": (ActionSpec("contain", "Stop {type} {name} sending sensitive fields outside the allowed "
                                           "jurisdictions"),),
    "SFP-CODE-005": (ActionSpec("remediate", "Run {type} {name} with sharing before it sends sensitive fields out"),),
    "SFP-CODE-006": (ActionSpec("contain", "Take the data-moving Apex out of agent action {name}",
                                types=("GenAiFunction",)),
                     ActionSpec("contain", "Remove guest access to Apex class {name}")),
}

#: A rule without an entry: its category decides the phase, its title is the action.
_FALLBACK_PHASE = {"logging": "preserve"}


def spec_for(rule_id: str, category: str, title: str, resource_type: str) -> ActionSpec:
    """The action spec of a finding: the rule's first entry for its resource type, else the fallback."""
    for spec in ACTIONS.get(rule_id, ()):
        if not spec.types or resource_type in spec.types:
            return spec
    words = title.rstrip(".").replace("{", "{{").replace("}", "}}")
    return ActionSpec(_FALLBACK_PHASE.get(category, "remediate"), words + ": {type} {name}")


@dataclass(frozen=True)
class ManualAction:
    """An action no metadata can show as done; it is in every plan, with its deadline."""

    id: str
    phase: str
    severity: str
    what: str
    how: str
    deadline_hours: int
    #: The inventory's manual control (scanner.metadata.inventory.MANUAL_CONTROLS) it carries out, if any.
    control: str = ""


MANUAL_ACTIONS: tuple[ManualAction, ...] = (
    ManualAction("MAN-REVOKE", "contain", "critical",
                 "Revoke the OAuth tokens of every connected app in the containment inventory that is not vetted",
                 "Setup > Connected Apps OAuth Usage: Block or Revoke each app; Setup > Users > a user > "
                 "OAuth Connected Apps for single users", 4, "SFP-MAN-003"),
    ManualAction("MAN-NOTIFY", "contain", "critical",
                 "Decide on breach notification and, if personal data was exposed, notify the supervisory "
                 "authority", "GDPR Art. 33: within 72 hours of becoming aware; Art. 34: data subjects without "
                 "undue delay when the risk is high; NIS2 Art. 23: early warning within 24 hours",
                 72, "SFP-MAN-004"),
    ManualAction("MAN-EVIDENCE", "preserve", "high",
                 "Download the Setup Audit Trail, login history and event logs before they age out",
                 "Setup > View Setup Audit Trail: Download (180 days kept); Setup > Login History: Download "
                 "(6 months); Event Monitoring log files if licensed", 24),
    ManualAction("MAN-LIMITS", "contain", "high",
                 "Limit API use per integration and alert on unusual extraction volumes",
                 "API gateway or connected-app policies; Event Monitoring, transaction security", 48,
                 "SFP-MAN-002"),
    ManualAction("MAN-MASKING", "remediate", "medium",
                 "Mask personal data in every sandbox copied from production",
                 "Salesforce Data Mask (or a seeding tool) on each full and partial copy sandbox", 7 * 24,
                 "SFP-MAN-001"),
    ManualAction("MAN-GATE", "prevent", "high",
                 "Gate every metadata change with sfpolicy in CI",
                 "sfpolicy scan --base origin/main --fail-on high in the pull-request workflow "
                 "(ci-templates/, action.yml)", 14 * 24),
    ManualAction("MAN-DRIFT", "prevent", "high",
                 "Scan a production retrieve nightly for drift",
                 "A scheduled job: retrieve (sfpolicy manifest), then sfpolicy drift against the last good "
                 "scan", 14 * 24),
)
