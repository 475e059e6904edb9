"""One build step beyond pyproject.toml: the built-in rules go into the wheel.

The rules live in the top-level ``policies/`` folder (rule authors, ``opa test`` and the docs expect
them there), outside the ``scanner`` package. ``build_py`` copies that folder into the built package
as ``scanner/builtin_policies``, where ``scanner.policy.loader`` looks first; an editable install has
no such folder and reads ``policies/`` of the checkout instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

POLICIES = Path(__file__).resolve().parent / "policies"


class BuildWithPolicies(build_py):
    """``build_py`` that also copies ``policies/**/*.rego`` into ``scanner/builtin_policies``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the checkout's policies/ is read in place
            return
        if not POLICIES.is_dir():
            raise FileNotFoundError(f"{POLICIES}: the built-in rules are missing from this source tree")
        target = Path(self.build_lib) / "scanner" / "builtin_policies"
        shutil.rmtree(target, ignore_errors=True)
        for source in sorted(POLICIES.rglob("*.rego")):
            destination = target / source.relative_to(POLICIES)
            destination.parent.mkdir(parents=True, exist_ok=True)
            self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": BuildWithPolicies})
