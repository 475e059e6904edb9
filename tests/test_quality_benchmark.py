"""The quality benchmark (benchmarks/quality/): labelled findings of every shared corpus repository.

A labelled true positive that is no longer reported is lost recall; a labelled false positive that is
reported again is a regression. Both fail here. Unlabelled findings (new rules, changed keys) do not
fail: `python -m benchmarks.quality.run --unlabelled` lists them for labelling.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.quality.labels import LABELS_DIR, Label, compare, label_key, load, precision
from scanner.findings import Finding
from scanner.gate import scan
from scanner.result import ScanOptions
from tests.conftest import CORPUS, corpus_repos, requires_corpus

REPOS = corpus_repos()


def finding(rule: str, name: str, key: str, owned: bool = False) -> Finding:
    return Finding(rule_id=rule, severity="high", message="m", resource_type="Profile", resource_name=name,
                   file="f", line=1, key=key, package="p", platform_owned=owned)


def test_comparison_names_lost_returned_fixed_unlabelled_and_owned():
    labels = {label.key: label for label in [
        Label("SFP-ACS-001 | Profile/A | k", "tp", "real"),
        Label("SFP-ACS-001 | Profile/B | k", "tp", "real, gone"),
        Label("SFP-ACS-002 | Profile/C | k", "fp", "fixed, came back"),
        Label("SFP-ACS-002 | Profile/D | k", "fp", "still reported", open=True),
        Label("SFP-ACS-002 | Profile/E | k", "fp", "open, now fixed", open=True),
        Label("SFP-ACS-003 | Profile/F | k", "noise", "true, unimportant"),
    ]}
    now = [finding("SFP-ACS-001", "A", "k"), finding("SFP-ACS-002", "C", "k"), finding("SFP-ACS-002", "D", "k"),
           finding("SFP-ACS-003", "F", "k"), finding("SFP-ACS-003", "G", "k"), finding("SFP-ACS-003", "H", "k", True)]
    result = compare("repo", now, labels)
    assert [label.key for label in result.lost] == ["SFP-ACS-001 | Profile/B | k"]
    assert [label.key for label in result.returned] == ["SFP-ACS-002 | Profile/C | k"]
    assert [label.key for label in result.fixed] == ["SFP-ACS-002 | Profile/E | k"]
    assert [label_key(f) for f in result.unlabelled] == ["SFP-ACS-003 | Profile/G | k"]
    assert result.per_rule["SFP-ACS-003"] == Counter({"noise": 1, "unlabelled": 1, "owned": 1})
    assert precision(result.per_rule["SFP-ACS-001"]) == 1.0
    assert precision(result.per_rule["SFP-ACS-002"]) == 0.0
    assert precision(Counter({"tp": 3, "noise": 1})) == 0.75


def test_a_label_file_must_give_a_verdict_and_reason(tmp_path: Path):
    (tmp_path / "r.yaml").write_text("- key: SFP-ACS-001 | Profile/A | k\n  label: maybe\n  reason: x\n", "utf-8")
    with pytest.raises(ValueError, match="needs key, label"):
        load("r", tmp_path)
    (tmp_path / "r.yaml").write_text("- {key: a, label: tp, reason: x}\n- {key: a, label: fp, reason: y}\n", "utf-8")
    with pytest.raises(ValueError, match="labelled twice"):
        load("r", tmp_path)


@requires_corpus
def test_every_label_file_names_a_corpus_repository():
    files = sorted(p.stem for p in LABELS_DIR.glob("*.yaml"))
    assert files, "no labels"
    assert set(files) <= {p.name for p in REPOS}, set(files) - {p.name for p in REPOS}


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("repo", REPOS, ids=[r.name for r in REPOS])
def test_no_labelled_true_positive_is_lost_and_no_false_positive_returns(repo: Path):
    result = scan(CORPUS / repo.name, ScanOptions(fail_on="none", allow_parse_errors=True))
    comparison = compare(repo.name, result.findings, load(repo.name))
    assert not comparison.lost, [f"{label.key}: {label.reason}" for label in comparison.lost]
    assert not comparison.returned, [f"{label.key}: {label.reason}" for label in comparison.returned]
