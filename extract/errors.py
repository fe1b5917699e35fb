"""Errors the pipeline reports to users: one line, naming the file and the reason."""

from __future__ import annotations


class KehoachError(Exception):
    """Base class of every error the user is meant to read."""


class IngestError(KehoachError):
    """A file could not be read as a document.

    `str(err)` is one line: "<file>: <reason>".
    """

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
