"""The opa-server engine (opa-python-client) against an OPA server.

There is no OPA binary on these machines, so the server is ``tests/opa_rest_server.py``: OPA's REST
API served in-process on 127.0.0.1, compiling and evaluating with the real OPA library. With
``OPA_URL`` set (the ``opa-server`` GitHub workflow runs the official OPA image) the tests that
need no server-side knobs run against that real server instead; the ones that need a token, a slow
server or the request log always use the in-test server.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from scanner.engine.opa_server import POLICY_ID_PREFIX, OpaServerSettings
from scanner.errors import ScanFailed
from scanner.gate import scan
from scanner.result import ScanOptions
from tests.conftest import FIXTURES, run_cli

requests = pytest.importorskip("requests", reason="opa-python-client not installed: pip install 'sfpolicy[opa]'")
pytest.importorskip("opa_client", reason="opa-python-client not installed: pip install 'sfpolicy[opa]'")
pytest.importorskip("opa_bindings", reason="the in-test OPA server needs the real OPA library: `make test` installs it")

from tests.opa_rest_server import OpaRestServer  # noqa: E402  (needs opa_bindings)

LEAKY = FIXTURES / "leaky-retail-org"
REAL_OPA_URL = os.environ.get("OPA_URL")

# A small user policy set (the full built-in pack runs in one test only: each upload recompiles every
# module on the server). The rule file sorts before the helper it calls, so upload order matters.
SMALL_POLICIES = {
    "a_rule.rego": """package sfpolicy.rules.custom.plain_http

import data.custom.helpers
import rego.v1

deny contains msg if {
	some name, site in input.remoteSiteSettings
	helpers.plain_http(site.url)
	msg := sprintf("remote site %s is plain http", [name])
}

warn contains msg if {
	some name, _ in input.connectedApps
	msg := sprintf("connected app %s", [name])
}
""",
    "helpers.rego": """package custom.helpers

import rego.v1

plain_http(url) if startswith(lower(url), "http://")
""",
}


@pytest.fixture
def opa_url() -> Iterator[str]:
    """A real OPA server when OPA_URL is set, the in-test server otherwise."""
    if REAL_OPA_URL:
        yield REAL_OPA_URL.rstrip("/")
        return
    with OpaRestServer() as server:
        yield server.url


@pytest.fixture
def local_server() -> Iterator[OpaRestServer]:
    with OpaRestServer() as server:
        yield server


@pytest.fixture(scope="module")
def small_policies(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small-policies")
    for name, text in SMALL_POLICIES.items():
        (folder / name).write_text(text)
    return folder


@pytest.fixture(scope="module")
def leaky_on_regorus(small_policies) -> list[dict]:
    """The small policy set's findings on the embedded engine, for comparison."""
    options = ScanOptions(fail_on="none", policy_dirs=[small_policies], include_builtin=False)
    findings = [f.to_dict() for f in scan(LEAKY, options).findings]
    assert {f["package"] for f in findings} == {"sfpolicy.rules.custom.plain_http"} and len(findings) >= 2
    return findings


def on_server(url: str, policies: Path | None = None, **settings) -> ScanOptions:
    return ScanOptions(fail_on="none", engine="opa-server", opa=OpaServerSettings(url, **settings),
                       policy_dirs=[policies] if policies else [], include_builtin=policies is None)


def scan_leaky(url: str, policies: Path | None = None, **settings) -> list[dict]:
    return [f.to_dict() for f in scan(LEAKY, on_server(url, policies, **settings)).findings]


def our_policy_ids(url: str) -> list[str]:
    listed = requests.get(f"{url}/v1/policies", timeout=30).json()["result"]
    return [p["id"] for p in listed if p["id"].startswith(POLICY_ID_PREFIX)]


def server_config(url: str) -> dict:
    return requests.get(f"{url}/v1/data/sfpolicy/config", timeout=30).json()


def user_policy(tmp_path: Path, text: str, name: str = "custom.rego") -> Path:
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- uploads, queries, cleanup -------------------------------------------------------------------

