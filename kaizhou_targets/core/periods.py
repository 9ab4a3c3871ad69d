"""Parse the period a figure refers to, as people write it, into its end date.

2026-09-30, 2026/9/30, 2026年9月30日, 2026年9月, 9月, 1-9月, 三季度, Q3,
1-3季度, 前三季度, 上半年, H1, 全年, 今天, 昨天, yesterday.
"""

from __future__ import annotations

from datetime import date, timedelta

from ..i18n import N_, _
from .calendar_days import days_in_month, month_end
from .errors import InputError
from .lazy_re import lazy_pattern
from .model import Target
from .period_fit import require_fitting_period, resolve_whole_year
from .rule_settings import CalendarSettings
from .values import normalize_text

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_NUM = r"(\d{1,2}|十[一二]?|[一二两三四五六七八九])"

_FULL_DATE = lazy_pattern(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$")
_YEAR_MONTH = lazy_pattern(r"^(\d{4})\s*[-/.年]\s*(?:1\s*[-~至到]\s*)?(\d{1,2})\s*月?(?:份|底|末)?$")
_MONTH = lazy_pattern(rf"^(?:(\d{{4}})年)?(?:1\s*[-~至到]\s*|一至|前)?{_NUM}月(?:份|底|末)?$")
_QUARTER = lazy_pattern(
    rf"^(?:(\d{{4}})\s*年?)?(?:第|前|1\s*[-~至到]\s*|一至)?{_NUM}\s*季度(?:末)?$"
)
_Q = lazy_pattern(r"^(?:(\d{4})\s*-?)?q([1-4])$")
_HALF = lazy_pattern(r"^(?:(\d{4})\s*年?)?(上半年|下半年|h1|h2)$")
_WHOLE_YEAR = lazy_pattern(r"^(?:(\d{4})\s*年?)?(全年|年度|年底|年末)$")

_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "〜": "~"})
TODAY_WORDS = {"今天", "今日", "today", "现在", "now"}
YESTERDAY_WORDS = {"昨天", "昨日", "yesterday"}


def _num(text: str) -> int:
    return int(text) if text.isdigit() else CN_DIGITS[text]


def default_year(target: Target, today: date) -> int:
    """A period written without a year means this year (never one before the target's period);
    _without_year steps back a year for a period that has not ended yet. Never the target's
    last year by default: a 2027 figure typed before 2027 is in the ledger is refused as out of
    the target's period rather than stored as a revision of 2026."""
    return max(today.year, target.period_start.year)


def parse_period(text: str, target: Target, today: date, *, force: bool = False,
                 fit: CalendarSettings | None = None) -> date:
    """The end date of the period `text` names, checked against `target`.

    With `fit` (the ledger's calendar rules), the period must also fit the indicator: a quarter end for a
    quarterly one, a month end for a monthly one (period_fit.require_fitting_period; `force` overrides).
    `全年`/`2026年` name the target's own year, the same for every target on the same day."""
    raw = text
    folded = normalize_text(text, N_("输入的数据期")).lower().replace(" ", "").translate(_DASHES)
    if not folded:
        raise InputError(_("数据期为空。请给出如 2026-09-30、1-9月、Q3 或 上半年 的数据期。"))
    when = resolve_whole_year(raw, target, today) or _without_year(raw, folded, target, today, force)
    if when < target.period_start or when > target.deadline:
        raise InputError(
            _("数据期“{raw}”（{when}）不在 {id}（{name}）的期限 {start} 至 {end} 之内。请核对年份。").format(
                raw=raw, when=when.isoformat(), id=target.id, name=target.name,
                start=target.period_start.isoformat(), end=target.deadline.isoformat())
        )
    if when > today and not force:
        raise InputError(
            _("数据期“{raw}”截至 {when}，晚于今天（{today}）。数据只能描述已经结束的期间；如确要录入预计数，请加 --for"
                "ce 重新录入。").format(raw=raw, when=when.isoformat(), today=today.isoformat())
        )
    if fit is not None:
        when = require_fitting_period(target, fit, when, raw, force=force)
    return when


def _without_year(raw: str, folded: str, target: Target, today: date, force: bool) -> date:
    """A period written without its year (1-9月, Q3, 12月) names the latest such period that has
    ended within the target's years: in January, 12月 and 1-12月 are last year's, as the 统计局's
    January sheets mean them. A period naming its year is read as written; one still to come
    within the target's period (a forecast, with --force) keeps the target's own year."""
    year = default_year(target, today)
    when = _read(raw, folded, year, today)
    if when <= today or force:
        return when
    earlier = _read(raw, folded, year - 1, today)
    if earlier != when and target.period_start <= earlier <= target.deadline:
        return earlier
    return when


def _read(raw: str, folded: str, year: int, today: date) -> date:
    if folded in TODAY_WORDS:
        return today
    if folded in YESTERDAY_WORDS:
        return today - timedelta(days=1)
    if len(folded) == 10 and folded[4] == folded[7] == "-" and (folded[:4] + folded[5:7] + folded[8:]).isascii() \
            and (folded[:4] + folded[5:7] + folded[8:]).isdigit():
        # 2026-09-30, what _FULL_DATE reads below, without compiling it
        return _checked_date(raw, int(folded[:4]), int(folded[5:7]), int(folded[8:]))
    if m := _FULL_DATE.match(folded):
        y, mo, d = (int(g) for g in m.groups())
        return _checked_date(raw, y, mo, d)
    if m := _YEAR_MONTH.match(folded):
        y, mo = int(m.group(1)), int(m.group(2))
        return month_end(y, _checked_month(raw, mo))
    if m := _MONTH.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, _checked_month(raw, _num(m.group(2))))
    if m := _QUARTER.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, _checked_quarter(raw, _num(m.group(2))) * 3)
    if m := _Q.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, int(m.group(2)) * 3)
    if m := _HALF.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return month_end(y, 6 if m.group(2) in ("上半年", "h1") else 12)
    if m := _WHOLE_YEAR.match(folded):
        y = int(m.group(1)) if m.group(1) else year
        return date(y, 12, 31)
    raise InputError(
        _("kzt 不认识数据期“{raw}”。请写出数据所指的日期或期间，例如 2026-09-30、2026年9月、1-9月、三季度、Q3、上半年"
            "、全年 或 昨天。").format(raw=raw)
    )


def _checked_date(raw: str, year: int, month: int, day: int) -> date:
    _checked_month(raw, month)
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise InputError(
            _("日期“{raw}”不存在：{year}年{month}月只有 {last} 天。请核对日期。").format(
                raw=raw, year=year, month=month, last=last)
        )
    return date(year, month, day)


def _checked_month(raw: str, month: int) -> int:
    if not 1 <= month <= 12:
        raise InputError(_("“{raw}”指的是 {month} 月，没有这个月份。月份为 1 至 12。").format(raw=raw, month=month))
    return month


def _checked_quarter(raw: str, quarter: int) -> int:
    if not 1 <= quarter <= 4:
        raise InputError(_("“{raw}”指的是第 {quarter} 季度；季度为 1 至 4。").format(raw=raw, quarter=quarter))
    return quarter
