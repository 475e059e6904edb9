"""Malformed and hostile XML: every bad file is one clear scan issue (file, line, column), the rest of
the scan goes on, the exit code says the scan is incomplete, and no entity is ever resolved or fetched.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from scanner.gate import scan
from scanner.metadata import xmlparse
from scanner.metadata.xmlparse import XmlError, parse_xml
from scanner.result import ScanOptions
from tests.conftest import ROOT, run_cli
from tests.hostile_project import (
    DEFAULT,
    GOOD_SITE,
    GOOD_SITE_RULE,
    NS,
    policy_dir,
    remote_site,
    scan_args,
    write_project,
)

BAD = f"{DEFAULT}/remoteSiteSettings/Bad.remoteSite-meta.xml"
SITE = remote_site("https://ok.example.com")
DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'

# name → (bytes, expected line or None, message fragment)
MALFORMED: dict[str, tuple[bytes, int | None, str]] = {
    "truncated": (SITE[: len(SITE) // 2].encode(), None, "malformed XML"),
    "unbalanced": (f'{DECL}<RemoteSiteSetting xmlns="{NS}">\n<url>x</isActive>\n</RemoteSiteSetting>'.encode(), 3,
                   "mismatch"),
    "wrong_root": (f'{DECL}<Profile xmlns="{NS}">\n<custom>true</custom>\n</Profile>'.encode(), 2,
                   "unexpected root element <Profile>"),
    "junk_bytes": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd", 1, "malformed XML"),
    "empty": (b"", 1, "empty file"),
    "whitespace_only": (b"  \n\t\n", 1, "empty file"),
    "utf16_without_bom_or_declaration": (SITE.split("\n", 1)[1].encode("utf-16-le"), 1, "malformed XML"),
    "latin1_declared_utf8": (SITE.replace("ok.example", "caf\xe9.example").encode("latin-1"), 4, "encoding"),
    "declared_utf16_written_utf8": (SITE.replace("UTF-8", "UTF-16").encode(), 1, "malformed XML"),
    "unknown_encoding": (SITE.replace("UTF-8", "X-NO-SUCH").encode(), 1, "X-NO-SUCH"),
    "utf7_encoding": (SITE.replace("UTF-8", "UTF-7").encode(), 1, "unsupported encoding 'UTF-7'"),
    "nul_byte": (SITE.replace("ok.example", "ok\x00.example").encode(), 4, "malformed XML"),
    "nul_after_root": (SITE.encode() + b"\x00\x00trailing", None, "malformed XML"),
    "undefined_entity": (SITE.replace("ok.example", "ok&nbsp;.example").encode(), 4, "nbsp"),
    "two_roots": ((SITE + SITE.split("\n", 1)[1]).encode(), None, "malformed XML"),
    "deep_nesting": ((DECL + f'<RemoteSiteSetting xmlns="{NS}">' + "<a>" * 5000).encode(), 2, "malformed XML"),
    # Well-formed but 41 levels deep: refused per file (regorus would refuse the whole model).
    "nesting_too_deep": ((DECL + f'<RemoteSiteSetting xmlns="{NS}">\n' + "<a>" * 40 + "x" + "</a>" * 40
                          + "</RemoteSiteSetting>").encode(), 3, "nested more than 32 levels"),
}

# Valid XML in another encoding: parses to the same model as UTF-8.
VALID_ENCODINGS: dict[str, bytes] = {
    "utf8_bom": b"\xef\xbb\xbf" + SITE.encode(),
    "utf16le_bom": b"\xff\xfe" + SITE.replace("UTF-8", "UTF-16").encode("utf-16-le"),
    "utf16be_bom": b"\xfe\xff" + SITE.replace("UTF-8", "UTF-16").encode("utf-16-be"),
    "utf16le_no_bom_declared": SITE.replace("UTF-8", "UTF-16").encode("utf-16-le"),
    "utf16be_no_bom_declared": SITE.replace("UTF-8", "UTF-16").encode("utf-16-be"),
    "utf32le_bom": b"\xff\xfe\x00\x00" + SITE.replace("UTF-8", "UTF-32").encode("utf-32-le"),
    "latin1_declared": SITE.replace("UTF-8", "ISO-8859-1").replace("ok.example", "caf\xe9.example").encode("latin-1"),
}


def _scan(project: Path, **options) -> object:
    policies = policy_dir(project.parent / "policy")
    return scan(project, ScanOptions(include_builtin=False, policy_dirs=[policies], **options))


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_file_is_one_issue_and_the_rest_is_scanned(tmp_path: Path, case: str) -> None:
    data, line, fragment = MALFORMED[case]
    project = write_project(tmp_path / "p", {BAD: data})
    result = _scan(project)
    assert [i.file for i in result.issues] == [BAD], result.issues
    issue = result.issues[0]
    assert fragment.lower() in issue.message.lower()
    assert issue.line >= 1
    if line is not None:
        assert issue.line == line, issue
    if not issue.message.startswith("unexpected root"):
        assert issue.column >= 1, issue
    assert "\n" not in issue.message and "Traceback" not in issue.message
    # The good file beside it is still scanned and its finding still reported.
    assert [(f.rule_id, f.file) for f in result.findings] == [(GOOD_SITE_RULE, GOOD_SITE)]
    assert "Bad" not in result.model["remoteSiteSettings"]
    assert result.exit_code == 2
    assert _scan(project, allow_parse_errors=True).exit_code == 1


@pytest.mark.parametrize("case", sorted(VALID_ENCODINGS))
def test_valid_xml_in_other_encodings_parses(tmp_path: Path, case: str) -> None:
    project = write_project(tmp_path / "p", {BAD: VALID_ENCODINGS[case]})
    result = _scan(project)
    assert result.issues == []
    site = result.model["remoteSiteSettings"]["Bad"]
    expected = "https://café.example.com" if case.startswith("latin1") else "https://ok.example.com"
    assert site["url"] == expected
    assert site["_lines"]["url"] == 4


def test_cli_reports_list_unreadable_files_with_position(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {BAD: MALFORMED["nul_byte"][0],
                                             f"{DEFAULT}/remoteSiteSettings/Empty.remoteSite-meta.xml": b""})
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--sarif", str(out / "r.sarif"), "--json", str(out / "r.json"),
                   *scan_args(tmp_path))
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{BAD}:4:" in proc.stderr and f"{BAD}:4:" in proc.stdout
    assert GOOD_SITE_RULE in proc.stdout  # the other file's finding is still reported
    report = json.loads((out / "r.json").read_text("utf-8"))
    assert report["complete"] is False and report["exitCode"] == 2
    assert sorted(i["file"] for i in report["issues"]) == sorted([BAD, f"{DEFAULT}/remoteSiteSettings/Empty"
                                                                       ".remoteSite-meta.xml"])
    assert any(f["rule_id"] == GOOD_SITE_RULE for f in report["findings"])
    run = json.loads((out / "r.sarif").read_text("utf-8"))["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]:
             n["locations"][0]["physicalLocation"].get("region", {}) for n in invocation["toolExecutionNotifications"]}
    assert notes["Bad.remoteSite-meta.xml"]["startLine"] == 4
    assert "Empty.remoteSite-meta.xml" in notes
    assert any(r["ruleId"] == GOOD_SITE_RULE for r in run["results"])
    allowed = run_cli("scan", str(project), "--allow-parse-errors", *scan_args(tmp_path))
    assert allowed.returncode == 1, allowed.stderr  # exit by the findings; the file is still reported
    assert f"{BAD}:4:" in allowed.stderr


# ---------------------------------------------------------------- entity and DTD attacks

SECRET_TEXT = "SFP-OUTSIDE-ROOT-SECRET-7c1e"


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _CountingHandler.hits.append(self.path)
        body = f'<!ENTITY leak "{SECRET_TEXT}">'.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def http_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _attacks(secret: Path, url: str) -> dict[str, str]:
    """Each attack as a remote-site file; ``secret`` is a file outside the scanned root."""
    body = f'<RemoteSiteSetting xmlns="{NS}">\n<description>&x;</description>\n<url>https://a.example</url>\n' \
           f'</RemoteSiteSetting>\n'
    laughs = "".join(f'<!ENTITY x{i} "{("&x" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    return {
        "xxe_file": f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>\n{body}',
        "xxe_relative": f'<!DOCTYPE r [<!ENTITY x SYSTEM "../../../../../outside/{secret.name}">]>\n{body}',
        "xxe_http": f'<!DOCTYPE r [<!ENTITY x SYSTEM "{url}/entity">]>\n{body}',
        "parameter_entity": f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}/param.dtd"> %p;]>\n'
                            + body.replace("&x;", "&leak;"),
        "external_dtd_http": f'<!DOCTYPE r SYSTEM "{url}/evil.dtd">\n' + body.replace("&x;", "&leak;"),
        "external_dtd_file": f'<!DOCTYPE r SYSTEM "file://{secret}">\n{body}',
        "billion_laughs": f'<!DOCTYPE r [<!ENTITY x0 "lol">{laughs}<!ENTITY x "&x9;">]>\n{body}',
        "quadratic_blowup": f'<!DOCTYPE r [<!ENTITY x "{"A" * 50_000}">]>\n'
                            + body.replace("&x;", "&x;" * 20_000),
        "xinclude": f'<RemoteSiteSetting xmlns="{NS}" xmlns:xi="http://www.w3.org/2001/XInclude">\n'
                    f'<description><xi:include href="file://{secret}" parse="text"/></description>\n'
                    f"<url>https://a.example</url>\n</RemoteSiteSetting>\n",
        "lowercase_doctype": f'<!doctype r [<!ENTITY x SYSTEM "file://{secret}">]>\n{body}',
    }


def _encodings(text: str) -> dict[str, bytes]:
    """``text`` (no XML declaration) in the encodings a DOCTYPE check could be fooled by."""
    def declared(enc: str) -> str:
        return f'<?xml version="1.0" encoding="{enc}"?>\n{text}'

    return {
        "utf8": declared("UTF-8").encode(),
        "utf8_no_declaration": text.encode(),
        "utf16le_bom": b"\xff\xfe" + declared("UTF-16").encode("utf-16-le"),
        "utf16be_bom": b"\xfe\xff" + declared("UTF-16").encode("utf-16-be"),
        "utf16le_no_bom": declared("UTF-16LE").encode("utf-16-le"),
        "utf16be_no_bom": declared("UTF-16BE").encode("utf-16-be"),
        "utf32le_no_bom": declared("UTF-32LE").encode("utf-32-le"),
        "utf32be_bom": b"\x00\x00\xfe\xff" + declared("UTF-32").encode("utf-32-be"),
        "utf7": declared("UTF-7").encode("utf-7"),
        "ebcdic": declared("IBM037").encode("cp037"),
        "latin1": declared("ISO-8859-1").encode("latin-1"),
    }


@pytest.fixture(scope="module")
def attack_setup(tmp_path_factory, http_server):
    base = tmp_path_factory.mktemp("xxe")
    secret = base / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(SECRET_TEXT, "utf-8")
    return secret, http_server


def test_attack_matrix_is_refused_in_every_encoding(attack_setup) -> None:
    """Every attack × every encoding, parsed directly: refused (or, for XInclude, inert), nothing fetched."""
    secret, url = attack_setup
    _CountingHandler.hits.clear()
    outcomes = {}
    for attack, text in _attacks(secret, url).items():
        for enc, data in _encodings(text).items():
            try:
                root = parse_xml(data)
            except XmlError as exc:
                outcomes[(attack, enc)] = exc.message
                continue
            from lxml import etree

            outcomes[(attack, enc)] = "parsed"
            assert attack == "xinclude", (attack, enc)
            assert SECRET_TEXT not in etree.tostring(root, encoding="unicode")
    for (attack, enc), outcome in outcomes.items():
        if attack != "xinclude":
            assert outcome != "parsed", (attack, enc)
            assert any(word in outcome for word in ("DOCTYPE", "encoding", "malformed")), (attack, enc, outcome)
    assert _CountingHandler.hits == []


@pytest.mark.parametrize("attack", ["xxe_file", "xxe_relative", "xxe_http", "parameter_entity", "external_dtd_http",
                                    "external_dtd_file", "billion_laughs", "quadratic_blowup", "xinclude",
                                    "lowercase_doctype"])
def test_attack_through_the_cli_leaks_nothing(attack_setup, tmp_path: Path, attack: str) -> None:
    secret, url = attack_setup
    _CountingHandler.hits.clear()
    project = write_project(tmp_path / "proj", {BAD: DECL + _attacks(secret, url)[attack]})
    out = tmp_path / "out"
    proc = run_cli("scan", str(project), "--sarif", str(out / "r.sarif"), "--json", str(out / "r.json"), "--debug",
                   *scan_args(tmp_path))
    outputs = proc.stdout + proc.stderr + "".join(p.read_text("utf-8") for p in out.iterdir())
    assert SECRET_TEXT not in outputs
    assert _CountingHandler.hits == []
    assert "Traceback" not in outputs
    if attack == "xinclude":
        assert proc.returncode == 1  # inert: parsed, the include is an unknown element, never processed
    else:
        assert proc.returncode == 2, proc.stderr
        assert f"{BAD}:" in proc.stderr and "DOCTYPE" in proc.stderr
    assert GOOD_SITE_RULE in proc.stdout


def test_dtd_backstop_refuses_even_when_the_byte_check_is_bypassed(monkeypatch, attack_setup) -> None:
    """Defence in depth: with the pre-parse check disabled, the parser opens no external subset or
    parameter entity, resolves nothing, and the document is refused after parsing because it has a DTD.

    ``secret`` is not a valid DTD: had the parser opened it (as it does with ``collect_ids=False``), the
    error would be libxml2's "Content error in the external subset", not the DOCTYPE refusal.
    """
    secret, url = attack_setup
    monkeypatch.setattr(xmlparse, "_check_no_dtd", lambda data: None)
    _CountingHandler.hits.clear()
    documents = (
        b'<!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>',
        f'<!DOCTYPE r SYSTEM "{secret}"><r/>'.encode(),
        f'<!DOCTYPE r SYSTEM "file://{secret}"><r/>'.encode(),
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret}"> %p;]><r/>'.encode(),
        f'<!DOCTYPE r SYSTEM "{url}/x.dtd"><r/>'.encode(),
    )
    for data in documents:
        with pytest.raises(XmlError) as refused:
            parse_xml(data)
        assert refused.value.message.startswith("DOCTYPE and ENTITY declarations are not allowed"), data
    with pytest.raises(XmlError, match=r"amplification|DOCTYPE"):
        parse_xml(("<!DOCTYPE r [<!ENTITY x0 'lol'>" + "".join(
            f"<!ENTITY x{i} '{('&x' + str(i - 1) + ';') * 10}'>" for i in range(1, 10)) + "]><r>&x9;</r>").encode())
    assert _CountingHandler.hits == []


_MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
from scanner.gate import scan
from scanner.result import ScanOptions
start = time.perf_counter()
result = scan(Path(sys.argv[1]), ScanOptions(include_builtin=False, policy_dirs=[Path(sys.argv[2])]))
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "issues": [i.message for i in result.issues]}))
"""


