"""Per-rule precision and volume of the rule pack on the shared corpus, against the labelled findings.

    PYTHONPATH=. python -m benchmarks.quality.run [CORPUS] [--unlabelled] [--drafts DIR]

Scans every corpus repository with the default configuration, matches each finding to its label
(benchmarks/quality/labels/), and prints per rule: findings, true positives, false positives, noise,
unlabelled, platform-owned (counted, not judged: reported apart by default) and precision
(tp / labelled), then the totals; then what needs attention: labelled true
positives that are gone, labelled false positives that came back, open false positives that are fixed,
and (with ``--unlabelled``) every unlabelled finding. ``--drafts DIR`` writes, per repository, the
unlabelled findings as label entries to fill in. Exit 1 when a true positive is lost or a false
positive came back.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from benchmarks.quality.labels import Comparison, compare, draft, load, precision
from scanner.gate import scan
from scanner.result import ScanOptions

DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
#: Rules whose precision on the corpus must be at least this (issue 24).
TARGET = 0.9


def compare_corpus(corpus: Path) -> list[Comparison]:
    """Scan each repository of ``corpus`` and compare its findings with its labels."""
    out = []
    for repo in sorted(p for p in corpus.iterdir() if p.is_dir()):
        result = scan(repo, ScanOptions(fail_on="none", allow_parse_errors=True))
        out.append(compare(repo.name, result.findings, load(repo.name)))
    return out


def table(comparisons: list[Comparison]) -> str:
    """The per-rule precision table (Markdown), with a total row."""
    per_rule: dict[str, Counter] = {}
    for comparison in comparisons:
        for rule, counts in comparison.per_rule.items():
            per_rule.setdefault(rule, Counter()).update(counts)
    lines = ["| rule | findings | platform-owned | tp | fp | noise | unlabelled | precision |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    total: Counter = Counter()
    for rule, counts in sorted(per_rule.items()):
        total.update(counts)
        lines.append(_row(rule, counts))
    lines.append(_row("**total**", total))
    return "\n".join(lines)


def _row(name: str, counts: Counter) -> str:
    share = precision(counts)
    shown = "n/a" if share is None else f"{share:.0%}" + (" ⚠" if share < TARGET else "")
    return (f"| {name} | {sum(counts.values())} | {counts['owned']} | {counts['tp']} | {counts['fp']} | "
            f"{counts['noise']} | {counts['unlabelled']} | {shown} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--unlabelled", action="store_true", help="list every unlabelled finding")
    parser.add_argument("--drafts", type=Path, help="write label drafts of unlabelled findings to this folder")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    comparisons = compare_corpus(args.corpus)
    print(table(comparisons))
    print()
    print("| repository | findings | unlabelled |")
    print("|---|---:|---:|")
    for c in comparisons:
        print(f"| {c.repo} | {sum(sum(v.values()) for v in c.per_rule.values())} | {len(c.unlabelled)} |")
    failed = False
    for c in comparisons:
        for label in c.lost:
            failed = True
            print(f"LOST true positive  {c.repo}: {label.key}  ({label.reason})")
        for label in c.returned:
            failed = True
            print(f"RETURNED false positive  {c.repo}: {label.key}  ({label.reason})")
        for label in c.fixed:
            print(f"fixed (drop `open`)  {c.repo}: {label.key}")
        if args.unlabelled:
            for finding in c.unlabelled:
                print(f"unlabelled  {c.repo}: {finding.rule_id} | {finding.resource_type}/{finding.resource_name} | "
                      f"{finding.key}  {finding.message[:160]}")
        if args.drafts and c.unlabelled:
            args.drafts.mkdir(parents=True, exist_ok=True)
            text = yaml.safe_dump([draft(f) for f in c.unlabelled], sort_keys=False, allow_unicode=True, width=120)
            (args.drafts / f"{c.repo}.yaml").write_text(text, "utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
