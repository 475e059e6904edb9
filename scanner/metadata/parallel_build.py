"""Build the org model on two cores: every other component is parsed and normalised in a forked worker.

Turning XML into the org model dominates the CPU time of a scan before evaluation (lxml parses fast;
walking every element in Python does not), and components are independent of one another. So a
forked worker builds every second component while this process builds the others; the worker's come
back over a pipe in order (drained by a thread, so that the worker never waits), and the model is
assembled from both in the original order, exactly as a sequential build assembles it. This process
builds all of its own share before it takes any of the worker's, so neither waits for the other.
Alternating components balances the work whatever the mix of types, because neighbours in the sorted
list are alike.

Only for sources that two processes can read independently (plain directories: each read opens its
own file), for orgs large enough to repay a fork, and where ``fork`` exists. The worker can only
save time, never change the result: if it fails or stops, this process builds what is missing itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections import deque
from multiprocessing.connection import Connection
from typing import Any

from scanner.metadata.component_store import ComponentStore
from scanner.metadata.discover import ComponentFiles
from scanner.metadata.model import ModelBuilder
from scanner.sources.directory import DirectorySource
from scanner.sources.interface import Source

#: Below this many files a second process costs more than it saves.
MIN_FILES = 2000
_BATCH = 32  # components per message: amortises pickling, keeps the worker's results flowing
WORKERS_ENV = "SFPOLICY_PARSE_WORKERS"  # "1" turns the worker off (e.g. to measure without it)

#: What the worker sends per component: its identity, then :meth:`ModelBuilder.build_packed`'s result.
Packed = tuple[tuple[str, str], bytes, str | None, bool]


def _identity(comp: ComponentFiles) -> tuple[str, str]:
    return comp.mtype.name, comp.key


def _work(conn: Connection, source: Source, max_file_bytes: int, components: list[ComponentFiles],
          cache: ComponentStore | None) -> None:
    """The worker: build ``components`` in order and send them in batches; then the file stamps it noted
    for the cache (a dict), which says it finished. The cyclic garbage collector stays off, as in
    :func:`~scanner.metadata.model.build_model`: components hold no cycles, and this process ends here."""
    gc.disable()
    builder = ModelBuilder(source, max_file_bytes, cache)
    batch: list[Packed] = []
    try:
        for comp in components:
            batch.append((_identity(comp), *builder.build_packed(comp)))
            if len(batch) >= _BATCH:
                conn.send(batch)
                batch = []
        conn.send(batch)
        conn.send(cache.stamps_noted() if cache is not None else {})
    except Exception:  # the parent builds what is missing and reports any error itself
        pass
    finally:
        conn.close()


class ParallelModelBuilder(ModelBuilder):
    """A :class:`ModelBuilder` whose every second component comes from a forked worker."""

    def __init__(self, source: Source, worker_source: Source, max_file_bytes: int,
                 components: list[ComponentFiles], cache: ComponentStore | None = None) -> None:
        super().__init__(source, max_file_bytes, cache)
        theirs = components[1::2]
        self._theirs = {id(c) for c in theirs}
        ctx = multiprocessing.get_context("fork")
        self._conn, child_conn = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_work, args=(child_conn, worker_source, max_file_bytes, theirs, cache),
                                 daemon=True)
        self._proc.start()
        child_conn.close()
        self._results: deque[Packed] = deque()
        self._arrived = threading.Condition()
        self._finished = False  # the worker sent everything, or stopped
        self._failed = False  # a result was missing or out of order: build the rest here
        self._drain = threading.Thread(target=self._receive, name="sfpolicy-model-worker", daemon=True)
        self._drain.start()

    def _receive(self) -> None:
        try:
            while isinstance(batch := self._conn.recv(), list):
                with self._arrived:
                    self._results.extend(batch)
                    self._arrived.notify()
            if self.cache is not None:
                self.cache.add_stamps(batch)
        except (EOFError, OSError):
            pass  # the worker stopped early: the components it did not send are built here
        finally:
            with self._arrived:
                self._finished = True
                self._arrived.notify()

    def _next(self) -> Packed | None:
        with self._arrived:
            while not self._results and not self._finished:
                self._arrived.wait()
            return self._results.popleft() if self._results else None

    def build_all(self, components: list[ComponentFiles]) -> list[dict[str, Any] | None]:
        mine = {id(c): self.build_component(c) for c in components if id(c) not in self._theirs}
        return [mine[id(c)] if id(c) in mine else self._from_worker(c) for c in components]

    def _from_worker(self, comp: ComponentFiles) -> dict[str, Any] | None:
        if self._failed:
            return self.build_component(comp)
        result = self._next()
        if result is None or result[0] != _identity(comp):
            self._failed = True
            return self.build_component(comp)
        _, data, key, stored = result
        self.keys[id(comp)] = key
        built = self.adopt(key, data, stored)
        mark_read = getattr(self.source, "mark_read", None)  # keep a progress line counting
        if mark_read is not None:
            for path in comp.files:
                mark_read(path)
        return built

    def close(self) -> None:
        """Stop the worker (it has normally finished) and the thread that drains it."""
        self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()
        self._conn.close()
        self._drain.join(timeout=5)


def parallel_builder(worker_source: Source, source: Source, components: list[ComponentFiles],
                     max_file_bytes: int, cache: ComponentStore | None = None) -> ParallelModelBuilder | None:
    """A two-process builder when it is safe and worth it, else None (build sequentially).

    ``worker_source`` is the source as opened (it must be a plain directory); ``source`` is what this
    process reads through (it may count progress).
    """
    if os.environ.get(WORKERS_ENV, "") == "1" or (os.cpu_count() or 1) < 2:
        return None
    if type(worker_source) is not DirectorySource or "fork" not in multiprocessing.get_all_start_methods():
        return None
    if multiprocessing.current_process().daemon:  # e.g. the PR base scan's process: it may not fork
        return None
    if sum(len(c.files) for c in components) < MIN_FILES:
        return None
    return ParallelModelBuilder(source, worker_source, max_file_bytes, components, cache)
