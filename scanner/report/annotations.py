"""GitHub Actions workflow commands (``::error file=…,line=…,title=…::message``): findings as PR annotations.

GitHub attaches an annotation to the changed line when ``file`` is relative to the repository root, so
paths carry the same prefix as SARIF URIs. GitHub shows at most 10 error and 10 warning annotations
per step (50 per job); findings come most severe first so the ones shown are the ones that matter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.report.sarif import uri_prefix
from scanner.report.summary import is_open, present, set_apart

if TYPE_CHECKING:
    from scanner.result import ScanResult

COMMAND = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def escape_data(text: str) -> str:
    """The message part: ``%``, CR and LF would end or corrupt the command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` property: additionally ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: str | int) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v not in ("", None, 0))
    return f"::{kind} {parts}::{escape_data(message)}" if parts else f"::{kind}::{escape_data(message)}"


def render(result: ScanResult) -> str:
    prefix = uri_prefix(result.target)
    lines = []
    for f in present(result):
        if not is_open(f):
            continue
        # Set apart (platformOwned: report): shown, as a notice, never as the error a gate failure reads as.
        apart = set_apart(f, result)
        lines.append(command("notice" if apart else COMMAND[f.severity], f.message,
                             file=prefix + f.file if f.file else "", line=f.line,
                             title=f"{f.rule_id} ({f.severity}{', platform-owned' if apart else ''}): "
                                   f"{f.title or f.rule_id}"))
    for issue in result.issues:
        lines.append(command("error", issue.message, file=prefix + issue.file, line=issue.line,
                             title="sfpolicy: file could not be scanned"))
    return "".join(line + "\n" for line in lines)
