"""Errors the pipeline reports to users: one line, naming the file and the reason.

Each kind carries the exit code `kehoach` ends with (README, "Exit codes"):
1 an input could not be read, 2 bad usage (including a path or pattern that
matches nothing), 3 the output folder or register cannot be written, 4 a
program or data the pipeline needs is missing. 130 (interrupted) is the
command line's own.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_DEPENDENCY = 4
EXIT_INTERRUPTED = 130


class KehoachError(Exception):
    """Base class of every error the user is meant to read."""

    exit_code = EXIT_FAILED


class UsageError(KehoachError):
    """The command was given something it cannot use (exit 2)."""

    exit_code = EXIT_USAGE


class OutputError(KehoachError):
    """The output folder, a file in it, or the register cannot be written (exit 3)."""

    exit_code = EXIT_OUTPUT


class IngestError(KehoachError):
    """A file could not be read as a document.

    `str(err)` is one line: "<file>: <reason>".
    """

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class DependencyError(IngestError):
    """A file could not be read because a program or its data is missing
    (Tesseract, its Vietnamese data, LibreOffice, pdftoppm); the reason says
    what to install (exit 4)."""

    exit_code = EXIT_DEPENDENCY
