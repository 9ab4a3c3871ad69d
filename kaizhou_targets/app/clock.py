"""“Today” in the ledger's time zone, whatever the machine's time zone.

A cron job on a UTC server at 00:30 UTC is already 08:30 in Chongqing: the
day it reports must be Chongqing's. KZT_TODAY pins the judging day (tests,
and catching up on a missed day), never the time a figure was typed.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

ENV_TODAY = "KZT_TODAY"
ENV_TZ = "KZT_TIMEZONE"

# Zones whose offset has not changed in decades and has no summer time: China has kept UTC+8 all
# year since 1991. `now` needs no time-zone database for them, which spares every `kzt record`
# importing zoneinfo (and sysconfig, ~2 ms). Only the current time is ever placed in a zone here.
_CHINA = timezone(timedelta(hours=8))
_STEADY_ZONES: dict[str, tzinfo] = {"UTC": UTC, "Etc/UTC": UTC, "Asia/Shanghai": _CHINA, "Asia/Chongqing": _CHINA,
                                    "PRC": _CHINA}


def zone(name: str) -> tzinfo:
    steady = _STEADY_ZONES.get(name)
    if steady is not None:
        return steady
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except Exception:  # no system tz database (Windows without tzdata)
        from dateutil import tz

        found = tz.gettz(name)
        if found is None:
            from ..core.errors import KztError
            from ..i18n import _

            raise KztError(_("未知时区“{name}”；请把 [settings] timezone 设为如 Asia/Shanghai 的名称。").format(
                name=name)) from None
        return found


def _pinned() -> date | None:
    pinned = os.environ.get(ENV_TODAY)
    if not pinned:
        return None
    try:
        return date.fromisoformat(pinned.strip())
    except ValueError:
        from ..core.errors import KztError
        from ..i18n import _

        raise KztError(_("{name}={value} 不是日期；请写成 2026-09-30 的形式，或取消设置 {name}。").format(
            name=ENV_TODAY, value=pinned)) from None


def now(timezone: str, at: datetime | None = None) -> datetime:
    """The real current time in the ledger's zone (what `recorded_at` holds: KZT_TODAY never changes it)."""
    return (at or datetime.now(tz=zone("UTC"))).astimezone(zone(os.environ.get(ENV_TZ) or timezone))


def today(timezone: str, at: datetime | None = None) -> date:
    """The judging day: KZT_TODAY if set, else today in the ledger's zone (`at` is an instant, for tests)."""
    return _pinned() or now(timezone, at).date()
