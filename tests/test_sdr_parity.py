"""Discovery parity with the Salesforce CLI's own resolver (issue 15, item 2).

``tools/sdr_parity`` pins ``@salesforce/source-deploy-retrieve`` (the library behind ``sf project deploy``);
``.ci/run`` installs it with npm. Its ``resolve.js`` resolves each project as ``ComponentSet.fromSource``
does, and the set of (type, full name, file) of every type sfpolicy reads must equal what sfpolicy's
discovery finds, on the fixtures, the hostile layouts of issue 15 and every shared corpus repository.
The few deliberate differences are listed below (``DELIBERATE``), each with its reason.

Locally the test skips when node or the package is absent; with ``SFPOLICY_REQUIRE_SDR=1`` (set by
``.ci/run``) a missing resolver fails it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest

from scanner.metadata.discover import decode_name, discover, placement_problem
from scanner.metadata.registry import BY_NAME
from scanner.sources.directory import DirectorySource
from tests.conftest import FIXTURES, ROOT, corpus_repos
from tests.discovery_layouts import LAYOUTS, UNPLACEABLE, write_layout

SDR_DIR = ROOT / "tools" / "sdr_parity"
SDR_PACKAGE = SDR_DIR / "node_modules" / "@salesforce" / "source-deploy-retrieve" / "package.json"

Item = tuple[str, str, str]  # (type, full name, file relative to the project)


def _resolver_missing() -> str | None:
    """Why the real resolver cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed (.ci/run installs Debian's nodejs)"
    if not SDR_PACKAGE.is_file():
        return f"@salesforce/source-deploy-retrieve is not installed (run: npm ci --prefix {SDR_DIR.relative_to(ROOT)})"
    pinned = json.loads((SDR_DIR / "package.json").read_text("utf-8"))["dependencies"]
    installed = json.loads(SDR_PACKAGE.read_text("utf-8"))["version"]
    if installed != pinned["@salesforce/source-deploy-retrieve"]:
        return f"source-deploy-retrieve {installed} is installed, {pinned} is pinned (run npm ci again)"
    return None


@pytest.fixture(scope="module")
def resolver() -> Callable[[list[Path]], dict[str, dict]]:
    missing = _resolver_missing()
    if missing is not None:
        if os.environ.get("SFPOLICY_REQUIRE_SDR") == "1":
            pytest.fail(f"SFPOLICY_REQUIRE_SDR=1 but the Salesforce CLI resolver cannot run: {missing}")
        pytest.skip(f"the Salesforce CLI resolver cannot run: {missing}")

    def resolve(roots: list[Path]) -> dict[str, dict]:
        proc = subprocess.run(["node", str(SDR_DIR / "resolve.js"), *map(str, roots)], capture_output=True,
                              text=True, timeout=900, check=False)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout)

    return resolve


def _in_nested_project(root: Path, file: str) -> bool:
    parents = PurePosixPath(file).parents
    return any((root / p / "sfdx-project.json").is_file() for p in parents if str(p) != ".")


#: Differences between the resolver and sfpolicy that are meant, each with why. A difference is accepted
#: when one of these explains it; ``refused`` are the files the resolver refused (see resolve.js).
DELIBERATE: dict[str, Callable[[Path, Item], bool]] = {
    # sfpolicy never reads a certificate's body: it is key material, not configuration.
    "certificate body": lambda root, item: item[0] == "Certificate" and item[2].endswith(".crt"),
    # A sample project below the repository root with its own sfdx-project.json declares presets (decomposed
    # sharing rules) that the CLI loads only when it deploys from that folder; sfpolicy reads the preset
    # layout wherever it is, so those parts are scanned as the sub-project's deploy would send them.
    "preset of a nested project": lambda root, item: _in_nested_project(root, item[2]),
}


def _sdr_items(resolved: dict) -> set[Item]:
    """The resolver's components of the types sfpolicy reads, named as the Metadata API names them: the
    API decodes a URL-encoded file name (``Help Center %28Guest%29``), the resolver keeps it encoded."""
    refused = {f for f, _ in resolved["refused"]}
    return {(t, decode_name(n), f) for t, n, f in resolved["components"] if t in BY_NAME and f not in refused}


def _sfpolicy_items(root: Path, refused: set[str]) -> set[Item]:
    components, _ = discover(DirectorySource(root))
    return {(c.mtype.name, c.name, f) for c in components for f in c.files
            if placement_problem(c.mtype, f) is None and f not in refused}


def _unexplained(root: Path, resolved: dict) -> tuple[set[Item], set[Item]]:
    assert "error" not in resolved, resolved["error"]
    refused = {f for f, _ in resolved["refused"]}
    sdr, ours = _sdr_items(resolved), _sfpolicy_items(root, refused)

    def explained(item: Item) -> bool:
        return any(reason(root, item) for reason in DELIBERATE.values())

    return {i for i in sdr - ours if not explained(i)}, {i for i in ours - sdr if not explained(i)}


def _check(root: Path, resolved: dict) -> None:
    only_cli, only_sfpolicy = _unexplained(root, resolved)
    assert not only_cli, f"the CLI deploys what sfpolicy does not read: {sorted(only_cli)[:20]}"
    assert not only_sfpolicy, f"sfpolicy reads what the CLI does not deploy: {sorted(only_sfpolicy)[:20]}"


def test_fixtures_match_the_cli(resolver) -> None:
    roots = [FIXTURES / "leaky-retail-org", FIXTURES / "hardened-org", FIXTURES / "edge-cases" / "every-type"]
    resolved = resolver(roots)
    for root in roots:
        _check(root, resolved[str(root)])


def test_hostile_layouts_match_the_cli(resolver, tmp_path: Path) -> None:
    roots = [write_layout(tmp_path / name, files) for name, files in LAYOUTS.items()]
    resolved = resolver(roots)
    for root in roots:
        _check(root, resolved[str(root)])
        assert _sdr_items(resolved[str(root)]), f"{root.name}: the layout must hold metadata the CLI deploys"


def test_files_the_cli_cannot_place_are_not_deployed_as_they_look(resolver, tmp_path: Path) -> None:
    """An object outside ``objects/`` or a field outside its object: the CLI does not deploy them as the
    object or field they look like; sfpolicy reports each as a problem (tests/test_discovery_layouts.py)."""
    root = write_layout(tmp_path / "p", UNPLACEABLE)
    resolved = resolver([root])[str(root)]
    placed = {(t, f) for t, _, f in resolved.get("components", []) if t == "CustomObject"}
    assert not placed & {("CustomObject", f) for f in UNPLACEABLE}


@pytest.mark.skipif(not corpus_repos(), reason="real-metadata corpus not present at ../shared/corpus")
def test_every_corpus_repository_matches_the_cli(resolver) -> None:
    roots = corpus_repos()
    resolved = resolver(roots)
    for root in roots:
        _check(root, resolved[str(root)])
