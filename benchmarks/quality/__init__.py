"""The quality benchmark: labelled corpus findings and per-rule precision (issue 24)."""
