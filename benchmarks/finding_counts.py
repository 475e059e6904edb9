"""Finding counts per corpus repository and rule, to measure how much a rule change moves the volume.

    python benchmarks/finding_counts.py [CORPUS] [--json OUT]

Scans every repository folder of the corpus (default ``../shared/corpus`` from the project root) with
the default configuration and prints, per repository, the total, how many of them are on platform-owned
components (``platformOwned``: listed, not gating, under the default config) and the count of each rule; ``--json``
also writes the counts, so that two runs (before and after a change) can be compared with ``--compare``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from scanner.gate import scan
from scanner.result import ScanOptions

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def counts(corpus: Path) -> dict[str, dict[str, int]]:
    """Repository name → rule id → finding count (``"total"`` for the sum, ``"platformOwned"`` for those on
    platform-owned components)."""
    out: dict[str, dict[str, int]] = {}
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        result = scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))
        per_rule = Counter(f.rule_id for f in result.findings)
        owned = sum(1 for f in result.findings if f.platform_owned)
        out[repo.name] = {"total": sum(per_rule.values()), "platformOwned": owned, **dict(sorted(per_rule.items()))}
    return out


def table(now: dict[str, dict[str, int]], before: dict[str, dict[str, int]] | None) -> str:
    """A Markdown table of the totals (with the earlier run beside them when given)."""
    lines = [f"| repository | {'before | after' if before else 'findings'} | platform-owned |",
             "|---|---:|---:|---:|" if before else "|---|---:|---:|"]
    for repo, rules in now.items():
        owned = rules.get("platformOwned", 0)
        if before:
            lines.append(f"| {repo} | {before.get(repo, {}).get('total', 0)} | {rules['total']} | {owned} |")
        else:
            lines.append(f"| {repo} | {rules['total']} | {owned} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the counts to this file")
    parser.add_argument("--compare", type=Path, help="counts of an earlier run (--json) to show beside")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    now = counts(args.corpus)
    before = json.loads(args.compare.read_text("utf-8")) if args.compare else None
    if args.json:
        args.json.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n", "utf-8")
    for repo, rules in now.items():
        detail = ", ".join(f"{rule} {n}" for rule, n in rules.items() if rule not in ("total", "platformOwned"))
        print(f"{repo}: {rules['total']} ({detail})")
    print()
    print(table(now, before))
    return 0


if __name__ == "__main__":
    sys.exit(main())
