"""sfpolicy: a policy-as-code scanner for Salesforce metadata.

Library use::

    from scanner import scan, ScanOptions
    result = scan("force-app-project", ScanOptions(fail_on="medium"))
    for finding in result.findings: ...

``scan`` is the gate's (scanner.gate): the scan with PR mode, baseline and waivers as the options ask.
docs/architecture.md says how the library is laid out. No module of the library imports this one.
"""

from scanner.errors import ScanFailed
from scanner.gate import scan
from scanner.result import ScanOptions, ScanResult
from scanner.version import __version__

__all__ = ["ScanFailed", "ScanOptions", "ScanResult", "__version__", "scan"]
