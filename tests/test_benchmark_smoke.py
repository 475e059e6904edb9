"""The benchmark, run small: the generated org is realistic enough to fire every built-in rule, the
generator is deterministic, the runner measures every step and writes its table, and a file above
the per-file limit is refused rather than loaded. Correctness only: no timing is asserted here
(benchmarks/run.py measures; these tests keep it working)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scanner import ScanOptions, scan
from scanner.policy.loader import load_policy_set

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load_generator():
    # benchmarks/ is a folder of scripts, not a package: load the generator by path.
    spec = importlib.util.spec_from_file_location("benchmarks_generate_org", BENCHMARKS / "generate_org.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


generate_org = _load_generator()


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def tiny_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    org = tmp_path_factory.mktemp("bench") / "tiny"
    generate_org.generate(org, "tiny", seed=7)
    return org


def test_every_builtin_rule_fires_on_the_generated_org(tiny_org: Path) -> None:
    result = scan(tiny_org, ScanOptions(fail_on="none"))
    assert result.issues == []
    builtin = {rule.id for rule in load_policy_set([]).rules.values() if rule.builtin}
    fired = {f.rule_id for f in result.findings}
    assert builtin, "no built-in rules found"
    assert sorted(builtin - fired) == [], "built-in rules with no positive in the generated org"
    # Negatives too: most components are clean, so findings stay a small fraction of the holders.
    flagged_profiles = {f.resource_name for f in result.findings if f.resource_type == "Profile"}
    assert len(flagged_profiles) < len(result.model["profiles"])


@pytest.mark.parametrize("fmt", ["source", "mdapi"])
def test_generator_is_deterministic_in_both_formats(tmp_path: Path, fmt: str) -> None:
    first = generate_org.generate(tmp_path / "a", "tiny", seed=3, fmt=fmt)
    second = generate_org.generate(tmp_path / "b", "tiny", seed=3, fmt=fmt)
    assert first == second
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")
    other = generate_org.generate(tmp_path / "c", "tiny", seed=4, fmt=fmt)
    assert other["files"] == first["files"]
    assert _tree_digest(tmp_path / "c") != _tree_digest(tmp_path / "a")


def test_both_formats_give_the_same_components(tmp_path: Path) -> None:
    counts = {}
    for fmt in ("source", "mdapi"):
        generate_org.generate(tmp_path / fmt, "tiny", seed=5, fmt=fmt)
        result = scan(tmp_path / fmt, ScanOptions(fail_on="none"))
        assert result.issues == []
        counts[fmt] = (result.component_counts, sorted((f.rule_id, f.resource_name, f.key) for f in result.findings))
    assert counts["source"] == counts["mdapi"]


def test_real_shaped_profiles_add_entry_kinds_no_rule_reads(tiny_org: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The "real" size's profiles carry many more kinds of entries, for managed packages too: all of them
    reach the model, and none changes a finding (no rule reads them), which is what the size measures."""
    import dataclasses

    monkeypatch.setitem(generate_org.SIZES, "tiny-real", dataclasses.replace(generate_org.SIZES["tiny"],
                                                                           real_profiles=True))
    monkeypatch.setattr(generate_org, "MANAGED_PACKAGES", (("npsp", 3, 4, 20, 5), ("sbqq", 2, 3, 10, 4)))
    generate_org.generate(tmp_path / "real", "tiny-real", seed=7)
    real = scan(tmp_path / "real", ScanOptions(fail_on="none"))
    plain = scan(tiny_org, ScanOptions(fail_on="none"))
    assert real.issues == []
    admin = real.model["profiles"]["Admin"]
    for kind in ("applicationVisibilities", "classAccesses", "customMetadataTypeAccesses", "customPermissions",
                 "customSettingAccesses", "flowAccesses", "layoutAssignments", "pageAccesses",
                 "recordTypeVisibilities", "tabVisibilities"):
        assert admin.get(kind), kind
    assert any(e["field"].startswith("npsp__") for e in admin["fieldPermissions"])
    assert any(e["object"].startswith("sbqq__") for e in admin["objectPermissions"])
    assert len(admin["fieldPermissions"]) > len(plain.model["profiles"]["Admin"]["fieldPermissions"])
    assert sorted((f.rule_id, f.resource_name, f.key) for f in real.findings) == \
        sorted((f.rule_id, f.resource_name, f.key) for f in plain.findings)


def test_a_file_above_the_per_file_limit_is_refused_not_loaded(tiny_org: Path) -> None:
    profiles = sorted((tiny_org / "force-app/main/default/profiles").iterdir(), key=lambda p: p.stat().st_size)
    largest = profiles[-1]
    limit = largest.stat().st_size - 1
    result = scan(tiny_org, ScanOptions(fail_on="none", max_file_bytes=limit))
    refused = [i for i in result.issues if "above the" in i.message]
    assert [i.file for i in refused] == [largest.relative_to(tiny_org).as_posix()]
    assert result.exit_code == 2  # the scan says it is incomplete
    name = largest.name.removesuffix(".profile-meta.xml")
    assert name not in result.model["profiles"] and len(result.model["profiles"]) == len(profiles) - 1


