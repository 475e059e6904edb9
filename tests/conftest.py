"""Shared test helpers: where the fixtures and the real-world corpus are, and a CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from scanner.reuse.cache_key import KEY_ENV
from scanner.reuse.component_cache import CACHE_DIR_ENV

# CLI scans keep a component cache; during the tests it lives in a folder of this session, never in
# the user's ~/.cache (every scan here runs with it, so the cache is exercised by the whole suite).
os.environ[CACHE_DIR_ENV] = tempfile.mkdtemp(prefix="sfpolicy-test-cache-")
atexit.register(shutil.rmtree, os.environ[CACHE_DIR_ENV], ignore_errors=True)
# Its key comes from the environment, as in CI (tests/test_cache_authentication.py covers the key file).
os.environ[KEY_ENV] = "sfpolicy test suite"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
SARIF_SCHEMA = ROOT.parent / "shared" / "reference" / "sarif-schema-2.1.0.json"


def corpus_repos() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.is_dir())


requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real-metadata corpus not present at {CORPUS} (only in the sfpolicy workspace)"
)
requires_sarif_schema = pytest.mark.skipif(
    not SARIF_SCHEMA.is_file(), reason=f"SARIF 2.1.0 schema not present at {SARIF_SCHEMA}"
)


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed ``sfpolicy`` entry point as a user would, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "scanner", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=600
    )


def run_script(script: str, cwd: Path, env: dict[str, str], path: str | None = None,
               shell: str = "bash") -> subprocess.CompletedProcess[str]:
    """Run a CI step's script as a runner does (``bash -e``) with ``env`` added; ``sfpolicy`` is found as pip
    installed it beside this Python unless ``path`` says otherwise. The checkout is not on the import path."""
    search = path or f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([shell, "-e", "-c", script], cwd=cwd, capture_output=True, text=True,
                          env={**clean, "PATH": search, **env}, timeout=900)
