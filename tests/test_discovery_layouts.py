"""Discovery reads every file the Salesforce CLI would deploy (issue 15, items 1 and 3).

A pull request chooses where its files go: a permission set in ``security/``, a profile in
``profiles/legacy/`` or a remote site in ``misc/`` is deployed by ``sf project deploy`` and must be
scanned; a file the CLI cannot place, a folder that cannot be read and an empty scan are not a pass.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from scanner.metadata.discover import discover
from scanner.metadata.model import build_model
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES, run_cli
from tests.discovery_layouts import DEFAULT, LAYOUTS, PERMISSION_SET, PROFILE, UNPLACEABLE, write_layout, xml

LEAKY = FIXTURES / "leaky-retail-org"


def _found(root: Path) -> set[tuple[str, str]]:
    return {(c.mtype.name, c.name) for c in discover(DirectorySource(root))[0]}


def _scan_json(project: Path, tmp: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    out = tmp / "report.json"
    proc = run_cli("scan", str(project), "--json", str(out), *extra)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, json.loads(out.read_text("utf-8")) if out.exists() else {}


@pytest.mark.parametrize(("layout", "component"), [
    ("security-folder", ("PermissionSet", "Break_Glass")),
    ("nested-profile", ("Profile", "Legacy Admin")),
    ("misc-remote-site", ("RemoteSiteSetting", "Exfil")),
])
def test_a_file_is_placed_by_its_suffix_wherever_it_is(tmp_path: Path, layout: str, component: tuple[str, str]) -> None:
    assert component in _found(write_layout(tmp_path, LAYOUTS[layout]))


def test_a_permission_set_outside_its_folder_fails_the_gate(tmp_path: Path) -> None:
    """The attack of issue 15: Modify All Data granted from ``security/`` used to pass with exit 0."""
    proc, report = _scan_json(write_layout(tmp_path / "p", LAYOUTS["security-folder"]), tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    hits = [(f["rule_id"], f["resource_name"], f["file"]) for f in report["findings"]]
    assert ("SFP-ACS-001", "Break_Glass", f"{DEFAULT}/security/Break_Glass.permissionset-meta.xml") in hits


def test_without_a_forceignore_nothing_is_skipped(tmp_path: Path) -> None:
    """The CLI skips node_modules, __pycache__ and dot-folders only by a .forceignore: without one it deploys them."""
    found = _found(write_layout(tmp_path, LAYOUTS["tooling-folders"]))
    assert {("PermissionSet", n) for n in ("Npm_Admin", "Cached_Admin", "Hidden_Admin")} <= found


def test_forceignore_patterns_and_the_cli_defaults_apply(tmp_path: Path) -> None:
    components, layout = discover(DirectorySource(write_layout(tmp_path, LAYOUTS["forceignore"])))
    found = {(c.mtype.name, c.name) for c in components}
    assert ("PermissionSet", "Kept_Admin") in found
    assert ("PermissionSet", "Npm_Admin") in found  # node_modules is not among the CLI's defaults
    assert ("PermissionSet", "Old_Admin") not in found  # **/legacy/**
    assert ("PermissionSet", "Hidden_Admin") not in found  # the default **/.* once a .forceignore exists
    assert layout.ignored_files >= 2


def test_forceignore_negation_and_directory_patterns(tmp_path: Path) -> None:
    files = {
        ".forceignore": "profiles/\n*.permissionset-meta.xml\n!Keep.permissionset-meta.xml\n",
        f"{DEFAULT}/profiles/Admin.profile-meta.xml": PROFILE,
        f"{DEFAULT}/permissionsets/Drop.permissionset-meta.xml": PERMISSION_SET,
        f"{DEFAULT}/permissionsets/Keep.permissionset-meta.xml": PERMISSION_SET,
    }
    assert _found(write_layout(tmp_path, files)) == {("PermissionSet", "Keep")}


def test_a_file_the_cli_cannot_place_makes_the_scan_incomplete(tmp_path: Path) -> None:
    proc, _ = _scan_json(write_layout(tmp_path / "p", {**LAYOUTS["misc-remote-site"], **UNPLACEABLE}), tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    for path in UNPLACEABLE:
        assert path in proc.stderr


def _problems_as_nobody(project: Path) -> list[tuple[str, str]]:
    """What a walk of ``project`` reports, walked by a user who cannot read every folder: root reads them
    all, so a root test process forks a child that becomes ``nobody`` first."""
    if os.geteuid() != 0:
        source = DirectorySource(project)
        list(source.paths())
        return [(p.path, p.message) for p in source.problems()]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, walk, send the problems back, exit without cleanup
        code = 1
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            source = DirectorySource(project)
            list(source.paths())
            os.write(write_end, json.dumps([[p.path, p.message] for p in source.problems()]).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return [tuple(p) for p in json.loads(data)]


def test_an_unreadable_folder_is_a_problem() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sfpolicy-unreadable-"))
    try:
        project = write_layout(tmp / "p", LAYOUTS["misc-remote-site"])
        for folder in (tmp, project, *project.rglob("*")):
            if folder.is_dir():
                folder.chmod(0o755)
        locked = project / DEFAULT / "locked"
        locked.mkdir()
        (locked / "Hidden.permissionset-meta.xml").write_text(PERMISSION_SET, "utf-8")
        locked.chmod(0)
        problems = _problems_as_nobody(project)
        assert [path for path, _ in problems] == [f"{DEFAULT}/locked"]
        assert "cannot be read" in problems[0][1]
    finally:
        for folder in (tmp, *tmp.rglob("*")):
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
        shutil.rmtree(tmp)


def test_a_path_too_long_to_read_makes_the_scan_incomplete(tmp_path: Path) -> None:
    """A folder deeper than the system's path limit cannot be listed by its full path."""
    project = write_layout(tmp_path / "p", LAYOUTS["misc-remote-site"])
    fd = os.open(project / DEFAULT, os.O_RDONLY)
    try:
        for _ in range(25):  # 25 x 200 characters: past PATH_MAX (4096)
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("Deep.permissionset-meta.xml", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
            out.write(PERMISSION_SET)
    finally:
        os.close(fd)
    proc = run_cli("scan", str(project), "--no-cache")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "too long" in proc.stderr and "Traceback" not in proc.stderr
    shutil.rmtree(project / DEFAULT / ("d" * 200), ignore_errors=True)


def test_a_scan_that_finds_no_metadata_exits_2_unless_allowed(tmp_path: Path) -> None:
    project = write_layout(tmp_path / "p", {"README.md": "# nothing here\n"})
    proc = run_cli("scan", str(project))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no Salesforce metadata found" in proc.stderr and "--allow-empty" in proc.stderr
    allowed = run_cli("scan", str(project), "--allow-empty")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr


# --- Item 3: one component defined by two files ----------------------------------------------------------


def _leaky_copy(tmp: Path) -> Path:
    project = tmp / "org"
    shutil.copytree(LEAKY, project)
    return project


def test_a_guest_profile_copy_in_another_package_folder_keeps_its_critical_findings(tmp_path: Path) -> None:
    """The copy that grants the sensitive fields is the guest profile too: its findings stay critical."""
    project = _leaky_copy(tmp_path)
    guest = project / DEFAULT / "profiles" / "Storefront Guest.profile-meta.xml"
    text = guest.read_text("utf-8")
    grants = text[text.index("    <fieldPermissions>"):text.index("    <userLicense>")]
    guest.write_text(text.replace(grants, ""), "utf-8")  # the reviewed copy: a harmless guest profile
    copy = project / "storefront-app" / "main" / "default" / "profiles" / "Storefront Guest.profile-meta.xml"
    copy.parent.mkdir(parents=True)
    copy.write_text(xml("Profile", f"    <custom>true</custom>\n{grants}"), "utf-8")
    (project / "sfdx-project.json").write_text(json.dumps({"packageDirectories": [
        {"path": "force-app", "default": True}, {"path": "storefront-app"}]}), "utf-8")
    proc, report = _scan_json(project, tmp_path, "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    critical = {(f["rule_id"], f["resource_name"], f["key"], f["file"]) for f in report["findings"]
                if f["severity"] == "critical" and f["resource_type"] == "Profile"}
    copy_file = "storefront-app/main/default/profiles/Storefront Guest.profile-meta.xml"
    assert ("SFP-ACS-012", "Storefront Guest", "sensitiveFieldAccess", copy_file) in critical
    [guest_reads] = [f for f in report["findings"] if f["rule_id"] == "SFP-ACS-012"]
    assert any("Date_of_Birth__c" in r["message"] and r["file"] == copy_file for r in guest_reads["related"])
    # No component is renamed after the folder it sits in; "(org)" is the org-level findings' own resource.
    assert not [f for f in report["findings"] if "(" in f["resource_name"] and f["resource_type"] != "Organization"]
    assert {f["resource_name"] for f in report["findings"] if f["resource_type"] == "Organization"} == {"(org)"}


def test_an_admin_profile_in_both_formats_stays_allow_listed_and_is_reported_once(tmp_path: Path) -> None:
    """``Admin.profile`` beside ``Admin.profile-meta.xml``: one Admin, still on the allow-list."""
    project = _leaky_copy(tmp_path)
    profiles = project / DEFAULT / "profiles"
    (profiles / "Admin.profile").write_text(PROFILE, "utf-8")  # Modify All Data, as an admin has
    proc, report = _scan_json(project, tmp_path, "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert [f for f in report["findings"] if f["resource_name"].startswith("Admin")] == []
    assert list(report["model"]["profiles"]).count("Admin") == 1
    assert sorted(report["model"]["profiles"]) == ["Admin", "Store Manager", "Storefront Guest"]


def test_three_definitions_make_one_component_with_each_entry_once(tmp_path: Path) -> None:
    """``Admin.profile``, ``Admin.profile-meta.xml`` and a copy in a second package folder: one Admin, its
    one permission once, and one note naming the three files."""
    source = DirectorySource(write_layout(tmp_path, LAYOUTS["duplicate-definitions"]))
    built = build_model(source, *discover(source))
    assert list(built.model["profiles"]) == ["Admin"]
    assert [p["name"] for p in built.model["profiles"]["Admin"]["userPermissions"]] == ["ModifyAllData"]
    files = sorted(LAYOUTS["duplicate-definitions"])
    assert [n for n in built.notes if "defined more than once" in n] == [
        f"Profile 'Admin' is defined more than once ({', '.join(files)}); the definitions are scanned as one component"]
    assert built.sources["profiles/Admin"][1] == tuple(files)


def test_entries_that_differ_are_all_kept_each_pointing_at_its_file(tmp_path: Path) -> None:
    copy = "second-app/main/default/profiles/Admin.profile-meta.xml"
    files = {f"{DEFAULT}/profiles/Admin.profile-meta.xml": xml("Profile", "    <custom>true</custom>\n"),
             copy: PROFILE.replace("<custom>true</custom>", "<custom>false</custom>")}
    source = DirectorySource(write_layout(tmp_path, files))
    built = build_model(source, *discover(source))
    admin = built.model["profiles"]["Admin"]
    assert [(p["name"], p["_file"]) for p in admin["userPermissions"]] == [("ModifyAllData", copy)]
    assert admin["custom"] is True and any("custom differs in" in n for n in built.notes)
