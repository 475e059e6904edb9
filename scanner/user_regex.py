"""Regular expressions from the user's config, run on RE2 (google-re2), whose matching time is linear.

``sensitive.fieldNamePatterns`` comes from ``sfpolicy.yaml``, which the repository under review may
change, and is matched against every field name, which the metadata under review chooses. With a
backtracking engine a pattern such as ``(a+)+$`` and a long field name would stall the scan for
days; RE2 guarantees time linear in the input and refuses what it cannot run that way (look-around,
back-references), which :func:`compile_pattern` reports when the config is loaded.
"""

from __future__ import annotations

from typing import Any

import re2

#: Case-insensitive, like the defaults; no error logging of its own (the caller reports the error).
_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.log_errors = False


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


def compile_pattern(pattern: str) -> Any:
    """``pattern`` compiled by RE2 (case-insensitive): an object with ``search(text)``."""
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        reason = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
        raise PatternError(reason) from None


def compile_any(patterns: list[str]) -> Any | None:
    """One RE2 pattern that matches where any of ``patterns`` does (None when there are none)."""
    return compile_pattern("|".join(f"(?:{p})" for p in patterns)) if patterns else None
