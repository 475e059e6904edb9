"""File names a scan can report faithfully and safely, whatever source they come from.

A name is untrusted input too: a control character (a terminal escape in a CI log, a character XML
reports cannot carry) or bytes that are not UTF-8 must never reach a report. Such files are
reported with a printable form of their name and not read.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(name: str) -> str:
    """``name`` safe to print: bytes that are not UTF-8 (kept as surrogates by ``os``) become U+FFFD,
    control characters become ``\\xNN``."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


def name_problem(name: str) -> str | None:
    """Why a file name cannot be scanned, or None when it is fine."""
    try:
        name.encode("utf-8")  # os keeps bytes that are not UTF-8 as lone surrogates, which cannot encode
    except UnicodeEncodeError:
        return "file name is not valid UTF-8; not read"
    if CONTROL_CHARACTERS.search(name):
        return "file name contains control characters; not read"
    return None
