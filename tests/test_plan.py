"""``sfpolicy plan`` (issue 21): the emergency action plan of a scan, in Markdown, HTML and JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scanner.findings import SEVERITY_RANK
from scanner.gate import scan
from scanner.plan.actions import ACTIONS, MANUAL_ACTIONS, PHASE_IDS
from scanner.plan.build import build_plan
from scanner.plan.fixing import dry_run
from scanner.policy.loader import load_policy_set
from scanner.report.action_plan import render_all
from scanner.result import ScanOptions
from tests.conftest import FIXTURES, ROOT, run_cli

LEAKY = FIXTURES / "leaky-retail-org"
PLAN_MD = ROOT / "reports" / "leaky-retail-org.plan.md"


@pytest.fixture(scope="module")
def leaky_plan() -> dict:
    proc = run_cli("plan", "fixtures/leaky-retail-org", "--json", "-")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _actions(plan: dict) -> list[dict]:
    return [a for phase in plan["phases"] for a in phase["actions"]]


def test_every_open_finding_is_closed_by_exactly_one_action(leaky_plan: dict) -> None:
    result = scan(LEAKY, ScanOptions(fail_on="none"))
    closed = [f["fingerprint"] for a in _actions(leaky_plan) for f in a["findings"]]
    assert sorted(closed) == sorted(f.fingerprint for f in result.findings)
    assert {f.fingerprint for f in result.findings if f.severity in ("critical", "high")} <= set(closed)
    assert [p["id"] for p in leaky_plan["phases"]] == list(PHASE_IDS)


def test_one_action_per_thing_to_do(leaky_plan: dict) -> None:
    by_what = {a["what"]: a for a in _actions(leaky_plan)}
    assert len(by_what) == len(_actions(leaky_plan))
    site = by_what["Deactivate remote site Recommendation_AI"]
    assert site["phase"] == "contain" and site["fixable"]
    assert sorted(f["rule"] for f in site["findings"]) == ["SFP-NET-001", "SFP-NET-002", "SFP-NET-006"]
    history = by_what["Track field history on Customer__c and its sensitive fields"]
    assert history["phase"] == "preserve" and history["fixable"]
    # SFP-LOG-001 leaves an object whose history is off to SFP-LOG-002: one finding, the object's.
    assert [f["rule"] for f in history["findings"]] == ["SFP-LOG-002"]
    assert history["blastRadius"]["sensitiveFields"] == 2
    tokens = by_what["Revoke all OAuth tokens of connected app Loyalty_Analytics and make its refresh tokens expire"]
    assert tokens["phase"] == "contain" and tokens["components"][0]["type"] == "ConnectedApp"


def test_actions_are_ordered_by_severity_then_blast_radius(leaky_plan: dict) -> None:
    for phase in leaky_plan["phases"]:
        ranks = [SEVERITY_RANK[a["severity"]] for a in phase["actions"]]
        assert ranks == sorted(ranks, reverse=True), phase["id"]
        assert [a["id"] for a in phase["actions"]] == [f"{phase['id'][0].upper() if phase['id'] != 'preserve' else 'E'}"
                                                       f"{i}" for i in range(1, len(phase["actions"]) + 1)]
    contain = [a for a in leaky_plan["phases"][0]["actions"] if not a["manual"]]
    critical = [a for a in contain if a["severity"] == "critical"]
    assert critical and all(a["blastRadius"]["guest"] for a in critical)
    high = [a for a in contain if a["severity"] == "high"]
    guests = [a["blastRadius"]["guest"] for a in high]
    assert guests == sorted(guests, reverse=True)  # guest exposure first


def test_manual_controls_are_actions_with_deadlines_never_passed(leaky_plan: dict) -> None:
    manual = [a for a in _actions(leaky_plan) if a["manual"]]
    assert len(manual) == len(MANUAL_ACTIONS)
    assert {a.get("control") for a in manual} >= {"SFP-MAN-001", "SFP-MAN-002", "SFP-MAN-003", "SFP-MAN-004"}
    for a in manual:
        assert a["deadline"] == f"T+{a['deadlineHours']}h" and a["deadlineHours"] > 0
        assert not a["fixable"] and not a["findings"]
    notify = next(a for a in manual if a.get("control") == "SFP-MAN-004")
    assert notify["deadlineHours"] == 72 and notify["phase"] == "contain"
    text = json.dumps(leaky_plan).lower()
    assert "passed" not in text and '"status"' not in text
    assert {a["phase"] for a in manual if a["what"].startswith(("Gate every", "Scan a production"))} == {"prevent"}


def test_fixable_actions_are_the_ones_fix_writes(leaky_plan: dict) -> None:
    run = dry_run(scan(LEAKY, ScanOptions(fail_on="none")))
    fixed = {f.fingerprint for f, _, _ in run.fixed}
    for a in _actions(leaky_plan):
        assert a["fixable"] == (bool(a["findings"]) and all(f["fingerprint"] in fixed for f in a["findings"]))
    summary = leaky_plan["summary"]
    assert summary["findingsClosedByFix"] == len(fixed) == 9
    assert summary["actions"] == {p: len(ph["actions"]) for p, ph in zip(PHASE_IDS, leaky_plan["phases"],
                                                                         strict=True)}


def test_outputs_are_deterministic_and_the_kept_plan_is_current(tmp_path: Path) -> None:
    outs = []
    for run in ("a", "b"):
        files = [tmp_path / f"{run}.md", tmp_path / f"{run}.html", tmp_path / f"{run}.json"]
        proc = run_cli("plan", "fixtures/leaky-retail-org", "--markdown", str(files[0]), "--html", str(files[1]),
                       "--json", str(files[2]))
        assert proc.returncode == 0 and proc.stdout == "", proc.stderr
        outs.append([f.read_bytes() for f in files])
    assert outs[0] == outs[1]
    markdown, html, _ = outs[0]
    assert markdown == PLAN_MD.read_bytes(), "reports/leaky-retail-org.plan.md is stale: run `make demo`"
    assert b"# Action plan" in markdown and b"## Preserve evidence" in markdown and b"T+72h" in markdown
    assert b'<section id="plan">' in html and b"http://" not in html.replace(b"http://api.openai.com", b"")
    default = run_cli("plan", "fixtures/leaky-retail-org")
    assert default.stdout.encode() == markdown


def test_the_html_report_has_the_plan_section(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    proc = run_cli("scan", "fixtures/leaky-retail-org", "--fail-on", "none", "--quiet", "--html", str(out))
    assert proc.returncode == 0, proc.stderr
    html = out.read_text("utf-8")
    assert '<section id="plan">' in html and 'href="#plan"' in html
    assert "Deactivate remote site Recommendation_AI" in html


def test_a_rule_without_an_action_entry_still_gets_one() -> None:
    result = scan(LEAKY, ScanOptions(fail_on="none", policy_dirs=[ROOT / "docs/examples/acme-rules"]))
    plan = build_plan(result)
    acme = [a for a in plan.actions if any(f.rule_id == "ACME-001" for f in a.findings)]
    assert [(a.phase, a.what) for a in acme] == [
        ("remediate", "Report export only for the reporting team: PermissionSet Marketing_Export")]
    assert not plan.fix_checked and not any(a.fixable for a in plan.actions)


def test_every_built_in_rule_has_an_action_and_every_fixer_exists() -> None:
    from scanner.fix.fixers import FIXERS

    built_in = {rule.id for rule in load_policy_set().rules.values()}
    missing = sorted(built_in - set(ACTIONS))
    assert not missing, f"add these rules to scanner/plan/actions.py (docs/action-plan.md): {missing}"
    assert {s.fix for specs in ACTIONS.values() for s in specs if s.fix} <= set(FIXERS)


def test_a_zip_is_planned_but_not_fixed(tmp_path: Path) -> None:
    zipped = shutil.make_archive(str(tmp_path / "leaky"), "zip", LEAKY)
    proc = run_cli("plan", zipped, "--json", "-")
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    assert plan["fixChecked"] is False and not any(a["fixable"] for a in _actions(plan))
    assert render_all(scan(LEAKY, ScanOptions(fail_on="none")))["json"].count('"fixable": true') == 7


def test_an_incomplete_scan_still_plans_but_exits_2(tmp_path: Path) -> None:
    root = tmp_path / "leaky"
    shutil.copytree(LEAKY, root)
    broken = root / "force-app/main/default/profiles/Broken.profile-meta.xml"
    broken.write_text("<Profile>\n<userPermissions>", "utf-8")
    out = tmp_path / "plan.json"
    proc = run_cli("plan", str(root), "--json", str(out))
    assert proc.returncode == 2
    assert "Broken.profile-meta.xml:" in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads(out.read_text("utf-8"))["summary"]["findings"] > 0
    fix = run_cli("fix", str(root))
    assert fix.returncode == 2 and "Broken.profile-meta.xml" not in fix.stdout
