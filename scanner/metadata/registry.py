"""Which metadata types sfpolicy reads, and how a file path maps to one.

A file is recognised as the Salesforce CLI recognises it: by its suffix, in either format
(``Admin.profile``, Metadata API; ``Admin.profile-meta.xml``, Salesforce DX source), wherever it is,
except that a type the CLI marks ``strictDirectoryName`` (objects, sites) must be below its type
folder. Folders below a decomposable type's folder hold a decomposed component
(``objects/Account/fields/X.field-meta.xml``), which is merged back into one component.

The folder, suffix and strictness table follows the Salesforce CLI registry
(shared/reference/metadataRegistry.json; tests/test_registry.py checks it against that file).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class MetadataType:
    """One Metadata API type as it appears on disk and in the org model."""

    name: str  # Metadata API type name, e.g. "Profile"
    model_key: str  # top-level key in the org model, e.g. "profiles"
    folder: str  # folder name in both formats
    suffix: str  # file suffix without the dot, e.g. "profile"
    # Decomposed children live in sub-folders of <folder>/<Component>/ (objects always; permission
    # sets and sharing rules with the opt-in presets).
    decomposable: bool = False
    # ``X.<suffix>`` is a non-XML content file beside ``X.<suffix>-meta.xml`` (Apex code, a certificate
    # body); both files make one component.
    content_file: bool = False
    # The CLI places a file of this type only below a folder named ``folder`` (``strictDirectoryName``).
    strict_directory: bool = False
    # The component is a folder ``<folder>/<Name>/`` (the CLI's ``bundle`` adapter): ``<Name>.<suffix>[-meta.xml]``
    # plus JSON files (an agent action's ``input/schema.json``), which are read within bounds
    # (scanner.metadata.bundle_json).
    bundle: bool = False


TYPES: tuple[MetadataType, ...] = (
    MetadataType("Profile", "profiles", "profiles", "profile"),
    MetadataType("PermissionSet", "permissionSets", "permissionsets", "permissionset", decomposable=True),
    MetadataType("PermissionSetGroup", "permissionSetGroups", "permissionsetgroups", "permissionsetgroup"),
    MetadataType("MutingPermissionSet", "mutingPermissionSets", "mutingpermissionsets", "mutingpermissionset"),
    MetadataType("ConnectedApp", "connectedApps", "connectedApps", "connectedApp"),
    MetadataType("ExternalClientApplication", "externalClientApps", "externalClientApps", "eca"),
    MetadataType("ExtlClntAppOauthSettings", "extlClntAppOauthSettings", "extlClntAppOauthSettings", "ecaOauth"),
    MetadataType(
        "ExtlClntAppGlobalOauthSettings", "extlClntAppGlobalOauthSettings", "extlClntAppGlobalOauthSets",
        "ecaGlblOauth",
    ),
    MetadataType(
        "ExtlClntAppOauthConfigurablePolicies", "extlClntAppOauthPolicies", "extlClntAppOauthPolicies",
        "ecaOauthPlcy",
    ),
    MetadataType("ExtlClntAppConfigurablePolicies", "extlClntAppPolicies", "extlClntAppPolicies", "ecaPlcy"),
    MetadataType("SharingRules", "sharingRules", "sharingRules", "sharingRules", decomposable=True),
    MetadataType("CustomObject", "objects", "objects", "object", decomposable=True, strict_directory=True),
    MetadataType("RemoteSiteSetting", "remoteSiteSettings", "remoteSiteSettings", "remoteSite"),
    MetadataType("NamedCredential", "namedCredentials", "namedCredentials", "namedCredential"),
    MetadataType("ExternalCredential", "externalCredentials", "externalCredentials", "externalCredential"),
    MetadataType("CspTrustedSite", "cspTrustedSites", "cspTrustedSites", "cspTrustedSite"),
    MetadataType("CorsWhitelistOrigin", "corsWhitelistOrigins", "corsWhitelistOrigins", "corsWhitelistOrigin"),
    MetadataType("Settings", "settings", "settings", "settings"),
    MetadataType(
        "TransactionSecurityPolicy", "transactionSecurityPolicies", "transactionSecurityPolicies",
        "transactionSecurityPolicy",
    ),
    MetadataType("Flow", "flows", "flows", "flow"),
    MetadataType("CustomSite", "sites", "sites", "site", strict_directory=True),
    MetadataType("Network", "networks", "networks", "network"),
    MetadataType(
        "ProfilePasswordPolicy", "profilePasswordPolicies", "profilePasswordPolicies", "profilePasswordPolicy",
    ),
    MetadataType("ProfileSessionSetting", "profileSessionSettings", "profileSessionSettings", "profileSessionSetting"),
    MetadataType("AuthProvider", "authProviders", "authproviders", "authprovider"),
    MetadataType("SamlSsoConfig", "samlSsoConfigs", "samlssoconfigs", "samlssoconfig"),
    MetadataType("Certificate", "certificates", "certs", "crt", content_file=True),
    MetadataType("ApexClass", "apexClasses", "classes", "cls", content_file=True),
    # Agentforce: agents (a Bot with its BotVersions), planners, topics, actions, prompt templates and the
    # web deployments that expose an agent (docs/ai-agents.md).
    MetadataType("Bot", "bots", "bots", "bot", decomposable=True, strict_directory=True),
    MetadataType("GenAiPlannerBundle", "genAiPlannerBundles", "genAiPlannerBundles", "genAiPlannerBundle",
                 strict_directory=True, bundle=True),
    MetadataType("GenAiPlanner", "genAiPlanners", "genAiPlanners", "genAiPlanner"),
    MetadataType("GenAiPlugin", "genAiPlugins", "genAiPlugins", "genAiPlugin"),
    MetadataType("GenAiFunction", "genAiFunctions", "genAiFunctions", "genAiFunction", strict_directory=True,
                 bundle=True),
    MetadataType("GenAiPromptTemplate", "genAiPromptTemplates", "genAiPromptTemplates", "genAiPromptTemplate"),
    MetadataType("EmbeddedServiceConfig", "embeddedServiceConfigs", "EmbeddedServiceConfig", "EmbeddedServiceConfig"),
    MetadataType("ApexTrigger", "apexTriggers", "triggers", "trigger", content_file=True),
)

BY_FOLDER: dict[str, MetadataType] = {t.folder: t for t in TYPES}
BY_NAME: dict[str, MetadataType] = {t.name: t for t in TYPES}
BY_SUFFIX: dict[str, MetadataType] = {t.suffix: t for t in TYPES}
MODEL_KEYS: tuple[str, ...] = tuple(t.model_key for t in TYPES)

#: Suffixes of the parts of a decomposed component (the CLI registry's child types, and those of the
#: permission set and sharing rule presets): such a file belongs inside its component's folder. A suffix
#: that is also a type of its own elsewhere (CustomPermission) is a part only inside the folder.
PART_SUFFIXES: dict[str, MetadataType] = {
    **dict.fromkeys(("businessProcess", "compactLayout", "field", "fieldSet", "index", "indexe", "listView",
                     "recordType", "sharingReason", "validationRule", "webLink"), BY_NAME["CustomObject"]),
    **dict.fromkeys(("sharingCriteriaRule", "sharingGuestRule", "sharingOwnerRule", "sharingTerritoryRule"),
                    BY_NAME["SharingRules"]),
    **dict.fromkeys(("applicationVisibility", "classAccess", "customMetadataTypeAccess", "customPermission",
                     "customPermissions", "customSettingAccess", "externalCredentialPrincipalAccess",
                     "externalDataSourceAccess", "fieldPermission", "flowAccess", "objectPermission",
                     "objectSettings", "pageAccess", "recordTypeVisibility", "tabSetting", "userPermission"),
                    BY_NAME["PermissionSet"]),
}
PART_SUFFIXES["botVersion"] = BY_NAME["Bot"]  # bots/<Bot>/<version>.botVersion-meta.xml
PART_ONLY_INSIDE = frozenset({"customPermission"})


def file_suffix(filename: str) -> tuple[str, str] | None:
    """(name part, suffix) of a metadata file name in either format: ``A.b.profile-meta.xml`` and
    ``A.b.profile`` give ("A.b", "profile"); None when the name has no suffix."""
    base = filename[: -len("-meta.xml")] if filename.endswith("-meta.xml") else filename
    stem, dot, suffix = base.rpartition(".")
    return (stem, suffix) if dot and stem and suffix else None


def strip_suffix(filename: str, suffix: str) -> str | None:
    """Return the component name part of ``filename`` if it carries ``suffix`` in either format."""
    for ending in (f".{suffix}-meta.xml", f".{suffix}"):
        if filename.endswith(ending) and len(filename) > len(ending):
            return filename[: -len(ending)]
    return None


#: Repeatable elements of types the v66 security extract lacks (CustomSite, ApexClass from the WSDL;
#: Flow and Network from the Metadata API reference), so their arrays are arrays with one entry too.
_EXTRA_LIST_PATHS: dict[str, tuple[str, ...]] = {
    "CustomSite": ("/customWebAddresses", "/siteIframeWhiteListUrls", "/siteRedirectMappings"),
    "ApexClass": ("/packageVersions",),
    "ApexTrigger": ("/packageVersions",),
    "Network": ("/networkMemberGroups/profile", "/networkMemberGroups/permissionSet", "/tabs/customTab",
                "/tabs/standardTab"),
    "Flow": tuple(f"/{name}" for name in (
        "actionCalls", "apexPluginCalls", "assignments", "choices", "collectionProcessors", "constants",
        "customErrors", "customProperties", "decisions", "dynamicChoiceSets", "formulas", "loops",
        "orchestratedStages", "processMetadataValues", "recordCreates", "recordDeletes", "recordLookups",
        "recordRollbacks", "recordUpdates", "screens", "stages", "steps", "subflows", "textTemplates",
        "transforms", "variables", "waits")),
    # Agentforce types (Metadata API Developer Guide, API 64): the repeatable elements rules and the
    # aiDataFlows view read, so each is an array even with one entry.
    "Bot": ("/botVersions", "/contextVariables", "/contextVariables/contextVariableMappings",
            "/botVersions/conversationDefinitionPlanners", "/botVersions/conversationVariables",
            "/botVersions/botDialogs", "/conversationChannelProviders"),
    "BotVersion": ("/conversationDefinitionPlanners", "/conversationVariables", "/botDialogs"),
    **dict.fromkeys(("GenAiPlannerBundle", "GenAiPlanner"), (
        "/attributeMappings", "/genAiFunctions", "/genAiPlugins", "/genAiPlugins/genAiCustomizedPlugin/genAiFunctions",
        "/genAiPlugins/genAiCustomizedPlugin/genAiPluginInstructions", "/localActionLinks", "/localTopicLinks",
        "/localTopics", "/localTopics/genAiFunctions", "/localTopics/localActionLinks", "/localTopics/localActions",
        "/ruleExpressionAssignments", "/ruleExpressions", "/ruleExpressions/conditions")),
    "GenAiPlugin": ("/aiPluginUtterances", "/genAiFunctions", "/genAiPluginInstructions", "/localActionLinks",
                    "/localActions"),
    "GenAiFunction": ("/mappingAttributes",),
    "GenAiPromptTemplate": ("/templateVersions", "/templateVersions/inputs", "/templateVersions/templateDataProviders",
                            "/templateVersions/templateDataProviders/parameters"),
    "EmbeddedServiceConfig": ("/embeddedServiceCustomComponents", "/embeddedServiceCustomLabels",
                              "/embeddedServiceCustomizations", "/embeddedServiceMenuItems"),
}


#: Elements whose name is on the secret list (``content``: a document's body) but which hold plain text a rule
#: must read: a prompt template's text. Token formats in them are still scrubbed (scanner.metadata.secrets).
_PLAIN_TEXT_PATHS: dict[str, tuple[str, ...]] = {"GenAiPromptTemplate": ("/templateVersions/content",)}


@cache
def schema_paths() -> dict[str, dict]:
    """Per type, the repeatable element paths and scalar leaf types from the Metadata API v66 WSDL.

    Repeatable paths decide which elements become arrays even when a file holds a single entry, so
    a policy never has to cope with "sometimes an object, sometimes a list".
    """
    text = resources.files("scanner.metadata").joinpath("data/list_paths_v66.json").read_text("utf-8")
    paths = json.loads(text)
    for root, extra in _EXTRA_LIST_PATHS.items():
        spec = paths.setdefault(root, {"list_paths": [], "scalar_types": {}})
        spec["list_paths"] = sorted({*spec.get("list_paths", ()), *extra})
    for root, plain in _PLAIN_TEXT_PATHS.items():
        paths.setdefault(root, {"list_paths": [], "scalar_types": {}})["plain_paths"] = list(plain)
    return paths
