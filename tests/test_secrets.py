"""Secrets planted in metadata never reach the org model, any report, stdout, stderr or an error message.

The end-to-end test runs every output the CLI can write at the time it runs (every report format the
registry knows that ``sfpolicy scan --help`` offers, plus ``sfpolicy normalize``), from a folder, a
retrieve zip and a git ref, and greps all of it for each planted secret.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from scanner.metadata.secrets import REDACTED, may_hold_tokens, redact, scrub_text
from scanner.report.interface import FORMATS
from tests.conftest import run_cli
from tests.hostile_project import DEFAULT, NS, write_project


def _blob(seed: str, size: int) -> str:
    out = b""
    while len(out) < size:
        out += hashlib.sha256((seed + str(len(out))).encode()).digest()
    return base64.b64encode(out[:size]).decode()


CERT_BODY = _blob("cert", 600)
PEM_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + _blob("pem", 300) + "\n-----END RSA PRIVATE KEY-----"
JWT = ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZnBvbGljeS10ZXN0In0."
       "mV2yBq0nJx7c4RmWkqJjX0J8aHh8dQkz3n8Tq1vYk5E")

#: name → the secret value as planted (each must vanish from every output)
SECRETS = {
    "connected app consumer secret": "C0nsumerSecret-7Hq2Lx9Vb4Nm8Rt1Zp6Wc3Yd",
    "connected app certificate": CERT_BODY,
    "auth provider consumer secret": "AuthProv1derSecret-Kf83Jd92Ls01Qp47",
    "named credential password": "Pa55w0rd!NamedCred-Xq72",
    "named credential oauth token": "00D5g000004Ez7F!AQ0AQF4kE.t0ken_vAlue_9zXy8wVu7tSr6qPo5nMl",
    "named credential refresh token": "5Aep861RefreshT0kenValueZx81Lq",
    "named credential aws secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "external credential auth parameter": "ext-cred-client-secret-Zq81Mv",
    "external credential auth header": "Basic c2ZwOmV4dGVybmFsLWhlYWRlci1zZWNyZXQ=",
    "jwt in a description": JWT,
    "aws access key in a description": "AKIAIOSFODNN7SFPTEST",
    "slack token": "xoxb-123456789012-1234567890123-SfPoLiCyTeStSlAcKtOkEn",
    "github token": "ghp_SfPolicyTestGitHubToken0123456789abcd",
    "google api key": "AIzaSyD-SfPolicyTestGoogleKey0123456789",
    "stripe key": "sk_live_SfPolicyTestStripeKey0123",
    "pem private key": PEM_KEY,
    "password in a url": "hunter2UrlPassw0rd",
    "api key in a url query": "Qk81LmZ0UrlApiKey",
    "password after an empty user name": "EmptyUserPassw0rd77",
    "bearer token": "BearerT0ken.Zx81-Lq09_Mv",
    "sk api key": "sk-proj-SfPolicyTestApiKey0123456789",
    "token in an unknown element": "q8Zr2LmX9vT4wB7nK1pD5sH3fJ6",
    "secret in a malformed file": "MalformedFileSecret-Wq19Xz",
}
S = SECRETS


def _files() -> dict[str, str]:
    decl = '<?xml version="1.0" encoding="UTF-8"?>\n'
    return {
        f"{DEFAULT}/connectedApps/Leaky_App.connectedApp-meta.xml": f"""{decl}<ConnectedApp xmlns="{NS}">
    <contactEmail>ops@example.com</contactEmail>
    <description>Reporting app. Test token: {S['jwt in a description']} key {S['aws access key in a description']}
    </description>
    <label>Leaky App</label>
    <oauthConfig>
        <callbackUrl>https://app.example.com/callback</callbackUrl>
        <certificate>{S['connected app certificate']}</certificate>
        <consumerKey>3MVG9PublicConsumerKeyIsNotASecret</consumerKey>
        <consumerSecret>{S['connected app consumer secret']}</consumerSecret>
        <isConsumerSecretOptional>false</isConsumerSecretOptional>
        <scopes>Full</scopes>
        <scopes>RefreshToken</scopes>
    </oauthConfig>
    <oauthPolicy>
        <ipRelaxation>BYPASS</ipRelaxation>
        <refreshTokenPolicy>infinite</refreshTokenPolicy>
    </oauthPolicy>
