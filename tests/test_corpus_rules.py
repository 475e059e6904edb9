"""The rule pack on real repositories (../shared/corpus): the positives found here independently, with
grep-style checks on the raw files, must all be reported, at the file they are in.

The expectations are computed from the text of the files, not from the org model, so a parser or rule
regression cannot hide behind itself.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.result import ScanOptions, ScanResult
from tests.conftest import corpus_repos, requires_corpus

pytestmark = [requires_corpus, pytest.mark.corpus]

REPOS = corpus_repos()


@cache
def scanned(repo: Path) -> ScanResult:
    return scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))


def _files(repo: Path, folder: str, suffix: str) -> list[tuple[str, str]]:
    """(relative path, text) of every ``<folder>/*.<suffix>[-meta.xml]`` file of the repository."""
    out = []
    for path in sorted(repo.rglob(f"*.{suffix}*")):
        if path.parent.name == folder and re.search(rf"\.{suffix}(-meta\.xml)?$", path.name):
            out.append((path.relative_to(repo).as_posix(), path.read_text("utf-8", errors="replace")))
    return out


def _active(text: str) -> bool:
    return "<isActive>false</isActive>" not in text


#: Security.settings elements whose value below Salesforce Health Check's baseline SFP-SEC-010 reports.
HEALTH_CHECK_WEAK = (
    ("requireHttpOnly", "false"), ("lockSessionsToDomain", "false"), ("enableXssProtection", "false"),
    ("enableContentSniffingProtection", "false"), ("enableAdminLoginAsAnyUser", "true"), ("forceRelogin", "false"),
    ("enforceIpRangesEveryRequest", "false"), ("enableCSPOnEmail", "false"), ("minimumPasswordLifetime", "false"),
    ("redirectionWarning", "false"), ("forceLogoutOnSessionTimeout", "false"),
    ("identityConfirmationOnEmailChange", "false"), ("identityConfirmationOnTwoFactorRegistrationEnabled", "false"),
    ("obscureSecretAnswer", "false"), ("untrustedRedirect", "AlwaysAllowed"),
)

#: The Visualforce pages Salesforce creates with every site (SFP-ACS-030 leaves them out).
STOCK_SITE_PAGES = {
    "AnswersHome", "BandwidthExceeded", "ChangePassword", "CommunitiesLanding", "CommunitiesLogin",
    "CommunitiesSelfReg",
    "CommunitiesSelfRegConfirm", "CommunitiesTemplate", "Exception", "FileNotFound", "ForgotPassword",
    "ForgotPasswordConfirm", "IdeasHome", "InMaintenance", "MyProfilePage", "SiteLogin", "SiteRegister",
    "SiteRegisterConfirm", "SiteTemplate", "StdExceptionTemplate", "Unauthorized", "UnderConstruction",
}


def _expected_org_settings(repo: Path, want: Counter) -> None:
    """Security.settings below the baseline, active sites without protections, guest-callable pages."""
    for rel, text in _files(repo, "settings", "settings"):
        if not re.search(r"(^|/)Security\.settings(-meta\.xml)?$", rel):
            continue
        want["SFP-SEC-010", rel] += sum(f"<{element}>{weak}</{element}>" in text for element, weak in HEALTH_CHECK_WEAK)
        if re.search(r"<maxLoginAttempts>(FiveAttempts|TenAttempts|NoLimit)</maxLoginAttempts>", text):
            want["SFP-SEC-005", rel] += 1
        want["SFP-SEC-006", rel] += len(re.findall(r"<enableClickjack\w+>false</enableClickjack\w+>", text))
    for rel, text in _files(repo, "sites", "site"):
        if "<active>true</active>" in text and re.search(
                r"<(requireHttps|browserXssProtection|contentSniffingProtection)>false<", text):
            want["SFP-SEC-011", rel] += 1
    for rel, text in _files(repo, "profiles", "profile"):
        if "<userLicense>Guest User License</userLicense>" not in text:
            continue
        pages = set(re.findall(r"<apexPage>([^<]+)</apexPage>\s*<enabled>true</enabled>", text)) - STOCK_SITE_PAGES
        permissions = re.findall(r"<customPermissions>\s*<enabled>true</enabled>", text)
        if pages or permissions:
            want["SFP-ACS-030", rel] += 1


def _expected(repo: Path) -> Counter:
    """(rule id, file) → how many findings the raw files call for."""
    want: Counter = Counter()
    for rel, text in _files(repo, "remoteSiteSettings", "remoteSite"):
        if "<disableProtocolSecurity>true</disableProtocolSecurity>" in text:
            want["SFP-NET-002", rel] += 1
        if re.search(r"<url>\s*http://", text, re.IGNORECASE) and _active(text):
            want["SFP-NET-001", rel] += 1
    for rel, text in _files(repo, "connectedApps", "connectedApp"):
        if "<scopes>Full</scopes>" in text:
            want["SFP-OAUTH-001", rel] += 1
        refresh_scope = re.search(r"<scopes>(RefreshToken|OfflineAccess|Full)</scopes>", text)
        if refresh_scope and ("<refreshTokenPolicy>infinite</refreshTokenPolicy>" in text
                              or "<refreshTokenPolicy>" not in text):
            want["SFP-OAUTH-002", rel] += 1
        if "<ipRelaxation>BYPASS</ipRelaxation>" in text:
            want["SFP-OAUTH-004", rel] += 1
    for rel, text in _files(repo, "sharingRules", "sharingRules"):
        guest_rules = text.count("<sharingGuestRules>")
        if guest_rules:
            want["SFP-SHR-004", rel] += guest_rules
    for rel, text in _files(repo, "flows", "flow"):
        if "<runInMode>SystemModeWithoutSharing</runInMode>" in text:
            want["SFP-CODE-001", rel] += 1
    _expected_org_settings(repo, want)
    return +want


def _found(result: ScanResult, rules: set[str]) -> Counter:
    return Counter((f.rule_id, f.file) for f in result.findings if f.rule_id in rules)


@pytest.mark.parametrize("repo", REPOS, ids=[r.name for r in REPOS])
def test_grep_positives_are_reported(repo):
    want = _expected(repo)
    found = _found(scanned(repo), {rule for rule, _ in want} | {"SFP-NET-002"})
    missing = {key: n for key, n in want.items() if found[key] < n}
    assert not missing, f"positives in the raw files that were not reported: {missing}"


def test_the_corpus_holds_the_known_real_positives():
    """Guards the test above from passing vacuously: the corpus has these misconfigurations."""
    totals = Counter()
    for repo in REPOS:
        for (rule, _), n in _expected(repo).items():
            totals[rule] += n
    for rule in ("SFP-NET-001", "SFP-NET-002", "SFP-OAUTH-001", "SFP-OAUTH-002", "SFP-SHR-004", "SFP-CODE-001",
                 "SFP-SEC-005", "SFP-SEC-006", "SFP-SEC-010", "SFP-SEC-011", "SFP-ACS-030"):
        assert totals[rule] > 0, f"no grep positive for {rule} in the corpus"


@pytest.mark.parametrize("repo", REPOS, ids=[r.name for r in REPOS])
def test_every_finding_points_inside_its_file(repo):
    result = scanned(repo)
    assert result.rules, "the built-in rules ran"
    for f in result.findings:
        assert f.file, (f.rule_id, f.message)
        lines = (repo / f.file).read_text("utf-8", errors="replace").splitlines()
        assert 1 <= f.line <= len(lines), (f.rule_id, f.file, f.line)
        assert "Placeholder_Value" not in f.message
