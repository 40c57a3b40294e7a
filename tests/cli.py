"""Run a command the way ``python -m app ...`` does, but inside the test process.

A ``python -m app`` process costs one to three seconds of imports on a busy machine, and most command tests
only need what ``app.cli.main`` does with the arguments: the same parser, the same handlers, the same
top-level error handler, the same exit status and text. Tests that need a process of their own (start-up
imports, a SIGKILL, two writers at once, the environment a child inherits, a memory limit) keep
``subprocess``; the rest call :func:`run_cli`.
"""

from __future__ import annotations

import io
import logging
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    """What a finished command left: its exit status and what it printed (as ``subprocess.CompletedProcess``)."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, env: dict[str, str] | None = None) -> Ran:
    """``app.cli.main(args)`` with stdout and stderr captured and ``env`` set for the call only."""
    from app.cli import main
    from app.log import close_logging

    out, err = io.StringIO(), io.StringIO()
    level = logging.getLogger().level  # setup_logging lowers it to INFO for the command
    saved = {key: os.environ.get(key) for key in env or {}}
    os.environ.update(env or {})
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: --help, a bad choice or a missing argument
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        close_logging()  # the command's log file and console handlers must not outlive it
        logging.getLogger().setLevel(level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Ran(code, out.getvalue(), err.getvalue())
