"""Report formats: one module per format, each a ``render(result) -> str`` (see ``interface``)."""
