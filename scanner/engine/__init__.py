"""Rego evaluation backends behind one interface (see ``interface``), and the Rego unit-test runner.

Layer: evaluation (docs/architecture.md). It may import the policies, the model and the layers
below; never findings, triage, reports or anything above. Engines return raw values; findings are
made of them by ``scanner.findings.evaluate``.
"""
