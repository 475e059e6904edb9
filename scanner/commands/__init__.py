"""CLI commands, one module each; ``scanner.cli`` registers them. Each stays thin: options in,
library call, output out."""
