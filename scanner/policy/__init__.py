"""Rego policy files and the rule metadata read from their ``# METADATA`` blocks.

Layer: below the engines (docs/architecture.md). It may import the model and the layers below it;
never the engines, findings or anything above.
"""
