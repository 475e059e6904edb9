"""An OPA server for tests: OPA's REST API in Python, evaluating with the real OPA library.

There is no OPA binary on these machines, so the ``opa-server`` engine is tested against this. It
speaks the part of OPA's REST API (v1) the engine uses, with OPA's status codes and error bodies:
``PUT/GET/DELETE /v1/policies/{id}`` (every upload recompiles all modules, 400 with OPA's error list
when they do not compile), ``PUT/DELETE /v1/data/{path}``, ``POST/GET /v1/data/{path}`` (200 with
``result``, or 200 without it when the document is undefined; 500 on an evaluation error) and
bearer-token authentication (401). Compiling and evaluating is done by OPA itself, v1.20.2 through
``opa_bindings`` (which always evaluates with strict builtin errors, as the engine asks a server
to), so compile errors, results and undefined documents are real OPA's. It listens on 127.0.0.1
only, on a free port. ``delay`` slows every query, to test client timeouts; ``requests`` records
what the client asked; ``tls`` (a server-side SSL context) serves https.
"""

from __future__ import annotations

import json
import re
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

import opa_bindings

_ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<row>\d+): (?P<code>rego_\w+): (?P<message>.*)$", re.MULTILINE)
_WRAPPER = re.compile(r"^(bundle activation failed: )?\d+ errors? occurred:\s*")


def opa_errors(message: str) -> list[dict[str, Any]]:
    """The library's error text as the server's error list (``code``, ``message``, ``location``)."""
    message = _WRAPPER.sub("", message.strip())
    return [{"code": m["code"], "message": m["message"], "location": {"file": m["file"], "row": int(m["row"])}}
            for m in _ERROR_LINE.finditer(message)] or [{"code": "rego_compile_error", "message": message}]


class OpaRestServer:
    """Run as a context manager; ``url`` is where it listens."""

    def __init__(self, token: str | None = None, delay: float = 0.0, tls: ssl.SSLContext | None = None) -> None:
        self.token = token
        self.delay = delay
        self.policies: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._engine: Any = opa_bindings.OpaEngine()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> OpaRestServer:
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def compile(self, policies: dict[str, str]) -> list[dict[str, Any]]:
        """Compile ``policies`` with the current data; on success they become the server's. OPA's errors otherwise."""
        engine = opa_bindings.OpaEngine()
        try:
            for pid, text in policies.items():
                engine.add_policy(pid, text)
            engine.add_data(self.data)
            engine.eval_query("true")  # the library compiles lazily
        except opa_bindings.OpaError as exc:
            return opa_errors(exc.message)
        self.policies, self._engine = dict(policies), engine
        return []

    def evaluate(self, path: str, input_doc: Any) -> tuple[int, dict[str, Any]]:
        if self.delay:
            time.sleep(self.delay)
        try:
            return 200, {"result": self._engine.eval_document(path.replace("/", "."), input_doc)}
        except opa_bindings.OpaUndefinedError:
            return 200, {}
        except opa_bindings.OpaError as exc:
            return 500, {"code": "internal_error", "message": exc.message}


def _set(doc: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        doc = doc.setdefault(key, {})
    doc[path[-1]] = value


def _delete(doc: dict[str, Any], path: list[str]) -> bool:
    for key in path[:-1]:
        doc = doc.get(key)
        if not isinstance(doc, dict):
            return False
    return doc.pop(path[-1], None) is not None


def _handler(server: OpaRestServer) -> type[BaseHTTPRequestHandler]:
    compile_failed = "error(s) occurred while compiling module(s)"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output clean
            pass

        def _reply(self, status: int, body: dict[str, Any] | None = None) -> None:
            raw = b"" if status == 204 else json.dumps(body or {}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _route(self) -> tuple[str, str] | None:
            server.requests.append((self.command, self.path))
            if server.token and self.headers.get("Authorization") != f"Bearer {server.token}":
                self._reply(401, {"code": "unauthorized", "message": "missing or invalid credentials"})
                return None
            path = unquote(urlsplit(self.path).path)
            for prefix in ("/v1/policies", "/v1/data"):
                if path == prefix or path.startswith(prefix + "/"):
                    return prefix, path[len(prefix):].strip("/")
            if path == "/health":
                self._reply(200, {})
            else:
                self._reply(404, {"code": "resource_not_found", "message": f"no such endpoint {path}"})
            return None

        def do_GET(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, rest = route
            if kind == "/v1/policies" and not rest:
                self._reply(200, {"result": [{"id": pid, "raw": raw} for pid, raw in server.policies.items()]})
            elif kind == "/v1/policies":
                if rest in server.policies:
                    self._reply(200, {"result": {"id": rest, "raw": server.policies[rest]}})
                else:
                    self._reply(404, {"code": "resource_not_found", "message": f"storage_not_found_error: {rest}"})
            else:
                self._reply(*server.evaluate(rest, None))

        def do_POST(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, rest = route
            if kind != "/v1/data":
                self._reply(405, {"code": "invalid_parameter", "message": "method not allowed"})
                return
            try:
                body = json.loads(self._body() or b"{}")
            except ValueError as exc:
                self._reply(400, {"code": "invalid_parameter", "message": f"body contains malformed input: {exc}"})
                return
            self._reply(*server.evaluate(rest, body.get("input")))

        def do_PUT(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, rest = route
            raw = self._body()
            with server._lock:
                if kind == "/v1/policies":
                    errors = server.compile({**server.policies, rest: raw.decode("utf-8")})
                    if errors:
                        self._reply(400, {"code": "invalid_parameter", "message": compile_failed, "errors": errors})
                    else:
                        self._reply(200, {})
                    return
                try:
                    value = json.loads(raw)
                except ValueError as exc:
                    self._reply(400, {"code": "invalid_parameter", "message": f"body contains malformed input: {exc}"})
                    return
                _set(server.data, rest.split("/"), value)
                server.compile(server.policies)
                self._reply(204)

        def do_DELETE(self) -> None:
            route = self._route()
            if route is None:
                return
            kind, rest = route
            with server._lock:
                if kind == "/v1/policies":
                    if rest not in server.policies:
                        self._reply(404, {"code": "resource_not_found", "message": f"storage_not_found_error: {rest}"})
                        return
                    errors = server.compile({k: v for k, v in server.policies.items() if k != rest})
                    if errors:
                        self._reply(400, {"code": "invalid_parameter", "message": compile_failed, "errors": errors})
                    else:
                        self._reply(200, {})
                    return
                if not _delete(server.data, rest.split("/")):
                    self._reply(404, {"code": "resource_not_found", "message": f"storage_not_found_error: {rest}"})
                    return
                server.compile(server.policies)
                self._reply(204)

    return Handler
