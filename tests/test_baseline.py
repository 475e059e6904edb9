"""``sfpolicy baseline create|update`` and ``scan --baseline`` on a real repository, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cli
from tests.git_repo import LOYALTY_APP, MARKETING_PS, GitRepo, statuses


@pytest.fixture
def leaky(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "org", fixture="leaky-retail-org")


def _create(repo: GitRepo, *args: str) -> Path:
    done = run_cli("baseline", "create", *args, cwd=repo.path)
    assert done.returncode == 0, done.stderr
    return repo.path / "sfpolicy-baseline.yaml"


def test_create_is_sorted_reviewable_and_deterministic(leaky: GitRepo) -> None:
    path = _create(leaky)
    text = path.read_text()
    assert text.startswith("# sfpolicy baseline")
    data = yaml.safe_load(text)
    entries = data["findings"]
    assert data["version"] == 1 and entries
    assert [list(e) for e in entries] == [["fingerprint", "rule", "resource", "message"]] * len(entries)
    assert entries == sorted(entries, key=lambda e: (e["rule"], e["resource"], e["fingerprint"]))
    assert {"rule": "SFP-ACS-001", "resource": "Profile/Store Manager"}.items() <= next(
        e for e in entries if e["resource"] == "Profile/Store Manager" and e["rule"] == "SFP-ACS-001").items()
    assert _create(leaky).read_text() == text
    done = run_cli("baseline", "create", "-f", "b.json", cwd=leaky.path)
    assert done.returncode == 0
    assert json.loads((leaky.path / "b.json").read_text())["findings"] == entries


def test_scan_with_baseline_reports_only_what_is_not_in_it(leaky: GitRepo) -> None:
    baseline = _create(leaky)
    code, report, _ = leaky.scan("--baseline", str(baseline))
    assert code == 0
    assert {f["status"] for f in report["findings"]} == {"baseline"}
    # A weakness Modify All Data (which the set already holds) does not cover.
    leaky.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    code, report, _ = leaky.scan("--baseline", str(baseline))
    assert code == 1
    open_now = {k for k, v in statuses(report).items() if v == "open"}
    assert "SFP-ACS-006/Marketing_Export" in open_now
    assert statuses(report)["SFP-ACS-001/Marketing_Export"] == "baseline"


def test_update_keeps_fixed_entries_while_the_resource_exists(leaky: GitRepo) -> None:
    baseline = _create(leaky)
    before = yaml.safe_load(baseline.read_text())["findings"]
    # Fix the Full scope (the app still exists) and delete the permission set (the resource is gone).
    leaky.edit(LOYALTY_APP, "<scopes>Full</scopes>", "")
    (leaky.path / MARKETING_PS).unlink()
    leaky.edit(LOYALTY_APP, "<scopes>Api</scopes>", "<scopes>Api</scopes><scopes>Web</scopes>")
    done = run_cli("baseline", "update", cwd=leaky.path)
    assert done.returncode == 0, done.stderr
    after = yaml.safe_load(baseline.read_text())["findings"]
    kept = {(e["rule"], e["resource"]) for e in after}
    assert ("SFP-OAUTH-001", "ConnectedApp/Loyalty_Analytics") in kept  # fixed, resource exists: kept
    dropped = [e for e in before if e["resource"] == "PermissionSet/Marketing_Export"]
    assert dropped and not any(e["resource"] == "PermissionSet/Marketing_Export" for e in after)
    for e in dropped:  # never silently: every dropped entry is printed
        assert f"dropped {e['rule']}  {e['resource']}  {e['fingerprint']}" in done.stdout

    done = run_cli("baseline", "update", "--prune", cwd=leaky.path)
    assert done.returncode == 0
    pruned = {(e["rule"], e["resource"]) for e in yaml.safe_load(baseline.read_text())["findings"]}
    assert ("SFP-OAUTH-001", "ConnectedApp/Loyalty_Analytics") not in pruned
    assert "dropped SFP-OAUTH-001  ConnectedApp/Loyalty_Analytics" in done.stdout


def test_update_adds_new_findings(leaky: GitRepo) -> None:
    baseline = _create(leaky)
    leaky.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    done = run_cli("baseline", "update", cwd=leaky.path)
    assert done.returncode == 0
    assert "added   SFP-ACS-006  PermissionSet/Marketing_Export" in done.stdout
    assert any(e["rule"] == "SFP-ACS-006" for e in yaml.safe_load(baseline.read_text())["findings"])


def test_errors_are_exit_2_with_file_and_line(leaky: GitRepo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nfindings:\n  - rule: SFP-ACS-001\n    message: no fingerprint\n")
    code, _, stderr = leaky.scan("--baseline", str(bad))
    assert code == 2 and f"{bad}:3: 'fingerprint' is required" in stderr
    bad.write_text("findings: [\n")
    code, _, stderr = leaky.scan("--baseline", str(bad))
    assert code == 2 and f"{bad}:2: invalid YAML" in stderr
    done = run_cli("baseline", "update", "-f", str(tmp_path / "missing.yaml"), cwd=leaky.path)
    assert done.returncode == 2 and "create one with `sfpolicy baseline create`" in done.stderr


def test_incomplete_scan_writes_no_baseline(leaky: GitRepo) -> None:
    baseline = _create(leaky)
    text = baseline.read_text()
    leaky.write(MARKETING_PS, "<PermissionSet><unclosed></PermissionSet>")
    done = run_cli("baseline", "update", cwd=leaky.path)
    assert done.returncode == 2
    assert "nothing was written" in done.stderr and MARKETING_PS in done.stderr
    assert baseline.read_text() == text
