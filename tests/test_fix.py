"""``sfpolicy fix`` (issue 21): mechanical metadata edits, smallest diff, refused when not surely safe.

Real files throughout: the fixtures copied to a temporary folder, the real scan before and after, lxml
re-parsing the edited bytes.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from scanner.findings import Finding
from scanner.fix.edits import EditRefused, apply, set_text
from scanner.fix.fixers import FIXERS
from scanner.fix.run import WriteRefused, propose, write
from scanner.gate import scan
from scanner.metadata.xmlparse import parse_xml
from scanner.plan.fixing import dry_run
from scanner.result import ScanOptions
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES, run_cli

LEAKY = FIXTURES / "leaky-retail-org"


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    root = tmp_path / "leaky"
    shutil.copytree(LEAKY, root)
    return root


def _scan(root: Path):
    return scan(root, ScanOptions(fail_on="none", reuse=False))


# A file as people write them: comments, CRLF line ends, odd spacing, attributes, a prefixed namespace.
ODD = ('<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- kept: a comment -->\r\n'
       '<md:SecuritySettings xmlns:md="http://soap.sforce.com/2006/04/metadata">\r\n'
       '  <md:sessionSettings >\r\n'
       '\t<md:lockSessionsToIp>false</md:lockSessionsToIp>  <!-- why: legacy VPN -->\r\n'
       "    <md:sessionTimeout  a='1'>EightHours</md:sessionTimeout>\r\n"
       '  </md:sessionSettings>\r\n</md:SecuritySettings>')


def _canonical_without(root: etree._Element, changed: etree._Element) -> bytes:
    changed.text = "X"
    return etree.tostring(root, method="c14n")


def test_set_text_changes_the_value_and_no_other_byte() -> None:
    root = parse_xml(ODD.encode())
    element = root[0][0]
    r = set_text(ODD, element, "true")
    after = apply(ODD, [r])
    assert after == ODD.replace(">false<", ">true<")
    assert after[:r.start] == ODD[:r.start] and after[r.start + 4:] == ODD[r.end:]  # unrelated bytes unchanged
    assert (r.line, r.column, r.end_line, r.end_column) == (5, 23, 5, 28)
    # lxml round trip: the trees differ in that one value only (comments included).
    new_root = parse_xml(after.encode())
    assert new_root[0][0].text == "true"
    assert _canonical_without(new_root, new_root[0][0]) == _canonical_without(root, root[0][0])


@pytest.mark.parametrize("text, why", [
    ("<a><b>\n  false</b></a>", "padding"),
    ("<a><b>fa&#108;se</b></a>", "as the parser read"),
    ("<a><b>false\n</b></a>", "padding"),
    ("<a><b x='>'>false</b></a>", "as the parser read"),
])
def test_set_text_refuses_what_it_cannot_change_surely(text: str, why: str) -> None:
    root = parse_xml(text.encode())
    with pytest.raises(EditRefused, match=why):
        set_text(text, root[0], "true")


def _fix_and_compare(root: Path) -> tuple[list[str], list[Finding], list[Finding]]:
    """One dry run then ``--write``: the fixed rules and the findings closed and added, all on edited components;
    the dry run writes nothing, ``--write`` writes its diff, and each edit is a value flip."""
    before = {f.fingerprint: f for f in _scan(root).findings}
    originals = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    dry = run_cli("fix", str(root))
    assert dry.returncode == 0, dry.stderr
    assert all(p.read_bytes() == data for p, data in originals.items()), "the dry run wrote a file"
    assert dry.stdout.startswith("--- a/force-app/")
    fixes = [line.split(": ", 1)[0].split(" ", 3)[1:] for line in dry.stderr.splitlines()
             if line.startswith("fixes ")]
    fixed_rules = sorted(rule for rule, _, _ in fixes)
    edited = {(rtype, name) for _, rtype, name in fixes}
    wrote = run_cli("fix", str(root), "--write")
    assert wrote.returncode == 0, wrote.stderr
    assert wrote.stdout == dry.stdout
    after = {f.fingerprint: f for f in _scan(root).findings}
    closed = [before[fp] for fp in set(before) - set(after)]
    added = [after[fp] for fp in set(after) - set(before)]
    assert all((f.resource_type, f.resource_name) in edited for f in closed + added)
    for fp, f in after.items():  # every finding of a component not edited is unchanged
        if fp in before and (f.resource_type, f.resource_name) not in edited:
            assert (f.message, f.severity, f.file, f.line) == (before[fp].message, before[fp].severity,
                                                               before[fp].file, before[fp].line)
    changed = {p.relative_to(root).as_posix() for p, data in originals.items() if p.read_bytes() != data}
    assert changed == {line[6:] for line in dry.stdout.splitlines() if line.startswith("+++ b/")}
    for rel in changed:  # each changed line is a value flip: same length of lines, same line count
        old, new = originals[root / rel].decode().splitlines(), (root / rel).read_text().splitlines()
        assert len(old) == len(new)
        assert all(a == b or (a.split(">")[0] == b.split(">")[0]) for a, b in zip(old, new, strict=True))
    return fixed_rules, closed, added


def test_dry_run_then_write_closes_exactly_the_fixed_findings(leaky: Path) -> None:
    fixed_rules, closed, added = _fix_and_compare(leaky)
    assert fixed_rules == ["SFP-ACS-001", "SFP-ACS-001", "SFP-LOG-002", "SFP-NET-001", "SFP-NET-002",
                           "SFP-NET-006", "SFP-OAUTH-002", "SFP-SEC-002", "SFP-SEC-006"]
    assert sorted(f.rule_id for f in closed) == fixed_rules  # exactly the fixed findings close
    # What the fixed findings covered now shows, on the edited components only, as the rules mean it to: a
    # holder without Modify All Data is reported for the View All Data, API access, export and Modify All
    # records it keeps, and an object whose history is on for its untracked sensitive fields (SFP-LOG-001).
    assert sorted((f.rule_id, f.resource_name) for f in added) == [
        ("SFP-ACS-002", "Store Manager"), ("SFP-ACS-004", "Store Manager"), ("SFP-ACS-007", "Marketing_Export"),
        ("SFP-ACS-009", "Store Manager"), ("SFP-LOG-001", "Customer__c")]
    # A second run fixes the revealed findings that have a fixer, and then there is nothing left to fix.
    second, closed_2, added_2 = _fix_and_compare(leaky)
    assert second == ["SFP-ACS-002", "SFP-ACS-007", "SFP-LOG-001"]
    assert sorted(f.rule_id for f in closed_2 if f.rule_id in second) == second
    assert sorted((f.rule_id, f.resource_name) for f in closed_2 if f.rule_id not in second) == [
        ("SFP-ACS-015", "Store Manager")]  # no longer privileged: no IP ranges needed
    assert not added_2
    again = run_cli("fix", str(leaky))
    assert again.stdout == "" and "nothing to fix" in again.stderr


def test_rule_and_resource_choose_and_dependencies_hold(leaky: Path) -> None:
    # View All Data on a Modify All Data holder is no finding of its own (SFP-ACS-001 reports the holder), and
    # SFP-LOG-001 leaves an object whose history is off to SFP-LOG-002: the dependencies are kept apart below.
    for rule in ("SFP-ACS-002", "SFP-LOG-001"):
        alone = run_cli("fix", str(leaky), "--rule", rule)
        assert alone.returncode == 0 and alone.stdout == "" and "nothing to fix" in alone.stderr
    one = run_cli("fix", str(leaky), "--resource", "RemoteSiteSetting/Recommendation_AI", "--write")
    assert one.returncode == 0, one.stderr
    assert "<isActive>false</isActive>" in (leaky / "force-app/main/default/remoteSiteSettings/"
                                            "Recommendation_AI.remoteSite-meta.xml").read_text()
    assert "<enabled>true</enabled>" in (leaky / "force-app/main/default/profiles/Store Manager.profile-meta.xml"
                                         ).read_text()
    unknown = run_cli("fix", str(leaky), "--rule", "SFP-NOPE-*")
    assert unknown.returncode == 2 and "matches no rule" in unknown.stderr


def test_a_permission_another_one_requires_is_turned_off_only_with_it(leaky: Path) -> None:
    """Store Manager holds Modify All Data and View All Data: View All Data alone (as a user's rule, or a file
    edited since the scan, may report it) stays, since Modify All Data requires it; fixed with it, both go."""
    result = _scan(leaky)
    modify_all = next(f for f in result.findings if (f.rule_id, f.resource_name) == ("SFP-ACS-001", "Store Manager"))
    entry = next(p for p in result.model["profiles"]["Store Manager"]["userPermissions"]
                 if p["name"] == "ViewAllData")
    view_all = replace(modify_all, rule_id="SFP-ACS-002", key="userPermissions.ViewAllData", line=entry["_line"],
                       fingerprint="")
    fixer = FIXERS["disable_user_permission"]
    alone = propose(DirectorySource(leaky), result.model, [(view_all, fixer)], set())
    assert not alone.files and "ModifyAllData stays enabled and requires ViewAllData" in alone.refused[0][1]
    both = propose(DirectorySource(leaky), result.model, [(view_all, fixer), (modify_all, fixer)], set())
    assert not both.refused and len(both.fixed) == 2
    assert list(both.files) == [modify_all.file] and both.files[modify_all.file][1].count("<enabled>false<") == 2


def test_field_tracking_is_fixed_only_with_the_object_history(leaky: Path) -> None:
    """SFP-LOG-001 reports an object whose history is on; if it is off in the files being fixed, the fields'
    tracking is refused unless SFP-LOG-002's fix turns the object's history on in the same run."""
    obj = leaky / "force-app/main/default/objects/Customer__c/Customer__c.object-meta.xml"
    off = obj.read_text("utf-8")
    obj.write_text(off.replace("<enableHistory>false<", "<enableHistory>true<"), "utf-8")
    tracking = next(f for f in _scan(leaky).findings if f.rule_id == "SFP-LOG-001")
    assert tracking.resource_name == "Customer__c" and len(tracking.related) == 2
    obj.write_text(off, "utf-8")
    result = _scan(leaky)
    history = next(f for f in result.findings if f.rule_id == "SFP-LOG-002")
    fixers = (FIXERS["track_field_history"], FIXERS["enable_object_history"])
    alone = propose(DirectorySource(leaky), result.model, [(tracking, fixers[0])], set())
    assert not alone.files and "object history tracking is off" in alone.refused[0][1]
    both = propose(DirectorySource(leaky), result.model, [(tracking, fixers[0]), (history, fixers[1])], set())
    assert not both.refused and len(both.files) == 3
    assert all(after.count(">true<") == before.count(">true<") + 1 for before, after in both.files.values())


def test_platform_owned_components_are_never_edited(tmp_path: Path) -> None:
    root = tmp_path / "org"
    shutil.copytree(FIXTURES / "platform-owned-org", root)
    result = _scan(root)
    owned = {f.file for f in result.findings if f.platform_owned}
    assert owned
    run = dry_run(result)
    assert run is not None and not set(run.files) & owned
    assert {f.fingerprint for f, _ in run.refused if f.platform_owned} == {
        f.fingerprint for f in result.findings if f.platform_owned and f.rule_id in ("SFP-ACS-001", "SFP-ACS-002")}


def _finding(file: str) -> Finding:
    return Finding("SFP-ACS-001", "critical", "m", "PermissionSet", file, file, 10, "userPermissions.ModifyAllData",
                   "p")


def test_unparsable_files_and_paths_outside_the_root_are_refused(leaky: Path, tmp_path: Path) -> None:
    broken = "force-app/main/default/permissionsets/Broken.permissionset-meta.xml"
    (leaky / broken).write_text("<PermissionSet><userPermissions>", "utf-8")
    outside = tmp_path / "outside.permissionset-meta.xml"
    shutil.copy(leaky / "force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml", outside)
    (leaky / "force-app/main/default/permissionsets/Link.permissionset-meta.xml").symlink_to(outside)
    fixer = FIXERS["disable_user_permission"]
    source = DirectorySource(leaky)
    chosen = [(_finding(broken), fixer), (_finding("../outside.permissionset-meta.xml"), fixer),
              (_finding("force-app/main/default/permissionsets/Link.permissionset-meta.xml"), fixer)]
    run = propose(source, {}, chosen, set())
    assert not run.files and not run.fixed
    reasons = [why for _, why in run.refused]
    assert any("malformed XML" in why for why in reasons)
    assert any("not a file inside the scanned root" in why for why in reasons)
    assert any("link" in why.lower() or "outside" in why.lower() for why in reasons), reasons
    assert outside.read_bytes() == (leaky / "force-app/main/default/permissionsets/"
                                    "Marketing_Export.permissionset-meta.xml").read_bytes()


def test_write_refuses_a_file_changed_or_replaced_since_the_scan(leaky: Path, tmp_path: Path) -> None:
    result = _scan(leaky)
    run = dry_run(result)
    assert run is not None and run.files
    path = sorted(run.files)[0]
    (leaky / path).write_text((leaky / path).read_text() + "\n")
    with pytest.raises(WriteRefused, match="changed since it was scanned"):
        write(leaky, run)
    (leaky / path).unlink()
    (leaky / path).symlink_to(tmp_path)
    with pytest.raises(WriteRefused, match="not a regular file"):
        write(leaky, run)
    untouched = sorted(run.files)[1]
    assert (leaky / untouched).read_bytes() == (LEAKY / untouched).read_bytes()  # none or all are written


def test_a_secret_beside_an_edit_never_reaches_the_diff(tmp_path: Path) -> None:
    root = tmp_path / "org"
    app = root / "force-app/main/default/connectedApps/Vendor.connectedApp-meta.xml"
    app.parent.mkdir(parents=True)
    (root / "sfdx-project.json").write_text(json.dumps({"packageDirectories": [{"path": "force-app"}]}))
    app.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                   '<ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">\n'
                   '    <contactEmail>ops@vendor.example</contactEmail>\n    <label>Vendor</label>\n'
                   '    <oauthConfig>\n        <callbackUrl>https://vendor.example/cb</callbackUrl>\n'
                   '        <consumerKey>3MVG9key</consumerKey>\n        <scopes>RefreshToken</scopes>\n'
                   '        <consumerSecret>S3cr3tValueThatMustNotLeak0042</consumerSecret>\n'
                   '    </oauthConfig>\n    <oauthPolicy>\n        <refreshTokenPolicy>infinite</refreshTokenPolicy>\n'
                   '    </oauthPolicy>\n</ConnectedApp>\n', "utf-8")
    proc = run_cli("fix", str(root), "--rule", "SFP-OAUTH-002")
    assert proc.returncode == 0, proc.stderr
    assert "+        <refreshTokenPolicy>specific_inactivity:90:DAYS</refreshTokenPolicy>" in proc.stdout
    assert "consumerSecret>**redacted**<" in proc.stdout
    assert "S3cr3t" not in proc.stdout + proc.stderr


def test_fix_needs_a_folder(tmp_path: Path) -> None:
    proc = run_cli("fix", str(LEAKY), "--rule", "SFP-ACS-001", "--resource", "Nothing")
    assert proc.returncode == 0 and "nothing to fix" in proc.stderr
    zipped = shutil.make_archive(str(tmp_path / "leaky"), "zip", LEAKY)
    proc = run_cli("fix", zipped)
    assert proc.returncode == 2 and "fix edits a project folder on disk" in proc.stderr


def _apply_sarif_fixes(root: Path, sarif: dict, prefix: str) -> None:
    """Apply every SARIF fix as an editor would: each replacement's region (code points, 1-based) in its file.
    Findings that one edit closes (a remote site's three) carry the same replacement: it is made once."""
    changes: dict[str, set[tuple[int, int, int, int, str]]] = {}
    for result in sarif["runs"][0]["results"]:
        for fix in result.get("fixes", []):
            for change in fix["artifactChanges"]:
                path = change["artifactLocation"]["uri"].removeprefix(prefix)
                for r in change["replacements"]:
                    region = r["deletedRegion"]
                    changes.setdefault(path, set()).add((region["startLine"], region["startColumn"],
                                                         region["endLine"], region["endColumn"],
                                                         r["insertedContent"]["text"]))
    for path, edits in changes.items():
        lines = (root / path.replace("%20", " ")).read_text("utf-8").split("\n")
        for line, column, end_line, end_column, text in sorted(edits, reverse=True):
            assert line == end_line
            lines[line - 1] = lines[line - 1][:column - 1] + text + lines[line - 1][end_column - 1:]
        (root / path.replace("%20", " ")).write_text("\n".join(lines), "utf-8")


def test_sarif_fixes_are_the_edits_fix_writes(leaky: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from tests.conftest import SARIF_SCHEMA

    out = tmp_path / "leaky.sarif"
    proc = run_cli("scan", str(leaky), "--fail-on", "none", "--quiet", "--sarif", str(out))
    assert proc.returncode == 0, proc.stderr
    sarif = json.loads(out.read_text("utf-8"))
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    with_fixes = sorted(r["ruleId"] for r in sarif["runs"][0]["results"] if "fixes" in r)
    assert with_fixes == ["SFP-ACS-001", "SFP-ACS-001", "SFP-LOG-002", "SFP-NET-001", "SFP-NET-002", "SFP-NET-006",
                          "SFP-OAUTH-002", "SFP-SEC-002", "SFP-SEC-006"]
    by_editor = tmp_path / "by-editor"
    shutil.copytree(leaky, by_editor)
    uri = next(r for r in sarif["runs"][0]["results"] if "fixes" in r)["fixes"][0]["artifactChanges"][0]
    prefix = uri["artifactLocation"]["uri"].split("force-app/")[0]
    _apply_sarif_fixes(by_editor, sarif, prefix)
    assert run_cli("fix", str(leaky), "--write").returncode == 0
    for path in leaky.rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (by_editor / path.relative_to(leaky)).read_bytes(), path


def test_a_requiring_permission_in_another_file_of_the_holder_is_seen(leaky: Path) -> None:
    """A decomposed permission set keeps each entry in its own file: the model, not the file, says what stays."""
    file = "force-app/main/default/permissionsets/Marketing_Export.permissionset-meta.xml"
    finding = Finding("SFP-ACS-001", "critical", "m", "PermissionSet", "Marketing_Export", file, 10,
                      "userPermissions.ModifyAllData", "p")
    model = {"permissionSets": {"Marketing_Export": {"userPermissions": [
        {"name": "ModifyAllData", "enabled": True}, {"name": "AuthorApex", "enabled": True}]}}}
    fixer = FIXERS["disable_user_permission"]
    run = propose(DirectorySource(leaky), model, [(finding, fixer)], set())
    assert not run.files and "AuthorApex stays enabled and requires ModifyAllData" in run.refused[0][1]
    assert propose(DirectorySource(leaky), {}, [(finding, fixer)], set()).files  # without it: fixed


def test_security_settings_at_the_top_and_in_a_section_are_turned_on(tmp_path: Path) -> None:
    root = tmp_path / "org"
    settings = root / "force-app/main/default/settings/Security.settings-meta.xml"
    settings.parent.mkdir(parents=True)
    (root / "sfdx-project.json").write_text(json.dumps({"packageDirectories": [{"path": "force-app"}]}))
    settings.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                        '<SecuritySettings xmlns="http://soap.sforce.com/2006/04/metadata">\n'
                        '    <enableRequireHttpsConnection>false</enableRequireHttpsConnection>\n'
                        '    <sessionSettings>\n        <enableCSRFOnGet>false</enableCSRFOnGet>\n'
                        '        <enableCSRFOnPost>false</enableCSRFOnPost>\n    </sessionSettings>\n'
                        '</SecuritySettings>\n', "utf-8")
    before = {(f.rule_id, f.key) for f in _scan(root).findings}
    assert {("SFP-SEC-009", "enableRequireHttpsConnection"), ("SFP-SEC-007", "sessionSettings.enableCSRFOnGet"),
            ("SFP-SEC-007", "sessionSettings.enableCSRFOnPost")} <= before
    proc = run_cli("fix", str(root), "--write")
    assert proc.returncode == 0, proc.stderr
    assert settings.read_text().count(">true<") == 3 and ">false<" not in settings.read_text()
    assert not {k for k in {(f.rule_id, f.key) for f in _scan(root).findings} if k[0] in ("SFP-SEC-007",
                                                                                        "SFP-SEC-009")}
