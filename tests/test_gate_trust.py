"""PR mode trusts only the base (issue 15, case 4): a change cannot accept its own findings through the
files that decide the gate, and what it does to them is reported (SFP-GATE-001).

Each case is an attack that passed before (exit 0 for a change that widens a connected app to the Full
scope, SFP-OAUTH-001, high): the change edits, next to the metadata, the baseline, a ``--config``
inside the repository, the waivers file or a ``--policy`` folder. Real git repositories, real CLI.
"""

from __future__ import annotations

from pathlib import Path

from tests.git_repo import GitRepo, by_rule, statuses

APP_FINDING = "SFP-OAUTH-001/Loyalty_Analytics"
APP_FINGERPRINT_RULE = "SFP-OAUTH-001"


def _widened(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "org")
    repo.widen_scope()
    return repo


def _fingerprint(repo: GitRepo) -> str:
    """The fingerprint of the head's SFP-OAUTH-001 finding, as an attacker would copy it from a report."""
    _, report, _ = repo.scan("--fail-on", "none")
    return by_rule(report, APP_FINGERPRINT_RULE)[0]["fingerprint"]


def _gate_findings(report: dict) -> dict[str, dict]:
    return {f["file"]: f for f in by_rule(report, "SFP-GATE-001")}


def test_a_change_cannot_add_its_own_findings_to_the_baseline(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.write("sfpolicy-baseline.yaml", "version: 1\nfindings: []\n")
    repo.git("add", "sfpolicy-baseline.yaml")
    repo.git("commit", "-q", "-m", "empty baseline")
    fp = _fingerprint(repo)
    repo.write("sfpolicy-baseline.yaml", f"version: 1\nfindings:\n  - fingerprint: {fp}\n    rule: SFP-OAUTH-001\n")
    repo.commit("widen scope and accept it")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--baseline", "sfpolicy-baseline.yaml")
    assert code == 1
    assert statuses(report)[APP_FINDING] == "new"
    changed = _gate_findings(report)["sfpolicy-baseline.yaml"]
    assert changed["severity"] == "high" and changed["line"] == 2 and "baseline" in changed["message"]


def test_a_config_inside_the_repository_is_read_from_the_base(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.write("ci/sfpolicy.yaml", "disabled: [SFP-OAUTH-001]\n")
    repo.commit("widen scope and silence the rule in the CI config")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--config", "ci/sfpolicy.yaml")
    assert code == 1
    assert statuses(report)[APP_FINDING] == "new"
    assert "ci/sfpolicy.yaml" in _gate_findings(report)


def test_a_config_outside_the_repository_is_the_ci_jobs_choice(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.commit("widen scope")
    config = tmp_path / "reviewed.yaml"
    config.write_text("disabled: [SFP-OAUTH-001]\n")
    _, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--config", str(config))
    assert APP_FINDING not in statuses(report)
    assert not by_rule(report, "SFP-GATE-001")


def test_a_change_to_the_folders_config_is_reported_and_ignored(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.write("sfpolicy.yaml", "disabled: [SFP-OAUTH-001]\n")
    repo.commit("widen scope and silence the rule")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 1 and statuses(report)[APP_FINDING] == "new"
    assert _gate_findings(report)["sfpolicy.yaml"]["message"].startswith("This change adds the sfpolicy config")


def test_a_change_cannot_waive_its_own_findings(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.write("waivers.yaml", "waivers: []\n")
    repo.git("add", "waivers.yaml")
    repo.git("commit", "-q", "-m", "no waivers")
    repo.write("waivers.yaml", "waivers:\n  - rule: SFP-OAUTH-001\n    resource: ConnectedApp/Loyalty_Analytics\n"
               "    justification: needed\n    owner: dev@example.com\n    expires: 2027-06-01\n")
    repo.commit("widen scope and waive it")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--waivers", "waivers.yaml",
                                "--today", "2026-12-01")
    assert code == 1
    assert statuses(report)[APP_FINDING] == "new"
    assert "waivers.yaml" in _gate_findings(report)


def test_a_change_cannot_rewrite_the_policies_that_judge_it(tmp_path: Path) -> None:
    """A team rule in the repository flags connected apps named Loyalty_*; the change empties it."""
    repo = GitRepo(tmp_path / "org")
    rule = ("# METADATA\n# title: Loyalty apps are reviewed\n# custom:\n#   id: TEAM-001\n#   severity: high\n"
            "package sfpolicy.rules.team.loyalty\n\nimport rego.v1\n\n"
            "deny contains f if {\n\tsome name, app in input.connectedApps\n\tstartswith(name, \"Loyalty\")\n"
            "\tf := {\"msg\": \"review\", \"resource\": {\"type\": \"ConnectedApp\", \"name\": name},\n"
            "\t\t\"location\": {\"file\": app._file, \"line\": 1}, \"key\": name}\n}\n")
    repo.write("team-policies/loyalty.rego", rule)
    repo.commit("team rule")
    repo.write("team-policies/loyalty.rego", rule.replace('startswith(name, "Loyalty")', "false"))
    repo.widen_scope()
    repo.commit("widen scope and neuter the team rule")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1", "--policy", "team-policies")
    assert code == 1
    assert by_rule(report, "TEAM-001")  # the base's rule ran
    changed = _gate_findings(report)["team-policies/loyalty.rego"]
    assert changed["line"] == 12 and "policy folder" in changed["message"]


def test_an_unchanged_gate_adds_no_finding(tmp_path: Path) -> None:
    repo = _widened(tmp_path)
    repo.write("sfpolicy.yaml", "severity: {SFP-OAUTH-001: low}\n")
    repo.git("add", "sfpolicy.yaml")
    repo.git("commit", "-q", "-m", "config")
    repo.commit("widen scope")
    code, report, _ = repo.scan("--ref", "HEAD", "--base", "HEAD~1")
    assert code == 0 and not by_rule(report, "SFP-GATE-001")
