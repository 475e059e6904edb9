"""The JSON Schema of the org model: the contract policy authors write against (DESIGN.md §3).

The schema is generated, so it cannot drift from the normaliser: the component maps come from the
type registry, each type's properties from the same WSDL tables that decide arrays and typed leaves
(``registry.schema_paths``), and the hand-written part is only what the WSDL does not say: what a
type and its security-relevant elements mean, and the keys sfpolicy adds (``_file``, ``_line``,
``_lines``, Apex headers, External Client App joins). The generated schema ships as package data
(``data/org-model.schema.json``, printed by ``sfpolicy schema``); ``tests/test_schema.py`` fails when
the shipped copy or ``docs/org-model.md`` is stale and rewrites both with ``SFPOLICY_UPDATE_GOLDEN=1``.

Every object allows more properties than it lists: unknown elements are kept, never rejected.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from scanner.metadata.model import ECA_COMPANIONS, SCHEMA_VERSION
from scanner.metadata.registry import BY_NAME, TYPES, MetadataType, schema_paths

SCHEMA_FILE = "data/org-model.schema.json"

_SCHEMAS_DOC = ("JSON files of the bundle folder, bounded and reduced: `{path: input|output|…, parameters: [{name, "
                "type, title, description, required, isPII, isUserInput, isDisplayable}], _file}`")

#: Per type: what it is, and the elements a security rule reads (name → meaning). The WSDL gives
#: every element's type; these give the reason a policy author looks at it.
_CODE_DOCS: dict[str, str] = {
    "callouts": "`{kind, target, url, namedCredential, batchClass, _line}`: `endpoint` (`setEndpoint` with a "
                "`literal` URL kept as scheme and host only, a `namedCredential`, or `dynamic`), `httpSend`, "
                "`email`, `eventPublish`, `executeBatch`",
    "queries": "`{object, fields, allFields, _line}`: SOQL in brackets and in string literals",
    "calls": "names of classes it instantiates or calls a static method of (system classes left out)",
    "calloutCredentials": "named credentials its `callout:` endpoints name",
}

TYPE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "Profile": (
        "A user profile: system permissions, object and field access, login IP ranges and hours. A profile "
        "holds only what was retrieved with it, so a missing entry means *not retrieved*, never *false*.",
        {"userLicense": "license name; `Guest User License` marks an unauthenticated guest profile",
         "custom": "false for standard profiles",
         "userPermissions": "system permissions `{name, enabled}` (e.g. `ModifyAllData`, `ApiEnabled`)",
         "objectPermissions": "CRUD and view/modify-all per `object`",
         "fieldPermissions": "field-level security `{field: Obj.Field, readable, editable}`",
         "loginIpRanges": "`{startAddress, endAddress}` ranges users may log in from",
         "loginHours": "single object of `<day>Start`/`<day>End` minutes; `\"\"` when empty"}),
    "PermissionSet": (
        "A permission set, merged back into one component when decomposed (`decomposePermissionSetBeta`/"
        "`Beta2`); merged entries carry their own `_file`.",
        {"license": "permission set or user license name",
         "hasActivationRequired": "session-based: must be activated per session",
         "userPermissions": "system permissions `{name, enabled}`",
         "objectPermissions": "CRUD and view/modify-all per `object`",
         "fieldPermissions": "`{field, readable, editable}`"}),
    "PermissionSetGroup": (
        "A group of permission sets; its effective permissions are in `derived.permissionSetGroups`.",
        {"permissionSets": "member permission set names",
         "mutingPermissionSets": "muting permission sets that remove permissions from the group"}),
    "MutingPermissionSet": (
        "Same elements as a permission set with inverted meaning: `true` *removes* the permission from a group.",
        {"userPermissions": "muted system permissions", "objectPermissions": "muted object rights"}),
    "ConnectedApp": (
        "An OAuth/SAML connected app.",
        {"oauthConfig": "`scopes` (e.g. `Full`, `RefreshToken`), `callbackUrl`, `isAdminApproved`, "
                        "`isPkceRequired`, `isConsumerSecretOptional`; secrets are redacted",
         "oauthPolicy": "`ipRelaxation` (`ENFORCE`, `BYPASS`…), `refreshTokenPolicy` (`infinite`, `zero`…)",
         "profileName": "profiles pre-authorised when admin-approved",
         "permissionSetName": "permission sets pre-authorised when admin-approved",
         "ipRanges": "trusted ranges that relax authentication"}),
    "ExternalClientApplication": (
        "An External Client App. Its four companion components are also joined here under "
        + ", ".join(f"`{k}`" for k in ECA_COMPANIONS.values())
        + " (matched by their `externalClientApplication`), so a rule sees one app.",
        {"distributionState": "`Local`, `Packaged`…", "oauthSettings": "joined ExtlClntAppOauthSettings",
         "globalOauthSettings": "joined ExtlClntAppGlobalOauthSettings",
         "oauthPolicies": "joined ExtlClntAppOauthConfigurablePolicies",
         "policies": "joined ExtlClntAppConfigurablePolicies"}),
    "ExtlClntAppOauthSettings": (
        "OAuth settings of an External Client App.",
        {"commaSeparatedOauthScopes": "scopes as one comma-separated string (not a list)",
         "externalClientApplication": "the app these settings belong to"}),
    "ExtlClntAppGlobalOauthSettings": (
        "Global OAuth settings (callback URL, consumer key, PKCE) of an External Client App.",
        {"callbackUrl": "redirect URIs", "isPkceRequired": "PKCE enforced",
         "isConsumerSecretOptional": "public client"}),
    "ExtlClntAppOauthConfigurablePolicies": (
        "Admin-configurable OAuth policies of an External Client App.",
        {"ipRelaxationPolicyType": "IP relaxation", "refreshTokenPolicyType": "`Infinite`, `Zero`, …",
         "permittedUsersPolicyType": "`AllSelfAuthorized` or `AdminApprovedPreAuthorized`"}),
    "ExtlClntAppConfigurablePolicies": (
        "Which plugins (OAuth, SAML…) of an External Client App are enabled.", {"isEnabled": "the app is enabled"}),
    "SharingRules": (
        "The sharing rules of one object (component name = object), merged back when decomposed "
        "(`decomposeSharingRulesBeta`).",
        {"sharingCriteriaRules": "`{fullName, accessLevel, sharedTo, criteriaItems…}`",
         "sharingOwnerRules": "`{fullName, accessLevel, sharedTo, sharedFrom}`",
         "sharingGuestRules": "rules that share records with unauthenticated guest users",
         "sharingTerritoryRules": "territory-based rules"}),
    "CustomObject": (
        "An object with its fields: inline in a Metadata API `.object` file, or `objects/<Obj>/fields/*` in source "
        "format (merged; each field keeps its own `_file`). A standard object folder may hold fields only.",
        {"sharingModel": "internal org-wide default", "externalSharingModel": "external org-wide default",
         "enableHistory": "field history tracking on the object",
         "historyRetentionPolicy": "Field Audit Trail retention",
         "fields": "`{fullName, type, label, securityClassification, complianceGroup, encryptionScheme, "
                   "trackHistory…}`"}),
    "RemoteSiteSetting": (
        "An endpoint Apex may call out to.",
        {"url": "endpoint URL", "isActive": "active",
         "disableProtocolSecurity": "lets an https session call an http endpoint"}),
    "NamedCredential": (
        "A callout endpoint with its authentication; new-style credentials hold the URL in "
        "`namedCredentialParameters` (`parameterType` `Url`).",
        {"endpoint": "legacy endpoint URL", "protocol": "legacy authentication protocol",
         "namedCredentialParameters": "new-style parameters (`Url`, `Authentication`…)"}),
    "ExternalCredential": (
        "Authentication of new-style named credentials.",
        {"authenticationProtocol": "`Oauth`, `Custom`, `AwsSv4`…",
         "externalCredentialParameters": "principals and parameters"}),
    "CspTrustedSite": (
        "A Content Security Policy trusted site.",
        {"endpointUrl": "trusted URL (may hold a wildcard)", "isActive": "active", "context": "where it applies"}),
    "CorsWhitelistOrigin": ("A CORS allowed origin.", {"urlPattern": "origin pattern; `*` allows any"}),
    "Settings": (
        "Any `settings/<Name>.settings` file, keyed by `<Name>` (`Security`, `Sharing`…); the five security settings "
        "types are described in full, every other one is kept as it is.",
        {"sessionSettings": "(Security) session timeout, IP locking, CSRF and clickjack protection",
         "passwordPolicies": "(Security) length, complexity, expiry, lockout",
         "networkAccess": "(Security) org-wide trusted IP ranges; `\"\"` when empty"}),
    "TransactionSecurityPolicy": (
        "A Transaction Security policy (real-time event monitoring).",
        {"active": "enabled", "eventName": "monitored event (`ReportEvent`, `ApiEvent`…)", "action": "block, notify…"}),
    "Flow": (
        "A flow. Only the top-level repeatable elements are known lists; deeper elements are arrays when they repeat.",
        {"runInMode": "`SystemModeWithoutSharing` bypasses sharing", "processType": "`Flow` is a screen flow",
         "status": "`Active`, `Draft`, `Obsolete`…"}),
    "CustomSite": (
        "A Salesforce/Experience site.",
        {"guestProfile": "the profile unauthenticated visitors run as", "active": "site is live",
         "clickjackProtectionLevel": "framing protection", "siteType": "`ChatterNetwork`, `Visualforce`…"}),
    "Network": (
        "An Experience Cloud network (community).",
        {"selfRegistration": "self-registration enabled", "selfRegProfile": "profile given to self-registered users",
         "networkMemberGroups": "`{profile[], permissionSet[]}` that may join", "site": "its CustomSite"}),
    "ProfilePasswordPolicy": (
        "Password policy of one profile; `profile` is often `xsi:nil` (null) in real files.",
        {"profile": "profile name or null", "minimumPasswordLength": "minimum length",
         "passwordExpiration": "days", "maxLoginAttempts": "attempts before lockout"}),
    "ProfileSessionSetting": (
        "Session settings of one profile.",
        {"profile": "profile name", "sessionTimeout": "minutes",
         "requiredSessionLevel": "`STANDARD`, `HIGH_ASSURANCE`"}),
    "AuthProvider": ("An authentication provider (SSO); the consumer secret is redacted.",
                     {"providerType": "`OpenIdConnect`, `Salesforce`…"}),
    "SamlSsoConfig": ("A SAML single-sign-on configuration.", {"issuer": "identity provider issuer"}),
    "Certificate": ("A certificate's metadata; its body (`X.crt`) is never read.",
                    {"expirationDate": "expiry", "keySize": "key size in bits"}),
    "ApexClass": (
        "An Apex class: its `-meta.xml` plus a header read from the `.cls` body by a plain-text scan that ignores "
        "comments and strings. The code itself is never stored. `_file`/`_line` point at the class declaration; "
        "`sharing` and the rest are absent when only the `-meta.xml` was retrieved.",
        {"sharing": "`with`, `without`, `inherited` or `none` (no declaration)",
         "entryPoints": "`{kind, member, _line}`: `AuraEnabled`, `RestResource`, `InvocableMethod`, "
                        "`RemoteAction`, `webservice`",
         "isTest": "annotated `@IsTest`", "declaration": "`class`, `interface` or `enum`",
         **_CODE_DOCS,
         "asyncInterfaces": "`Database.Batchable`, `Queueable`, `Schedulable` it implements"}),
    "ApexTrigger": (
        "An Apex trigger: its `-meta.xml` plus what a plain-text scan of the `.trigger` body reads (comments and "
        "strings ignored; the code itself is never stored). `_file`/`_line` point at the trigger declaration.",
        {"object": "the sObject it fires on", "events": "`before insert`, `after update`…", **_CODE_DOCS}),
    "Bot": (
        "An agent (Agentforce or Einstein bot): `bots/<Bot>/<Bot>.bot-meta.xml` with its versions "
        "(`v1.botVersion-meta.xml`) merged under `botVersions`, as the Metadata API format holds them inline.",
        {"type": "`ExternalCopilot` (Agentforce agent), `Bot`…",
         "agentType": "`EinsteinServiceAgent` (customer-facing), `AgentforceEmployeeAgent`, …",
         "botUser": "username the agent runs as (its permissions are the agent's)",
         "botVersions": "versions: `conversationDefinitionPlanners` (`genAiPlannerName`), `conversationVariables`",
         "contextVariables": "session values the agent sees (`contextVariableMappings`: channel `messageType`)"}),
    "GenAiPlannerBundle": (
        "An agent's planner: its topics and actions (`genAiPlannerBundles/<Agent>/<Agent>.genAiPlannerBundle`); "
        "the JSON schemas of local actions in the folder are read into `schemas`.",
        {"genAiPlugins": "topics: `genAiPluginName`, or a standard topic customised inline (`genAiCustomizedPlugin`)",
         "genAiFunctions": "actions outside any topic",
         "ruleExpressions": "named conditions on conversation variables (`isVerified` equal true…)",
         "ruleExpressionAssignments": "a topic (`targetName`) open only when a rule expression holds",
         "plannerType": "reasoning strategy", "schemas": _SCHEMAS_DOC}),
    "GenAiPlanner": (
        "An agent's planner before API 64 (`genAiPlanners/<Agent>.genAiPlanner`); same elements as "
        "GenAiPlannerBundle.",
        {"genAiPlugins": "topics", "genAiFunctions": "actions outside any topic"}),
    "GenAiPlugin": (
        "An agent topic: its scope, instructions and the actions it may call.",
        {"scope": "what the topic's job is", "genAiFunctions": "actions (`functionName`)",
         "genAiPluginInstructions": "instructions to the model (`description`)", "pluginType": "`Topic`"}),
    "GenAiFunction": (
        "An agent action (`genAiFunctions/<Name>/<Name>.genAiFunction-meta.xml`); its `input/schema.json` and "
        "`output/schema.json` are read, bounded, into `schemas`.",
        {"invocationTarget": "what the action runs: an Apex class, flow, prompt template… name",
         "invocationTargetType": "`apex`, `flow`, `generatePromptResponse` (a prompt template), "
                                 "`standardInvocableAction`…",
         "isConfirmationRequired": "the user must confirm before the action runs",
         "schemas": _SCHEMAS_DOC}),
    "GenAiPromptTemplate": (
        "A prompt template: versions of text with merge fields, grounded by data providers, sent to a model.",
        {"type": "`einstein_gpt__flex`, `einstein_gpt__fieldCompletion`, `einstein_gpt__salesEmail`…",
         "relatedEntity": "object whose record the template is about", "activeVersionIdentifier": "the live version",
         "templateVersions": "`content` (merge fields `{!$Input:…}`, `{!$RecordSnapshot…}`), `inputs`, "
                             "`templateDataProviders` (Apex, flows, retrievers, related lists), `primaryModel`, "
                             "`status`"}),
    "EmbeddedServiceConfig": (
        "An Embedded Service deployment: how an agent or chat is exposed on a website or app.",
        {"deploymentType": "`Web`, `Mobile`", "deploymentFeature": "`EmbeddedMessaging`, `LiveAgent`…",
         "areGuestUsersAllowed": "anonymous visitors may use it (else the site's visitors must log in)",
         "site": "the site that serves it", "isEnabled": "live",
         "embeddedServiceMessagingChannel": "the messaging channel (`messagingChannel`) routed to the agent"}),
}

#: Settings components whose type the WSDL tables describe, by component name.
_TYPED_SETTINGS = ("Security", "Event", "PlatformEncryption", "Sharing", "UserManagement")

# Leaves are written inline rather than as $refs: validating a large org's model stays fast.
_LEAF = {"boolean": {"type": ["boolean", "null"]}, "int": {"type": ["integer", "null"]}}
_TEXT = {"type": ["string", "null"]}
_LINE = {"type": "integer", "minimum": 0}  # 1-based line of the element in ``_file``

_DEFS: dict[str, Any] = {
    "lines": {
        "type": "object", "description": "Line of each leaf child (a list of lines for a repeated leaf).",
        "additionalProperties": {"type": ["integer", "array"], "minimum": 0, "items": _LINE},
    },
    "file": {"type": "string", "description": "Path of the file, relative to the scanned root."},
}


def _leaf(declared: str) -> dict[str, Any]:
    return dict(_LEAF.get(declared, _TEXT))


def _node(path: str, spec: dict[str, Any], docs: dict[str, str]) -> dict[str, Any]:
    """Schema of the element at ``path`` (``""`` for the root) from the WSDL tables."""
    scalars: dict[str, str] = spec.get("scalar_types", {})
    lists = set(spec.get("list_paths", ()))
    prefix = f"{path}/"
    children = sorted({p[len(prefix):].split("/", 1)[0] for p in [*scalars, *lists] if p.startswith(prefix)})
    props: dict[str, Any] = {}
    for name in children:
        child = f"{path}/{name}"
        has_children = any(p.startswith(child + "/") for p in [*scalars, *lists])
        # A list known only as a list (Flow, Network) gets ``{}``: its entries' shape is not described.
        value = _node(child, spec, {}) if has_children else _leaf(scalars[child]) if child in scalars else {}
        if child in lists:
            value = {"type": "array", "items": value}
        if path == "" and name in docs:
            value["description"] = docs[name]
        props[name] = value
    props["_line"] = dict(_LINE)
    props["_lines"] = {"$ref": "#/$defs/lines"}
    if path == "":
        return {"type": "object", "properties": props}
    # An element with children, or empty ("" for <networkAccess/>), or xsi:nil (null).
    return {"type": ["object", "string", "null"], "maxLength": 0, "properties": props}


def _component(mtype: MetadataType, root_name: str) -> dict[str, Any]:
    description, docs = TYPE_DOCS[mtype.name]
    node = _node("", schema_paths().get(root_name, {}), docs)
    props = node["properties"]
    props["fullName"] = {"type": "string", "description": "The component's full name (decoded file name)."}
    props["_file"] = {"$ref": "#/$defs/file"}
    for name, doc in docs.items():
        props.setdefault(name, {"description": doc})
    if mtype.name == "ApexClass":
        props.update(_APEX_PROPERTIES)
    if mtype.bundle:
        props["schemas"] = {"type": "array", "description": docs["schemas"], "items": _BUNDLE_SCHEMA}
    if mtype.name in ("ApexClass", "ApexTrigger"):
        props.update({k: {**v, "description": docs[k]} for k, v in _CODE_PROPERTIES.items() if k in docs})
    if mtype.name == "ExternalClientApplication":
        for companion_key, join_key in ECA_COMPANIONS.items():
            companion = next(t for t in TYPES if t.model_key == companion_key)
            props[join_key] = {"$ref": f"#/$defs/{companion.name}", "description": docs[join_key]}
    return {"type": "object", "description": description, "required": ["fullName", "_file", "_line"],
            "properties": dict(sorted(props.items()))}


_APEX_PROPERTIES: dict[str, Any] = {
    "declaration": {"enum": ["class", "interface", "enum", ""]},
    "sharing": {"enum": ["with", "without", "inherited", "none"]},
    "isTest": {"type": "boolean"},
    "entryPoints": {"type": "array", "items": {
        "type": "object", "required": ["kind", "member", "_line"],
        "properties": {"kind": {"enum": ["AuraEnabled", "RestResource", "InvocableMethod", "RemoteAction",
                                         "webservice"]},
                       "member": {"type": "string"}, "_line": _LINE}}},
}


_BUNDLE_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["path", "parameters", "_file", "_line"],
    "properties": {"path": {"type": "string"}, "_file": {"$ref": "#/$defs/file"}, "_line": _LINE,
                   "parameters": {"type": "array", "items": {
                       "type": "object", "required": ["name", "required"],
                       "properties": {"name": {"type": "string"}, "required": {"type": "boolean"},
                                      **{k: {"type": "string"} for k in ("title", "type", "description")},
                                      **{k: {"type": "boolean"} for k in ("isPII", "isUserInput", "isDisplayable",
                                                                          "isUsedByPlanner")}}}}},
}


_NAMES = {"type": "array", "items": {"type": "string"}}
_CODE_PROPERTIES: dict[str, Any] = {
    "callouts": {"type": "array", "items": {
        "type": "object", "required": ["kind", "_line"],
        "properties": {"kind": {"enum": ["endpoint", "httpSend", "email", "eventPublish", "executeBatch"]},
                       "target": {"enum": ["literal", "namedCredential", "dynamic"]}, "url": {"type": "string"},
                       "namedCredential": {"type": "string"}, "batchClass": {"type": "string"}, "_line": _LINE}}},
    "queries": {"type": "array", "items": {
        "type": "object", "required": ["object", "fields", "_line"],
        "properties": {"object": {"type": "string"}, "fields": _NAMES, "allFields": {"enum": ["ALL", "STANDARD",
                                                                                            "CUSTOM"]},
                       "_line": _LINE}}},
    "calls": _NAMES, "calloutCredentials": _NAMES, "asyncInterfaces": _NAMES,
    "object": {"type": ["string", "null"]}, "events": _NAMES,
}


def _map(description: str, item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "description": description, "additionalProperties": item}


def build_schema() -> dict[str, Any]:
    """Generate the org-model schema from the registry and the WSDL tables."""
    defs = dict(_DEFS)
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION, "description": "Version of this contract."},
    }
    for mtype in TYPES:
        defs[mtype.name] = _component(mtype, mtype.name)
        where = f"`{mtype.folder}/<Name>.{mtype.suffix}[-meta.xml]`"
        properties[mtype.model_key] = _map(f"{mtype.name} components by full name, from {where}.",
                                           {"$ref": f"#/$defs/{mtype.name}"})
    settings = properties["settings"]
    settings["properties"] = {}
    for name in _TYPED_SETTINGS:
        root = f"{name}Settings"
        defs[root] = _component(BY_NAME["Settings"], root)
        settings["properties"][name] = {"$ref": f"#/$defs/{root}"}
    properties["project"] = {
        "type": "object", "description": "How the scanned repository is laid out.",
        "required": ["formats", "packageDirectories", "sourceBehaviorOptions"],
        "properties": {
            "formats": {"type": "array", "items": {"enum": ["mdapi", "source"]}},
            "packageDirectories": {"type": "array", "items": {"type": "string"},
                                   "description": "from sfdx-project.json"},
            "sourceBehaviorOptions": {"type": "array", "items": {"type": "string"},
                                      "description": "from sfdx-project.json (decomposition presets)"},
            "namespace": {"type": "string", "description": (
                "from sfdx-project.json: the project's own namespace prefix (\"\" for none); components of "
                "other namespaces are a managed package's")},
        },
    }
    properties["derived"] = {"type": "object", "description": (
        "Views computed once in Python (scanner/metadata/derived.py): sensitiveFields, sensitiveObjects, "
        "guestProfiles, permissionSetGroups, sensitiveFieldGrants, endpoints, platformOwned, apexCode, "
        "dataProtection. Present in what policies receive; absent from a bare model.")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:sfpolicy:org-model:{SCHEMA_VERSION}",
        "title": "sfpolicy org model",
        "description": ("One JSON document per scan: a map per metadata type from full name to component, in "
                        "Salesforce's own element names. Arrays are always arrays, booleans and numbers typed, "
                        "empty elements kept as \"\", xsi:nil as null, unknown elements kept. Every component "
                        "has _file and _line; entries of repeated elements have _line; other objects and "
                        "named entries (with a fullName) have _lines."),
        "type": "object",
        "required": ["schema_version", *(t.model_key for t in TYPES), "project"],
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def dumps(schema: dict[str, Any]) -> str:
    """The canonical text of a schema (what ships and what ``sfpolicy schema`` prints)."""
    return json.dumps(schema, indent=1, ensure_ascii=False) + "\n"


@cache
def shipped_schema_text() -> str:
    """The schema shipped with the package."""
    return resources.files("scanner.metadata").joinpath(SCHEMA_FILE).read_text("utf-8")


def _type_label(prop: dict[str, Any]) -> str:
    """A short reading of a property schema for the docs table (``array of object``, ``boolean``…)."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    kind = prop.get("type")
    if isinstance(kind, list):  # the first type is the meaning; null and "" are the empty cases
        kind = kind[0]
    if kind == "array":
        return f"array of {_type_label(prop.get('items', {}))}"
    if kind == "object" or "anyOf" in prop:
        return "object"
    if "enum" in prop:
        return " \\| ".join(f"`{v}`" for v in prop["enum"] if v)
    return {"string": "text", None: "any"}.get(kind, kind)