</ConnectedApp>
""",
        f"{DEFAULT}/authproviders/Okta.authprovider-meta.xml": f"""{decl}<AuthProvider xmlns="{NS}">
    <consumerKey>okta-client-id</consumerKey>
    <consumerSecret>{S['auth provider consumer secret']}</consumerSecret>
    <friendlyName>Okta</friendlyName>
    <providerType>OpenIdConnect</providerType>
    <tokenUrl>https://okta.example.com/oauth2/v1/token</tokenUrl>
</AuthProvider>
""",
        f"{DEFAULT}/authproviders/Retrieved.authprovider-meta.xml": f"""{decl}<AuthProvider xmlns="{NS}">
    <consumerSecret>Placeholder_Value</consumerSecret>
    <friendlyName>Retrieved</friendlyName>
    <providerType>Salesforce</providerType>
</AuthProvider>
""",
        f"{DEFAULT}/namedCredentials/Legacy_Api.namedCredential-meta.xml": f"""{decl}<NamedCredential xmlns="{NS}">
    <allowMergeFieldsInBody>false</allowMergeFieldsInBody>
    <awsAccessKey>AKIA-not-a-key-format</awsAccessKey>
    <awsAccessSecret>{S['named credential aws secret']}</awsAccessSecret>
    <endpoint>https://api.example.com</endpoint>
    <label>Legacy Api</label>
    <oauthRefreshToken>{S['named credential refresh token']}</oauthRefreshToken>
    <oauthToken>{S['named credential oauth token']}</oauthToken>
    <password>{S['named credential password']}</password>
    <principalType>NamedUser</principalType>
    <protocol>Password</protocol>
    <username>integration@example.com</username>
</NamedCredential>
""",
        f"{DEFAULT}/externalCredentials/Partner.externalCredential-meta.xml":
            f"""{decl}<ExternalCredential xmlns="{NS}">
    <authenticationProtocol>Custom</authenticationProtocol>
    <externalCredentialParameters>
        <parameterName>ClientSecret</parameterName>
        <parameterType>AuthParameter</parameterType>
        <parameterValue>{S['external credential auth parameter']}</parameterValue>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterName>Authorization</parameterName>
        <parameterType>AuthHeader</parameterType>
        <parameterValue>{S['external credential auth header']}</parameterValue>
    </externalCredentialParameters>
    <externalCredentialParameters>
        <parameterName>Principal</parameterName>
        <parameterType>NamedPrincipal</parameterType>
        <parameterValue>PartnerPrincipal</parameterValue>
    </externalCredentialParameters>
    <label>Partner</label>
</ExternalCredential>
""",
        f"{DEFAULT}/remoteSiteSettings/Legacy_Http.remoteSite-meta.xml": f"""{decl}<RemoteSiteSetting xmlns="{NS}">
    <description>Chat: {S['slack token']} ci: {S['github token']} maps: {S['google api key']}
pay: {S['stripe key']} auth: Bearer {S['bearer token']} llm: {S['sk api key']}
feed: https://api.example.com/v1/feed?format=json&amp;api_key={S['api key in a url query']}&amp;x=1
mirror: https://:{S['password after an empty user name']}@mirror.example.com/x
{S['pem private key']}
    </description>
    <disableProtocolSecurity>true</disableProtocolSecurity>
    <isActive>true</isActive>
    <url>http://admin:{S['password in a url']}@legacy.example.com</url>
</RemoteSiteSetting>
""",
        f"{DEFAULT}/settings/Security.settings-meta.xml": f"""{decl}<SecuritySettings xmlns="{NS}">
    <integrationApiToken>{S['token in an unknown element']}</integrationApiToken>
    <sessionSettings>
        <sessionTimeout>TwoHours</sessionTimeout>
    </sessionSettings>
</SecuritySettings>
""",
        f"{DEFAULT}/connectedApps/Broken.connectedApp-meta.xml":
            f"""{decl}<ConnectedApp xmlns="{NS}">
    <oauthConfig><consumerSecret>{S['secret in a malformed file']}</consumerSecret>
    <unclosed>
