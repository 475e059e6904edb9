"""``ScanOptions(reuse=False)`` is the one switch that turns every shortcut of scanner.reuse off, and the
findings do not change with it; the pipeline's ``on_model`` hook is where reports start their work.

Each case is a real git repository with a stored base (``scan --ref main`` into a cache), so that with
reuse on, the PR scan takes every shortcut there is (stored base, component cache, delta read).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.gate import scan
from scanner.result import ScanOptions, ScanResult, TriageOptions
from tests.git_repo import GitRepo

D = "force-app/main/default"


def _key(result: ScanResult) -> list[tuple]:
    return sorted((f.fingerprint, f.file, f.line, f.severity, f.message, f.status) for f in result.findings)


@pytest.fixture
def pr(tmp_path: Path) -> tuple[GitRepo, Path]:
    """The every-type org with its main commit scanned into a cache, and a working-tree change."""
    repo = GitRepo(tmp_path / "repo", fixture="edge-cases/every-type")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    repo.edit(f"{D}/connectedApps/Partner_Portal.connectedApp-meta.xml", "<scopes>Api</scopes>",
              "<scopes>Full</scopes>")
    return repo, cache


@pytest.mark.parametrize("needs_model", [False, True], ids=["delta", "full-model"])
def test_reuse_off_gives_the_same_findings_and_takes_no_shortcut(pr: tuple[GitRepo, Path], needs_model: bool) -> None:
    repo, cache = pr
    options = dict(fail_on="none", cache_dir=cache, needs_model=needs_model, triage=TriageOptions(base="main"))
    incremental: list[bool] = []  # whether the head evaluated only its change (against the stored base)
    with_reuse = scan(repo.path, ScanOptions(**options, on_model=lambda _, inc: incremental.append(inc)))
    stored = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    without = scan(repo.path, ScanOptions(**options, reuse=False, on_model=lambda _, inc: incremental.append(inc)))
    assert incremental == ([True, False] if needs_model else [False])  # the delta read builds no model
    assert _key(without) == _key(with_reuse)
    assert any(f.status == "new" for f in without.findings)
    assert without.exit_code == with_reuse.exit_code
    assert ("read only what changed" in " ".join(with_reuse.notes)) == (not needs_model)
    assert "read only what changed" not in " ".join(without.notes)
    # Nothing read from the cache is written back, nothing new is stored.
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == stored


def test_reuse_off_stores_nothing_for_the_next_scan(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    cache = tmp_path / "cache"
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main", reuse=False))
    assert not cache.exists() or not any(cache.rglob("*"))
    scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, ref="main"))
    assert any(cache.rglob("*.pack")) and any((cache / "base-scans").glob("*.json"))


def test_on_model_sees_the_final_model_once_before_the_rules_run(pr: tuple[GitRepo, Path]) -> None:
    """Reports start on the model here (the JSON report renders it while the rules run): the hook is called
    once, for the head only (never for the PR base), with the model the result carries."""
    repo, cache = pr
    seen: list[tuple[dict, bool]] = []
    result = scan(repo.path, ScanOptions(fail_on="none", cache_dir=cache, triage=TriageOptions(base="main"),
                                         on_model=lambda model, incremental: seen.append((model, incremental))))
    assert len(seen) == 1
    model, incremental = seen[0]
    assert model is result.model and "derived" in model
    assert incremental  # evaluated against the stored base: only the change
