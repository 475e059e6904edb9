"""``sfpolicy manifest``: a well-formed package.xml listing exactly the types sfpolicy reads, each a real
Metadata API type, which the Salesforce CLI's own library reads as a retrieve manifest."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from scanner.metadata.manifest import DEFAULT_API_VERSION, STANDARD_OBJECTS
from scanner.metadata.registry import TYPES
from tests.conftest import ROOT, run_cli

NS = {"md": "http://soap.sforce.com/2006/04/metadata"}
SF_REGISTRY = ROOT.parent / "shared" / "reference" / "metadataRegistry.json"
SDR_DIR = ROOT / "tools" / "sdr_parity"


def _manifest(*args: str) -> tuple[str, dict[str, list[str]], str]:
    """The manifest the CLI prints, its members by type, and its version."""
    proc = run_cli("manifest", *args)
    assert proc.returncode == 0, proc.stderr
    root = ElementTree.fromstring(proc.stdout.encode("utf-8"))  # well-formed, or this raises
    assert root.tag == "{http://soap.sforce.com/2006/04/metadata}Package"
    types: dict[str, list[str]] = {}
    for node in root.findall("md:types", NS):
        name = node.findtext("md:name", namespaces=NS)
        assert name not in types, f"{name} listed twice"
        types[name] = [m.text for m in node.findall("md:members", NS)]
    return proc.stdout, types, root.findtext("md:version", namespaces=NS)


def test_manifest_lists_exactly_the_types_sfpolicy_reads() -> None:
    text, types, version = _manifest()
    assert list(types) == sorted(t.name for t in TYPES)  # each once, in the order the CLI writes them
    assert version == DEFAULT_API_VERSION
    assert all(members == ["*"] for name, members in types.items() if name != "CustomObject")
    # Field permissions come back only for the objects retrieved with the profiles: * is custom objects only.
    assert types["CustomObject"] == ["*", *sorted(STANDARD_OBJECTS)]
    assert "Account" in STANDARD_OBJECTS and "Contact" in STANDARD_OBJECTS
    assert "carry object and field permissions only for the objects and fields" in text  # the note says why


@pytest.mark.skipif(not SF_REGISTRY.is_file(), reason=f"the Salesforce CLI registry is not present at {SF_REGISTRY}")
def test_every_type_is_a_metadata_api_type() -> None:
    registry = json.loads(SF_REGISTRY.read_text("utf-8"))
    known = {t["name"] for t in registry["types"].values()}
    _, types, _ = _manifest()
    assert sorted(set(types) - known) == []


def test_options_and_output_file(tmp_path: Path) -> None:
    text, types, version = _manifest("--api-version", "62.0", "--object", "Invoice__c", "--object", "Account")
    assert version == "62.0"
    assert types["CustomObject"] == ["*", *sorted({*STANDARD_OBJECTS, "Invoice__c"})]
    out = tmp_path / "manifest" / "package.xml"
    proc = run_cli("manifest", "--api-version", "62.0", "--object", "Invoice__c", "--object", "Account",
                   "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == "", proc.stderr
    assert out.read_text("utf-8") == text


@pytest.mark.parametrize(("args", "message"), [
    (["--api-version", "66"], "--api-version '66': expected a Metadata API version such as 66.0"),
    (["--object", "Account</members><members>*"], "not an object API name"),
])
def test_bad_options_are_one_message_and_exit_2(args: list[str], message: str) -> None:
    proc = run_cli("manifest", *args)
    assert proc.returncode == 2 and proc.stdout == ""
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_the_salesforce_cli_library_reads_it_as_a_retrieve_manifest(tmp_path: Path) -> None:
    library = SDR_DIR / "node_modules" / "@salesforce" / "source-deploy-retrieve"
    if shutil.which("node") is None or not library.is_dir():
        if os.environ.get("SFPOLICY_REQUIRE_SDR") == "1":
            pytest.fail("SFPOLICY_REQUIRE_SDR=1 but node or @salesforce/source-deploy-retrieve is missing")
        pytest.skip(f"node or @salesforce/source-deploy-retrieve is missing "
                    f"(run: npm ci --prefix {SDR_DIR.relative_to(ROOT)})")
    manifest = tmp_path / "package.xml"
    assert run_cli("manifest", "--object", "Invoice__c", "-o", str(manifest)).returncode == 0
    proc = subprocess.run(["node", str(SDR_DIR / "manifest.js"), str(manifest)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    read = json.loads(proc.stdout)
    assert read["apiVersion"] == DEFAULT_API_VERSION
    wanted = {(t.name, "*") for t in TYPES} | {("CustomObject", name) for name in (*STANDARD_OBJECTS, "Invoice__c")}
    assert {tuple(c) for c in read["components"]} == wanted
