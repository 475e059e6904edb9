"""Text for a CI log: repository text printed to stdout or stderr must never act on the CI runner.

The GitHub Actions runner reads a step's output line by line (a line ends at CR or LF) and runs a line
as a workflow command when, after leading white space, it starts with ``::`` (``::add-mask::``,
``::stop-commands::``, a forged ``::warning``), or when it contains ``##[`` anywhere (the older
syntax). File names, URLs, the scanned root and rule messages that quote metadata are written by
whoever wrote the repository, so everything sfpolicy prints to a console goes through
:func:`neutralise_commands`, and every repository-derived field of a one-line record goes through
:func:`one_line` first, so one finding is one line and cannot forge the next. ``--annotations`` output
is the exception: its commands are meant, and :mod:`scanner.report.annotations` escapes their data.
"""

from __future__ import annotations

import re

#: Characters that break a line (for the runner, a terminal or a log viewer) or drive a terminal.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def one_line(text: str) -> str:
    """``text`` on one line: line breaks and other control characters (tab excepted) written as escapes
    (``\\n``, ``\\r``, ``\\x1b``, ``\\u2028``)."""
    return _CONTROL.sub(_escaped, text)


def neutralise_commands(text: str) -> str:
    """``text`` with no line the runner would run: ``##[`` becomes ``##%5B`` and a leading ``::``
    becomes ``%3A:`` (the percent escapes of annotation data). Every other character stays."""
    if "::" not in text and "##[" not in text:
        return text
    lines = []
    for line in text.splitlines(keepends=True):  # splits at CR and LF, and at more than the runner does
        line = line.replace("##[", "##%5B")
        body = line.lstrip()
        if body.startswith("::"):
            line = line[:len(line) - len(body)] + "%3A" + body[1:]
        lines.append(line)
    return "".join(lines)
