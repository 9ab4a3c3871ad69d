"""The cron check: which targets need someone's attention, and how badly.

Monitoring-plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .progress import Progress
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


def exit_code(alerts: Sequence[Alert]) -> int:
    return max((a.level for a in alerts), default=OK)
