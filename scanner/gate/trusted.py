"""PR mode trusts only the base: the files that decide the gate are read as the base revision has them.

A pull request is written by whoever opened it. The config (``sfpolicy.yaml`` or ``--config``), the
baseline, the waivers file and the ``--policy`` folders decide which findings fail the gate, so
read from the change itself they would let it accept its own findings. With ``--base``, each of
them that lies inside the repository's working tree is read from the base commit (absent there:
the defaults, no baseline, no waivers, no policies), and the head's version (the working tree's,
or ``--ref``'s) is compared with it: every difference is a finding of ``SFP-GATE-001``
(scanner.triage.gate_inputs). A file outside the repository, such as a path the CI job provides,
is not part of any change and is read as it is.

With ``--no-new-waivers`` the waivers file keeps its own, finer rule (scanner.triage.waivers: each
waiver the change adds or extends is refused and reported as ``SFP-WAIVER-003``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import git

from scanner.config import CONFIG_FILENAMES, DEFAULTS, Config, load_config, parse_config
from scanner.errors import ScanFailed
from scanner.findings import Finding
from scanner.policy.loader import PolicyError, PolicyFile, PolicySet, load_policy_set, policy_from_text
from scanner.result import ScanOptions
from scanner.sources.git_source import GitRef, GitSourceError, open_repo, resolve_commit
from scanner.triage.baseline import Baseline, parse_baseline
from scanner.triage.errors import TriageError
from scanner.triage.gate_inputs import input_changed
from scanner.triage.waivers import Waiver, parse_waivers
from scanner.triage.yamlfile import parse_yaml


@dataclass
class GateInputs:
    """What decides the gate of one scan, and the findings about a change's edits to it."""

    config: Config
    #: The policy set to run (None: load ``options.policy_dirs`` as they are).
    policies: PolicySet | None = None
    #: The baseline and waivers to apply (None: read ``--baseline``/``--waivers`` as they are).
    baseline: Baseline | None = None
    waivers: list[Waiver] | None = None
    changed: list[Finding] = field(default_factory=list)


class _Revisions:
    """The base and the head of a change, in the repository that holds the scanned path."""

    def __init__(self, path: Path, base: str, head: str | None) -> None:
        self.path = path
        self.repo, _ = open_repo(path)
        tree = self.repo.working_tree_dir
        self.root = Path(tree).resolve() if tree is not None else None
        self.base_spec = base
        self.base = resolve_commit(self.repo, GitRef.parse(base).rev)
        self.head = resolve_commit(self.repo, GitRef.parse(head).rev) if head else None

    def close(self) -> None:
        self.repo.close()

    def rel(self, file: Path) -> str | None:
        """``file`` relative to the working tree, or None when it lies outside (not part of any change)."""
        if self.root is None:
            return None
        try:
            return file.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return None

    def at_base(self, rel: str) -> bytes | None:
        return _blob(self.base, rel)

    def at_head(self, rel: str) -> bytes | None:
        if self.head is not None:
            return _blob(self.head, rel)
        assert self.root is not None
        try:
            return (self.root / rel).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None
        except OSError as exc:
            raise ScanFailed(f"{rel}: cannot read: {exc.strerror or exc}") from None

    def policies_at_base(self, rel: str) -> dict[str, bytes]:
        return _rego_files(self.base, rel)

    def policies_at_head(self, rel: str) -> dict[str, bytes]:
        if self.head is not None:
            return _rego_files(self.head, rel)
        assert self.root is not None
        folder = self.root / rel
        files = sorted(p for p in folder.rglob("*.rego") if p.is_file()) if folder.is_dir() else []
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files if not p.name.endswith("_test.rego")}

    def shown(self, rel: str) -> str:
        """How a finding names ``rel``: relative to the scanned folder when inside it (SARIF URIs are)."""
        assert self.root is not None
        folder = self.path.resolve() if self.path.is_dir() else self.path.resolve().parent
        try:
            return (self.root / rel).relative_to(folder).as_posix()
        except ValueError:
            return rel


def _blob(commit: git.Commit, rel: str) -> bytes | None:
    try:
        item = commit.tree / rel
    except KeyError:
        return None
    return item.data_stream.read() if item.type == "blob" else None


def _rego_files(commit: git.Commit, rel: str) -> dict[str, bytes]:
    """The policy files (``*.rego`` but not ``*_test.rego``) under folder ``rel`` of ``commit``."""
    try:
        folder = commit.tree / rel
    except KeyError:
        return {}
    if folder.type != "tree":
        return {}
    out = {}
    for item in folder.traverse():
        name = PurePosixPath(item.path).relative_to(rel).as_posix()
        if item.type == "blob" and name.endswith(".rego") and not name.endswith("_test.rego"):
            out[name] = item.data_stream.read()
    return dict(sorted(out.items()))


