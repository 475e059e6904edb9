"""The pre-commit hook (``.pre-commit-hooks.yaml``), run by the real ``pre-commit`` in a real git
repository: a commit that grants Modify All Data is refused, a clean one passes.

pre-commit installs the hook from a git repository holding this project (its sources, rules and
hook file, committed in a temporary folder), as it would from the project's URL and a tag; the
dependencies come from the package index.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.git_repo import MARKETING_PS, GitRepo

PRE_COMMIT = shutil.which("pre-commit", path=os.path.dirname(os.sys.executable)) or shutil.which("pre-commit")
pytestmark = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit (dev dependency group) is not installed")
#: What pre-commit needs to build sfpolicy from its repository.
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", ".pre-commit-hooks.yaml",
                 "scanner", "policies")


def _hook_repository(path: Path) -> str:
    """This project's sources committed in a new repository at ``path``; the commit id."""
    path.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, path / name, ignore=shutil.ignore_patterns("__pycache__", "builtin_policies"))
        else:
            shutil.copy2(source, path / name)
    repo = GitRepo.__new__(GitRepo)
    repo.path = path
    repo.git("init", "-q", "-b", "main")
    repo.git("config", "user.email", "ci@example.com")
    repo.git("config", "user.name", "CI")
    repo.git("config", "commit.gpgsign", "false")
    return repo.commit("sfpolicy")


def test_commit_adding_modify_all_data_is_refused_a_clean_one_passes(tmp_path: Path) -> None:
    rev = _hook_repository(tmp_path / "sfpolicy")
    org = GitRepo(tmp_path / "org")
    (org.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {tmp_path / 'sfpolicy'}\n    rev: {rev}\n    hooks:\n      - id: sfpolicy\n", "utf-8")
    org.commit("pre-commit config")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env |= {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "SFPOLICY_CACHE_DIR": str(tmp_path / "cache")}

    def commit(message: str) -> subprocess.CompletedProcess[str]:
        org.git("add", "-A")
        return subprocess.run(["git", "commit", "-m", message], cwd=org.path, env=env, capture_output=True,
                              text=True, timeout=900)

    installed = subprocess.run([PRE_COMMIT, "install"], cwd=org.path, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    org.edit(MARKETING_PS, "</PermissionSet>", "    <description>Campaign lists.</description>\n</PermissionSet>")
    clean = commit("describe the marketing permission set")
    output = clean.stdout + clean.stderr  # git shows the hook's output on stderr
    assert clean.returncode == 0, output
    assert re.search(r"sfpolicy \(Salesforce metadata policy gate\)\.+Passed", output), output
    head = org.git("rev-parse", "HEAD")

    org.edit(MARKETING_PS, "</PermissionSet>",
             "    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n"
             "    </userPermissions>\n</PermissionSet>")
    refused = commit("let marketing modify all data")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert re.search(r"policy gate\)\.+Failed", output) and "SFP-ACS-001" in output, output
    assert org.git("rev-parse", "HEAD") == head  # nothing was committed
