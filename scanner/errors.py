"""The one error that means "the scan could not be completed" (exit code 2).

Any layer may raise it for a problem the user must fix (a bad path, an unknown engine, a policy that
does not compile); the message says what to fix. It lives at the bottom so that raising it imports
nothing above the raiser.
"""


class ScanFailed(Exception):
    """The scan could not be completed (exit code 2); the message says what to fix."""
