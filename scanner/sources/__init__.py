"""Where scanned files come from: a directory, a git ref or a retrieve zip (see ``interface``).

Layer: the first stage (docs/architecture.md). It may import only the foundation modules
(``scanner.config``, ``scanner.errors`` …); nothing of the model, rules, findings or anything above.
"""