def _measure(project: Path) -> dict:
    import subprocess

    policies = policy_dir(project.parent / "policy")
    proc = subprocess.run([sys.executable, "-c", _MEASURE, str(project), str(policies)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_billion_laughs_time_and_memory_stay_small(attack_setup, tmp_path: Path) -> None:
    """A full library scan of a project holding a billion-laughs file, in its own process, against the
    same project without it: the hostile file adds no measurable time or memory."""
    secret, url = attack_setup
    clean = write_project(tmp_path / "clean", {})
    hostile = write_project(tmp_path / "hostile", {BAD: DECL + _attacks(secret, url)["billion_laughs"]})
    baseline, attacked = _measure(clean), _measure(hostile)
    print(f"billion laughs: {attacked['seconds']:.3f}s, peak RSS {attacked['maxrss_kib'] / 1024:.1f} MiB "
          f"(clean project: {baseline['seconds']:.3f}s, {baseline['maxrss_kib'] / 1024:.1f} MiB)")
    assert any("DOCTYPE" in m for m in attacked["issues"])
    assert attacked["seconds"] < baseline["seconds"] + 2.0
    assert attacked["maxrss_kib"] < baseline["maxrss_kib"] + 20 * 1024


def test_every_report_format_lists_unreadable_files(tmp_path: Path) -> None:
    """Whatever formats exist when this runs (the registry), each names the file that could not be read."""
    from scanner.report.interface import FORMATS, renderer

    project = write_project(tmp_path / "p", {BAD: MALFORMED["truncated"][0]})
    result = _scan(project)
    missing = [fmt for fmt in sorted(FORMATS) if "Bad.remoteSite-meta.xml" not in renderer(fmt)(result)]
    assert missing == []


def test_the_reused_parser_carries_nothing_from_one_file_to_the_next() -> None:
    """Each thread reuses one parser: an error, a deep file or a DOCTYPE refused before must not
    change how the next file parses, nor the position an error reports."""
    good = b'<?xml version="1.0"?>\n<RemoteSiteSetting><url>https://a</url></RemoteSiteSetting>\n'
    broken = b'<?xml version="1.0"?>\n\n<RemoteSiteSetting><url>x</RemoteSiteSetting>\n'
    outcomes: list[tuple[str, int]] = []

    def run() -> None:
        for data in (broken, good, broken, good):
            try:
                outcomes.append(("ok", parse_xml(data).find("url").sourceline))
            except XmlError as exc:
                outcomes.append(("error", exc.line))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted([("error", 3), ("ok", 2)] * 8)
