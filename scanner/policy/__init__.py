"""Rego policy files and the rule metadata read from their ``# METADATA`` blocks."""
