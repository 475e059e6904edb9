"""sfpolicy's version: its own module, so that any layer can name it without importing the library's face."""

__version__ = "0.1.0"
