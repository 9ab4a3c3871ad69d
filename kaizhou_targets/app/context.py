"""What every command shares: which ledger, which language, which day."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.history import Standing
    from ..core.model import Entry, Ledger, Problem
    from ..core.progress import Progress
    from ..storage.ledger_file import LedgerLocation


class Env:
    """The run's shared state. A plain class, not a dataclass: defining one costs a millisecond or
    two of every command's start-up (its methods are generated and compiled as the module loads)."""

    __slots__ = ("_ledger", "_location", "_looking_at", "_standings", "_view", "file_option", "lang",
                 "unreadable")

    def __init__(self, file_option: str | None = None, lang: str = "zh") -> None:
        self.file_option = file_option
        self.lang = lang
        self._location: LedgerLocation | None = None
        self._ledger: Ledger | None = None
        # What a command looks at (status, report, check, targets, show: plan_years.ledger_in_view): the
        # judging day and the year asked for (None: the day's), set by look_at; None for the whole ledger.
        self._looking_at: tuple[date, int | None] | None = None
        self._view: Ledger | None = None
        self._standings: dict[str, Standing] | None = None
        # Targets whose figures file cannot be read at all (filled by histories()): judged UNKNOWN.
        self.unreadable: dict[str, Problem] = {}

    def __repr__(self) -> str:
        return f"Env(file_option={self.file_option!r}, lang={self.lang!r})"

    @property
    def location(self) -> LedgerLocation:
        if self._location is None:
            from ..storage.ledger_file import locate_ledger

            self._location = locate_ledger(self.file_option)
        return self._location

    @property
    def path(self) -> Path:
        return self.location.path

    def ledger(self) -> Ledger:
        """The ledger as the command sees it: the targets of the year it looks at (look_at), else
        every indicator as first written."""
        if self._looking_at is None:
            return self.whole_ledger()
        if self._view is None:
            from ..core.plan_years import carry_baselines, ledger_in_view

            view = ledger_in_view(self.whole_ledger(), *self._looking_at, self.standings)
            if any(t.id in view.year_terms and t.baseline is None for t in view.targets):
                view = carry_baselines(view, self.standings())
            self._view = view
        return self._view

    def look_at(self, when: date, year: int | None) -> None:
        """Point `ledger()` at what a command judging `when` looks at (plan_years.ledger_in_view)."""
        self._looking_at, self._view = (when, year), None

    def whole_ledger(self) -> Ledger:
        if self._ledger is None:
            from ..storage.ledger_file import load_ledger_strict

            self._ledger = load_ledger_strict(self.path)
        return self._ledger

    def today(self) -> date:
        from .clock import today

        return today(self.whole_ledger().settings.timezone)

    def histories(self, target_ids: list[str] | None = None, quiet: bool = False) -> dict[str, list[Entry]]:
        """Every target's history (or those of `target_ids`); problems go to stderr as warnings unless
        `quiet` (a caller that has told them already)."""
        from ..storage.figures import read_all, warn

        ids = target_ids if target_ids is not None else [t.id for t in self.whole_ledger().targets]
        histories, problems, unreadable = read_all(self.path, ids)
        self.unreadable.update(unreadable)
        if not quiet:
            warn(problems)  # one line; `kzt verify` lists each
        return histories

    def standings(self) -> dict[str, Standing]:
        """Every target's standing series (all `kzt status` and `kzt check` need); problems go to stderr."""
        from ..storage.figures import warn
        from ..storage.figures_standing import read_standings

        if self._standings is not None:
            return self._standings
        standings, problems, unreadable = read_standings(self.path, [t.id for t in self.whole_ledger().targets])
        self.unreadable.update(unreadable)
        warn(problems)  # one line; `kzt verify` lists each
        self._standings = standings
        return standings

    def mark_unreadable(self, progress: list[Progress]) -> list[Progress]:
        """A target whose figures file cannot be read is not judged: its status is unknown."""
        if not self.unreadable:
            return progress
        return [p._replace(status="grey", reason="unreadable", value=None, value_as_of=None, completion=None,
                           schedule=None, gap_pp=None, stale=False) if p.target.id in self.unreadable else p
                for p in progress]

