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
    return want


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
    for rule in ("SFP-NET-001", "SFP-NET-002", "SFP-OAUTH-001", "SFP-OAUTH-002", "SFP-SHR-004", "SFP-CODE-001"):
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
