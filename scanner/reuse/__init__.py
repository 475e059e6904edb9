"""Reuse: what a scan may take from earlier work instead of doing it again (see :mod:`.interface`).

The component cache (:mod:`.component_cache`), snapshots and evaluating only a change
(:mod:`.incremental`), and the PR gate that reads only the changed files (:mod:`.delta`), behind the one
interface the pipeline and the gate call, :class:`~scanner.reuse.interface.Reuse`.

Layer: below the pipeline and the gate, above the reports, triage, the result types and the stages the
pipeline runs (findings, engine, policy, model, sources), which it may import; never the pipeline,
the gate or the CLI.
"""