def test_builtin_rules_on_server_identical_to_embedded_engine_and_uploads_cleaned_up(opa_url) -> None:
    on_regorus = [f.to_dict() for f in scan(LEAKY, ScanOptions(fail_on="none")).findings]
    assert on_regorus, "the leaky fixture must have findings for this comparison to mean anything"
    assert scan_leaky(opa_url) == on_regorus
    assert our_policy_ids(opa_url) == []
    assert "result" not in server_config(opa_url)


def test_uploads_under_the_prefix_with_strict_builtin_errors(local_server, small_policies, leaky_on_regorus) -> None:
    assert scan_leaky(local_server.url, small_policies) == leaky_on_regorus
    puts = [path for method, path in local_server.requests if method == "PUT" and path.startswith("/v1/policies/")]
    assert puts and all(p.startswith(f"/v1/policies/{POLICY_ID_PREFIX}") for p in puts)
    assert ("PUT", "/v1/data/sfpolicy/config") in local_server.requests
    queries = [path for method, path in local_server.requests if method == "POST"]
    assert queries and all(q.endswith("?strict-builtin-errors=true") for q in queries)
    deletes = [path for method, path in local_server.requests if method == "DELETE"]
    assert sorted(deletes) == sorted([*puts, "/v1/data/sfpolicy/config"])
    assert local_server.policies == {}


def test_cli_scan_on_opa_server(opa_url, tmp_path, small_policies, leaky_on_regorus) -> None:
    out = tmp_path / "scan.json"
    done = run_cli("scan", str(LEAKY), "--opa-url", opa_url, "--policy", str(small_policies), "--no-builtin",
                   "--fail-on", "high", "--json", str(out), "-q")
    assert done.returncode == 1, done.stderr
    assert [f["rule_id"] for f in json.loads(out.read_text())["findings"]] == [f["rule_id"] for f in leaky_on_regorus]


def test_no_upload_evaluates_the_policies_the_server_holds(local_server, small_policies, leaky_on_regorus) -> None:
    from scanner.config import DEFAULTS

    for name in sorted(SMALL_POLICIES, reverse=True):  # deployed by someone else, helpers first
        assert requests.put(f"{local_server.url}/v1/policies/bundle/{name}", data=SMALL_POLICIES[name],
                            timeout=30).status_code == 200
    requests.put(f"{local_server.url}/v1/data/sfpolicy/config", json=DEFAULTS, timeout=30)
    before = dict(local_server.policies)
    local_server.requests.clear()
    assert scan_leaky(local_server.url, small_policies, upload=False) == leaky_on_regorus
    assert not [r for r in local_server.requests if r[0] in ("PUT", "DELETE")]
    assert local_server.policies == before


def test_no_upload_fails_when_the_server_lacks_the_config(opa_url, small_policies) -> None:
    with pytest.raises(ScanFailed, match=r"holds no data\.sfpolicy\.config"):
        scan_leaky(opa_url, small_policies, upload=False)


def test_no_upload_fails_when_the_server_config_differs(local_server, small_policies) -> None:
    requests.put(f"{local_server.url}/v1/data/sfpolicy/config", json={"disabled": []}, timeout=30)
    with pytest.raises(ScanFailed, match="differs from this scan's configuration"):
        scan_leaky(local_server.url, small_policies, upload=False)


def test_undefined_result_fails_the_scan(local_server, small_policies) -> None:
    """The server holds the config but not the rules: an undefined deny is an error, never 'no findings'."""
    from scanner.config import DEFAULTS

    requests.put(f"{local_server.url}/v1/data/sfpolicy/config", json=DEFAULTS, timeout=30)
    with pytest.raises(ScanFailed, match=r"rule sfpolicy\.rules\.custom\.plain_http\.deny is undefined on the OPA"):
        scan_leaky(local_server.url, small_policies, upload=False)


# -- the server refuses ----------------------------------------------------------------------------

