"""Property-based fuzzing: whatever bytes a metadata file holds, the scanner either normalises it or
reports one clean scan issue for it — no exception, no hang, a model that serialises.

Three generators: well-formed documents for the core types built from the WSDL element names (with
typed and untyped values, unknown elements, xsi:nil, odd namespaces), and byte/structure mutations
of real corpus files and of the fixture orgs. Runs are derandomised (the same examples every run) and
bounded (``max_examples``, a per-example deadline and a hard alarm), so the suite stays fast. For
longer randomised runs set ``SFPOLICY_FUZZ_EXAMPLES``; for coverage-guided ones see
``tools/fuzz_atheris.py``.
"""

from __future__ import annotations

import json
import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from scanner.config import load_config
from scanner.metadata.discover import classify
from scanner.metadata.model import ScanIssue
from scanner.metadata.registry import schema_paths
from scanner.metadata.secrets import PLACEHOLDERS, REDACTED, SECRET_ELEMENTS
from scanner.pipeline import org_model
from scanner.sources.directory import DirectorySource
from tests.conftest import CORPUS, FIXTURES, requires_corpus

# A longer, randomised run: SFPOLICY_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
_LONG_RUN = os.environ.get("SFPOLICY_FUZZ_EXAMPLES")
FUZZ = settings(max_examples=int(_LONG_RUN or 200), deadline=timedelta(seconds=3), derandomize=not _LONG_RUN,
                database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HARD_LIMIT_SECONDS = 20
NS = "http://soap.sforce.com/2006/04/metadata"

# Core types: root element → a path for it in an SFDX project.
CORE_TYPES = {
    "Profile": "force-app/main/default/profiles/Fuzz.profile-meta.xml",
    "PermissionSet": "force-app/main/default/permissionsets/Fuzz.permissionset-meta.xml",
    "ConnectedApp": "force-app/main/default/connectedApps/Fuzz.connectedApp-meta.xml",
    "SharingRules": "force-app/main/default/sharingRules/Fuzz.sharingRules-meta.xml",
    "RemoteSiteSetting": "force-app/main/default/remoteSiteSettings/Fuzz.remoteSite-meta.xml",
    "NamedCredential": "force-app/main/default/namedCredentials/Fuzz.namedCredential-meta.xml",
    "ExternalCredential": "force-app/main/default/externalCredentials/Fuzz.externalCredential-meta.xml",
    "CustomObject": "force-app/main/default/objects/Fuzz__c/Fuzz__c.object-meta.xml",
    "CustomField": "force-app/main/default/objects/Fuzz__c/fields/F__c.field-meta.xml",
    "SecuritySettings": "force-app/main/default/settings/Security.settings-meta.xml",
}


@contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    """Turn a hang into a failure: SIGALRM raises in the main thread after ``seconds``."""
    def _timeout(signum, frame):
        raise TimeoutError(f"scan of one fuzzed file took more than {seconds}s")

    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@cache
def _config():
    return load_config(None, None)


def check_scans_cleanly(rel: str, data: bytes) -> dict:
    """Scan a project holding only ``data`` at ``rel``: it normalises or is one clean issue about ``rel``."""
    with tempfile.TemporaryDirectory() as tmp, _alarm(HARD_LIMIT_SECONDS):
        path = Path(tmp) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        source = DirectorySource(Path(tmp))
        built = org_model(source, _config())
    for issue in built.issues:
        assert isinstance(issue, ScanIssue)
        assert issue.file == rel, issue
        assert issue.message and "\n" not in issue.message and "Traceback" not in issue.message
        assert issue.line >= 0 and issue.column >= 0
    json.dumps(built.model, allow_nan=False)  # the model is plain JSON, whatever came in
    # Outcome classes, shown by ``pytest --hypothesis-show-statistics``.
    event(f"issue: {built.issues[0].message.split(':')[0][:40]}" if built.issues else "normalised")
    return built.model


# ------------------------------------------------------------------ generated documents

_TEXT = st.one_of(
    st.sampled_from(["true", "false", "True", "FALSE", "0", "-1", "42", "1e309", "", " ", "NaN", "null",
                     "http://x.example", "Placeholder_Value", "a&b<c>\"'", "ÿ€𝄞", "-----BEGIN CERTIFICATE-----"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
)


def _xml_safe(text: str) -> str:
    # XML 1.0 forbids most control characters even escaped; lxml refuses to write them.
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))


@st.composite
def core_documents(draw) -> tuple[str, bytes]:
    root_name = draw(st.sampled_from(sorted(CORE_TYPES)))
    spec = schema_paths().get(root_name, {"list_paths": [], "scalar_types": {}})
    known = sorted({*spec["list_paths"], *spec["scalar_types"]})
    names_by_parent: dict[str, list[str]] = {}
    for path in known:
        parent, _, name = path.rpartition("/")
        names_by_parent.setdefault(parent, []).append(name)

    def build(elem: etree._Element, path: str, depth: int) -> None:
        choices = [*names_by_parent.get(path, []), "unknownElement", "fullName", "consumerSecret"]
        for _ in range(draw(st.integers(0, 6 if depth < 3 else 0))):
            name = draw(st.sampled_from(choices))
            child = etree.SubElement(elem, f"{{{NS}}}{name}")
            child_path = f"{path}/{name}"
            if draw(st.integers(0, 9)) == 0:
                child.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "true")
            elif child_path in names_by_parent and draw(st.booleans()):
                build(child, child_path, depth + 1)
            else:
                child.text = _xml_safe(draw(_TEXT))

    root = etree.Element(f"{{{NS}}}{root_name}", nsmap={None: NS})
    build(root, "", 0)
    return CORE_TYPES[root_name], etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _secret_values(value: object) -> Iterator[str]:
    """Every non-empty text the model holds under an element that is a secret by its name."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in SECRET_ELEMENTS and isinstance(item, str) and item:
                yield item
            yield from _secret_values(item)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                continue
            yield from _secret_values(item)


@FUZZ
@given(core_documents())
def test_generated_core_documents_normalise(doc: tuple[str, bytes]) -> None:
    rel, data = doc
    model = check_scans_cleanly(rel, data)
    # Well-formed documents of the right root always become a component.
    assert any(isinstance(bucket, dict) and bucket for key, bucket in model.items()
               if key not in ("derived", "project", "schema_version")), model
    # Whatever text a secret element holds, the model keeps only the redaction marker or a placeholder.
    assert {v for v in _secret_values(model) if v.lower() not in PLACEHOLDERS} <= {REDACTED}


# ------------------------------------------------------------------ mutations of real files

_TOKENS = [b"<", b">", b"&", b"]]>", b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;", b"&#0;", b"&#x1F600;",
           b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<?xml version='1.0' encoding='UTF-16'?>", b"xmlns:q='urn:q'",
           b"</Profile>", b"<fieldPermissions>", b"<enabled>True</enabled>", b"\r\n", b"\xc3\x28", b"\xed\xa0\x80"]


@st.composite
def mutations(draw, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate", "token"]))
        pos = draw(st.integers(0, max(len(out) - 1, 0)))
        if op == "flip" and out:
            out[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            out[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del out[pos: pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del out[pos:]
        elif op == "duplicate":
            out[pos:pos] = out[pos: pos + draw(st.integers(1, 256))]
        else:
            out[pos:pos] = draw(st.sampled_from(_TOKENS))
    return bytes(out)


@st.composite
def tree_mutations(draw, data: bytes) -> bytes:
    """Structure-level changes that keep the file well-formed, so they reach the normaliser: duplicate,
    drop, empty, rename, re-type, nil or re-parent elements."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for _ in range(draw(st.integers(1, 5))):
        elem = draw(st.sampled_from(elements))
        op = draw(st.sampled_from(["duplicate", "drop", "text", "rename", "nil", "reparent", "empty"]))
        parent = elem.getparent()
        if op == "duplicate" and parent is not None:
            parent.append(etree.fromstring(etree.tostring(elem)))
        elif op == "drop" and parent is not None and len(parent) > 1:
            parent.remove(elem)
            elements = [e for e in root.iter() if isinstance(e.tag, str)]
        elif op == "text":
            elem.text = _xml_safe(draw(_TEXT))
        elif op == "rename":
            other = draw(st.sampled_from(elements))
            elem.tag = other.tag
        elif op == "nil":
            elem.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "true")
        elif op == "reparent" and parent is not None:
            target = draw(st.sampled_from(elements))
            if elem not in target.iterancestors() and target is not elem:
                target.append(elem)
        elif op == "empty":
            for child in list(elem):
                elem.remove(child)
            elements = [e for e in root.iter() if isinstance(e.tag, str)]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _is_xml(data: bytes) -> bool:
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        return False
    return True


