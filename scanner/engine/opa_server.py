"""An OPA server the user already runs, through ``opa-python-client`` (optional extra ``sfpolicy[opa]``).

For teams that evaluate policy centrally. By default the scan uploads its policies (built-in and
user) under the dedicated policy-id prefix ``sfpolicy-scan/`` and its configuration at
``data.sfpolicy.config``, queries ``deny``/``warn`` of each package with strict builtin errors (a
server is lenient by default, the oracle is strict), and deletes what it uploaded. With
``--opa-no-upload`` it uploads nothing and evaluates the policies the server already holds (a
bundle built from the same policies); the server must then hold the same configuration.

The scan fails closed: an unreachable server, a refused token, a policy the server will not compile
(reported as file:line), a timeout, or an undefined result for a rule the policies define all raise
EngineError (exit 2), never an empty result. Client defaults are not fit for an org: the timeout is
long (the library's 1.5 s is not enough to evaluate an org) and the library's regex rewriting of
rejected policies (``rego_compat``) is off, so the server compiles exactly what the scanner loads.

Scans sharing one server share its policy ids and ``data.sfpolicy.config``: run them one at a time,
or with ``--opa-no-upload``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scanner.engine.interface import (
    RESULT_RULES,
    EngineError,
    InputText,
    PolicyEngine,
    RawResult,
    combined_query,
    input_text,
    raw_results,
    results_from_bindings,
)
from scanner.policy.loader import PolicyFile

#: Policy ids of every module a scan uploads start with this, so its uploads are recognisable.
POLICY_ID_PREFIX = "sfpolicy-scan/"
DEFAULT_TIMEOUT = 300.0
#: Asks the server to fail on builtin errors, as the OPA library always does.
STRICT = {"strict-builtin-errors": "true"}
#: The package of the generated module that gathers every rule's result (uploaded with the policies).
RESULTS_PACKAGE = "sfpolicy_scan.results"


class _EvaluationFailed(EngineError):
    """The server failed while evaluating (HTTP 500, e.g. a builtin error under strict mode)."""


@dataclass(frozen=True)
class OpaServerSettings:
    """How to reach the server. The bearer token is read from the environment variable ``token_env``,
    so it never appears on a command line or in a process listing."""

    url: str
    token_env: str | None = None
    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    timeout: float = DEFAULT_TIMEOUT
    upload: bool = True


def policy_id(policy: PolicyFile) -> str:
    """The server-side id of ``policy``: the prefix plus its display path, made safe for a URL path."""
    safe = re.sub(r"[^\w./-]", "_", policy.display).replace("..", "__").lstrip("/")
    return POLICY_ID_PREFIX + safe


def defined_result_rules(policies: list[PolicyFile]) -> dict[str, list[str]]:
    """Package → the result rules (``deny``/``warn``) its files define, read from the rule heads."""
    defined: dict[str, set[str]] = {}
    for policy in policies:
        for kind in RESULT_RULES:
            if re.search(rf"^{kind}\b", policy.text, re.MULTILINE):
                defined.setdefault(policy.package, set()).add(kind)
    return {package: sorted(kinds) for package, kinds in defined.items()}


def data_documents(data: dict[str, Any]) -> dict[str, Any]:
    """The documents to write, two levels deep (``sfpolicy/config``), so siblings stay untouched."""
    docs: dict[str, Any] = {}
    for top, value in data.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            docs.update({f"{top}/{key}": sub for key, sub in value.items()})
        else:
            docs[top] = value
    return docs


def _client_kwargs(settings: OpaServerSettings) -> tuple[dict[str, Any], str]:
    """opa-python-client constructor arguments and the path prefix, from the settings; EngineError if unusable."""
    parts = urlsplit(settings.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EngineError(f"--opa-url {settings.url!r}: expected http://HOST:PORT or https://HOST:PORT")
    if parts.username or parts.password:
        raise EngineError("--opa-url must not carry credentials: put a bearer token in an environment "
                          "variable and name it with --opa-token-env")
    if parts.query or parts.fragment:
        raise EngineError(f"--opa-url {settings.url!r}: no query or fragment allowed")
    tls = parts.scheme == "https"
    for option, path in (("--opa-ca-bundle", settings.ca_bundle), ("--opa-client-cert", settings.client_cert),
                         ("--opa-client-key", settings.client_key)):
        if path is not None and not tls:
            raise EngineError(f"{option} needs an https:// --opa-url")
        if path is not None and not Path(path).is_file():
            raise EngineError(f"{option} {path}: no such file")
    if settings.client_key is not None and settings.client_cert is None:
        raise EngineError("--opa-client-key needs --opa-client-cert")
    if settings.timeout <= 0:
        raise EngineError("--opa-timeout must be a positive number of seconds")
    token = None
    if settings.token_env:
        token = os.environ.get(settings.token_env)
        if not token:
            raise EngineError(f"--opa-token-env {settings.token_env}: that environment variable is not set or empty")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    try:
        port = parts.port or (443 if tls else 80)
    except ValueError:
        raise EngineError(f"--opa-url {settings.url!r}: invalid port") from None
    cert: str | tuple[str, str] | None = None
    if settings.client_cert is not None:
        cert = str(settings.client_cert)
        if settings.client_key is not None:
            cert = (cert, str(settings.client_key))
    kwargs = {
        "host": host, "port": port, "ssl": (str(settings.ca_bundle) if settings.ca_bundle else True) if tls else False,
        "cert": cert, "token": token, "timeout": settings.timeout, "retries": 0,
    }
    return kwargs, parts.path.rstrip("/")


class OpaServerEngine(PolicyEngine):
    name = "opa-server"

    def __init__(self, settings: OpaServerSettings) -> None:
        try:
            import opa_client
            import requests
        except ImportError:
            raise EngineError("the opa-server engine needs opa-python-client: pip install 'sfpolicy[opa]'") from None
        self._requests = requests
        self._errors = opa_client.errors
        self._settings = settings
        kwargs, path = _client_kwargs(settings)
        self._client = opa_client.OpaClient(**kwargs)
        self._client.root_url = f"{self._client.schema}{kwargs['host']}:{kwargs['port']}{path}/{self._client.version}"
        if settings.ca_bundle is not None:
            # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's CA bundle (psf/requests
            # #3829), which would silently drop --opa-ca-bundle: keep it from reading the environment,
            # except for the proxies it would have used.
            session = self._client._session
            session.proxies = requests.utils.get_environ_proxies(settings.url)
            session.trust_env = False
        self._url = settings.url.rstrip("/")
        self._display: dict[str, str] = {}  # policy id -> file name for messages
        self._defined: dict[str, list[str]] = {}
        self._uploaded: list[str] = []
        self._written: list[str] = []

    # -- loading --------------------------------------------------------------------------------

    def load(self, policies: list[PolicyFile], data: dict[str, Any]) -> None:
        self.refuse_missing_builtins(policies)
        self._defined = defined_result_rules(policies)
        self._display = {policy_id(p): p.display for p in policies}
        if not self._settings.upload:
            self._check_server_data(data)
            return
        self._call("connect", self._client.check_connection)
        self._upload_policies(policies)
        for path, value in data_documents(data).items():
            self._call(f"write data.{path.replace('/', '.')}", self._client.update_or_create_data, value, path)
            self._written.append(path)

    def _upload_policies(self, policies: list[PolicyFile]) -> None:
        """Upload helpers first, then rules; a module the server refuses only because it needs one not yet
        uploaded is retried, and whatever still fails is reported with OPA's file:line errors."""
        pending = sorted(policies, key=lambda p: p.package in self._defined)
        while pending:
            refused = [(p, err) for p in pending if (err := self._upload(p))]
            if len(refused) == len(pending):
                details = "\n".join(err for _, err in refused)
                raise EngineError(f"the OPA server at {self._url} does not compile the policies:\n{details}")
            pending = [p for p, _ in refused]

    def _upload(self, policy: PolicyFile) -> str:
        """Upload one module; its compile errors as text, or "" once the server holds it."""
        pid = policy_id(policy)
        try:
            self._call(f"upload {policy.display}", self._client.update_policy_from_string, policy.text, pid,
                       rego_compat=False, compile_errors=True)
        except self._errors.RegoParseError as exc:
            return self._compile_errors(exc)
        self._uploaded.append(pid)
        return ""

    def _check_server_data(self, data: dict[str, Any]) -> None:
        """With --opa-no-upload the rules read the server's data: it must be this scan's configuration,
        which also drives the scanner's own views of the org (what counts as sensitive)."""
        for path, value in data_documents(data).items():
            ref = path.replace("/", ".")
            out = self._call(f"read data.{ref}", self._client.query_rule, {}, ref, None, STRICT)
            if "result" not in out:
                raise EngineError(f"the OPA server at {self._url} holds no data.{ref}: with --opa-no-upload it must "
                                  f"already hold the policies and their configuration (or drop --opa-no-upload)")
            if out["result"] != value:
                raise EngineError(f"data.{ref} on the OPA server at {self._url} differs from this scan's "
                                  f"configuration: deploy the same configuration or drop --opa-no-upload")

    # -- evaluation -----------------------------------------------------------------------------

    def evaluate(self, input_json: str | InputText, packages: list[str]) -> list[RawResult]:
        model = json.loads(input_text(input_json))
        targets = [(package, kind) for package in packages for kind in self._defined.get(package, [])]
        if self._settings.upload and targets:
            return self._evaluate_at_once(model, targets)
        return self._evaluate_each(model, targets)

    def _evaluate_at_once(self, model: Any, targets: list[tuple[str, str]]) -> list[RawResult]:
        """All rules in one request, through a generated module of one rule per (package, kind): the org
        model crosses the network once, and the library views several rules share are computed once
        instead of once per package. An evaluation error is retried rule by rule, to name the rule."""
        module = f"package {RESULTS_PACKAGE}\n\n{combined_query(targets)}\n"
        pid = POLICY_ID_PREFIX + "results.rego"
        self._call("upload the result rules", self._client.update_policy_from_string, module, pid, rego_compat=False)
        if pid not in self._uploaded:  # an engine may evaluate several models
            self._uploaded.append(pid)
        try:
            out = self._call("evaluate the rules", self._client.query_rule, model, RESULTS_PACKAGE, None, STRICT)
        except _EvaluationFailed:
            self._evaluate_each(model, targets)
            raise
        if not isinstance(out.get("result"), dict):
            raise EngineError(f"the rules are undefined on the OPA server at {self._url}: another client may have "
                              f"removed them during the scan")
        return results_from_bindings(out["result"], targets)

    def _evaluate_each(self, model: Any, targets: list[tuple[str, str]]) -> list[RawResult]:
        """One request per rule: the policies the server holds, each of which must be defined there."""
        results: list[RawResult] = []
        for package, kind in targets:
            out = self._call(f"rule {package}.{kind}", self._client.query_rule, model, package, kind, STRICT)
            if "result" not in out:
                hint = ("deploy the policies to it or drop --opa-no-upload" if not self._settings.upload
                        else "another client may have removed it during the scan")
                raise EngineError(f"rule {package}.{kind} is undefined on the OPA server at {self._url}: "
                                  f"it does not hold that policy ({hint})")
            results.extend(raw_results(package, kind, out["result"]))
        return results

    def close(self) -> None:
        """Delete what this scan uploaded, rules before the helpers they call. Best effort: a leftover is
        overwritten by the next scan, and failing here must not hide the scan's own outcome."""
        for pid in reversed(self._uploaded):
            self._quietly(self._client.delete_policy, pid)
        for path in self._written:
            self._quietly(self._client.delete_data, path)
        self._uploaded, self._written = [], []
        self._client.close_connection()

    # -- talking to the server ------------------------------------------------------------------

    def _quietly(self, fn: Callable[..., Any], *args: Any) -> None:
        with contextlib.suppress(self._requests.RequestException, self._errors.DeletePolicyError,
                                 self._errors.DeleteDataError, ValueError):
            fn(*args)

    def _call(self, what: str, fn: Callable[..., Any], *args: Any, compile_errors: bool = False, **kwargs: Any) -> Any:
        """Call the client; every failure becomes one EngineError saying what to fix. With
        ``compile_errors`` a RegoParseError carrying OPA's error list is passed on to the caller."""
        try:
            return fn(*args, **kwargs)
        except self._errors.RegoParseError as exc:
            if compile_errors and exc.errors and exc.expression != "unauthorized":
                raise
            raise self._error(what, exc) from None
        except (self._requests.RequestException, self._errors.ConnectionsError, self._errors.DeletePolicyError,
                self._errors.DeleteDataError, self._errors.PolicyNotFoundError, ValueError) as exc:
            raise self._error(what, exc) from None

    def _error(self, what: str, exc: BaseException) -> EngineError:
        requests = self._requests
        if isinstance(exc, self._errors.ConnectionsError) and exc.__cause__ is not None:
            exc = exc.__cause__
        where = f"the OPA server at {self._url}"
        if isinstance(exc, requests.exceptions.SSLError):
            return EngineError(f"TLS failure talking to {where}: {_reason(exc)} (see --opa-ca-bundle, "
                               f"--opa-client-cert)")
        if isinstance(exc, requests.Timeout) or "timed out" in str(exc).lower():
            return EngineError(f"{where} did not answer within {self._settings.timeout:g} s ({what}); "
                               f"raise --opa-timeout if the server is just slow")
        if isinstance(exc, requests.ConnectionError):
            return EngineError(f"cannot reach {where} ({what}): {_reason(exc)}")
        status, code, message = None, None, ""
        if isinstance(exc, requests.HTTPError) and exc.response is not None:
            status = exc.response.status_code
            try:
                body = exc.response.json()
            except ValueError:
                body = {"message": exc.response.text.strip()[:200]}
            code, message = (body.get("code"), body.get("message", "")) if isinstance(body, dict) else (None, "")
            if status == 400 and isinstance(body, dict) and body.get("errors"):
                message = self._compile_errors(body)
        elif isinstance(exc, requests.RequestException | ValueError):
            return EngineError(f"{where} did not answer like an OPA server ({what}): {exc}")
        else:  # the client's own error types carry OPA's code and message
            code, message = getattr(exc, "expression", None), getattr(exc, "message", "") or ""
            if getattr(exc, "errors", None):
                message = self._compile_errors(exc)
        detail = " ".join(str(x) for x in (f"HTTP {status}" if status else "", code or "", message) if x)
        if status in (401, 403) or code == "unauthorized":
            token = (f"check the bearer token in ${self._settings.token_env}" if self._settings.token_env
                     else "it wants a bearer token: put it in an environment variable and pass --opa-token-env NAME")
            return EngineError(f"{where} refused the request ({what}: {detail}): {token}")
        if status == 500:
            return _EvaluationFailed(f"{what} failed on {where}: {detail}")
        return EngineError(f"{what} failed on {where}: {detail}")

    def _compile_errors(self, error: Any) -> str:
        """OPA's compile error list as ``file:line:col: code: message`` lines, file names as the user knows them."""
        errors = error.get("errors") if isinstance(error, dict) else error.errors
        lines = []
        for err in errors or []:
            loc = err.get("location") or {}
            file = self._display.get(loc.get("file", ""), loc.get("file", "?"))
            where = ":".join(str(x) for x in (file, loc.get("row"), loc.get("col")) if x not in (None, ""))
            lines.append(f"{where}: {err.get('code', 'error')}: {err.get('message', '')}")
        return "\n".join(lines)


def _reason(exc: BaseException) -> str:
    """The useful tail of a requests/urllib3 connection error (``[Errno 111] Connection refused``)."""
    text = str(exc)
    match = re.search(r"(\[Errno -?\d+\][^')\"]*|Connection refused|certificate verify failed[^'(\"]*)", text)
    return match.group(1).strip() if match else text
