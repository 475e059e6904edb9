"""Every format from one scan: byte-identical across runs, timestamped only when asked, never a secret."""

from __future__ import annotations

import re

import pytest

from scanner.report.interface import FORMATS, renderer
from scanner.triage.saved_scan import load_saved_scan
from tests.conftest import ROOT
from tests.report_cases import FILE_FORMATS, PLANTED_SECRET, scan_all_formats


@pytest.fixture(scope="module")
def two_scans(tmp_path_factory):
    return [scan_all_formats(tmp_path_factory.mktemp(f"run{i}")) for i in (1, 2)]


def test_two_scans_give_byte_identical_reports(two_scans):
    (proc1, first), (proc2, second) = two_scans
    assert set(first) == set(FILE_FORMATS)
    for fmt in FILE_FORMATS:
        assert first[fmt].read_bytes() == second[fmt].read_bytes(), fmt
    assert proc1.stdout == proc2.stdout  # the console summary and the annotations


def test_no_timestamp_unless_asked(two_scans, tmp_path):
    _, paths = two_scans[0]
    iso = re.compile(rb"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    for fmt, path in paths.items():
        assert not iso.search(path.read_bytes()), fmt
    _, stamped = scan_all_formats(tmp_path, "--timestamp")
    for fmt, path in stamped.items():
        assert iso.search(path.read_bytes()), f"{fmt} carries no timestamp with --timestamp"


def test_planted_secret_is_in_no_report(two_scans):
    proc, paths = two_scans[0]
    # The fixture really holds it, so this test would notice if redaction stopped.
    fixture = "fixtures/leaky-retail-org/force-app/main/default/connectedApps/Loyalty_Analytics.connectedApp-meta.xml"
    assert PLANTED_SECRET in (ROOT / fixture).read_text("utf-8")
    for fmt, path in paths.items():
        assert PLANTED_SECRET not in path.read_text("utf-8"), fmt
    assert PLANTED_SECRET not in proc.stdout + proc.stderr


def test_every_format_renders_identically_from_the_saved_json(two_scans):
    """The JSON report is the scan result itself: reports rendered again from it are the same bytes."""
    _, paths = two_scans[0]
    saved = load_saved_scan(paths["json"])
    for fmt, path in paths.items():
        assert renderer(fmt)(saved) == path.read_text("utf-8"), fmt
    assert set(FORMATS) >= set(paths)