def any_mutation(data: bytes) -> st.SearchStrategy[bytes]:
    """Byte-level mutations for any file; structure-level ones too for XML (not Apex bodies)."""
    return st.one_of(mutations(data), tree_mutations(data)) if _is_xml(data) else mutations(data)


def _metadata_files(root: Path, limit: int, max_bytes: int = 64 * 1024) -> list[tuple[str, bytes]]:
    """A deterministic, spread-out sample of small metadata files below ``root`` (path from the repo)."""
    found = []
    for repo in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(repo.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= max_bytes:
                rel = path.relative_to(repo).as_posix()
                if classify(rel) is not None:
                    found.append((rel, path))
    step = max(len(found) // limit, 1)
    return [(rel, path.read_bytes()) for rel, path in found[::step][:limit]]


@cache
def _corpus_sample() -> list[tuple[str, bytes]]:
    return _metadata_files(CORPUS, 80)


@cache
def _fixture_sample() -> list[tuple[str, bytes]]:
    return _metadata_files(FIXTURES, 40)


@requires_corpus
@FUZZ
@given(st.data())
def test_mutated_corpus_files_scan_cleanly(data) -> None:
    sample = _corpus_sample()
    assert sample, "no metadata files found in the corpus"
    rel, original = data.draw(st.sampled_from(sample), label="file")
    check_scans_cleanly(rel, data.draw(any_mutation(original), label="mutated"))


@FUZZ
@given(st.data())
def test_mutated_fixture_files_scan_cleanly(data) -> None:
    rel, original = data.draw(st.sampled_from(_fixture_sample()), label="file")
    check_scans_cleanly(rel, data.draw(any_mutation(original), label="mutated"))


@FUZZ
@given(st.sampled_from(sorted(CORE_TYPES.values())), st.binary(max_size=512))
def test_random_bytes_scan_cleanly(rel: str, data: bytes) -> None:
    check_scans_cleanly(rel, data)


@requires_corpus
def test_unmutated_corpus_sample_normalises_without_issues() -> None:
    """The sample the mutations start from is itself clean, so a mutation is what any issue is about."""
    for rel, data in _corpus_sample():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / rel
            path.parent.mkdir(parents=True)
            path.write_bytes(data)
            assert org_model(DirectorySource(Path(tmp)), _config()).issues == [], rel


def test_alarm_turns_a_hang_into_a_failure() -> None:
    with pytest.raises(TimeoutError), _alarm(1):
        signal.pause()
