"""Triage: which findings of a scan need action (DESIGN.md §6), and drift between two scans.

The pieces, each applied by the gate (scanner.gate) in this order, a later step overriding an earlier one:

1. PR mode (``--base REF``, scanner.gate.base_scan): ``new`` when the head adds the finding,
   ``unchanged`` when the base already had it (by fingerprint);
2. baseline (:mod:`~scanner.triage.baseline`, ``--baseline FILE``): ``baseline`` for accepted findings;
3. waivers (:mod:`~scanner.triage.waivers`, ``--waivers FILE``): ``waived`` plus a SARIF suppression;
   expired, stale and (with ``--no-new-waivers``) self-added waivers are reported as findings of the
   ``SFP-WAIVER-*`` rules.

Drift (:mod:`~scanner.triage.drift`, :mod:`~scanner.triage.changes`) compares two scans' findings and
models. Only ``open`` (no triage asked) and ``new`` findings gate (:data:`scanner.findings.GATING_STATUSES`).

Layer: above the result types and the findings; it may import those and everything below them, never
the reports, reuse, the pipeline or the gate.
"""
