"""Benchmark sfpolicy on a generated org against the lxml lower bound.

Steps, each run in its own child process so its wall time, CPU time and peak RSS are its own:

  a. lxml      read every metadata file and parse it with lxml alone (the lower bound)
  b. normalize ``sfpolicy normalize`` (or, before that command exists, discover + build_model)
  c. scan      a full ``sfpolicy scan`` with every built-in rule, writing SARIF, JSON and HTML
  d. pr-scan   ``sfpolicy scan --base`` of a change touching 3 files (when ``--base`` exists): without a
               cache; with the base's components cached; with the base scanned before; and as the PR
               gate of the reusable workflow runs it (SARIF, Markdown, annotations)

Each step runs ``--runs`` times; the table gives medians and the ratios c/a and d/c. Results go to
``benchmarks/results/<size>.md`` and ``.json``. The org is generated once per size and seed under
``--work`` (outside the repository) and reused while the generator version is unchanged.

    python benchmarks/run.py --size medium --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_org  # noqa: E402  (a sibling script, not a package)

SFPOLICY = [sys.executable, "-m", "scanner"]
# Files the lower bound parses: everything but Apex bodies, JSON, the benchmark's own marker and the
# project's sfpolicy.yaml.
_NOT_XML = (".cls", ".trigger", ".json", ".yaml")
# The PR change: (file below the package dir, text to find, replacement); each adds a finding.
PR_CHANGES = (
    ("profiles/Sales Region 010.profile", "<name>ActivitiesAccess</name>", "<name>ModifyAllData</name>"),
    ("connectedApps/Integration_App_001.connectedApp", "<scopes>Api</scopes>", "<scopes>Full</scopes>"),
    ("remoteSiteSettings/Remote_002.remoteSite", "<url>https://", "<url>http://"),
)
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_mb: float
    rc: int


@dataclass
class Step:
    key: str
    label: str
    command: list[str] | None
    note: str = ""
    samples: list[Sample] = field(default_factory=list)
    #: Run (unmeasured) before each sample: empty or warm a cache.
    prepare: Callable[[], None] | None = None

    def median(self, attr: str) -> float | None:
        values = [getattr(s, attr) for s in self.samples]
        return statistics.median(values) if values else None


# -- child-side helpers (run as ``run.py _measure ...`` / ``_lxml`` / ``_normalize``) -----------------

def measure_child(cmd: list[str], memory_limit_gb: float) -> None:
    """Run ``cmd`` and print its wall time, CPU time and peak RSS as JSON (this process measures nothing else).

    The address space of ``cmd`` is capped at ``memory_limit_gb`` so that a step that blows up fails
    alone (MemoryError, a failed step in the table) instead of pushing a shared machine into swap or OOM.
    """
    limit = int(memory_limit_gb * 1024 ** 3)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=cap)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-4000:])
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
                      "rc": proc.returncode}))


def metadata_files(root: Path) -> list[Path]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(Path(dirpath, f) for f in sorted(filenames) if not f.startswith(".") and not f.endswith(_NOT_XML))
    return out


def lxml_parse_all(root: Path) -> None:
    """The lower bound: read and parse every file with the scanner's own (hardened) lxml settings."""
    from lxml import etree

    parser_args = {"resolve_entities": False, "no_network": True, "load_dtd": False, "remove_comments": True,
                   "remove_pis": True, "collect_ids": False}
    elements = 0
    for path in metadata_files(root):
        tree = etree.fromstring(path.read_bytes(), etree.XMLParser(**parser_args))
        elements += 1 + len(tree)
    print(elements)


def library_normalize(root: Path, out: Path) -> None:
    """``sfpolicy normalize`` through the library, for trees where the command does not exist yet."""
    from scanner.metadata.discover import discover
    from scanner.metadata.model import build_model
    from scanner.sources.directory import DirectorySource

    source = DirectorySource(root)
    components, layout = discover(source)
    built = build_model(source, components, layout)
    out.write_text(json.dumps(built.model, separators=(",", ":")), "utf-8")


# -- parent side ------------------------------------------------------------------------------------

