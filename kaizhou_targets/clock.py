"""“Today” in the ledger's time zone, whatever the machine's time zone.

A cron job on a UTC server at 00:30 UTC is already 08:30 in Chongqing: the
day it reports must be Chongqing's. KZT_TODAY pins the judging day (tests,
and catching up on a missed day), never the time a figure was typed.
"""

from __future__ import annotations

import os
from datetime import date, datetime, tzinfo

ENV_TODAY = "KZT_TODAY"
ENV_TZ = "KZT_TIMEZONE"


def zone(name: str) -> tzinfo:
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no system tz database (Windows without tzdata)
        from dateutil import tz

        found = tz.gettz(name)
        if found is None:
            from .errors import KztError

            raise KztError(f"Unknown time zone {name!r}; set [settings] timezone to a name such as "
                           "\"Asia/Shanghai\".") from None
        return found


def _pinned() -> date | None:
    pinned = os.environ.get(ENV_TODAY)
    if not pinned:
        return None
    try:
        return date.fromisoformat(pinned.strip())
    except ValueError:
        from .errors import KztError

        raise KztError(f"{ENV_TODAY}={pinned!r} is not a date; use the form 2026-09-30 "
                       f"or unset {ENV_TODAY}.") from None


def now(timezone: str, at: datetime | None = None) -> datetime:
    """The real current time in the ledger's zone (what `recorded_at` holds: KZT_TODAY never changes it)."""
    return (at or datetime.now(tz=zone("UTC"))).astimezone(zone(os.environ.get(ENV_TZ) or timezone))


def today(timezone: str, at: datetime | None = None) -> date:
    """The judging day: KZT_TODAY if set, else today in the ledger's zone (`at` is an instant, for tests)."""
    return _pinned() or now(timezone, at).date()
