"""What every command shares: turning library failures into one clear line and exit code 2."""

from __future__ import annotations

import select
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INCOMPLETE = 0, 1, 2
#: As a program stopped by SIGPIPE exits (128 + 13): the reader of its output closed the pipe.
EXIT_OUTPUT_CLOSED = 141

_kept: list[object] = []


def keep_until_exit(value: object) -> None:
    """Hold ``value`` until the process ends, which ``cli.main`` does with ``os._exit``: a large org's
    scan result is millions of objects, and freeing them one by one as the command returned took half
    a second after every report was written. One value at a time, so that nothing accumulates."""
    _kept[:] = [value]

CacheDirOption = Annotated[Path | None, typer.Option(
    metavar="DIR", rich_help_panel="Limits and cache",
    help="Cache of parsed components (default: $SFPOLICY_CACHE_DIR or ~/.cache/sfpolicy).")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", rich_help_panel="Limits and cache", help="Parse every file; read and write no cache.")]


def cache_dir_choice(cache_dir: Path | None, no_cache: bool) -> Path | None:
    """The component cache folder the options ask for (None: no cache)."""
    from scanner.reuse.component_cache import default_cache_dir

    return None if no_cache else (cache_dir or default_cache_dir())


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` to stdout (stderr with ``err``) as every command prints human output: repository
    text is in it, so it goes through the token scrubber (an error or a traceback can quote input,
    and CI logs are public to everyone who can read the pull request), and no line of it may act as
    a CI workflow command (scanner/report/ci_text.py)."""
    from scanner.metadata.secrets import scrub_text
    from scanner.report.ci_text import neutralise_commands

    typer.echo(neutralise_commands(scrub_text(text)), err=err, nl=nl)


def fail(message: str) -> typer.Exit:
    """Print ``message`` as an error (scrubbed and neutralised by :func:`echo`) and return the exit to
    raise (code 2: scan not completed)."""
    echo(f"sfpolicy: error: {message}", err=True)
    return typer.Exit(EXIT_INCOMPLETE)


def _output_closed() -> bool:
    """Has the reader of standard output gone away? (A broken pipe elsewhere, e.g. to an OPA server,
    is an error to report.)"""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll here, or no real stdout
        return False


def _print_traceback() -> None:
    """``--debug``'s traceback of the exception being handled, scrubbed like every message by
    :func:`echo`: its frames and its last line quote input (paths, config values, a rule's output)."""
    echo(traceback.format_exc().rstrip("\n"), err=True)


@contextmanager
def user_errors(debug: bool = False) -> Iterator[None]:
    """Report any failure as one message and exit 2; ``--debug`` adds the traceback.

    Known failures (ScanFailed, config and policy errors) carry a message written for the user; an
    unexpected exception is a bug, said as such, and still exits 2 rather than passing.
    """
    from scanner.config import ConfigError
    from scanner.errors import ScanFailed
    from scanner.policy.loader import PolicyError

    try:
        yield
    except typer.Exit:
        raise
    except (ScanFailed, ConfigError, PolicyError) as exc:
        if debug:
            _print_traceback()
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    except BrokenPipeError as exc:
        if not _output_closed():
            raise fail(str(exc.strerror or exc)) from None
        # The reader of the output went away (``sfpolicy policies list | head``): nothing left to tell it.
        raise typer.Exit(EXIT_OUTPUT_CLOSED) from None
    except OSError as exc:  # writing a report into a missing or read-only place, a disk that is full …
        if debug:
            _print_traceback()
        where = f"{exc.filename}: " if exc.filename else ""
        raise fail(f"{where}{exc.strerror or exc}") from None
    except Exception as exc:  # a bug: still never a silent pass, and no traceback unless asked
        if debug:
            _print_traceback()
        raise fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)") from None
