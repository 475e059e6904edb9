"""The docs a newcomer follows stay true: the worked custom rule of docs/writing-rules.md is shown as
it is, its tests pass and it reports what the page says; docs/configuration.md shows the file
`sfpolicy init` writes and every key."""

from __future__ import annotations

from tests.conftest import FIXTURES, ROOT, run_cli

EXAMPLE = ROOT / "docs" / "examples" / "acme-rules"
PAGE = ROOT / "docs" / "writing-rules.md"


def test_the_page_shows_the_example_files_verbatim() -> None:
    page = PAGE.read_text("utf-8")
    for name in ("export_reports.rego", "export_reports_test.rego"):
        assert f"```rego\n{(EXAMPLE / name).read_text('utf-8').rstrip()}\n```" in page, name


def test_the_example_tests_pass() -> None:
    proc = run_cli("policies", "test", str(EXAMPLE), "-v")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed, 0 failed" in proc.stdout


def test_the_example_rule_reports_what_the_page_says() -> None:
    proc = run_cli("scan", str(FIXTURES / "leaky-retail-org"), "--policy", str(EXAMPLE), "--no-builtin",
                   "--rule", "ACME-*", "--fail-on", "high")
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if "ACME-001" in line]
    assert len(lines) == 1 and lines[0].split()[:3] == [
        "force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml:6", "HIGH", "ACME-001"]
    assert "`force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml:6  HIGH  ACME-001`" in (
        PAGE.read_text("utf-8"))
    assert "1 finding from 1 rules" in proc.stdout  # counted as a rule of its own


def test_configuration_page_shows_the_starter_file_and_every_key() -> None:
    from scanner.config import DEFAULTS, STARTER_CONFIG

    page = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    assert f"```yaml\n{STARTER_CONFIG.rstrip()}\n```" in page
    table = page[page.index("## The keys"):page.index("## Waivers")]
    assert all(f"`{key}`" in table for key in DEFAULTS), [k for k in DEFAULTS if f"`{k}`" not in table]