def _text(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ScanFailed(f"{where}: not UTF-8") from None


def _first_difference(old: bytes | None, new: bytes | None) -> tuple[int, str]:
    """The line at which ``new`` starts to differ from ``old``, and a verb for the change."""
    if old is None:
        return 1, "adds"
    if new is None:
        return 1, "removes"
    old_lines, new_lines = old.splitlines(), new.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=False)) if a != b),
                min(len(old_lines), len(new_lines)))
    return min(line + 1, max(len(new_lines), 1)), "edits"


def _compare(revs: _Revisions, kind: str, rel: str, base: bytes | None, head: bytes | None) -> list[Finding]:
    if base == head:
        return []
    line, verb = _first_difference(base, head)
    return [input_changed(kind, revs.shown(rel), line, verb)]


def gate_inputs(path: Path, options: ScanOptions) -> GateInputs:
    """The config, policies, baseline and waivers the gate of this scan runs with (module docstring)."""
    if not options.triage.base:
        return GateInputs(load_config(options.config_path, path if path.is_dir() else None))
    try:
        revs = _Revisions(path, options.triage.base, options.ref)
    except GitSourceError as exc:
        raise TriageError(str(exc)) from None
    try:
        config, changed = _config(revs, path, options)
        inputs = GateInputs(config, changed=changed)
        inputs.policies = _policies(revs, options, inputs)
        opts = options.triage
        if opts.baseline is not None and (rel := revs.rel(opts.baseline)) is not None:
            data, where = revs.at_base(rel), f"{revs.base_spec}:{rel}"
            inputs.baseline = parse_baseline(parse_yaml(_text(data, where), where), where) \
                if data is not None else Baseline([])
            inputs.changed += _compare(revs, "baseline", rel, data, revs.at_head(rel))
        if opts.waivers is not None and not opts.no_new_waivers and (rel := revs.rel(opts.waivers)) is not None:
            data, where = revs.at_base(rel), f"{revs.base_spec}:{rel}"
            inputs.waivers = parse_waivers(parse_yaml(_text(data, where), where), where) if data is not None else []
            inputs.changed += _compare(revs, "waivers", rel, data, revs.at_head(rel))
        return inputs
    finally:
        revs.close()


def _config(revs: _Revisions, path: Path, options: ScanOptions) -> tuple[Config, list[Finding]]:
    """``--config`` at the base (as it is when outside the repository); else the base's config file of the
    scanned folder; defaults when the base has none. The head's edits become findings."""
    if options.config_path is not None:
        rel = revs.rel(options.config_path)
        if rel is None:
            return load_config(options.config_path, None), []
        candidates = [rel]
    else:
        folder = path if path.is_dir() else path.parent
        candidates = [r for r in (revs.rel(folder / name) for name in CONFIG_FILENAMES) if r is not None]
    config, changed = None, []
    for rel in candidates:
        data = revs.at_base(rel)
        if config is None and data is not None:
            where = f"{revs.base_spec}:{rel}"
            config = parse_config(_text(data, where), Path(where))
        changed += _compare(revs, "config", rel, data, revs.at_head(rel))
    return (config if config is not None else Config(copy.deepcopy(DEFAULTS))), changed


def _policies(revs: _Revisions, options: ScanOptions, inputs: GateInputs) -> PolicySet | None:
    """The policy set with every ``--policy`` folder inside the repository as the base has it (None when
    there is none such: the folders are loaded as they are)."""
    inside = [(d, rel) for d in options.policy_dirs if (rel := revs.rel(d)) is not None]
    if not inside:
        return None
    files: list[PolicyFile] = []
    for folder, rel in inside:
        base, head = revs.policies_at_base(rel), revs.policies_at_head(rel)
        for name, data in base.items():
            shown = (folder / name).as_posix()
            try:
                files.append(policy_from_text(folder / name, _text(data, f"{revs.base_spec}:{rel}/{name}"), shown))
            except PolicyError as exc:
                raise ScanFailed(str(exc)) from None
        for name in sorted(base.keys() | head.keys()):
            inputs.changed += _compare(revs, "policies", f"{rel}/{name}", base.get(name), head.get(name))
    outside = [d for d in options.policy_dirs if revs.rel(d) is None]
    try:
        return load_policy_set(outside, include_builtin=options.include_builtin, user_files=files)
    except PolicyError as exc:
        raise ScanFailed(str(exc)) from None
