"""``sfpolicy plan``'s library: the emergency action plan built from a scan, and which of it ``fix`` writes.

:mod:`~scanner.plan.actions` is the table of what to do per rule (phase, words, fixer), the one place a
newcomer edits; :mod:`~scanner.plan.build` groups findings into actions and orders them;
:mod:`~scanner.plan.fixing` asks scanner.fix which actions it can write. docs/action-plan.md explains it.

Layer: above scanner.fix, below the reports (docs/architecture.md): the HTML report and SARIF read the plan.
"""