def cli_help(*args: str) -> str:
    proc = subprocess.run([*SFPOLICY, *args, "--help"], capture_output=True, text=True, cwd="/",
                          env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    return proc.stdout


def ensure_org(work: Path, size: str, seed: int) -> Path:
    """Generate the org (once per size/seed/generator version) and commit it as the PR base."""
    org = work / f"{size}-{seed}"
    marker = org / ".sfpolicy-bench.json"
    want = {"generator_version": generate_org.GENERATOR_VERSION, "size": size, "seed": seed, "format": "source"}
    current = json.loads(marker.read_text()) if marker.exists() else {}
    if any(current.get(k) != v for k, v in want.items()) or not (org / ".git").exists():
        print(f"generating the {size} org in {org} …", file=sys.stderr)
        summary = generate_org.generate(org, size, seed, "source")
        print(f"  {summary['files']:,} files, {summary['bytes'] / 1e6:,.1f} MB; committing it as the PR base",
              file=sys.stderr)
        git(org, "init", "-q", "-b", "main")
        git(org, "add", ".")
        git(org, "commit", "-q", "-m", "base")
    return org


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    return subprocess.run(["git", "-c", "core.compression=1", *args], cwd=repo, env=env, check=True,
                          capture_output=True, text=True).stdout


def apply_pr_change(org: Path) -> None:
    base = org / "force-app/main/default"
    for rel, old, new in PR_CHANGES:
        path = base / f"{rel}-meta.xml"
        text = path.read_text("utf-8")
        if old not in text:
            raise SystemExit(f"benchmark PR change: {old!r} not found in {path}")
        path.write_text(text.replace(old, new, 1), "utf-8")


def revert_pr_change(org: Path) -> None:
    git(org, "checkout", "-q", "--", ".")


def build_steps(org: Path, out: Path) -> list[Step]:
    """The measured steps. With the component cache, the full scan starts from an empty cache (a
    first scan, which also writes it), and the PR scan is measured three ways: without any cache;
    with the components of the base cached but not its findings; and with what a scan of the base
    (``scan --ref main``, e.g. the main branch's CI job, or an earlier push of the PR) leaves."""
    scan_help = cli_help("scan")
    top_help = cli_help()
    reports = ["--sarif", str(out / "scan.sarif"), "--json", str(out / "scan.json")]
    if "--html" in scan_help:
        reports += ["--html", str(out / "scan.html")]
    quiet = ["--quiet"] if "--quiet" in scan_help else []
    scan = [*SFPOLICY, "scan", str(org), "--fail-on", "none", *quiet, *reports]
    cached = "--cache-dir" in scan_help
    no_cache = ["--no-cache"] if cached else []
    steps = [Step("lxml", "(a) lxml parse only (lower bound)",
                  [sys.executable, str(Path(__file__).resolve()), "_lxml", str(org)])]
    if "normalize" in top_help:
        steps.append(Step("normalize", "(b) sfpolicy normalize",
                          [*SFPOLICY, "normalize", str(org), "--output", str(out / "model.json"), *no_cache]))
    else:
        steps.append(Step("normalize", "(b) normalize (library: discover + build_model)",
                          [sys.executable, str(Path(__file__).resolve()), "_normalize", str(org),
                           str(out / "model.json")],
                          note="`sfpolicy normalize` does not exist yet; measured the library path"))
    scan_cache, pr_cache = out / "cache-scan", out / "cache-pr"
    if cached:
        steps.append(Step("scan", "(c) full scan, all built-in rules", [*scan, "--cache-dir", str(scan_cache)],
                          note="reports: " + ", ".join(a.lstrip("-") for a in reports[::2]) + "; empty cache",
                          prepare=lambda: shutil.rmtree(scan_cache, ignore_errors=True)))
        steps.append(Step("scan-nocache", "(c0) full scan without the cache", [*scan, "--no-cache"],
                          note="the same, reading and writing no cache"))
    else:
        steps.append(Step("scan", "(c) full scan, all built-in rules", scan,
                          note="reports: " + ", ".join(a.lstrip("-") for a in reports[::2])))
    if "--base" not in scan_help:
        steps.append(Step("pr", "(d) PR scan (--base, 3 files changed)", None,
                          note="`sfpolicy scan --base` does not exist yet: not measured"))
        return steps
    pr = [*scan, "--base", "main"]
    steps.append(Step("pr", "(d) PR scan (--base, 3 files changed)", [*pr, *no_cache],
                      note="no cache" if cached else ""))
    if cached:
        def warm_with_base(keep_findings: bool) -> Callable[[], None]:
            def prepare() -> None:  # what a scan of the base (e.g. the main branch's CI job) leaves
                shutil.rmtree(pr_cache, ignore_errors=True)
                subprocess.run([*SFPOLICY, "scan", str(org), "--ref", "main", "--fail-on", "none", "--quiet",
                                "--cache-dir", str(pr_cache)], check=True, stdout=subprocess.DEVNULL)
                if not keep_findings:
                    shutil.rmtree(pr_cache / "base-scans", ignore_errors=True)
            return prepare

        steps.append(Step("pr-cached", "(d2) PR scan, components of the base cached",
                          [*pr, "--cache-dir", str(pr_cache)],
                          note="the base's findings not stored: e.g. a cache restored from another commit",
                          prepare=warm_with_base(keep_findings=False)))
        steps.append(Step("pr-warm", "(d3) PR scan, the base scanned before",
                          [*pr, "--cache-dir", str(pr_cache)],
                          note="`scan --ref main` (the main branch's job) or an earlier push left its findings",
                          prepare=warm_with_base(keep_findings=True)))
        # The PR gate as the reusable workflow (.github/workflows/sfpolicy-pr.yml) runs it: reports for the
        # pull request (code scanning, job summary, annotations), none of which needs the whole org model.
        gate = [*SFPOLICY, "scan", str(org), "--fail-on", "none", *quiet, "--sarif", str(out / "gate.sarif"),
                "--markdown", str(out / "gate.md"), "--annotations", "--base", "main", "--cache-dir", str(pr_cache)]
        steps.append(Step("pr-gate", "(d4) PR gate, the base scanned before", gate,
                          note="as the reusable workflow runs it: SARIF, Markdown, annotations (no JSON or HTML); "
                               "the base as in (d3)",
                          prepare=warm_with_base(keep_findings=True)))
    return steps


class StepFailed(Exception):
    """A measured command exited with an error; the message holds the end of its stderr."""


def measure(step: Step, cwd: Path, memory_limit_gb: float) -> Sample:
    """One run of ``step`` in a fresh measuring process (``cwd`` outside the repository, so that
    ``PYTHONPATH`` decides which checkout of the scanner runs)."""
    assert step.command is not None
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_measure", str(memory_limit_gb), "--",
                           *step.command], capture_output=True, text=True, cwd=cwd)
    if proc.returncode != 0 or not proc.stdout.strip():
        raise SystemExit(f"{step.label}: the measuring process failed:\n{proc.stderr}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:  # every step runs with --fail-on none: anything but 0 is a failure
        raise StepFailed(f"exit code {data['rc']}: {proc.stderr.strip().splitlines()[-1:] or ['no message']}")
    return Sample(**data)


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def render_markdown(result: dict) -> str:
    lines = [
        f"# sfpolicy benchmark: {result['size']} org",
        "",
        f"{result['org']['files']:,} files, {result['org']['bytes'] / 1e6:,.1f} MB of XML (seed "
        f"{result['org']['seed']}, SFDX source format); {result['runs']} runs per step, medians; "
        f"{result['machine']['cpus']} CPUs, Python {result['machine']['python']}, "
        f"load average {result['machine']['loadavg']} at start (a shared machine: timings may be noisy).",
        "",
        "| step | wall s | CPU s | peak RSS MB | note |",
        "|---|---:|---:|---:|---|",
    ]
    for step in result["steps"]:
        if step["wall"] is None:
            lines.append(f"| {step['label']} | – | – | – | {step['note']} |")
        else:
            lines.append(f"| {step['label']} | {step['wall']:.2f} | {step['cpu']:.2f} | {step['rss_mb']:,.0f} | "
                         f"{step['note']} |")
    r = result["ratios"]
    lines += ["", "| ratio | value | target |", "|---|---:|---|",
              f"| full scan / lxml (wall) | {_fmt(r['scan_over_lxml'])} | ≤ 4 |",
              *([f"| full scan without the cache / lxml (wall) | {_fmt(r['scan_nocache_over_lxml'])} | ≤ 4 |"]
                if "scan_nocache_over_lxml" in r else []),
              f"| full scan / lxml (CPU) | {_fmt(r['scan_over_lxml_cpu'])} | |",
              f"| PR scan / full scan (wall) | {_fmt(r['pr_over_scan'])} | ≤ 0.15 |",
              f"| PR scan / full scan (CPU) | {_fmt(r['pr_over_scan_cpu'])} | |",
              *(f"| {label} / full scan (wall) | {_fmt(r[key])} | ≤ 0.15 |"
                for key, label in (("pr_cached_over_scan", "PR scan, components cached"),
                                   ("pr_warm_over_scan", "PR scan, the base scanned before"),
                                   ("pr_gate_over_scan", "PR gate, the base scanned before")) if key in r),
              f"| peak RSS of the full scan, MB | {_fmt(r['scan_rss_mb'])} | ≤ 4,096 |", ""]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def run(size: str, seed: int, runs: int, work: Path, results: Path, memory_limit_gb: float = 12.0) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    org = ensure_org(work, size, seed)
    out = work / f"{size}-{seed}-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    steps = build_steps(org, out)
    summary = json.loads((org / ".sfpolicy-bench.json").read_text())
    loadavg = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    for step in steps:
        if step.command is None:
            continue
        if step.key.startswith("pr"):
            apply_pr_change(org)
        try:
            for i in range(runs):
                if step.prepare is not None:
                    step.prepare()
                sample = measure(step, out, memory_limit_gb)
                step.samples.append(sample)
                print(f"{step.label}: run {i + 1}/{runs}: {sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU, "
                      f"{sample.rss_mb:,.0f} MB", file=sys.stderr)
        except StepFailed as exc:
            step.samples.clear()
            step.note = f"failed ({exc})"
            print(f"{step.label}: {step.note}", file=sys.stderr)
        finally:
            if step.key.startswith("pr"):
                revert_pr_change(org)
    by_key = {s.key: s for s in steps}
    result = {
        "size": size, "runs": runs,
        "org": {"files": summary["files"], "bytes": summary["bytes"], "seed": seed,
                "generator_version": summary["generator_version"]},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "loadavg": loadavg},
        "steps": [{"key": s.key, "label": s.label, "note": s.note, "wall": s.median("wall"), "cpu": s.median("cpu"),
                   "rss_mb": s.median("rss_mb"), "samples": [asdict(x) for x in s.samples]} for s in steps],
        "ratios": {
            "scan_over_lxml": ratio(by_key["scan"].median("wall"), by_key["lxml"].median("wall")),
            **({"scan_nocache_over_lxml": ratio(by_key["scan-nocache"].median("wall"), by_key["lxml"].median("wall"))}
               if "scan-nocache" in by_key else {}),
            "pr_over_scan": ratio(by_key["pr"].median("wall"), by_key["scan"].median("wall")),
            **{f"{key.replace('-', '_')}_over_scan": ratio(by_key[key].median("wall"), by_key["scan"].median("wall"))
               for key in ("pr-cached", "pr-warm", "pr-gate") if key in by_key},
            # CPU time suffers less than wall time from other jobs on a shared machine.
            "scan_over_lxml_cpu": ratio(by_key["scan"].median("cpu"), by_key["lxml"].median("cpu")),
            "pr_over_scan_cpu": ratio(by_key["pr"].median("cpu"), by_key["scan"].median("cpu")),
            "scan_rss_mb": by_key["scan"].median("rss_mb"),
        },
    }
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{size}.json").write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    (results / f"{size}.md").write_text(render_markdown(result), "utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_measure"]:  # _measure LIMIT_GB -- CMD...
        measure_child(argv[3:], float(argv[1]))
        return 0
    if argv[:1] == ["_lxml"]:
        lxml_parse_all(Path(argv[1]))
        return 0
    if argv[:1] == ["_normalize"]:
        library_normalize(Path(argv[1]), Path(argv[2]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(generate_org.SIZES), default="medium")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sfpolicy-bench"),
                        help="Where generated orgs and outputs go (outside the repository).")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--memory-limit-gb", type=float, default=12.0,
                        help="Address-space cap per measured process (a runaway step fails alone).")
    args = parser.parse_args(argv)
    result = run(args.size, args.seed, args.runs, args.work, args.results, args.memory_limit_gb)
    print(render_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
