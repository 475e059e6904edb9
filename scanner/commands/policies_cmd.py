"""``sfpolicy policies list|show|test|doc``: browse, test and document the rule pack (and your own rules)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from scanner.commands.common import EXIT_FINDINGS, echo, user_errors

policies_app = typer.Typer(help="List, show, test and document the rules.", no_args_is_help=True)

PolicyDirs = Annotated[list[Path] | None, typer.Option("--policy", help="Also your own policies (repeatable).")]


def _rules(policy_dirs: list[Path] | None):
    from scanner.policy.loader import load_policy_set

    return sorted(load_policy_set(list(policy_dirs or [])).rules.values(), key=lambda r: r.id)


@policies_app.command("list")
def list_command(policy: PolicyDirs = None,
                 as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False) -> None:
    """Every rule: id, severity, area and title."""
    with user_errors():
        rules = _rules(policy)
        if as_json:
            rows = [{"id": r.id, "severity": r.severity, "area": r.area, "title": r.title} for r in rules]
            typer.echo(json.dumps(rows, indent=2))
            return
        width = max((len(r.id) for r in rules), default=0)
        for r in rules:
            echo(f"{r.id.ljust(width)}  {r.severity:8}  {r.area:10}  {r.title}")


@policies_app.command("show")
def show_command(rule_id: Annotated[str, typer.Argument(help="Rule id, e.g. SFP-OAUTH-001.")],
                 policy: PolicyDirs = None) -> None:
    """One rule's full metadata: description, remediation, framework mapping, references."""
    from scanner.commands.common import fail
    from scanner.policy.docs import render_rule

    with user_errors():
        match = [r for r in _rules(policy) if r.id.lower() == rule_id.lower()]
        if not match:
            raise fail(f"no rule {rule_id} (see `sfpolicy policies list`)")
        echo(render_rule(match[0]))


@policies_app.command("test")
def test_command(directory: Annotated[Path | None, typer.Argument(
        help="Folder of policies with *_test.rego files (default: the built-in rules).")] = None,
                 verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List passing tests too.")] = False,
                 ) -> None:
    """Run every test_ rule of *_test.rego on the embedded engine. Exit 1 when a test fails."""
    from scanner.engine.policy_tests import run_policy_tests
    from scanner.policy.loader import BUILTIN_POLICY_DIR

    with user_errors():
        outcomes = run_policy_tests([directory or BUILTIN_POLICY_DIR])
        failed = [o for o in outcomes if not o.passed]
        for o in outcomes:
            if verbose or not o.passed:
                echo(f"{'PASS' if o.passed else 'FAIL'}: {o.file}: {o.package}.{o.name}")
                if o.error:
                    echo("  " + o.error.replace("\n", "\n  "))
        typer.echo(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed, {len(outcomes)} tests")
        if not outcomes:
            typer.echo("no test_ rules found in *_test.rego files")
    if failed or not outcomes:
        raise typer.Exit(EXIT_FINDINGS)


@policies_app.command("doc")
def doc_command(output: Annotated[Path | None, typer.Option(help="Where to write (default: docs/rules.md).")] = None,
                check: Annotated[bool, typer.Option(
                    "--check", help="Write nothing; exit 1 when the file is not current.")] = False) -> None:
    """Write the rule reference (docs/rules.md) from the rules' # METADATA."""
    from scanner.policy import docs

    with user_errors():
        path = output or docs.DOC_PATH
        if check:
            current = path.is_file() and path.read_text("utf-8") == docs.render(docs.builtin_rules())
            typer.echo(f"{path}: {'current' if current else 'stale: run `sfpolicy policies doc`'}")
            if not current:
                raise typer.Exit(EXIT_FINDINGS)
            return
        changed = docs.write(path)
        typer.echo(f"{path}: {'written' if changed else 'already current'}")
