"""sfpolicy: a policy-as-code scanner for Salesforce metadata.

Library use::

    from scanner import scan, ScanOptions
    result = scan("force-app-project", ScanOptions(fail_on="medium"))
    for finding in result.findings: ...
"""

__version__ = "0.1.0"

from scanner.scan import ScanFailed, ScanOptions, ScanResult, scan

__all__ = ["ScanFailed", "ScanOptions", "ScanResult", "__version__", "scan"]
