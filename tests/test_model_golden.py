"""Golden org models of the fixture orgs: any change to what policies receive shows up here.

When a change is intended (a fixture was edited, the normaliser learnt something), regenerate with
``SFPOLICY_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_model_golden.py`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import json

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.org_model_helpers import UPDATE, normalise

GOLDEN = ROOT / "tests" / "golden"
FIXTURE_ORGS = ["leaky-retail-org", "hardened-org", "edge-cases/every-type"]


@pytest.mark.parametrize("fixture", FIXTURE_ORGS)
def test_org_model_matches_golden(fixture: str) -> None:
    model, issues = normalise(FIXTURES / fixture)
    assert [str(i) for i in issues] == []
    text = json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    golden = GOLDEN / (fixture.replace("/", "__") + ".json")
    if UPDATE:
        golden.write_text(text, "utf-8")
    assert golden.is_file(), f"no golden for {fixture}: run SFPOLICY_UPDATE_GOLDEN=1 pytest {__file__}"
    expected = golden.read_text("utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{golden.name}", "normalised now", n=2))
        pytest.fail(f"the org model of fixtures/{fixture} changed (if intended, rerun with "
                    f"SFPOLICY_UPDATE_GOLDEN=1 and review the diff):\n{diff[:6000]}", pytrace=False)
