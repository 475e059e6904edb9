"""Project layouts on which the Salesforce CLI deploys metadata that a folder-bound scanner would miss.

Each layout is a small SFDX project written into a temporary folder. The discovery tests check what
sfpolicy makes of them; the parity test (tests/test_sdr_parity.py) resolves the same projects with the
CLI's own resolver, so the two stay in step.
"""

from __future__ import annotations

import json
from pathlib import Path

NS = "http://soap.sforce.com/2006/04/metadata"
DEFAULT = "force-app/main/default"


def xml(root: str, body: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{NS}">\n{body}</{root}>\n'


MODIFY_ALL_DATA = "    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n" \
                  "    </userPermissions>\n"
PERMISSION_SET = xml("PermissionSet", "    <label>Break Glass</label>\n" + MODIFY_ALL_DATA)
PROFILE = xml("Profile", "    <custom>true</custom>\n" + MODIFY_ALL_DATA)
REMOTE_SITE = xml("RemoteSiteSetting", "    <isActive>true</isActive>\n    <url>http://exfil.example.com</url>\n")
OBJECT = xml("CustomObject", "    <label>Account</label>\n")
FIELD = xml("CustomField", "    <fullName>Tax_Id__c</fullName>\n    <type>Text</type>\n")

#: Layout name → files (relative to the project). Every file here is deployed by ``sf project deploy``.
LAYOUTS: dict[str, dict[str, str]] = {
    # A type folder that is not named after the type: the CLI places the file by its suffix.
    "security-folder": {f"{DEFAULT}/security/Break_Glass.permissionset-meta.xml": PERMISSION_SET},
    # A sub-folder of a type folder.
    "nested-profile": {f"{DEFAULT}/profiles/legacy/Legacy Admin.profile-meta.xml": PROFILE},
    # No type folder at all.
    "misc-remote-site": {f"{DEFAULT}/misc/Exfil.remoteSite-meta.xml": REMOTE_SITE},
    # Folders that some tools skip by habit; the CLI reads them unless a .forceignore says otherwise.
    "tooling-folders": {
        f"{DEFAULT}/node_modules/pkg/Npm_Admin.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/__pycache__/Cached_Admin.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/.hidden/Hidden_Admin.permissionset-meta.xml": PERMISSION_SET,
    },
    # With a .forceignore, the CLI's defaults apply too (dot-folders, *.dup), and its own patterns.
    "forceignore": {
        ".forceignore": "# deployment exclusions\n**/legacy/**\n*.dup\n",
        f"{DEFAULT}/legacy/Old_Admin.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/.hidden/Hidden_Admin.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/node_modules/pkg/Npm_Admin.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/permissionsets/Kept_Admin.permissionset-meta.xml": PERMISSION_SET,
    },
    # The same component defined twice: source format beside Metadata API format, and in two package folders.
    "duplicate-definitions": {
        f"{DEFAULT}/profiles/Admin.profile-meta.xml": PROFILE,
        f"{DEFAULT}/profiles/Admin.profile": PROFILE,
        "second-app/main/default/profiles/Admin.profile-meta.xml": PROFILE,
    },
}

#: Files with a metadata suffix that the CLI cannot place (a strict type outside its folder, a part
#: outside its component): the scan cannot say what they would deploy, so it is incomplete.
UNPLACEABLE: dict[str, str] = {
    f"{DEFAULT}/misc/Account.object-meta.xml": OBJECT,
    f"{DEFAULT}/misc/Tax_Id__c.field-meta.xml": FIELD,
}


def write_layout(root: Path, files: dict[str, str],
                 package_dirs: tuple[str, ...] = ("force-app", "second-app")) -> Path:
    """An SFDX project at ``root`` holding ``files``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sfdx-project.json").write_text(json.dumps(
        {"packageDirectories": [{"path": p, "default": i == 0} for i, p in enumerate(package_dirs)]}), "utf-8")
    for package in package_dirs:
        (root / package).mkdir(exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")
    return root
