"""Scanning a Metadata API retrieve zip: same model as the folder, hostile entries refused, sizes
checked before anything is inflated."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from scanner.errors import ScanFailed
from scanner.metadata.discover import discover
from scanner.metadata.model import build_model
from scanner.pipeline import open_source
from scanner.sources.interface import SourceReadError
from scanner.sources.zip_source import ZipSource, ZipSourceError
from tests.conftest import FIXTURES, run_cli
from tests.org_model_helpers import normalise, without_locations

EVERY_TYPE = FIXTURES / "edge-cases" / "every-type"


def zip_folder(folder: Path, target: Path, prefix: str = "unpackaged/") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for dirpath, _, filenames in os.walk(folder):
            for name in sorted(filenames):
                full = Path(dirpath) / name
                archive.write(full, prefix + full.relative_to(folder).as_posix())
    return target


def test_zip_gives_the_same_model_as_the_folder(tmp_path: Path) -> None:
    from_folder, issues = normalise(EVERY_TYPE)
    assert issues == []
    from_zip, issues = normalise(zip_folder(EVERY_TYPE, tmp_path / "unpackaged.zip"))
    assert issues == []
    project = from_zip.pop("project")
    assert project["packageDirectories"] == ["unpackaged/force-app", "unpackaged/service-app"]  # from the root
    assert project["sourceBehaviorOptions"] == from_folder.pop("project")["sourceBehaviorOptions"]
    assert without_locations(from_zip) == without_locations(from_folder)
    cls = from_zip["apexClasses"]["CaseController"]
    assert cls["_file"] == "unpackaged/service-app/main/default/classes/CaseController.cls"
    assert cls["_line"] == from_folder["apexClasses"]["CaseController"]["_line"]


def _hostile_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("unpackaged/profiles/Ok.profile", "<Profile><custom>true</custom></Profile>")
        archive.writestr("../outside/profiles/Climb.profile", "<Profile/>")
        archive.writestr("unpackaged/../../profiles/Climb2.profile", "<Profile/>")
        archive.writestr("/etc/profiles/Abs.profile", "<Profile/>")
        link = zipfile.ZipInfo("unpackaged/profiles/Link.profile")
        link.external_attr = 0o120777 << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("unpackaged/profiles/Locked.profile", "<Profile/>")
    # Mark Locked.profile encrypted in the central directory (zipfile cannot write encrypted entries).
    data = bytearray(path.read_bytes())
    header = data.rfind(b"PK\x01\x02", 0, data.rfind(b"Locked.profile"))
    data[header + 8] |= 0x1
    path.write_bytes(bytes(data))
    return path


def test_hostile_entries_are_refused_with_a_reason(tmp_path: Path) -> None:
    source = ZipSource(_hostile_zip(tmp_path / "evil.zip"))
    assert list(source.paths()) == ["unpackaged/profiles/Ok.profile"]
    assert {p.path: p.message for p in source.problems()} == {
        "../outside/profiles/Climb.profile": "path climbs out of the archive with '..'; refused",
        "unpackaged/../../profiles/Climb2.profile": "path climbs out of the archive with '..'; refused",
        "/etc/profiles/Abs.profile": "absolute path in the archive; refused",
        "unpackaged/profiles/Link.profile": "symbolic link in the archive; refused",
        "unpackaged/profiles/Locked.profile": "encrypted entry; cannot be read",
    }
    with pytest.raises(SourceReadError):
        source.read("../outside/profiles/Climb.profile")


def test_cli_scan_of_a_hostile_zip_exits_2_naming_each_entry(tmp_path: Path) -> None:
    proc = run_cli("scan", str(_hostile_zip(tmp_path / "evil.zip")), "--fail-on", "none")
    assert proc.returncode == 2
    assert "../outside/profiles/Climb.profile: path climbs out of the archive with '..'; refused" in proc.stderr
    assert "/etc/profiles/Abs.profile: absolute path in the archive; refused" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_scans_a_retrieve_zip(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURES / "leaky-retail-org" / "force-app" / "main" / "default", tmp_path / "u.zip")
    proc = run_cli("scan", str(archive), "--fail-on", "none")
    assert proc.returncode == 0, proc.stderr
    assert "unpackaged/connectedApps/" in proc.stdout


def test_entry_declared_above_the_file_limit_is_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profiles/Big.profile", "<Profile>" + " " * 50_000 + "</Profile>")
    source = ZipSource(path)
    built = build_model(source, *discover(source), max_file_bytes=10_000)
    assert [(i.file, i.message) for i in built.issues] == [
        ("profiles/Big.profile", "file is 50,019 bytes, above the 10,000-byte limit; not read")]


def test_forged_declared_size_cannot_inflate_further(tmp_path: Path) -> None:
    """A zip bomb that lies about its size: reading stops at the declared size and fails."""
    real = 4 * 1024 * 1024
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("profiles/Bomb.profile", b"\0" * real)
    data = path.read_bytes()
    packed = struct.pack("<I", real)
    assert data.count(packed) == 2  # local header and central directory
    path.write_bytes(data.replace(packed, struct.pack("<I", 100)))
    source = ZipSource(path)
    assert source.size("profiles/Bomb.profile") == 100
    with pytest.raises(SourceReadError, match=r"profiles/Bomb\.profile"):
        source.read("profiles/Bomb.profile")


def test_archive_above_the_total_limit_is_refused(tmp_path: Path) -> None:
    path = zip_folder(EVERY_TYPE, tmp_path / "u.zip")
    with pytest.raises(ZipSourceError, match="above the 1,000-byte limit; not scanned"):
        ZipSource(path, max_archive_bytes=1000)


def test_not_a_zip(tmp_path: Path) -> None:
    junk = tmp_path / "unpackaged.zip"
    junk.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ScanFailed, match="not a directory or a zip"):
        open_source(junk)
