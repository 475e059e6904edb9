"""PR mode: scan the base of a change too, and mark what the head adds.

The base is read from the object database (no checkout) with the same options and configuration
as the head, so a difference in findings comes from the metadata, not from the scan. A head finding
whose fingerprint the base also has is ``unchanged``; the others are ``new``. Because fingerprints
name the rule, resource and offending key but never the file or line, moving, reformatting or
converting a file between source and Metadata API format adds nothing.

A base scanned before (same commit, policies, configuration and sfpolicy) is read from the cache
(``base_store``) in a forked child while the head is scanned. Otherwise the base is scanned once the
head's model is built, in a forked child, reusing the head's components for every file the change
left alone (same path and git blob id: ``ComponentCache.for_another_scan``), so only the changed
files are parsed twice; its rules are evaluated while the head's are, and only where the change
reaches: rules declared per component on the changed components, rules that join components on the
whole org (scanner.reuse.incremental). Where ``fork`` is unavailable the base is scanned after the head.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import weakref
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.config import Config
from scanner.errors import ScanFailed
from scanner.findings import Finding
from scanner.gate.base_store import base_key, has_base, load_base, store_base
from scanner.pipeline import options_policies, scan_source
from scanner.policy.loader import PolicySet
from scanner.result import ScanOptions, ScanResult
from scanner.reuse.incremental import Snapshot, complete
from scanner.reuse.interface import Other, Reuse, RevisionScan
from scanner.sources.git_source import GitRef, GitSource, GitSourceError, open_git_source
from scanner.sources.interface import Source
from scanner.triage.errors import TriageError

if TYPE_CHECKING:
    from scanner.reuse.component_cache import ComponentCache


def _open_base(path: Path, spec: str, options: ScanOptions) -> Source:
    """The base revision's files: the same folder as the head unless ``spec`` names ``:SUBDIR``."""
    head_subdir = GitRef.parse(options.ref).subdir if options.ref else None
    try:
        return open_git_source(path, spec, default_subdir=head_subdir or None)
    except GitSourceError as exc:
        raise TriageError(str(exc)) from None


def stored_base_exists(path: Path, spec: str, options: ScanOptions, config: Config) -> bool:
    """Is a scan of revision ``spec`` with these options in the cache (``base_store``)? Only looks."""
    if options.cache_dir is None:
        return False
    source = _open_base(path, spec, options)
    try:
        return has_base(options.cache_dir, base_key(source, options_policies(options), config, options))
    finally:
        source.close()


def load_stored_base(path: Path, spec: str, options: ScanOptions, config: Config,
                     policies: PolicySet) -> RevisionScan | None:
    """The scan of revision ``spec`` with these options and ``policies`` as the cache holds it (complete,
    with its snapshot), or None."""
    if options.cache_dir is None:
        return None
    source = _open_base(path, spec, options)
    try:
        key = base_key(source, policies, config, options)
    finally:
        source.close()
    base = load_base(options.cache_dir, key, spec)
    return base if base is not None and base.snapshot is not None and base.partial is None else None


def scan_revision(path: Path, spec: str, options: ScanOptions, config: Config,
                  components: ComponentCache | None = None, against: Snapshot | None = None) -> RevisionScan:
    """Scan revision ``spec`` of the repository at ``path`` with the head's options and configuration.

    Without ``:SUBDIR`` the base covers the same folder as the head (the head's ``--ref REF:SUBDIR``,
    or ``path``'s folder in the working tree). ``components``: built components to reuse (the head's).
    ``against``: the head's snapshot; then the result may be partial (see :func:`complete_base`).
    """
    source = _open_base(path, spec, options)
    try:
        key = None
        if options.cache_dir is not None:  # a base scanned before, with the same everything, is not scanned again
            key = base_key(source, options_policies(options), config, options)
            cached = load_base(options.cache_dir, key, spec)
            if cached is not None:
                return cached
        reuse = Reuse.for_scan(options, components, (lambda: Other(against)) if against is not None else None)
        result = scan_source(source, options, config, target=str(path), reuse=reuse)
    finally:
        source.close()
    base = RevisionScan(spec, result.findings, result.issues, result.provenance, reuse.snapshot, reuse.partial, key)
    if base.partial is None:
        _store(base, options)
    return base


def keep_as_base(source: Source, result: ScanResult, reuse: Reuse) -> None:
    """Store the scan of a commit (``--ref``) as the base a later PR scan against that commit needs, so
    that, e.g., the main branch's CI job spares every pull request the scan of its base."""
    options = result.options
    if (not options.reuse or options.cache_dir is None or not isinstance(source, GitSource)
            or reuse.partial is not None):
        return
    key = base_key(source, options_policies(options), result.config, options)
    findings = [dataclasses.replace(f, extra=dict(f.extra)) for f in result.findings]
    _store(RevisionScan(source.ref.rev, findings, result.issues, result.provenance, reuse.snapshot, key=key), options)


def _store(base: RevisionScan, options: ScanOptions) -> None:
    if base.key is not None and options.cache_dir is not None:
        store_base(options.cache_dir, base.key, base)


