"""Platform-owned components: what the org under review cannot change, decided here and nowhere else.

A finding on a Salesforce-internal permission set, a system or standard profile or a managed package's
component is true of the metadata but cannot be fixed by editing it: the platform or the package's
publisher owns it. Rules stay unaware of this; the derived view ``platformOwned`` (``"Type/Name"`` →
reason) lists such components and the finding helpers of ``policies/lib`` mark every finding on one
``platformOwned: true`` (DESIGN.md §10). The rules, in order (docs/effective-access.md, "Platform-owned
components"):

1. **Salesforce-internal**: a name in an internal namespace (``sfdcInternalInt__sfdc_scrt2``, the
   permission set Salesforce installs for its own integrations).
2. **Salesforce system profile**: a profile Salesforce creates for its own integration or support users
   (:data:`SYSTEM_PROFILES`), unless the metadata says it is custom (``<custom>true</custom>``: a clone).
3. **Standard profile**: ``<custom>false</custom>``, or no ``custom`` element and a standard profile's
   name (:data:`STANDARD_PROFILES`). Their permissions cannot be edited; an org clones them instead.
   Two exceptions keep findings the org acts on: the System Administrator profile (``Admin``; its
   holders are the org's own administrators and allow-lists name it) and guest profiles (what
   unauthenticated users can reach is set on the site's guest profile, by the org).
4. **Managed package**: a name in a namespace other than the project's own (``namespace`` in
   ``sfdx-project.json``): ``npe01__Contacts_And_Orgs_Settings__c``, ``Account.hed__Gender__c``.

Two more rules read where a component's files lie (``_file``, relative to the scanned root, of the
component and of each entry merged from another file), and apply only when every file of it does:

5. **Not deployed to production**: a path matched by the config's ``nonProductionPaths`` (CumulusCI's
   scratch-org configuration ``unpackaged/config/**``, top-level ``test/**`` and ``tests/**``), outside
   the package directories ``sfdx-project.json`` declares (the CLI deploys those). The finding is true
   of the file but of no production org.
6. **Managed package in the Force.com IDE layout**: a file under a ``Referenced Packages/<package>/``
   folder, where the IDE keeps the installed packages' components read-only, often without their
   namespace prefix (``Referenced Packages/DupeBlocker/objects/Scenario__c.object``). A standard object
   found there is not the package's (the package only adds fields to it); its fields are.

Rules 5 and 6 come first. Each field of an object is judged on its own file and name, so a package's
fields on the org's own ``Contact`` are the package's and the org's fields beside them are the org's.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from scanner.metadata.registry import TYPES
from scanner.path_globs import PathGlobs

#: Namespaces Salesforce itself installs components in.
INTERNAL_NAMESPACES = frozenset({"sfdcinternalint"})

#: Profiles Salesforce creates for its own integration, analytics and support users (names as in the
#: metadata). Their users are Salesforce's, not the org's.
SYSTEM_PROFILES = frozenset({
    "Analytics Cloud Integration User", "Analytics Cloud Security User", "SalesforceIQ Integration User",
    "Sales Insights Integration User", "Premier Support User", "Anypoint Integration", "Einstein Agent User",
    "B2B Reordering Portal Buyer Profile", "Chatter Free User", "Chatter External User",
    "Chatter Moderator User", "Identity User", "External Identity User",
})

#: Standard profiles (API names as retrieved; ``%2E`` decoded), for profiles whose file has no ``custom``
#: element. ``Admin`` is left out on purpose (module docstring).
STANDARD_PROFILES = frozenset({
    "Standard", "StandardAul", "ReadOnly", "SolutionManager", "MarketingProfile", "ContractManager",
    "Partner", "Gold Partner User", "Silver Partner User", "Customer Portal Manager Standard",
    "Customer Portal Manager Custom", "High Volume Customer Portal User",
    "Overage High Volume Customer Portal User", "Authenticated Website", "Customer Community User",
    "Customer Community Login User", "Customer Community Plus User", "Customer Community Plus Login User",
    "Partner Community User", "Partner Community Login User", "Partner App Subscription User",
    "Company Communities User", "Chatter Only User", "Content Only User", "Knowledge Only User",
    "Siteforce Only User", "Work.com Only User", "Force.com - App Subscription User",
    "Force.com - Free User", "Force.com - One App User", "Minimum Access - Salesforce",
    "Minimum Access - API Only Integrations", "Salesforce API Only System Integrations",
})

#: The System Administrator profile: standard, but the org's own (module docstring).
ADMIN_PROFILE = "Admin"

#: The suffixes of custom API names (``Name__c``, ``Name__mdt``, ``Name__e`` ...), stripped before looking
#: for a namespace prefix.
_CUSTOM_SUFFIX = re.compile(r"__(c|mdt|e|x|b|r|s|kav|ka|share|history|feed|chn|xo|dlm|dll|changeevent|hd|pc)$",
                            re.IGNORECASE)

#: A namespace prefix (1-15 letters and digits, starting with a letter), ``__`` and a name. Salesforce
#: forbids ``__`` inside a developer name, so what is left of ``ns__Name__c`` has exactly one.
_NAMESPACED = re.compile(r"^([A-Za-z][A-Za-z0-9]{0,14})__([A-Za-z0-9]\w*)$")


def namespace_of(api_name: str) -> str | None:
    """The namespace prefix of an API name (the last ``.`` segment of a field's ``Object.Field``), if any."""
    match = _NAMESPACED.match(_CUSTOM_SUFFIX.sub("", api_name.rsplit(".", 1)[-1]))
    return match.group(1) if match is not None and "__" not in match.group(2) else None


#: The folder in which the Force.com IDE (Eclipse) keeps installed managed packages, one folder each.
REFERENCED_PACKAGES = "Referenced Packages"

#: Reasons for the default ``nonProductionPaths`` (scanner.config.NON_PRODUCTION_PATHS); a glob of the
#: user's own is named as it is.
_NON_PRODUCTION_REASONS = {
    "unpackaged/config/**": "CumulusCI scratch-org configuration (unpackaged/config)",
    "test/**": "test folder (test/)",
    "tests/**": "test folder (tests/)",
}


def _package_folder(path: str) -> str | None:
    """The package folder of a file under ``Referenced Packages/<package>/`` (at any depth: an IDE project
    may be a folder of the scanned root), or None."""
    parts = path.split("/")
    return next((parts[i + 1] for i in range(len(parts) - 2) if parts[i] == REFERENCED_PACKAGES), None)


class _Places:
    """Where the org's production configuration is not: the ``nonProductionPaths`` globs, except inside a
    package directory that ``sfdx-project.json`` declares (``sf project deploy start`` deploys each of
    them: a declared ``tests`` folder of test classes reaches production), and the IDE's package folders."""

    def __init__(self, globs: list[str] | tuple[str, ...], package_directories: Any) -> None:
        self.non_production = PathGlobs(list(globs))
        dirs = package_directories if isinstance(package_directories, list) else []
        self.deployed = tuple(posixpath.normpath(d) for d in dirs if isinstance(d, str) and d)

    def _declared(self, path: str) -> bool:
        return any(d == "." or path == d or path.startswith(f"{d}/") for d in self.deployed)

    def reason(self, path: str) -> str | None:
        """Why the file ``path`` is not the org's own production configuration, or None."""
        glob = self.non_production.first_match(path)
        if glob is not None and not self._declared(path):
            what = _NON_PRODUCTION_REASONS.get(glob, f"path matches nonProductionPaths {glob!r}")
            return f"not deployed to production: {what}"
        package = _package_folder(path)
        return None if package is None else f"managed package ({REFERENCED_PACKAGES}/{package})"


def _files_of(comp: dict[str, Any]) -> list[str]:
    """Every file ``comp`` was read from: its own and those of entries merged from other files."""
    files = {comp["_file"]} if isinstance(comp.get("_file"), str) else set()
    for value in comp.values():
        if isinstance(value, list):
            files.update(e["_file"] for e in value if isinstance(e, dict) and isinstance(e.get("_file"), str))
    return sorted(files)


def _path_reason(files: list[str], places: _Places) -> str | None:
    """Why the component read from ``files`` is not the org's own production configuration, when each of
    its files says so (the first file's reason), or None."""
    reasons = [places.reason(path) for path in files]
    return reasons[0] if reasons and None not in reasons else None


def _name_reason(api_name: str, project_namespace: str) -> str | None:
    namespace = namespace_of(api_name)
    if namespace is None:
        return None
    if namespace.lower() in INTERNAL_NAMESPACES:
        return f"Salesforce-internal (namespace {namespace})"
    if namespace.lower() != project_namespace.lower():
        return f"managed package (namespace {namespace})"
    return None


def _profile_reason(name: str, profile: dict[str, Any], guests: dict[str, Any]) -> str | None:
    custom = profile.get("custom")
    if custom is True or name == ADMIN_PROFILE or name in guests:
        return None
    if name in SYSTEM_PROFILES:
        return "Salesforce system profile"
    if custom is False or name in STANDARD_PROFILES:
        return "standard profile (its permissions cannot be edited)"
    return None


def platform_owned(model: dict[str, Any], guests: dict[str, Any],
                   non_production_paths: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """``"Type/Name"`` → why the component is the platform's or a package's, or not deployed to
    production, for every such component of ``model`` and every field of its objects
    (``"CustomField/Object.Field"``). ``guests``: the ``guestProfiles`` view (a guest profile is the
    org's); ``non_production_paths``: the config's ``nonProductionPaths``. Each entry depends only on its
    component, ``project`` and the guest profiles, so a PR scan computes it from the changed components."""
    project = model.get("project")
    own = project.get("namespace") if isinstance(project, dict) else None
    own = own if isinstance(own, str) else ""
    places = _Places(non_production_paths, project.get("packageDirectories") if isinstance(project, dict) else None)
    out: dict[str, str] = {}
    for mtype in TYPES:
        for name, comp in (model.get(mtype.model_key) or {}).items():
            if not isinstance(comp, dict):
                continue
            reason = _path_reason(_files_of(comp), places)
            if reason is not None and mtype.name == "CustomObject" and reason.startswith("managed") \
                    and not _CUSTOM_SUFFIX.search(name):
                reason = None  # a standard object: the package adds fields to it, it does not own it
            reason = reason or _name_reason(name, own)
            if reason is None and mtype.name == "Profile":
                reason = _profile_reason(name, comp, guests)
            if reason is not None:
                out[f"{mtype.name}/{name}"] = reason
                if mtype.name == "Settings":  # rules name a settings file "Settings" or as its root element does
                    out[f"{name}Settings/{name}"] = reason
            if mtype.name == "CustomObject":
                out.update(_field_reasons(comp, name, own, places))
    return dict(sorted(out.items()))


def _field_reasons(obj: dict[str, Any], name: str, own: str, places: _Places) -> dict[str, str]:
    """``"CustomField/Object.Field"`` → reason, for the fields of ``obj`` judged on their own file (an
    entry merged from another file carries it, the others are in the object's) and name."""
    out = {}
    for fld in obj.get("fields") or []:
        if not isinstance(fld, dict) or not isinstance(fld.get("fullName"), str):
            continue
        qualified = f"{obj.get('fullName', name)}.{fld['fullName']}"
        where = fld.get("_file", obj.get("_file"))
        reason = _path_reason([where] if isinstance(where, str) else [], places)
        reason = reason or _name_reason(qualified, own)
        if reason is not None:
            out[f"CustomField/{qualified}"] = reason
    return out
