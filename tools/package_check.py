"""Check the product as users get it: build the sdist and wheel, validate them, install the wheel into a
fresh virtual environment outside the checkout, and scan a fixture with it.

The installed ``sfpolicy`` must give byte-for-byte the JSON report the checkout gives for the same
fixture: that proves the wheel carries the built-in rules, their lib and the data files, and that
nothing is read from the source tree. ``make package-check`` runs this (``make test`` depends on it);
``tests/test_packaging.py`` runs the same steps with ``--deps-from`` (no download).

    python tools/package_check.py [--fixture DIR] [--deps-from SITE_PACKAGES] [--keep]

Exit 0 when every check passes, 1 when one fails (it says which), 2 when a step could not run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FIXTURE = ROOT / "fixtures" / "leaky-retail-org"
#: The same scan both ways; no cache, so that each side reads and evaluates everything itself.
SCAN_ARGS = ("--fail-on", "none", "--no-cache", "--quiet")


class StepFailed(Exception):
    """A step could not run (build, install): the check is incomplete, not failed."""


@dataclass(frozen=True)
class Distributions:
    sdist: Path
    wheel: Path


def clean_env() -> dict[str, str]:
    """The environment without anything that would put the checkout on the import path (pip would take
    the ``sfpolicy.egg-info`` a build leaves there for an installed sfpolicy, and install nothing)."""
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run ``command`` (by default in :func:`clean_env`); its stdout, or StepFailed with its output."""
    done = subprocess.run(command, cwd=cwd, env=clean_env() if env is None else env, capture_output=True,
                          text=True, timeout=900)
    if done.returncode != 0:
        raise StepFailed(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def build(outdir: Path) -> Distributions:
    """``python -m build``: the sdist, then the wheel built from that sdist (so the sdist is complete)."""
    run([sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)])
    sdists, wheels = sorted(outdir.glob("sfpolicy-*.tar.gz")), sorted(outdir.glob("sfpolicy-*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise StepFailed(f"expected one sdist and one wheel in {outdir}, found {sdists + wheels}")
    return Distributions(sdists[0], wheels[0])


def twine_check(dists: Distributions) -> None:
    """The metadata PyPI would render (README as long description, licence, URLs) is valid."""
    run([sys.executable, "-m", "twine", "check", "--strict", str(dists.sdist), str(dists.wheel)])


def install(wheel: Path, venv: Path, deps_from: Path | None = None) -> Path:
    """A new virtual environment with the wheel installed; returns its ``bin`` folder.

    Dependencies come from the package index, or with ``deps_from`` from that existing site-packages
    folder (added by a ``.pth`` line: its own ``.pth`` files, such as an editable sfpolicy, are not run).
    """
    run([sys.executable, "-m", "venv", str(venv)])
    bin_dir = venv / "bin"
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if deps_from is None:
        run([*pip, str(wheel)])
        return bin_dir
    run([*pip, "--no-deps", str(wheel)])
    purelib = run([str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    (Path(purelib.strip()) / "sfpolicy-test-deps.pth").write_text(f"{deps_from}\n", "utf-8")
    return bin_dir


def installed_report(bin_dir: Path, fixture: Path, workdir: Path) -> str:
    """The JSON report of the installed ``sfpolicy``, run from ``workdir`` (outside the checkout)."""
    out = workdir / "installed.json"
    run([str(bin_dir / "sfpolicy"), "scan", str(fixture), *SCAN_ARGS, "--json", str(out)], cwd=workdir)
    return out.read_text("utf-8")


def checkout_report(fixture: Path, workdir: Path) -> str:
    """The JSON report of the checkout's code (what an editable install runs) for the same fixture."""
    out = workdir / "checkout.json"
    run([sys.executable, "-m", "scanner", "scan", str(fixture), *SCAN_ARGS, "--json", str(out)], cwd=ROOT,
        env={**clean_env(), "PYTHONPATH": str(ROOT)})
    return out.read_text("utf-8")


def installed_package_dir(bin_dir: Path, workdir: Path) -> Path:
    """Where the installed environment imports ``scanner`` from."""
    code = "import pathlib, scanner; print(pathlib.Path(scanner.__file__).parent)"
    where = run([str(bin_dir / "python"), "-c", code], cwd=workdir)
    return Path(where.strip())


def check(workdir: Path, fixture: Path, deps_from: Path | None = None) -> list[str]:
    """Every step in ``workdir``; the problems found (empty when the wheel is the product it should be)."""
    dists = build(workdir / "dist")
    twine_check(dists)
    bin_dir = install(dists.wheel, workdir / "venv", deps_from)
    problems = []
    package = installed_package_dir(bin_dir, workdir)
    if not package.is_relative_to(workdir / "venv"):
        problems.append(f"the installed environment imports scanner from {package}, not from the wheel")
    if not (package / "builtin_policies" / "lib" / "sfpolicy.rego").is_file():
        problems.append(f"the wheel has no built-in rules under {package / 'builtin_policies'}")
    installed, checkout = installed_report(bin_dir, fixture, workdir), checkout_report(fixture, workdir)
    if installed != checkout:
        problems.append(f"the installed wheel's JSON report for {fixture} differs from the checkout's "
                        f"(compare {workdir / 'installed.json'} and {workdir / 'checkout.json'})")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", type=Path, default=DEFAULT_FIXTURE, help="project to scan (default: %(default)s)")
    parser.add_argument("--deps-from", type=Path, help="site-packages to take the dependencies from (no download)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and say where it is")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="sfpolicy-package-check-"))
    try:
        problems = check(workdir, args.fixture.resolve(), args.deps_from)
        code = 1 if problems else 0
    except StepFailed as exc:
        problems, code = [f"could not complete: {exc}"], 2
    for problem in problems:
        print(f"package check: FAILED: {problem}", file=sys.stderr)
    if problems or args.keep:  # what failed stays there to be looked at
        print(f"package check: files kept in {workdir}", file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if not problems:
        print(f"package check: sdist and wheel built, twine check passed, the installed wheel scans "
              f"{args.fixture} exactly as the checkout does")
    return code


if __name__ == "__main__":
    sys.exit(main())
