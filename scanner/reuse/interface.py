"""The one interface through which a scan reuses earlier work: :class:`Reuse`.

A scan can skip work in three ways, each sure only under the conditions its module states:

* **components** (:mod:`~scanner.reuse.component_cache`): a component whose files are unchanged since a
  scan stored it is taken as built instead of being parsed again;
* **evaluation** (:mod:`~scanner.reuse.incremental`): against another revision's :class:`Snapshot`, only
  the components that differ are evaluated, and that revision's findings stand for the rest;
* **reading** (:mod:`~scanner.reuse.delta`): a PR gate against a stored base builds only the files the
  pull request changed. It replaces the scan as a whole, so the gate (scanner.gate) asks for it first.

The pipeline (scanner.pipeline) knows none of this: it asks its :class:`Reuse` for a component store,
tells it when the model is built, and asks it for the :class:`Evaluation`. The gate makes the
:class:`Reuse` of each scan it needs (the head, the base); ``ScanOptions(reuse=False)`` turns every
shortcut off, and the findings are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scanner.reuse.component_cache import ComponentCache
from scanner.reuse.incremental import Change, Evaluation, Snapshot, snapshot

if TYPE_CHECKING:
    from scanner.findings import Finding
    from scanner.findings.engine_process import EngineProcess
    from scanner.metadata.model import BuildResult, ScanIssue
    from scanner.policy.loader import PolicySet
    from scanner.result import ScanOptions


@dataclass
class RevisionScan:
    """A scan of another revision as a later scan leans on it (a PR's base, kept by scanner.gate.base_store):
    its findings, what could not be read, and its commit."""

    spec: str
    findings: list[Finding]
    issues: list[ScanIssue]
    provenance: dict[str, str] | None
    #: For evaluating a later revision against this one (scanner.reuse.incremental); None when not known.
    snapshot: Snapshot | None = None
    #: Set when ``findings`` cover only what differs from the other revision (see :attr:`Reuse.partial`).
    partial: Change | None = None
    #: Where the scan is stored, once complete (None: not stored).
    key: str | None = None


@dataclass
class Other:
    """Another revision's scan that this one may lean on: its snapshot, and its findings when at hand
    (without them this scan's findings cover only what differs: :attr:`Reuse.partial`)."""

    snapshot: Snapshot
    findings: list[Finding] | None = None


#: Called with the built components (for another scan: ``ComponentCache.for_another_scan``) and this
#: scan's snapshot, once its model is built: the gate starts the PR base scan there.
BuiltHook = Callable[[ComponentCache | None, Snapshot], None]


class Reuse:
    """What one scan may reuse, and what it leaves for the next.

    ``cache``: the component store to build the model with (None: build everything). ``save``: store
    this scan's components in the cache's folder afterwards. ``against``: asked once the model is
    built, the other revision to evaluate against (None: evaluate everything). ``on_built``: see
    :data:`BuiltHook`.
    """

    def __init__(self, cache: ComponentCache | None = None, save: bool = False,
                 against: Callable[[], Other | None] | None = None, on_built: BuiltHook | None = None) -> None:
        self.cache, self.save, self._against, self._on_built = cache, save, against, on_built
        #: This scan's snapshot, once its model is built: what another revision needs to lean on it.
        self.snapshot: Snapshot | None = None
        self._evaluation: Evaluation | None = None

    @classmethod
    def for_scan(cls, options: ScanOptions, components: ComponentCache | None = None,
                 against: Callable[[], Other | None] | None = None, on_built: BuiltHook | None = None) -> Reuse:
        """The reuse ``options`` allow: ``components`` (another scan's, at hand) or the cache folder's, and
        an in-memory cache when ``on_built`` wants the components; none at all with ``reuse=False``."""
        if not options.reuse:
            return cls()
        cache = components
        if cache is None and options.cache_dir is not None:
            cache = ComponentCache(options.cache_dir)
        elif cache is None and on_built is not None:
            cache = ComponentCache(None)  # kept in memory for the other scan only
        return cls(cache, options.save_cache, against, on_built)

    def model_built(self, built: BuildResult) -> None:
        """The model is built (derived views included): save the components, take the snapshot."""
        if self.cache is not None and self.save:
            self.cache.save(background=True)
        self.snapshot = snapshot(built)
        if self._on_built is not None:
            self._on_built(self.cache.for_another_scan() if self.cache is not None else None, self.snapshot)

    def evaluation(self, model: dict[str, Any], policies: PolicySet,
                   process: EngineProcess | None = None) -> Evaluation:
        """How to evaluate ``model``: everything, or only what differs from the other revision.
        Prepared (engine inputs serialised, or sent to ``process``) now; run with :meth:`Evaluation.run`."""
        assert self.snapshot is not None, "model_built first"
        other = self._against() if self._against is not None else None
        self._evaluation = Evaluation(model, self.snapshot, other.snapshot if other is not None else None,
                                      policies, other.findings if other is not None else None, process)
        return self._evaluation

    @property
    def partial(self) -> Change | None:
        """Set when the findings cover only the change from the other revision, whose findings were not at
        hand: complete them with those (scanner.reuse.incremental.complete)."""
        return self._evaluation.partial if self._evaluation is not None else None
