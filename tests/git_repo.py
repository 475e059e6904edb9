"""Real git repositories for the git, PR-mode, baseline, waiver and drift tests (no mocks of git).

A repository starts as a copy of a fixture org and grows commit by commit through the same edits a
Salesforce team makes: grant a permission, widen a connected app's scopes, reformat a file, move a
file between source and Metadata API format.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import FIXTURES, run_cli

DEFAULT = "force-app/main/default"
MARKETING_PS = f"{DEFAULT}/permissionsets/Marketing_Export.permissionset-meta.xml"
LOYALTY_APP = f"{DEFAULT}/connectedApps/Loyalty_Analytics.connectedApp-meta.xml"
EMAIL_FIELD = f"{DEFAULT}/objects/Customer__c/fields/Email__c.field-meta.xml"
CUSTOMER_OBJECT = f"{DEFAULT}/objects/Customer__c/Customer__c.object-meta.xml"
STORE_MANAGER = f"{DEFAULT}/profiles/Store Manager.profile-meta.xml"

MODIFY_ALL_DATA = """    <userPermissions>
        <enabled>true</enabled>
        <name>ModifyAllData</name>
    </userPermissions>
"""


class GitRepo:
    """A working tree in a temporary directory, driven with the git command line."""

    def __init__(self, path: Path, fixture: str = "hardened-org") -> None:
        self.path = path
        self._scans = 0
        shutil.copytree(FIXTURES / fixture, path)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "ci@example.com")
        self.git("config", "user.name", "CI")
        self.git("config", "commit.gpgsign", "false")
        self.commit("fixture org")

    @classmethod
    def clone(cls, upstream: GitRepo, path: Path) -> GitRepo:
        """A clone of ``upstream`` (``origin/main`` then names its branch), as CI checks out a pull request."""
        subprocess.run(["git", "clone", "-q", f"file://{upstream.path}", str(path)], check=True)
        repo = cls.__new__(cls)
        repo.path, repo._scans = path, 0
        repo.git("config", "user.email", "dev@example.com")
        repo.git("config", "user.name", "Dev")
        return repo

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=True)
        return done.stdout.strip()

    def read(self, rel: str) -> str:
        return (self.path / rel).read_text("utf-8")

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    # The edits the scenarios are made of.
    def grant_modify_all_data(self) -> None:
        self.edit(MARKETING_PS, "</PermissionSet>", MODIFY_ALL_DATA + "</PermissionSet>")

    def widen_scope(self) -> None:
        self.edit(LOYALTY_APP, "<scopes>Api</scopes>", "<scopes>Api</scopes>\n        <scopes>Full</scopes>")

    def scan(self, *args: str) -> tuple[int, dict, str]:
        """``sfpolicy scan`` through the CLI: exit code, the JSON report and stderr."""
        self._scans += 1
        out = self.path.parent / f"scan-{self._scans}.json"
        done = run_cli("scan", *args, "--json", str(out), "--quiet", cwd=self.path)
        data = json.loads(out.read_text("utf-8")) if out.exists() else {}
        return done.returncode, data, done.stderr


def by_rule(report: dict, rule_id: str) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == rule_id]


def statuses(report: dict) -> dict[str, str]:
    """``rule_id/resource_name`` → status, for the findings of a JSON report."""
    return {f"{f['rule_id']}/{f['resource_name']}": f["status"] for f in report["findings"]}
