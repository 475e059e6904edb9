"""The printable audit pack (``--pdf FILE``): the HTML report's print variant, printed by headless Chromium.

Chromium lays the page out exactly as the browser prints it (A4, the report's print CSS), so the PDF and
a reader's own printout agree. The print variant (``html.render(result, printable=True)``) needs no
script: its groups are open, its tables capped, and remediation is written once per rule in an appendix.
The HTML is written to a private temporary folder and opened from there; its Content-Security-Policy
forbids every fetch, and Chromium runs with a throwaway profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import ScanFailed
from scanner.report import html

if TYPE_CHECKING:
    from scanner.result import ScanResult

#: Where to look for the browser: $SFPOLICY_CHROMIUM, then these names on PATH (Debian: `chromium`).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Seconds Chromium may take to print; a 20,000-finding report prints in a few.
TIMEOUT = 180


def find_chromium() -> str | None:
    """The Chromium executable to print with, or None."""
    configured = os.environ.get("SFPOLICY_CHROMIUM")
    if configured:
        return configured if shutil.which(configured) else None
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def chromium_args(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command that prints ``page`` to ``pdf``: headless, no network services, no header or footer."""
    args = [browser, "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-default-apps", "--disable-extensions", "--disable-sync", "--no-first-run",
            "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}", page.resolve().as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(2, "--no-sandbox")  # Chromium refuses to start as root with its sandbox (CI containers)
    return args


def write_pdf(result: ScanResult, path: Path) -> None:
    """Print ``result``'s report to ``path``. Raises :class:`ScanFailed` (exit 2) when it cannot."""
    if str(path) == "-":
        raise ScanFailed("--pdf writes a file, not standard output: give it a file name")
    browser = find_chromium()
    if browser is None:
        raise ScanFailed("--pdf needs Chromium to print the report: install it (Debian/Ubuntu: apt-get install "
                         "chromium) or set SFPOLICY_CHROMIUM to its path; --html writes the report without it")
    with tempfile.TemporaryDirectory(prefix="sfpolicy-pdf-") as tmp:
        page, out = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        page.write_text(html.render(result, printable=True), encoding="utf-8", newline="\n")
        try:
            proc = subprocess.run(chromium_args(browser, page, out, Path(tmp) / "profile"), capture_output=True,
                                  text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise ScanFailed(f"--pdf: {browser} did not print the report within {TIMEOUT} s") from None
        except OSError as exc:
            raise ScanFailed(f"--pdf: cannot run {browser}: {exc.strerror}") from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            raise ScanFailed(f"--pdf: {browser} could not print the report (exit code {proc.returncode}): {last}")
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, path)