_DOC_HEADER = """\
# The org model

<!-- Generated from scanner/metadata/data/org-model.schema.json and fixtures/edge-cases/every-type
     by tests/test_schema.py; do not edit by hand: run SFPOLICY_UPDATE_GOLDEN=1 pytest tests/test_schema.py -->

The org model is the JSON document every policy receives as `input` (schema version `{version}`). See
exactly what your repository gives with `sfpolicy normalize PATH`, and the full JSON Schema with
`sfpolicy schema`. Element names are Salesforce's own (Metadata API), so one vocabulary serves both.

## Conventions

- **One map per type**: `input.profiles["Admin"]`, `input.objects["Account"]`… keyed by the component's
  full name (the URL-decoded file name; `%%%NAMESPACE%%%` template tokens are kept as written). When two
  files define the same component (`X.profile` beside `X.profile-meta.xml`, a copy in a second package
  folder), they are merged under the one name, as a deploy sends both: every entry of either (an entry both
  hold, once; the second file's entries carry its `_file`), each single value from the first file in path
  order, and a note names the files and any value they disagree on.
- **Arrays are always arrays** for every element the Metadata API declares repeatable, even with one
  entry; an unknown element becomes an array when it repeats in a file.
- **Typed leaves**: booleans are booleans (`True` too), integers are numbers, everything else is text as
  written. An empty element is `""` (`<allInternalUsers/>` means something); `xsi:nil="true"` is `null`.
- **Locations**: every component has `_file` (relative to the scanned root) and `_line`; every entry of a
  repeated element has `_line`; other objects have `_lines`, the line of each leaf child
  (`_lines.refreshTokenPolicy`), a list of lines for a repeated leaf. Named entries (a `fullName`: fields,
  sharing rules, list views) have `_lines` as well. Entries merged from another file
  (decomposed permission sets and sharing rules, source-format object fields) carry their own `_file`.
- **Missing means not retrieved**, never `false`: profiles only hold what was retrieved with them.
- **Unknown elements are kept**; no object in the schema forbids extra properties.
- **Secrets are redacted**: consumer secrets, passwords, tokens and key material read `**redacted**`.
- **`project`** says how the repository is laid out (and the project's own `namespace`);
  **`derived`** holds views computed in Python (sensitive fields and objects, guest profiles, effective
  permissions of permission set groups, effective access to sensitive fields, and the platform-owned
  components: see `docs/effective-access.md`; `dataProtection`: whether the org shows Shield Platform
  Encryption and Field Audit Trail, from the metadata or `addOns`, and the fields each object tracks).
  Each entry of `derived.sensitiveFields` carries its `tier` (`special_category`, `criminal`, `government_id`,
  `financial`, `contact`, or `classified` for a field the org marked itself) and `tierReason` (why, e.g.
  "special category data (GDPR Art. 9): name looks like health data"); rules read a missing `tier` as
  `classified`. Name patterns count only where a match speaks of a person's data (docs/effective-access.md,
  "Personal or business data"); `historyTrackable` and `shieldEncryptable` say whether the field's object can
  keep field history and take Shield Platform Encryption. `derived.credentialFields` lists the text fields
  whose name says they hold a credential ("Object.Field" → reason, file and line). `derived.orgDomains` holds
  the org's own domains the metadata shows (site custom web addresses) and
  the home jurisdiction they name (scanner/metadata/org_domains.py); `derived.personalObjects` the objects
  whose records are about a person ("Object" → why: the standard person objects, and custom objects looking
  up to Contact, Lead, Individual or Case; scanner/metadata/personal_objects.py); each of `derived.endpoints`
  says `ownDomain` and `captureService` (a public request-capture, tunnel, paste or out-of-band testing
  service). `derived.adminProfiles` names the org's own copy of System Administrator, when exactly one profile
  is one (scanner/metadata/admin_profile.py, docs/effective-access.md).

## Types

| key | Metadata API type | files |
|---|---|---|
"""


