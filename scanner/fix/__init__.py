"""``sfpolicy fix``'s library: mechanical metadata edits that close findings without breaking a deploy.

:mod:`~scanner.fix.edits` changes one element's text and nothing else of a file; :mod:`~scanner.fix.fixers`
says, per kind of fix, which element gets which value and when that would be unsafe; :mod:`~scanner.fix.run`
proposes a run's edits (a diff) and writes them. Which rule's findings a fixer closes is decided with the
rule's action in :mod:`scanner.plan.actions`.

Layer: above triage, below the plan and the reports (docs/architecture.md): it reads findings, the model's
parser and a source; it never scans.
"""
