"""reports/ holds exactly what `make demo` writes: regenerate with `make demo` when this fails."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, run_cli


def demo_command() -> list[str]:
    """The `sfpolicy scan` arguments of the Makefile's demo recipe (one source of truth for both)."""
    text = (ROOT / "Makefile").read_text("utf-8").replace("\\\n", " ")
    recipe = re.search(r"^demo:.*\n\t\$\(BIN\)/sfpolicy (scan [^\n]*)", text, re.M)
    assert recipe, "Makefile has no `demo` recipe running $(BIN)/sfpolicy scan"
    return recipe.group(1).split()


def test_demo_writes_html_sarif_and_json():
    outputs = [arg for arg in demo_command() if arg.startswith("reports/")]
    assert {p.rsplit(".", 1)[1] for p in outputs} >= {"html", "sarif", "json"}


def test_committed_reports_are_current(tmp_path):
    args = demo_command()
    outputs = {arg: tmp_path / arg.replace("/", "_") for arg in args if arg.startswith("reports/")}
    proc = run_cli(*[str(outputs.get(a, a)) for a in args], "--quiet", cwd=ROOT)  # from the root, as make does
    assert proc.returncode == 0, proc.stderr
    stale = [name for name, fresh in outputs.items()
             if not (ROOT / name).is_file() or (ROOT / name).read_bytes() != fresh.read_bytes()]
    if stale:
        pytest.fail(f"stale example reports (run `make demo` and commit): {', '.join(sorted(stale))}")