</ConnectedApp>
""",
    }


def _leaks(text: str) -> list[str]:
    """Names of the secrets found in ``text``, whole or by a distinctive middle part."""
    found = []
    for name, value in SECRETS.items():
        middle = value[len(value) // 2 - 6: len(value) // 2 + 6]
        if value in text or middle in text:
            found.append(name)
    return found


def _scan_help() -> str:
    proc = subprocess.run([os.sys.executable, "-m", "scanner", "scan", "--help"], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}, timeout=60)
    return proc.stdout


def _report_options(out: Path) -> tuple[list[str], list[str]]:
    """Every report option ``scan --help`` offers for a format in the registry (files or flags), and
    the names of the files they write."""
    help_text = _scan_help()
    args: list[str] = []
    files: list[str] = []
    for fmt in sorted(FORMATS):
        line = next((ln for ln in help_text.splitlines() if re.search(rf"\s--{fmt}\s", ln)), None)
        if line is None:
            continue
        if "<bool>" in line:
            args.append(f"--{fmt}")
        else:
            files.append(f"report.{fmt}")
            args += [f"--{fmt}", str(out / files[-1])]
    return args, files


def _collect(proc: subprocess.CompletedProcess[str], out: Path) -> str:
    return proc.stdout + proc.stderr + "".join(p.read_text("utf-8", errors="replace") for p in sorted(out.iterdir()))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("secrets") / "project", _files())


def test_every_cli_output_is_free_of_secrets(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    options, files = _report_options(out)
    assert {"--sarif", "--json"} <= set(options)
    outputs = []
    scan = run_cli("scan", str(project), *options, "--fail-on", "none", "--debug")
    assert scan.returncode == 2, scan.stderr  # the malformed file makes the scan incomplete
    assert "Broken.connectedApp-meta.xml" in scan.stderr
    assert scan.stdout.strip()
    outputs.append(_collect(scan, out))
    assert sorted(p.name for p in out.iterdir()) == sorted(files)
    if "normalize" in run_cli("--help").stdout:
        normal = run_cli("normalize", str(project), "--debug")
        assert '"connectedApps"' in normal.stdout
        assert normal.returncode == 2 and "Broken.connectedApp-meta.xml" in normal.stderr
        assert "Traceback" not in normal.stderr
        outputs.append(normal.stdout + normal.stderr)
        to_file = run_cli("normalize", str(project), "--output", str(out / "model.json"))
        outputs.append(_collect(to_file, out))
    everything = "\n".join(outputs)
    assert _leaks(everything) == []
    # Redacted, not dropped: rules can still see that a secret is set.
    report = json.loads((out / "report.json").read_text("utf-8"))
    model = report["model"]
    app = model["connectedApps"]["Leaky_App"]["oauthConfig"]
    assert app["consumerSecret"] == REDACTED and app["certificate"] == REDACTED
    assert app["consumerKey"] == "3MVG9PublicConsumerKeyIsNotASecret"
    assert model["connectedApps"]["Leaky_App"]["oauthPolicy"]["refreshTokenPolicy"] == "infinite"
    assert model["authProviders"]["Retrieved"]["consumerSecret"] == "Placeholder_Value"
    assert model["authProviders"]["Okta"]["tokenUrl"] == "https://okta.example.com/oauth2/v1/token"
    named = model["namedCredentials"]["Legacy_Api"]
    assert named["password"] == named["oauthToken"] == named["awsAccessSecret"] == REDACTED
    assert named["username"] == "integration@example.com"
    params = {p["parameterName"]: p["parameterValue"]
              for p in model["externalCredentials"]["Partner"]["externalCredentialParameters"]}
    assert params == {"ClientSecret": REDACTED, "Authorization": REDACTED, "Principal": "PartnerPrincipal"}
    # The whole userinfo goes: a user name can be a token too (https://ghp_…@github.com).
    assert model["remoteSiteSettings"]["Legacy_Http"]["url"] == f"http://{REDACTED}@legacy.example.com"


def test_zip_and_git_sources_are_free_of_secrets(project: Path, tmp_path: Path) -> None:
    archive = tmp_path / "unpackaged.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(project.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(project).as_posix())
    out = tmp_path / "zip-out"
    out.mkdir()
    from_zip = run_cli("scan", str(archive), "--json", str(out / "r.json"), "--sarif", str(out / "r.sarif"))
    assert from_zip.returncode == 2, from_zip.stderr
    assert '"Leaky_App"' in (out / "r.json").read_text("utf-8")
    texts = [_collect(from_zip, out)]
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    repo = tmp_path / "repo"
    subprocess.run(["cp", "-r", str(project), str(repo)], check=True)
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(repo), "commit", "-q", "-m", "leaky"], check=True)
    gout = tmp_path / "git-out"
    gout.mkdir()
    from_git = run_cli("scan", str(repo), "--ref", "HEAD", "--json", str(gout / "r.json"))
    assert from_git.returncode == 2, from_git.stderr
    assert '"Leaky_App"' in (gout / "r.json").read_text("utf-8")
    texts.append(_collect(from_git, gout))
    assert _leaks("\n".join(texts)) == []


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("consumerSecret", "abc", REDACTED),
    ("consumerSecret", "", ""),
    ("consumerSecret", "Placeholder_Value", "Placeholder_Value"),
    ("isConsumerSecretOptional", False, False),
    ("refreshTokenPolicy", "infinite", "infinite"),
    ("tokenEndpointUrl", "https://login.example.com/services/oauth2/token", "https://login.example.com/services/oauth2/token"),
    ("customApiToken", "q8Zr2LmX9vT4wB7nK1pD5sH3fJ6", REDACTED),
    ("customApiToken", "see-the-vault", "see-the-vault"),  # short, low entropy: a reference, not a secret
    ("certificate", "My_Signing_Cert", "My_Signing_Cert"),  # names a certificate
    ("encryptionCertificate", CERT_BODY, REDACTED),
    ("description", f"token {JWT} here", f"token {REDACTED} here"),
    ("description", "Plain words about tokens and secrets", "Plain words about tokens and secrets"),
])
def test_redact(name: str, value: object, expected: object) -> None:
    assert redact(name, value) == expected


def test_auth_parameters_are_redacted_by_type() -> None:
    auth = {"parameterName": "Key", "parameterType": "AuthParameter", "parameterValue": "v"}
    other = {"parameterName": "Url", "parameterType": "Url", "parameterValue": "https://x.example"}
    assert redact("externalCredentialParameters", auth)["parameterValue"] == REDACTED
    assert redact("externalCredentialParameters", other)["parameterValue"] == "https://x.example"
    # Repeated elements (a malformed or hostile file) become lists: still redacted, never a crash.
    repeated = {"parameterType": ["Url", "AuthHeader"], "parameterValue": ["a", "b"]}
    assert redact("externalCredentialParameters", repeated)["parameterValue"] == [REDACTED, REDACTED]
    nested = {"parameterType": [{"x": 1}], "parameterValue": "v"}
    assert redact("externalCredentialParameters", nested)["parameterValue"] == "v"


def test_cli_error_messages_are_scrubbed(tmp_path: Path) -> None:
    """An error that quotes user input (here a config value) goes through the token scrubber."""
    config = tmp_path / "sfpolicy.yaml"
    config.write_text(f"integrations: {S['github token']}\n", "utf-8")
    proc = run_cli("scan", str(write_project(tmp_path / "p", {})), "--config", str(config))
    assert proc.returncode == 2
    assert "sfpolicy: error:" in proc.stderr
    assert _leaks(proc.stdout + proc.stderr) == []
    assert scrub_text(S["slack token"]) == REDACTED


@pytest.mark.parametrize("token", [
    "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----", JWT,
    *(prefix + "IOSFODNN7EXAMPLE" for prefix in ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA")),
    "xoxp-1234567890-abcdef", "https://hooks.slack.com/services/T0001/B0001/XXXXXXXX", "ghs_" + "a1" * 18,
    "github_pat_" + "A" * 30, "AIza" + "b" * 35, "rk_live_" + "c" * 20, "00D5g000004Ez7F!" + "d" * 30,
])
def test_every_token_format_is_scrubbed(token: str) -> None:
    """Each format in the scrubber, in running text (this also keeps its quick pre-check in step)."""
    assert token not in scrub_text(f"see {token} here")
    assert REDACTED in scrub_text(f"see {token} here")


@pytest.mark.parametrize(("text", "secret"), [
    ("https://api.example.com/v1?api_key=Zk81mQ0pLx&x=1", "Zk81mQ0pLx"),
    ("https://x.example/cb?a=1&token=tok3nValue9&b=2", "tok3nValue9"),
    ("https://x.example/file?sig=Q2lnbmF0dXJl%2Fv&se=2030", "Q2lnbmF0dXJl%2Fv"),
    ("https://x.example/?client_secret=s3cr3tVal", "s3cr3tVal"),
    ("https://x.example/login?user=a&PASSWORD=hunter2", "hunter2"),
    ("https://x.example/?access_token=abc.def-ghi#frag", "abc.def-ghi"),
    ("https://x.example/?X-Amz-Signature=ab12cd34ef", "ab12cd34ef"),
    ("https://alice:pa@ss@host.example/path", "pa@ss"),
    ("https://:onlyPassw0rd@host.example/", "onlyPassw0rd"),
    ("https://ghTokenAsUser@host.example/repo.git", "ghTokenAsUser"),
    ("use sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z here", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"),
    ("key sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2 end", "sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2"),
    ("Authorization: Bearer abc123.DEF456-ghi789_jkl", "abc123.DEF456-ghi789_jkl"),
    ("header bearer 9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706"),
])
def test_url_credentials_api_keys_and_bearer_tokens_are_scrubbed(text: str, secret: str) -> None:
    """Query-string secrets, userinfo up to the last ``@`` (an empty user name too), ``sk-`` keys and
    bearer tokens, in a value and in a whole file's quick pre-check alike."""
    scrubbed = scrub_text(text)
    assert secret not in scrubbed
    assert REDACTED in scrubbed
    assert may_hold_tokens(text)


