"""PR mode (``scan --base``): only what the head adds gates; fingerprints survive moves and reformatting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scanner.findings import fingerprint
from tests.git_repo import LOYALTY_APP, MARKETING_PS, STORE_MANAGER, GitRepo, by_rule, statuses


@pytest.fixture
def leaky(tmp_path: Path) -> GitRepo:
    """The leaky org, committed: every finding in it is pre-existing for a PR on top."""
    return GitRepo(tmp_path / "org", fixture="leaky-retail-org")


def test_permission_granted_is_new_and_gates(leaky: GitRepo) -> None:
    leaky.edit(STORE_MANAGER, "<name>ApiEnabled</name>", "<name>RunReports</name>")  # unrelated change
    # (Marketing_Export already holds Modify All Data, which includes View All Data: a new weakness is one
    # Modify All Data does not cover, such as using any API client.)
    leaky.edit(MARKETING_PS, "<name>ExportReport</name>", "<name>UseAnyApiClient</name>")
    leaky.commit("marketing may use any API client")
    code, report, stderr = leaky.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 1, stderr
    new = [f for f in report["findings"] if f["status"] == "new"]
    assert {(f["rule_id"], f["resource_name"]) for f in new} >= {("SFP-ACS-006", "Marketing_Export")}
    assert all(f["resource_name"] in ("Marketing_Export", "Store Manager") for f in new)
    # The findings the base already had are still reported, as unchanged, and do not gate.
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "unchanged"
    assert statuses(report)["SFP-ACS-001/Store Manager"] == "unchanged"
    assert any("compared with HEAD~1" in n for n in report["notes"])


def test_existing_findings_alone_do_not_gate(leaky: GitRepo) -> None:
    leaky.edit(LOYALTY_APP, "<label>Loyalty Analytics</label>", "<label>Loyalty Analytics (EU)</label>")
    leaky.commit("relabel")
    code, report, _ = leaky.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 0
    assert report["findings"] and {f["status"] for f in report["findings"]} == {"unchanged"}
    code, _, _ = leaky.scan("--ref", "HEAD")  # the same head without --base fails on them
    assert code == 1


def test_working_tree_is_the_default_head(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "org")
    repo.widen_scope()  # not committed: a developer checking before pushing
    code, report, _ = repo.scan("--base", "main")
    assert code == 1
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "new"
    code, report, _ = repo.scan("--base", "main", "--fail-on", "critical")
    assert code == 0  # exit codes follow the gate


def _reformat(xml: str) -> str:
    """Tabs instead of spaces, a blank line between elements, elements on new lines: same content."""
    out = xml.replace("    ", "\t")
    out = re.sub(r"\n(\t*<)", r"\n\n\1", out)
    declaration = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return out.replace(declaration, declaration + "<!-- reformatted -->\n")


def test_reformatting_and_moving_lines_add_nothing(leaky: GitRepo) -> None:
    for rel in (LOYALTY_APP, STORE_MANAGER, MARKETING_PS):
        leaky.write(rel, _reformat(leaky.read(rel)))
    # Move the ModifyAllData entry to the top of the permission set: every line number changes.
    ps = leaky.read(MARKETING_PS)
    block = re.search(r"\t<userPermissions>\n\n\t\t<enabled>true</enabled>\n\n\t\t<name>ModifyAllData</name>\n\n"
                      r"\t</userPermissions>\n\n", ps)
    assert block
    ps = ps.replace(block.group(0), "")
    ps = ps.replace("\t<description>", block.group(0) + "\t<description>", 1)
    leaky.write(MARKETING_PS, ps)
    before = {f["fingerprint"]: f["line"] for f in leaky.scan("--ref", "HEAD")[1]["findings"]}
    leaky.commit("reformat")
    code, report, _ = leaky.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 0
    assert {f["status"] for f in report["findings"]} == {"unchanged"}
    after = {f["fingerprint"]: f["line"] for f in report["findings"]}
    assert set(after) == set(before)
    assert any(after[fp] != line for fp, line in before.items())  # the lines did move


def test_moving_a_file_to_metadata_api_format_adds_nothing(leaky: GitRepo) -> None:
    leaky.move(LOYALTY_APP, "mdapi/connectedApps/Loyalty_Analytics.connectedApp")
    leaky.move(STORE_MANAGER, "mdapi/profiles/Store Manager.profile")
    leaky.commit("move to Metadata API format")
    code, report, _ = leaky.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 0, report.get("notes")
    [full] = by_rule(report, "SFP-OAUTH-001")
    assert full["file"] == "mdapi/connectedApps/Loyalty_Analytics.connectedApp"
    assert full["status"] == "unchanged"
    assert {f["status"] for f in report["findings"]} == {"unchanged"}


def test_scope_widened_is_new_but_the_rest_of_the_app_is_not(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "org")
    repo.edit(LOYALTY_APP, "<isAdminApproved>true</isAdminApproved>", "<isAdminApproved>false</isAdminApproved>")
    repo.commit("self-authorisation (already accepted)")
    repo.widen_scope()
    repo.commit("widen scope")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 1
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "new"
    assert statuses(report)["SFP-OAUTH-003/Loyalty_Analytics"] == "unchanged"


def test_base_keeps_the_heads_subfolder(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "org")
    repo.grant_modify_all_data()
    repo.commit("grant")
    code, report, _ = repo.scan("--ref", "HEAD:force-app", "--base", "HEAD~1")
    assert code == 1
    assert [f["status"] for f in by_rule(report, "SFP-ACS-001")] == ["new"]
    assert all(not f["file"].startswith("force-app/") for f in report["findings"])


def test_bad_base_is_exit_2(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "org")
    code, _, stderr = repo.scan("--base", "nope")
    assert code == 2 and "'nope': no such commit" in stderr and "Traceback" not in stderr


def test_fingerprint_has_no_path_or_line() -> None:
    one = fingerprint("SFP-ACS-001", "Profile", "Store Manager", "userPermissions.ModifyAllData")
    assert one == fingerprint("SFP-ACS-001", "Profile", "Store Manager", "userPermissions.ModifyAllData")
    assert one != fingerprint("SFP-ACS-001", "Profile", "Store Manager", "userPermissions.ViewAllData")
    assert one != fingerprint("SFP-ACS-001", "PermissionSet", "Store Manager", "userPermissions.ModifyAllData")


def test_a_change_cannot_weaken_its_own_gate_through_the_config(tmp_path: Path) -> None:
    """In PR mode the config comes from the base: a head that adds ``disabled: [...]`` still gates."""
    repo = GitRepo(tmp_path / "org")
    repo.widen_scope()
    repo.write("sfpolicy.yaml", "disabled: [SFP-OAUTH-001]\n")
    repo.commit("widen scope and silence the rule")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 1
    assert statuses(report)["SFP-OAUTH-001/Loyalty_Analytics"] == "new"
    # An explicit --config is the reviewer's choice and is honoured.
    config = tmp_path / "reviewed.yaml"
    config.write_text("disabled: [SFP-OAUTH-001]\n")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--config", str(config))
    assert "SFP-OAUTH-001/Loyalty_Analytics" not in statuses(report)


def test_the_base_config_applies_in_pr_mode(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "org")
    repo.write("sfpolicy.yaml", "severity: {SFP-OAUTH-001: low}\n")
    repo.commit("reviewed config")
    repo.widen_scope()
    repo.commit("widen scope")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 0  # the base's reviewed config lowers the rule below the default gate
    assert [f["severity"] for f in report["findings"] if f["rule_id"] == "SFP-OAUTH-001"] == ["low"]
