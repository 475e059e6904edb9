"""The wheel is the product: built from the sdist, it carries the built-in rules and the licence, passes
``twine check``, and installed into a fresh virtual environment outside the checkout it scans a fixture
exactly as the checkout does. The sdist holds every tracked file, so the test suite runs from it.

The steps are those of ``tools/package_check.py`` (``make package-check``, which installs the
dependencies from the index); here they come from this environment, so the test needs no download.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from scanner import __version__
from scanner.policy.loader import BUILTIN_POLICY_DIR
from tests.conftest import FIXTURES, ROOT, run_cli


def _load_package_check():
    # tools/ is a folder of scripts, not a package: load the checker by path.
    spec = importlib.util.spec_from_file_location("tools_package_check", ROOT / "tools" / "package_check.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


package_check = _load_package_check()
DIST_INFO = f"sfpolicy-{__version__}.dist-info"
pytestmark = pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                reason="the 'build' package (dev dependency group) is not installed")


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory):
    return package_check.build(tmp_path_factory.mktemp("dist"))


def _sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}


def test_twine_check_passes(dists) -> None:
    pytest.importorskip("twine", reason="twine (dev dependency group) is not installed")
    package_check.twine_check(dists)


def test_wheel_carries_the_rules_the_licence_and_the_metadata(dists) -> None:
    with zipfile.ZipFile(dists.wheel) as wheel:
        names = set(wheel.namelist())
        metadata = Parser().parsestr(wheel.read(f"{DIST_INFO}/METADATA").decode())
    shipped = {n.removeprefix("scanner/builtin_policies/") for n in names if n.startswith("scanner/builtin_policies/")}
    assert shipped == {p.relative_to(BUILTIN_POLICY_DIR).as_posix() for p in BUILTIN_POLICY_DIR.rglob("*.rego")}
    assert "lib/sfpolicy.rego" in shipped
    assert {"scanner/metadata/data/org-model.schema.json", f"{DIST_INFO}/licenses/LICENSE"} <= names
    assert metadata["Version"] == __version__
    assert any(n.startswith("scanner/report/templates/") for n in names)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert any(url.startswith("Source, ") for url in metadata.get_all("Project-URL"))
    assert not any("pytest" in req or "ruff" in req for req in metadata.get_all("Requires-Dist"))  # dev tools stay out


def test_sdist_holds_every_tracked_file(dists) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (this is the sdist itself): nothing to compare with")
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    missing = set(tracked.split("\n")) - _sdist_names(dists.sdist) - {"", ".gitignore"}
    assert not missing, f"tracked but not in the sdist (add them to MANIFEST.in): {sorted(missing)}"


def test_the_test_suite_runs_from_the_sdist(dists, tmp_path: Path) -> None:
    with tarfile.open(dists.sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    tree = tmp_path / dists.sdist.name.removesuffix(".tar.gz")
    env = {**package_check.clean_env(), "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    collected = subprocess.run([*command, "--collect-only"], cwd=tree, env=env, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stdout[-3000:] + collected.stderr[-3000:]
    ran = subprocess.run([*command, "tests/test_policies_cli.py"], cwd=tree, env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    assert " passed" in ran.stdout.splitlines()[-1]


def test_installed_wheel_scans_like_the_checkout(dists, tmp_path: Path) -> None:
    bin_dir = package_check.install(dists.wheel, tmp_path / "venv", Path(sysconfig.get_paths()["purelib"]))
    package = package_check.installed_package_dir(bin_dir, tmp_path)
    assert package.is_relative_to(tmp_path / "venv"), package  # the wheel's code, never the checkout's
    fixture = FIXTURES / "leaky-retail-org"
    installed = package_check.installed_report(bin_dir, fixture, tmp_path)
    assert '"rule_id": "SFP-ACS-001"' in installed
    assert installed == package_check.checkout_report(fixture, tmp_path)
    listed = subprocess.run([str(bin_dir / "sfpolicy"), "policies", "list"], cwd=tmp_path,
                            env=package_check.clean_env(), capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == run_cli("policies", "list").stdout
