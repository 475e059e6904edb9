"""Build small SFDX projects in temporary folders for the hardening tests.

Hostile files are generated where a test runs, never committed: each test states the exact bytes it
feeds the scanner. Every project also holds one valid remote site over plain http, whose finding
proves the rest of the scan went on despite the hostile file. The finding comes from a one-rule user
policy written next to the project (``policy_dir``), so these tests depend on the scanner's
plumbing, not on the built-in rule pack.
"""

from __future__ import annotations

import json
from pathlib import Path

DEFAULT = "force-app/main/default"
GOOD_SITE = f"{DEFAULT}/remoteSiteSettings/Plain_Http.remoteSite-meta.xml"
GOOD_SITE_RULE = "hostile.http_site"
HTTP_SITE_POLICY = """package sfpolicy.rules.hostile.http_site

import rego.v1

deny contains f if {
	some name, site in input.remoteSiteSettings
	startswith(site.url, "http://")
	f := {
		"msg": sprintf("%s is plain http", [name]),
		"resource": {"type": "RemoteSiteSetting", "name": name},
		"location": {"file": site._file, "line": site._lines.url},
		"key": name,
	}
}
"""
NS = "http://soap.sforce.com/2006/04/metadata"


def remote_site(url: str = "http://api.example.com", extra: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<RemoteSiteSetting xmlns="{NS}">\n'
            f"    <isActive>true</isActive>\n{extra}    <url>{url}</url>\n</RemoteSiteSetting>\n")


def write_project(root: Path, files: dict[str, bytes | str], *, with_good_site: bool = True) -> Path:
    """An SFDX project at ``root`` with ``files`` (paths relative to the project) and the good remote site."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sfdx-project.json").write_text(
        json.dumps({"packageDirectories": [{"path": "force-app", "default": True}]}), "utf-8")
    if with_good_site:
        files = {GOOD_SITE: remote_site(), **files}
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
    return root


def policy_dir(root: Path) -> Path:
    """A folder holding the one-rule user policy that flags plain-http remote sites."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "http_site.rego").write_text(HTTP_SITE_POLICY, "utf-8")
    return root


def scan_args(tmp: Path) -> list[str]:
    """CLI options that run only the user policy (``--no-builtin --policy DIR``)."""
    return ["--no-builtin", "--policy", str(policy_dir(tmp / "policy"))]
