"""``sfpolicy fix`` on real repositories (issue 21): on every ``../shared/corpus`` repository the dry run prints
its diff without error and touches only the files of the findings it fixes; edited projects still resolve with
the Salesforce CLI's own library (``tools/sdr_parity``, as tests/test_sdr_parity.py runs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from scanner.fix.run import write
from scanner.gate import scan
from scanner.metadata.xmlparse import parse_xml
from scanner.plan.fixing import dry_run
from scanner.result import ScanOptions
from tests.conftest import CORPUS, FIXTURES, corpus_repos, requires_corpus, run_cli
from tests.test_sdr_parity import SDR_DIR, _resolver_missing


@requires_corpus
@pytest.mark.parametrize("repo", corpus_repos(), ids=lambda p: p.name)
def test_dry_run_diff_touches_only_the_files_of_fixed_findings(repo: Path) -> None:
    proc = run_cli("fix", str(repo))
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower() and "Traceback" not in proc.stderr
    touched = {line[6:] for line in proc.stdout.splitlines() if line.startswith("+++ b/")}
    result = scan(repo, ScanOptions(fail_on="none"))
    run = dry_run(result)
    assert run is not None
    assert touched == set(run.files)
    allowed = {p for f, _, _ in run.fixed for p in [f.file, *(r["file"] for r in f.related)]}
    assert touched <= allowed, sorted(touched - allowed)
    assert len(proc.stderr.splitlines()) >= len(run.fixed) + len(run.refused)
    for path, (before, after) in run.files.items():
        parse_xml(after.encode("utf-8"))  # still well-formed
        assert len(before.splitlines()) == len(after.splitlines()), path


def _resolve(roots: list[Path]) -> dict[str, dict]:
    missing = _resolver_missing()
    if missing is not None:
        if os.environ.get("SFPOLICY_REQUIRE_SDR") == "1":
            pytest.fail(f"SFPOLICY_REQUIRE_SDR=1 but the Salesforce CLI resolver cannot run: {missing}")
        pytest.skip(f"the Salesforce CLI resolver cannot run: {missing}")
    proc = subprocess.run(["node", str(SDR_DIR / "resolve.js"), *map(str, roots)], capture_output=True, text=True,
                          timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _projects() -> list[Path]:
    chosen = [FIXTURES / "leaky-retail-org"]
    if CORPUS.is_dir():  # the corpus repositories where fix edits the most, one per format
        chosen += [CORPUS / "GSA__SF_WorkSpace", CORPUS / "CarePlusHCSB__CarePlus_V2"]
    return chosen


def test_fixed_projects_still_resolve_with_the_salesforce_cli_library(tmp_path: Path) -> None:
    copies = []
    for project in _projects():
        copy = tmp_path / project.name
        shutil.copytree(project, copy, symlinks=True)
        copies.append(copy)
    before = _resolve(copies)
    edited = 0
    for copy in copies:
        run = dry_run(scan(copy, ScanOptions(fail_on="none", reuse=False)))
        assert run is not None and run.files
        edited += len(write(copy, run))
    after = _resolve(copies)
    for copy in copies:
        assert "error" not in after[str(copy)], after[str(copy)]
        # The same components from the same files, and no file refused that was not before (the messages name
        # a temporary copy, so only the refused files are compared).
        assert after[str(copy)]["components"] == before[str(copy)]["components"], copy.name
        assert [f for f, _ in after[str(copy)]["refused"]] == [f for f, _ in before[str(copy)]["refused"]]
    assert edited > 10