@pytest.mark.parametrize("text", [
    "https://x.example/search?q=monkey&page=2", "mail alice@example.com", "a risky task-list here",
    "Bearer of bad news", "https://host.example/path@v2",
])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert scrub_text(text) == text


#: Inputs built to make a backtracking pattern try every start against the rest of the text.
ADVERSARIAL = {
    "jwt header runs": "eyJ-" * 2_500_000,
    "jwt two segments": ("eyJaaaaaaaaaaa." * 700_000),
    "pem headers": "-----BEGIN " + "A " * 5_000_000,
    "pem unterminated": "-----BEGIN X-----\n" + "-----END " * 1_100_000,
    "slack": "xoxa-" * 2_000_000,
    "github": "ghp_" + "a" * 10_000_000,
    "session ids": "00Daaaaaaaaaaaa!" * 650_000,
    "url userinfo": "https://" + "a:" * 5_000_000,
    "url at signs": "https://" + "@" * 10_000_000 + "x",
    "query strings": "?token=" * 1_500_000,
    "query names": "?api_key" * 1_300_000,
    "api keys": "sk-" * 3_300_000,
    "bearer": "Bearer " * 1_500_000,
    "bearer spaces": "Bearer" + " " * 10_000_000,
    "mixed": ("eyJ-sk-xoxa-Bearer ://a:@?sig=" * 340_000),
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_scrubbing_is_linear_on_adversarial_text(name: str) -> None:
    """Each pattern on ~10 MB built against it finishes in seconds (the JWT pattern took 62 s on 400 KB).
    The bound is generous for a shared CI machine; benchmarks/redaction.py measures it properly."""
    text = ADVERSARIAL[name]
    assert len(text) >= 9_000_000
    started = time.perf_counter()
    may_hold_tokens(text)
    scrub_text(text)
    assert time.perf_counter() - started < 10


def test_debug_traceback_is_scrubbed(tmp_path: Path) -> None:
    """``--debug`` prints the traceback, and a traceback quotes input (here a path): it is scrubbed too."""
    token = S["github token"]
    proc = run_cli("scan", str(tmp_path / token), "--debug")
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr
    assert token not in proc.stdout + proc.stderr


def test_console_lines_quoting_a_file_name_are_scrubbed(tmp_path: Path) -> None:
    """Issue lines on stderr and the console report quote file names: printed text is scrubbed too."""
    token = S["github token"]
    project = write_project(tmp_path / "p", {f"{DEFAULT}/profiles/{token}.profile-meta.xml": b"<Profile>"})
    proc = run_cli("scan", str(project))
    assert proc.returncode == 2
    assert "malformed XML" in proc.stderr
    assert token not in proc.stdout + proc.stderr
