"""The weekly report as data: what moved, what changed colour, who lags.

Pure: given the ledger, every history and a span, it decides what each
section holds; the renderers only lay it out. The report is as of the end
of its last day: figures typed later do not change it, so a report can be
run again and give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .history import Standing, figures_of, valid_series
from .model import STATUS_ORDER, Entry, Ledger
from .progress import Progress, count_statuses, evaluate_ledger, in_period
from .rule_settings import DEFAULT_CALENDAR, CalendarSettings


@dataclass(frozen=True)
class Movement:
    progress: Progress
    before: Progress
    figures: tuple[Entry, ...]  # typed within the span

    @property
    def delta(self) -> float | None:
        if self.progress.value is None or self.before.value is None:
            return None
        return self.progress.value - self.before.value


@dataclass(frozen=True)
class ColourChange:
    progress: Progress
    before: str
    after: str


@dataclass(frozen=True)
class WeeklyReport:
    name: str
    as_of: date
    since: date
    progress: tuple[Progress, ...]
    counts: dict[str, int]
    previous_counts: dict[str, int]
    moved: tuple[Movement, ...]
    colour_changes: tuple[ColourChange, ...]
    laggards: tuple[Progress, ...]
    stale: tuple[Progress, ...]   # figures overdue on the reporting calendar (listed by 牵头单位)
    milestones: tuple[Progress, ...]
    window: int = 30  # days ahead a milestone counts as due soon
    not_yet_due: int = 0  # targets whose first figure is not yet due: a count, never a list
    calendar: CalendarSettings = DEFAULT_CALENDAR


def known_by(histories: Mapping[str, Sequence[Entry]], day: date) -> dict[str, list[Entry]]:
    """Only the entries typed on or before `day`."""
    return {k: [e for e in v if e.recorded_at.date() <= day] for k, v in histories.items()}


def severity(p: Progress) -> tuple[int, float]:
    """Sort key, worst first: colour, then how far behind."""
    behind = -(p.gap_pp if p.gap_pp is not None else (p.margin or 0.0))
    if p.target.kind == "milestone" and p.due_in_days is not None:
        behind = -p.due_in_days
    return (-STATUS_ORDER[p.status], -behind)


def _key(p: Progress) -> tuple[str, date]:
    return p.target.id, p.target.period_start


def build_report(ledger: Ledger, histories: Mapping[str, Sequence[Entry]], as_of: date,
                 since: date | None = None, include: Callable[[Progress], bool] | None = None,
                 standings: Mapping[str, Sequence[Entry]] | None = None) -> WeeklyReport:
    """`include` cuts the report as `status` is cut (--area, --owner, --only): a target it leaves
    out is neither listed nor counted, this week or last. `standings`: each target's standing
    series (history.Standing, what status judges by) for the same histories, when the caller has
    them; else they are settled here, once per history — today and last week's untouched targets
    are judged by them, and only the histories typed into since last week are settled again."""
    if standings is None:
        # References to the histories' own entries: no entry is built twice, and little memory.
        standings = {target_id: Standing(valid_series(figures_of(entries)))
                     for target_id, entries in histories.items()}
    since = since or as_of - timedelta(days=6)
    window = ledger.settings.milestone_warning_days
    # One truth per date: the report judges the day by every figure recorded so far whose period
    # has ended by then, as status and check do. Last week stays what was known at the time, so
    # "what changed this week" is what the previous report would have said.
    now = evaluate_ledger(ledger, standings, as_of)
    if include is not None:
        now = [p for p in now if include(p)]
    # Keyed by id and period: in January last year's 城镇新增就业 and this year's are both in view.
    kept = {_key(p) for p in now}
    before_day = since - timedelta(days=1)
    # A history with nothing typed after last week's day is the same history then: its standing
    # series is the one judged today (evaluate cuts it at the day judged). A caller's standing series
    # given as the history itself (report_cmds: nothing typed into it since) is not scanned again.
    known: dict[str, Sequence[Entry]] = {target_id: entries for target_id, entries in histories.items()
                                         if entries is standings.get(target_id)}
    cut = known_by({target_id: entries for target_id, entries in histories.items() if target_id not in known},
                   before_day)
    known |= {target_id: standings[target_id] if len(entries) == len(histories[target_id]) and target_id in standings
              else entries for target_id, entries in cut.items()}
    before = {_key(p): p for p in evaluate_ledger(ledger, known, before_day) if _key(p) in kept}

    moved = []
    for p in now:
        typed = tuple(e for e in histories.get(p.target.id, ())
                      if not e.withdraws and since <= e.recorded_at.date() <= as_of
                      and (e.as_of is None or in_period(p.target, e.as_of)))
        if typed:
            moved.append(Movement(p, before[_key(p)], typed))
    changes = tuple(ColourChange(p, before[_key(p)].status, p.status) for p in now
                    if before[_key(p)].status != p.status)
    laggards = tuple(sorted((p for p in now if p.status in ("red", "yellow") and p.target.kind != "milestone"),
                            key=severity))
    stale = tuple(p for p in now if p.stale)
    # due soon within the milestone's own warning window (else the ledger's), or overdue
    milestones = tuple(sorted((p for p in now if p.target.kind == "milestone" and not p.done
                               and p.due_in_days is not None and p.calendar is not None
                               and p.calendar.state in ("due-soon", "overdue")),
                              key=lambda p: p.due_in_days or 0))
    return WeeklyReport(
        name=ledger.name, as_of=as_of, since=since, progress=tuple(now), counts=count_statuses(now),
        previous_counts=count_statuses(list(before.values())), moved=tuple(moved), colour_changes=changes,
        laggards=laggards, stale=stale, milestones=milestones, window=window,
        calendar=ledger.settings.calendar, not_yet_due=count_statuses(now)["not_yet_due"],
    )
