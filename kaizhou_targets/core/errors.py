"""Exceptions that carry a message meant for people: what, where, what to do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Problem


class KztError(Exception):
    """A failure the user can act on; the CLI prints it without a traceback."""

    exit_code = 1


class InputError(KztError):
    """Something the user typed cannot be accepted."""

    exit_code = 2


class LedgerError(KztError):
    """A ledger file cannot be read or written safely."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ConflictMarkersError(LedgerError):
    """A file git left half-merged (conflict markers): every command refuses it,
    reading or writing, until a person resolves the merge."""