def test_runner_measures_every_step_and_writes_its_table(tmp_path: Path) -> None:
    results = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--size", "tiny", "--runs", "1", "--work", str(tmp_path / "work"),
         "--results", str(results)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads((results / "tiny.json").read_text())
    steps = {s["key"]: s for s in data["steps"]}
    assert list(steps) == ["lxml", "normalize", "scan", "scan-nocache", "pr", "pr-cached", "pr-warm", "pr-gate"]
    for key in steps:
        assert steps[key]["wall"] > 0 and steps[key]["cpu"] > 0 and steps[key]["rss_mb"] > 0, key
    assert data["ratios"]["scan_over_lxml"] > 0 and data["ratios"]["pr_warm_over_scan"] > 0
    # The PR gate reads only the change (scanner.reuse.delta) and reports what (d3) found building everything.
    out = tmp_path / "work" / "tiny-42-out"
    assert (out / "gate.sarif").read_bytes() == (out / "scan.sarif").read_bytes()
    # The cached PR scans read what a scan of the base left: the pack and (d3) the base's findings.
    assert (tmp_path / "work" / "tiny-42-out" / "cache-pr" / "components.pack").is_file()
    assert len(list((tmp_path / "work" / "tiny-42-out" / "cache-pr" / "base-scans").glob("*.json"))) == 1
    table = (results / "tiny.md").read_text()
    for label in ("lower bound", "normalize", "full scan", "PR scan", "full scan / lxml", "the base scanned before"):
        assert label in table
    assert (tmp_path / "work" / "tiny-42-out" / "scan.sarif").is_file()


def test_the_json_report_streamed_is_the_rendered_text_and_the_whole_result(tiny_org: Path, tmp_path: Path) -> None:
    """Large orgs stream the JSON report with its outline indented and each model component on one
    line (the C encoder writes those): the text must still be the rendered one and hold the whole result."""
    from scanner.report import json_report
    from scanner.report.interface import write_report

    result = scan(tiny_org, ScanOptions(fail_on="none"))
    write_report("json", result, tmp_path / "scan.json")
    text = (tmp_path / "scan.json").read_text("utf-8")
    assert text == json_report.render(result)
    assert json.loads(text) == json.loads(json.dumps(json_report.as_dict(result)))
    lines = text.splitlines()
    for name, profile in result.model["profiles"].items():
        line = next(x for x in lines if x.startswith(f"      {json.dumps(name)}: {{"))
        assert json.loads(line.strip().rstrip(",").split(": ", 1)[1]) == json.loads(json.dumps(profile))


def _models(org: Path, kill_worker: bool = False) -> tuple[str, str]:
    """The org model and issues built in one process and with a forked worker, as JSON text."""
    import os
    import signal

    from scanner.metadata.discover import discover
    from scanner.metadata.model import build_model
    from scanner.metadata.parallel_build import ParallelModelBuilder
    from scanner.sources.directory import DirectorySource

    source = DirectorySource(org)
    components, layout = discover(source)
    sequential = build_model(source, components, layout)
    builder = ParallelModelBuilder(source, source, 64 * 1024 * 1024, components)
    if kill_worker:
        os.kill(builder._proc.pid, signal.SIGKILL)
    try:
        parallel = build_model(source, components, layout, builder=builder)
    finally:
        builder.close()

    def text(built) -> str:
        return json.dumps([built.model, [str(i) for i in built.issues], built.notes], sort_keys=True)

    return text(sequential), text(parallel)


@pytest.mark.parametrize("kill_worker", [False, True], ids=["worker", "worker-killed"])
def test_parallel_model_build_is_the_sequential_one(tiny_org: Path, tmp_path: Path, kill_worker: bool) -> None:
    import shutil

    org = tmp_path / "org"
    shutil.copytree(tiny_org, org)
    profiles = sorted((org / "force-app/main/default/profiles").iterdir())
    for broken in profiles[1:3]:  # parse issues from both processes must be merged too
        broken.write_text("<Profile><unclosed></Profile>", "utf-8")
    sequential, parallel = _models(org, kill_worker)
    assert "malformed XML" in sequential
    assert parallel == sequential


def test_normalize_output_file_is_the_printed_model(tiny_org: Path, tmp_path: Path) -> None:
    """``normalize --output`` writes in batches; the bytes are those it prints to stdout."""
    cmd = [sys.executable, "-m", "scanner", "normalize", str(tiny_org)]
    printed = subprocess.run(cmd, capture_output=True, timeout=120, check=True).stdout
    subprocess.run([*cmd, "--output", str(tmp_path / "model.json")], capture_output=True, timeout=120, check=True)
    assert (tmp_path / "model.json").read_bytes() == printed
    assert json.loads(printed)["profiles"]


@pytest.mark.parametrize("child_fails", [False, True], ids=["forked", "child-fails"])
def test_a_model_prerendered_while_rules_run_gives_the_same_json_report(
        tiny_org: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child_fails: bool) -> None:
    """Large orgs render the JSON report's model in a forked child during evaluation; the report's bytes
    must be those rendered in-process, also when the child fails (the text is then rendered here)."""

    from scanner.jsonwrite import Prerendered
    from scanner.report import json_report
    from scanner.report.interface import Preparation, write_report

    def fail(self) -> None:
        raise MemoryError("the child ran out of memory")

    monkeypatch.setattr(json_report, "PRERENDER_MIN_COMPONENTS", 0)
    if child_fails:
        monkeypatch.setattr(Prerendered, "_render", fail)  # the forked child inherits it
    preparation = Preparation(["json"])
    result = scan(tiny_org, ScanOptions(fail_on="none", on_model=preparation))
    assert isinstance(preparation.prepared["json"], Prerendered)
    write_report("json", result, tmp_path / "prerendered.json", preparation.prepared["json"])
    write_report("json", result, tmp_path / "in-process.json")
    assert (tmp_path / "prerendered.json").read_bytes() == (tmp_path / "in-process.json").read_bytes()
    assert json.loads((tmp_path / "prerendered.json").read_text("utf-8"))["model"]["profiles"]