def test_parse_error_reported_with_file_and_line(opa_url, tmp_path) -> None:
    folder = user_policy(tmp_path, "package sfpolicy.rules.custom.bad\n\ndeny contains msg if {\n\tmsg := \n}\n")
    for name, text in SMALL_POLICIES.items():
        (folder / name).write_text(text)
    options = on_server(opa_url, folder)
    with pytest.raises(ScanFailed) as failed:
        scan(LEAKY, options)
    message = str(failed.value)
    assert "does not compile" in message
    assert f"{folder / 'custom.rego'}:5" in message and "rego_parse_error" in message
    assert our_policy_ids(opa_url) == []  # what was uploaded before the refusal is removed


def test_unknown_function_refused_by_the_server_compiler(opa_url, tmp_path) -> None:
    folder = user_policy(tmp_path, "package sfpolicy.rules.custom.fn\n\ndeny contains msg if {\n"
                                   "\tmsg := no_such.builtin(input)\n}\n")
    options = on_server(opa_url, folder)
    with pytest.raises(ScanFailed, match=r"custom\.rego:4.*undefined function no_such\.builtin"):
        scan(LEAKY, options)


def test_builtin_error_at_evaluation_fails_strictly(opa_url, tmp_path) -> None:
    folder = user_policy(tmp_path, 'package sfpolicy.rules.custom.strict\n\ndeny contains msg if {\n'
                                   '\tn := to_number("not a number")\n\tmsg := sprintf("%v", [n])\n}\n')
    options = on_server(opa_url, folder)
    with pytest.raises(ScanFailed, match=r"rule sfpolicy\.rules\.custom\.strict\.deny failed .*HTTP 500"):
        scan(LEAKY, options)


def test_missing_token_is_an_auth_failure(small_policies) -> None:
    with OpaRestServer(token="s3cret-token") as server, pytest.raises(ScanFailed) as failed:
        scan_leaky(server.url, small_policies)
    assert "refused the request" in str(failed.value) and "--opa-token-env" in str(failed.value)
    assert "401" in str(failed.value)


def test_wrong_token_is_an_auth_failure_naming_the_variable(monkeypatch, small_policies) -> None:
    monkeypatch.setenv("SFP_TEST_OPA_TOKEN", "wrong-token")
    with OpaRestServer(token="s3cret-token") as server, pytest.raises(ScanFailed) as failed:
        scan_leaky(server.url, small_policies, token_env="SFP_TEST_OPA_TOKEN")
    assert "$SFP_TEST_OPA_TOKEN" in str(failed.value) and "wrong-token" not in str(failed.value)


def test_token_from_the_environment_is_sent(monkeypatch, small_policies, leaky_on_regorus) -> None:
    monkeypatch.setenv("SFP_TEST_OPA_TOKEN", "s3cret-token")
    with OpaRestServer(token="s3cret-token") as server:
        assert scan_leaky(server.url, small_policies, token_env="SFP_TEST_OPA_TOKEN") == leaky_on_regorus


def test_cli_auth_failure_exits_2_with_one_line(small_policies) -> None:
    with OpaRestServer(token="s3cret-token") as server:
        done = run_cli("scan", str(LEAKY), "--opa-url", server.url, "--policy", str(small_policies),
                       "--no-builtin", "-q")
    assert done.returncode == 2
    assert done.stderr.startswith("sfpolicy: error: the OPA server at") and "Traceback" not in done.stderr


def test_slow_server_times_out(small_policies) -> None:
    with OpaRestServer(delay=3.0) as server, pytest.raises(ScanFailed, match=r"did not answer within 0\.5 s"):
        scan_leaky(server.url, small_policies, timeout=0.5)


def test_connection_refused(small_policies) -> None:
    with pytest.raises(ScanFailed, match=r"cannot reach the OPA server at .*Connection refused"):
        scan_leaky(f"http://127.0.0.1:{free_port()}", small_policies)


