"""Coverage-guided fuzzing of discover → parse → normalise → derived views, for long runs outside CI.

The pytest suite (tests/test_fuzz.py) runs a few hundred derandomised examples per property; this
harness lets libFuzzer (through atheris) explore for hours. Any exception that escapes the scan is a
bug: a broken file must become a ScanIssue, never a crash.

    pip install atheris                       # not a project dependency
    python tools/fuzz_atheris.py -max_total_time=3600 fuzz-corpus/
    python tools/fuzz_atheris.py -runs=10000  # a short smoke run

On first use the seed folder (the last argument, created if missing) is filled with the metadata
files of fixtures/ and, when present, a sample of ../shared/corpus/. Crashing inputs are written by
libFuzzer as crash-* files; replay one with ``python tools/fuzz_atheris.py crash-…``.

Input format: the first byte picks the file's path (and so its metadata type, any of the registry's),
the rest is the file.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from scanner.config import load_config
    from scanner.metadata.discover import classify
    from scanner.metadata.registry import TYPES
    from scanner.pipeline import org_model
    from scanner.sources.interface import Source, SourceReadError

ROOT = Path(__file__).resolve().parent.parent
#: One file path per registered metadata type; the input's first byte picks one.
PATHS = tuple(f"force-app/main/default/{t.folder}/Fuzz.{t.suffix}-meta.xml" for t in TYPES)
CONFIG = load_config(None, None)


class MemorySource(Source):
    """One file held in memory: libFuzzer runs thousands of inputs a second, a disk write each is too slow."""

    def __init__(self, path: str, data: bytes) -> None:
        self.label = "fuzz"
        self._files = {path: data}

    def paths(self) -> Iterator[str]:
        yield from self._files

    def read(self, path: str) -> bytes:
        if path not in self._files:
            raise SourceReadError(f"{path}: no such file")
        return self._files[path]

    def size(self, path: str) -> int:
        return len(self.read(path))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    org_model(MemorySource(PATHS[data[0] % len(PATHS)], data[1:]), CONFIG)


def _seed(folder: Path) -> None:
    """Fill an empty seed folder with real metadata files, each prefixed with its path byte."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        return
    by_type = {classify(p)[0].name: i for i, p in enumerate(PATHS)}
    roots = [ROOT / "fixtures", ROOT.parent / "shared" / "corpus"]
    count = 0
    for root in (r for r in roots if r.is_dir()):
        for path in sorted(root.rglob("*.xml")):
            rel = path.relative_to(root).as_posix()
            hit = classify(rel)
            if hit is None or hit[0].name not in by_type or path.stat().st_size > 256 * 1024:
                continue
            (folder / f"seed-{count:05d}").write_bytes(bytes([by_type[hit[0].name]]) + path.read_bytes())
            count += 1
            if count >= 2000:
                return


def main() -> None:
    folders = [Path(a) for a in sys.argv[1:] if not a.startswith("-") and not Path(a).is_file()]
    for folder in folders:
        _seed(folder)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
