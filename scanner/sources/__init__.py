"""Where scanned files come from: a directory, a git ref or a retrieve zip (see ``interface``)."""
