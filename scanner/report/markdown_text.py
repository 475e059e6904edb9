"""Repository text inside Markdown: every Markdown output writes it through these two helpers.

A file name, a URL or a message quoting metadata is written by whoever wrote the repository; in a PR
comment or ``$GITHUB_STEP_SUMMARY`` it must read as text and never become markup. GitHub renders raw
HTML (``<img>`` beacons, links, comments that hide the rest of the page), Markdown links and images,
bare URLs and ``www.`` names as links, and ``@name`` as a mention that notifies someone. So:

* :func:`inline_text` keeps the text on one line (``\\r`` too), backslash-escapes every character
  that starts markup, and breaks autolinks and mentions with a zero-width space (``&#8203;``), as
  GitHub's own bots do;
* :func:`code_span` puts the text in a code span (inert: no HTML, links or mentions inside) whose
  fence is longer than any backtick run in it, so the text cannot close it early.

Both are safe inside a table cell: a ``|`` is escaped, which GitHub's table parser honours inside a
code span too.
"""

from __future__ import annotations

import re

#: ASCII punctuation that can start or end Markdown or HTML, or GitHub's math (``$``), written escaped.
_MARKUP = str.maketrans({c: "\\" + c for c in "\\`*_[]<>()|#!~&$"})
#: Where GitHub would start a link or a mention: after ``://``, after ``www.``, after ``@``.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www))(?=\.)|(?<=@)(?=\w)")
_ZERO_WIDTH_SPACE = "&#8203;"


def _one_line(text: str) -> str:
    """Every run of white space (line breaks, ``\\r``, U+2028 …) as one space, none at either end."""
    return " ".join(text.split())


def inline_text(text: str) -> str:
    """``text`` as plain inline Markdown: it renders as exactly these characters, on one line."""
    return _AUTOLINK.sub(_ZERO_WIDTH_SPACE, _one_line(text).translate(_MARKUP))


def code_span(text: str) -> str:
    """``text`` as an inline code span (empty text: nothing), pipes escaped for a table cell."""
    text = _one_line(text).replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    # One space inside each fence: CommonMark strips it, and it keeps a backtick at either end of the
    # text from joining the fence.
    return f"{fence} {text} {fence}" if longest else f"`{text}`"
