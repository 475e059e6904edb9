"""How long the secret scrubber takes on ~10 MB built against each of its patterns.

    PYTHONPATH=. python benchmarks/redaction.py [--runs 3]

The inputs are those of ``tests/test_secrets.py`` (which only asserts a generous bound): each makes a
backtracking pattern try as many starts as it can. Prints the best of ``--runs`` per input, for the
file-level pre-check (``may_hold_tokens``) and the scrub itself, in seconds.
"""

from __future__ import annotations

import argparse
import time

from scanner.metadata.secrets import may_hold_tokens, scrub_text
from tests.test_secrets import ADVERSARIAL


def _best(function, text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print("| input | MB | pre-check s | scrub s |\n|---|---|---|---|")
    for name, text in sorted(ADVERSARIAL.items()):
        print(f"| {name} | {len(text) / 1e6:.1f} | {_best(may_hold_tokens, text, runs):.2f} "
              f"| {_best(scrub_text, text, runs):.2f} |")


if __name__ == "__main__":
    main()