def render_markdown(schema: dict[str, Any], examples: dict[str, tuple[str, dict[str, Any]]]) -> str:
    """``docs/org-model.md``: the conventions, then per type its meaning, key elements and one
    example component (from ``examples``: model key → (full name, normalised component))."""
    out = [_DOC_HEADER.format(version=SCHEMA_VERSION)]
    for mtype in TYPES:
        out.append(f"| [`{mtype.model_key}`](#{mtype.model_key.lower()}) | {mtype.name} | "
                   f"`{mtype.folder}/*.{mtype.suffix}[-meta.xml]` |\n")
    for mtype in TYPES:
        definition = schema["$defs"][mtype.name]
        docs = TYPE_DOCS[mtype.name][1]
        out.append(f"\n### {mtype.model_key}\n\n{mtype.name}: {definition['description']}\n\n")
        out.append("| element | type | meaning |\n|---|---|---|\n")
        for name in docs:
            out.append(f"| `{name}` | {_type_label(definition['properties'][name])} | {docs[name]} |\n")
        name, component = examples[mtype.model_key]
        text = json.dumps({name: component}, indent=2, ensure_ascii=False)
        out.append(f"\nExample (`input.{mtype.model_key}`):\n\n```json\n{text}\n```\n")
    return "".join(out)