def test_cli_connection_refused_exits_2() -> None:
    done = run_cli("scan", str(LEAKY), "--opa-url", f"http://127.0.0.1:{free_port()}", "-q")
    assert done.returncode == 2 and "cannot reach the OPA server" in done.stderr and "Traceback" not in done.stderr


# -- settings ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("settings", "message"), [
    ({"url": "ftp://opa:8181"}, "expected http://HOST:PORT"),
    ({"url": "http://user:pw@opa:8181"}, "must not carry credentials"),
    ({"url": "http://opa:8181", "ca_bundle": Path("ca.pem")}, "--opa-ca-bundle needs an https"),
    ({"url": "https://opa:8181", "ca_bundle": Path("/nonexistent/ca.pem")}, "no such file"),
    ({"url": "https://opa:8181", "client_key": Path(__file__)}, "--opa-client-key needs --opa-client-cert"),
    ({"url": "http://opa:8181", "token_env": "SFP_TEST_UNSET_VARIABLE"}, "SFP_TEST_UNSET_VARIABLE: that environment"),
    ({"url": "http://opa:8181", "timeout": 0}, "--opa-timeout must be a positive"),
])
def test_unusable_settings_are_refused_before_connecting(settings, message, monkeypatch) -> None:
    monkeypatch.delenv("SFP_TEST_UNSET_VARIABLE", raising=False)
    url = settings.pop("url")
    with pytest.raises(ScanFailed, match=message):
        scan(LEAKY, ScanOptions(engine="opa-server", opa=OpaServerSettings(url, **settings)))


def test_cli_opa_options_need_the_server_engine() -> None:
    done = run_cli("scan", str(LEAKY), "--engine", "regorus", "--opa-url", "http://127.0.0.1:1", "-q")
    assert done.returncode == 2 and "--opa-* options are for --engine opa-server" in done.stderr
    done = run_cli("scan", str(LEAKY), "--engine", "opa-server", "-q")
    assert done.returncode == 2 and "needs --opa-url" in done.stderr


# -- TLS: CA bundle and client certificate ----------------------------------------------------------

def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Path:
    """A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed: cannot make test certificates")
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
             "-subj", "/CN=sfpolicy test CA", cwd=d)
    for name, ext in (("server", "subjectAltName=IP:127.0.0.1"), ("client", "extendedKeyUsage=clientAuth")):
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out", f"{name}.csr",
                 "-subj", f"/CN=sfpolicy test {name}", cwd=d)
        (d / f"{name}.ext").write_text(ext + "\n")
        _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                 "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=d)
    return d


def tls_server(pki: Path) -> OpaRestServer:
    """An https server that requires a client certificate signed by the test CA."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED
    return OpaRestServer(tls=context)


def test_https_with_ca_bundle_and_client_certificate(pki, small_policies, leaky_on_regorus, monkeypatch) -> None:
    """--opa-ca-bundle wins over REQUESTS_CA_BUNDLE, which requests would otherwise let override it."""
    import certifi

    monkeypatch.setenv("REQUESTS_CA_BUNDLE", certifi.where())
    with tls_server(pki) as server:
        assert server.url.startswith("https://")
        found = scan_leaky(server.url, small_policies, ca_bundle=pki / "ca.pem", client_cert=pki / "client.pem",
                           client_key=pki / "client.key")
    assert found == leaky_on_regorus


def test_https_server_not_trusted_without_the_ca_bundle(pki, small_policies) -> None:
    with tls_server(pki) as server, pytest.raises(ScanFailed, match=r"TLS failure .*--opa-ca-bundle"):
        scan_leaky(server.url, small_policies, client_cert=pki / "client.pem", client_key=pki / "client.key")


def test_https_server_refuses_a_client_without_certificate(pki, small_policies) -> None:
    with tls_server(pki) as server, pytest.raises(ScanFailed, match=r"the OPA server at https://127\.0\.0\.1"):
        scan_leaky(server.url, small_policies, ca_bundle=pki / "ca.pem")
