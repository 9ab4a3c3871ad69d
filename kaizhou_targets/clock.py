"""“Today” in the ledger's time zone, whatever the machine's time zone.

A cron job on a UTC server at 00:30 UTC is already 08:30 in Chongqing: the
day it reports must be Chongqing's. KZT_TODAY pins the date (tests, and
catching up on a missed day).
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


def now(timezone: str) -> datetime:
    return datetime.now(zone(os.environ.get(ENV_TZ) or timezone))


def today(timezone: str) -> date:
    pinned = os.environ.get(ENV_TODAY)
    if pinned:
        try:
            return date.fromisoformat(pinned.strip())
        except ValueError:
            from .errors import KztError

            raise KztError(f"{ENV_TODAY}={pinned!r} is not a date; use the form 2026-09-30 "
                           f"or unset {ENV_TODAY}.") from None
    return now(timezone).date()
