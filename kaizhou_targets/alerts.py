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


def exit_code(alerts: Sequence[Alert]) -> int:
    return max((a.level for a in alerts), default=OK)