def complete_base(base: RevisionScan, head: ScanResult, path: Path) -> RevisionScan:
    """The base's findings in full: a partial base scan's own findings on what the change touched, and
    the head's elsewhere (scanner.reuse.incremental); scanned again in full if those cannot be attributed."""
    if base.partial is None:
        return base
    options = base_options(head.options)
    findings = complete(base.findings, head.findings, base.partial, options_policies(options))
    if findings is None:
        return scan_revision(path, base.spec, options, head.config)
    done = dataclasses.replace(base, findings=findings, partial=None)
    _store(done, options)
    return done


def base_options(options: ScanOptions) -> ScanOptions:
    """The head's options as the base is scanned with them: silently (the head's progress line is the
    one shown), writing no cache (the head's components are the ones worth keeping) and no reports."""
    return dataclasses.replace(options, progress=None, save_cache=False, on_model=None)


def _child(conn: Connection, path: Path, spec: str, options: ScanOptions, config: Config,
           components: ComponentCache | None, against: Snapshot | None) -> None:
    """Scan the base in the child and send back the outcome, or the error message (never a traceback)."""
    try:
        conn.send(("ok", scan_revision(path, spec, options, config, components, against)))
    except (TriageError, ScanFailed) as exc:
        conn.send(("error", str(exc)))
    except Exception as exc:  # a bug: reported by the parent as one line, like any internal error
        conn.send(("error", f"internal error scanning {spec}: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class PendingBase:
    """The base scan of a PR scan: started beside the head's, collected after it.

    A base in the cache is read at once in a forked child; otherwise :meth:`start` is called when the
    head's components are built, so that the base can reuse them and evaluate only what the change
    touched (which also beats building the base from the component cache beside the head).
    """

    def __init__(self, path: Path, spec: str, options: ScanOptions, config: Config) -> None:
        self.args = (path, spec, options, config)
        self._components: ComponentCache | None = None
        self._against: Snapshot | None = None
        self._conn: Connection | None = None
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._outcome: RevisionScan | TriageError | None = None
        self._from_store = options.reuse and stored_base_exists(path, spec, options, config)
        self._started = self._from_store
        if self._started:
            self._launch()

    @property
    def wants_components(self) -> bool:
        """Not started yet: the head's components would spare the base from parsing its files again."""
        return not self._started

    def start(self, components: ComponentCache | None, against: Snapshot | None) -> None:
        """Scan the base now, reusing ``components`` and evaluating only what differs from ``against``."""
        if not self._started:
            self._started = True
            self._components, self._against = components, against
            self._launch()

    def _launch(self) -> None:
        if "fork" not in multiprocessing.get_all_start_methods():
            return  # scanned in this process by result()
        ctx = multiprocessing.get_context("fork")
        self._conn, child_conn = ctx.Pipe(duplex=False)
        # Not a daemon, so the base scan may fork workers of its own (daemons may not have children);
        # a head scan that fails drops this object, which stops the child rather than leave it blocked.
        self._proc = ctx.Process(target=_child, args=(child_conn, *self.args, self._components, self._against))
        self._proc.start()
        child_conn.close()
        weakref.finalize(self, self._proc.terminate)

    def stored(self) -> RevisionScan | None:
        """The base as the cache held it (complete, with its snapshot), or None when it was not stored."""
        if not self._from_store:
            return None
        try:
            base = self.result()
        except TriageError:
            return None  # reported again by result() when the head is triaged
        return base if base.snapshot is not None and base.partial is None else None

    def result(self) -> RevisionScan:
        if self._outcome is None:
            try:
                self._outcome = self._collect()
            except TriageError as exc:
                self._outcome = exc
        if isinstance(self._outcome, TriageError):
            raise self._outcome
        return self._outcome

    def _collect(self) -> RevisionScan:
        if self._conn is None or self._proc is None:
            return scan_revision(*self.args, self._components, self._against)
        try:
            kind, payload = self._conn.recv()
        except EOFError:
            raise TriageError(f"the scan of {self.args[1]} stopped unexpectedly "
                              f"(exit code {self._proc.exitcode})") from None
        finally:
            self._proc.join()
            self._conn.close()
        if kind == "error":
            raise TriageError(payload)
        return payload


def start_base_scan(path: Path, options: ScanOptions, config: Config) -> PendingBase | None:
    """The base scan of ``--base``, if PR mode was asked for; None otherwise."""
    base = options.triage.base
    return PendingBase(path, base, options, config) if base else None


def mark_against(head: list[Finding], base: list[Finding]) -> list[Finding]:
    """Set ``new``/``unchanged`` on the head findings; return the base findings the head no longer has."""
    in_base = {f.fingerprint for f in base}
    in_head = {f.fingerprint for f in head}
    for f in head:
        f.status = "unchanged" if f.fingerprint in in_base else "new"
    return [f for f in base if f.fingerprint not in in_head]


def compare_with_base(head: ScanResult, base: RevisionScan) -> None:
    fixed = mark_against(head.findings, base.findings)
    new = sum(f.status == "new" for f in head.findings)
    revision = base.provenance["revisionId"][:12] if base.provenance else base.spec
    head.notes.append(f"compared with {base.spec} ({revision}): {new} new, {len(head.findings) - new} unchanged, "
                      f"{len(fixed)} fixed by this change")
    if base.issues:
        head.notes.append(f"{len(base.issues)} file(s) of {base.spec} could not be read; findings they would have "
                          f"held in the base count as new: " + "; ".join(str(i) for i in base.issues[:5]))
