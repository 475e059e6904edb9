"""The rules evaluated in a process forked before the org model is built.

On a large org the scan's peak memory was one process holding the org model and, while the rules ran,
the engine's own copy of the engine input beside it (regorus's values: several times the input's JSON
text; ~300 MB for the real-shaped benchmark org on top of an 815 MB model). A process forked while the
scan is still small holds only the engine: it compiles the policies while the model is built, receives
the engine input as JSON text, evaluates, and sends the raw results back. Either process then holds
only one of the two.

Forked early because a process forked later would carry the whole model in its resident memory.
Only for the embedded regorus engine (the OPA library is a Go runtime, which must not be forked), and
only where ``fork`` exists. The process can only save memory, never change the result: if it stops,
this process evaluates the rules itself; an engine error it meets is raised here as the same error.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from multiprocessing.connection import Connection
from typing import Any

from scanner.engine.interface import EngineError, InputText, PolicyEngine, RawResult
from scanner.policy.loader import PolicySet

#: The engine input is sent in messages of about this many characters.
_CHUNK = 1 << 22
#: Engines that can run in the forked process.
FORKABLE_ENGINES = ("regorus",)


class EngineProcess:
    """A forked process that loads ``policies`` and ``data`` (the document under ``data.``) into an engine
    now and evaluates later."""

    def __init__(self, policies: PolicySet, data: dict[str, Any], engine_name: str) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child_conn = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child_conn, policies, data), daemon=True,
                                 name=f"sfpolicy-{engine_name}")
        self._proc.start()
        child_conn.close()

    @classmethod
    def start(cls, policies: PolicySet, data: dict[str, Any], engine_name: str) -> EngineProcess | None:
        """The process, or None where it cannot run (another engine, no ``fork``, a daemon process)."""
        if engine_name not in FORKABLE_ENGINES or "fork" not in multiprocessing.get_all_start_methods():
            return None
        if multiprocessing.current_process().daemon:  # e.g. the PR base scan's process: it may not fork
            return None
        return cls(policies, data, engine_name)

    def send(self, pieces: Iterable[str], packages: list[str]) -> bool:
        """Start evaluating ``packages`` over the engine input given as pieces of its JSON text (never held
        whole here: :func:`~scanner.engine.model_input.engine_input_pieces`); False if the process stopped."""
        try:
            self._conn.send(packages)
            batch: list[str] = []
            size = 0
            for piece in pieces:
                batch.append(piece)
                size += len(piece)
                if size >= _CHUNK:
                    self._conn.send_bytes("".join(batch).encode("utf-8"))
                    batch, size = [], 0
            if batch:
                self._conn.send_bytes("".join(batch).encode("utf-8"))
            self._conn.send_bytes(b"")
        except OSError:
            return False
        return True

    def result(self) -> list[RawResult] | None:
        """The raw results of what :meth:`send` started; None when the process stopped (evaluate here
        instead). Raises :class:`EngineError` for an error the engine met."""
        try:
            outcome, value = self._conn.recv()
        except (EOFError, OSError):
            return None
        if outcome == "error":
            raise EngineError(value)
        return value

    def close(self) -> None:
        """Stop the process (it ends when the pipe closes)."""
        self._conn.close()
        self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()


def _serve(conn: Connection, policies: PolicySet, data: dict[str, Any]) -> None:
    """The forked process: load the policies, wait for one evaluation, send its outcome."""
    from scanner.engine.regorus_engine import RegorusEngine  # the one engine of FORKABLE_ENGINES

    engine: PolicyEngine | None = None
    try:
        engine = RegorusEngine()
        failure = None
        try:
            engine.load(policies.files, data)
        except EngineError as exc:
            failure = str(exc)
        packages = conn.recv()
        chunks = []
        while chunk := conn.recv_bytes():
            chunks.append(chunk)
        if failure is not None:
            conn.send(("error", failure))
            return
        text = InputText(b"".join(chunks).decode("utf-8"))
        chunks.clear()
        try:
            conn.send(("ok", engine.evaluate(text, packages)))
        except EngineError as exc:
            conn.send(("error", str(exc)))
    except (EOFError, OSError):
        pass  # the scan went on without this process
    finally:
        if engine is not None:
            engine.close()
        conn.close()
