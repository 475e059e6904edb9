"""Report formats: one module per format, each a ``render(result) -> str`` (see ``interface``).

Layer: reports (docs/architecture.md). They may import triage, the result types, findings and the
layers below; never reuse, the pipeline, the gate or the CLI. What a report needs from the scan it
asks for through ``interface.Preparation`` (the CLI passes it as ``ScanOptions.on_model``).
"""
