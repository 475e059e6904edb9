"""CLI commands, one module each; ``scanner.cli`` registers them. Each stays thin: options in,
library call, output out.

Layer: the top, with ``scanner.cli`` (docs/architecture.md): it may import every layer of the library.
"""
