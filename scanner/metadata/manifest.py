"""The ``package.xml`` that retrieves everything sfpolicy reads, for ``sf project retrieve start --manifest``.

Every type of the registry is listed with the ``*`` wildcard, so a new type sfpolicy learns to read is
retrieved without anyone editing the manifest. Two things the wildcard does not do are added, because
without them a scan would miss findings without saying so:

- A retrieved profile or permission set carries its object and field permissions only for the objects
  and fields retrieved in the same request, and ``CustomObject`` ``*`` means the custom objects only.
  So the standard objects that usually hold personal data are named (their fields, standard and
  custom, come back with them), and ``extra_objects`` adds the org's own choice.
- The same holds for Apex class and flow access: ``ApexClass`` and ``Flow`` are in the registry, so
  the profiles come back with those accesses too.
"""

from __future__ import annotations

import re

from scanner.errors import ScanFailed
from scanner.metadata.registry import TYPES

#: The Metadata API version the model's schema follows (the v66 WSDL extract).
DEFAULT_API_VERSION = "66.0"

#: Standard objects holding personal data in most orgs, named because ``*`` retrieves custom objects only.
STANDARD_OBJECTS = ("Account", "Case", "Contact", "Contract", "Individual", "Lead", "Opportunity", "Order",
                    "User")

_API_VERSION = re.compile(r"[1-9][0-9]{1,2}\.0")
#: An object's API name: standard (``Account``), custom (``Invoice__c``), namespaced (``ns__Invoice__c``).
_OBJECT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,79}")

#: The comment at the top of the manifest (no ``--`` in it: an XML comment must not hold one).
NOTE = """\
  Every metadata type sfpolicy reads. Retrieve with: sf project retrieve start -x package.xml
  Profiles and permission sets carry object and field permissions only for the objects and fields
  retrieved with them, and CustomObject * is the custom objects only: the standard objects that
  usually hold personal data are named below (add others with the object option of sfpolicy manifest)."""


def package_xml(api_version: str = DEFAULT_API_VERSION, extra_objects: tuple[str, ...] = ()) -> str:
    """The manifest text: types in alphabetical order as the Salesforce CLI writes them, ``*`` members,
    plus the named objects under ``CustomObject``. Raises ScanFailed on a malformed version or name."""
    if not _API_VERSION.fullmatch(api_version):
        raise ScanFailed(f"--api-version {api_version!r}: expected a Metadata API version such as "
                         f"{DEFAULT_API_VERSION}")
    bad = [name for name in extra_objects if not _OBJECT_NAME.fullmatch(name)]
    if bad:
        raise ScanFailed(f"--object {bad[0]!r}: not an object API name (such as Account or Invoice__c)")
    objects = sorted(set(STANDARD_OBJECTS) | set(extra_objects))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<Package xmlns="http://soap.sforce.com/2006/04/metadata">',
             f"  <!--\n{NOTE}\n  -->"]
    for name in sorted(t.name for t in TYPES):
        members = ["*", *objects] if name == "CustomObject" else ["*"]
        lines.append("  <types>")
        lines += [f"    <members>{member}</members>" for member in members]
        lines += [f"    <name>{name}</name>", "  </types>"]
    lines += [f"  <version>{api_version}</version>", "</Package>"]
    return "\n".join(lines) + "\n"
