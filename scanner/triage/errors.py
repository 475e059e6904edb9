"""The one error triage raises: a baseline, waivers file or revision that cannot be used."""


class TriageError(Exception):
    """A triage input that cannot be used; the message names the file (and line) to fix."""
