"""The cron check: which targets need someone's attention, and how badly.

Monitoring-plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from .model import Ledger
from .progress import Progress, evaluate_ledger
from .weekly import severity

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
LEVEL_NAMES = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}


@dataclass(frozen=True)
class Alert:
    level: int
    progress: Progress
    stale_only: bool  # raised for staleness alone, not for its colour


def alerts_for(progress: Sequence[Progress], fail_on: str = "yellow") -> list[Alert]:
    """Alerts worst first. Red is critical; yellow, and a stale figure, are
    warnings — counted only when `fail_on` is yellow."""
    found = []
    for p in progress:
        if p.reason == "unreadable":  # its figures file cannot be read: nobody knows how it stands
            found.append(Alert(WARNING, p, False))
        elif p.status == "red":
            found.append(Alert(CRITICAL, p, False))
        elif fail_on == "yellow" and p.status == "yellow":
            found.append(Alert(WARNING, p, False))
        elif fail_on == "yellow" and p.stale:
            found.append(Alert(WARNING, p, True))
    found.sort(key=lambda a: (-a.level, a.stale_only, severity(a.progress)))
    return found


def quiet_about_closing_year(alerts: Sequence[Alert], year: int | None) -> list[Alert]:
    """In the closing window (plan_years.closing_year) the colour of last year's quantities, rates and
    lines is past acting on: the year's total is what it is, and the year-end closing reports it
    (kzt status --year). What stays is what someone must still do: a figure of theirs genuinely
    overdue on the reporting calendar (催报: the December figure not sent), as a warning; a
    milestone overdue and not done (督办: still to be done, or done and to be recorded); a figures
    file nobody can read."""
    if year is None:
        return list(alerts)
    kept = []
    for alert in alerts:
        target = alert.progress.target
        if (target.is_annual_of(year) and target.kind != "milestone"
                and alert.progress.reason != "unreadable"):
            if not alert.progress.stale:
                continue
            alert = Alert(WARNING, alert.progress, True)
        kept.append(alert)
    return kept


class LeftOut(NamedTuple):
    """What the default check of a day does not speak of because last year's closing has taken it:
    in the closing window, the colours it quiets; after the window, last year's targets no longer in
    view that would still be alerts judged in their own year (milestones overdue and not done, a
    quantity that ended red). One summary line says where they went (kzt status --year Y)."""

    year: int
    alerts: tuple[Alert, ...]

    @property
    def milestones(self) -> int:
        return sum(1 for a in self.alerts if a.progress.target.kind == "milestone")


def left_out_by_closing(whole: Ledger, view: Ledger, when: date, histories: Mapping[str, Sequence[Any]],
                        shown: Sequence[Alert], quieted: Sequence[Alert], fail_on: str = "yellow") -> LeftOut | None:
    """The alerts of last year the check of `when` leaves to the year-end closing: `quieted` (the
    alerts quiet_about_closing_year dropped, or all of them) less `shown`, and last year's annual targets
    missing from `view` that judged on `when` would alert. None when there are none."""
    from .plan_years import annual_targets, ledger_of_year

    last = when.year - 1
    kept = {(a.progress.target.id, a.progress.target.period_start) for a in shown}
    dropped = [a for a in quieted if (a.progress.target.id, a.progress.target.period_start) not in kept]
    in_view = {(t.id, t.period_start) for t in view.targets}
    gone = tuple(t for t in annual_targets(whole, last) if (t.id, t.period_start) not in in_view)
    if gone:
        judged = evaluate_ledger(ledger_of_year(whole, last)._replace(targets=gone), histories, when)
        dropped += alerts_for(judged, fail_on)
    return LeftOut(last, tuple(dropped)) if dropped else None


def exit_code(alerts: Sequence[Alert]) -> int:
    return max((a.level for a in alerts), default=OK)
