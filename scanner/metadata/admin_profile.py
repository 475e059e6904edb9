"""The org's own administrator profile: a clone of System Administrator, recognised by what it holds.

Most orgs do not run their administrators on the standard ``Admin`` profile but on a custom copy of it
(``Acme System Administrator``), so that they can set its login hours, IP ranges and session policy. The
default allow-list names the standard profile; without this view the copy draws the critical
super-administrator finding (SFP-ACS-003) for being what every org has. The view ``adminProfiles``
(profile name → its evidence) lists the custom profiles that are *candidates*; the allow-list treats the
candidate as the standard profile only when it is the org's **only** one (``recognised``):

* a profile (permission sets are assigned on top of anyone's profile: never the administrator profile),
  ``<custom>true</custom>``, with the full ``Salesforce`` user license;
* holding every permission of :data:`ADMIN_CORE`, the administrative permissions the System
  Administrator profile has held since API 30 (all data, users, profiles and permission sets, setup,
  Apex, connected apps, auth providers, packages, roles, sharing, passwords);
* and named as an administrator profile (``admin`` in its name).

The name alone never qualifies a holder: it must hold the whole bundle, which makes it an administrator
whatever it is called. The evidence alone does not either: ``Help Desk Specialist`` with View All Data,
Modify All Data and Manage Users is reported, and so is a second full-admin profile, because an org has
one administrator profile and a second one is a privileged identity someone created (both are then
reported: a pull request that adds one cannot hide behind the first). The view is org-wide context
(scanner.reuse.incremental.CONTEXT_VIEWS): any change to a candidate evaluates the whole org.
"""

from __future__ import annotations

import re
from typing import Any

#: The administrative permissions every System Administrator profile holds (ModifyMetadata,
#: ManageEncryptionKeys, BypassMFAForUiLogins and the MFA permissions are newer or optional and left out).
ADMIN_CORE = frozenset({
    "ModifyAllData", "ViewAllData", "ManageUsers", "ManageInternalUsers", "ManageProfilesPermissionsets",
    "AssignPermissionSets", "CustomizeApplication", "AuthorApex", "ManageRemoteAccess", "ManageAuthProviders",
    "InstallPackaging", "ManageRoles", "ManageSharing", "ResetPasswords", "ViewSetup",
})

_ADMIN_NAME = re.compile(r"admin", re.IGNORECASE)


def candidate(name: str, profile: Any) -> bool:
    """Whether one profile is a clone of System Administrator by its own metadata (module docstring)."""
    if not isinstance(profile, dict) or profile.get("custom") is not True:
        return False
    if profile.get("userLicense") != "Salesforce" or not _ADMIN_NAME.search(name):
        return False
    held = {p.get("name") for p in profile.get("userPermissions") or []
            if isinstance(p, dict) and p.get("enabled") is True}
    return held >= ADMIN_CORE


def admin_profiles(model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``adminProfiles``: each candidate profile → ``{"recognised", "reason"}``; recognised only when alone."""
    names = sorted(n for n, p in model.get("profiles", {}).items() if candidate(n, p))
    alone = len(names) == 1
    reason = ("the org's only custom profile with the full System Administrator permission set and an "
              "administrator's name" if alone else
              f"one of {len(names)} custom profiles with the full System Administrator permission set: "
              "an org has one administrator profile, so none is taken for it")
    return {n: {"recognised": alone, "reason": reason} for n in names}
