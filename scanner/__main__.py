"""``python -m scanner`` runs the CLI, as the ``sfpolicy`` console script does."""

from scanner.cli import main

main()
