"""Property tests: parsing values and periods, and record → load round trips."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.errors import InputError
from kaizhou_targets.core.model import Entry, Target
from kaizhou_targets.core.periods import parse_period
from kaizhou_targets.storage import figures_format

JOBS = Target(id="jobs", name="城镇新增就业", area="民生", kind="cumulative", source="s",
              period_start=date(2026, 1, 1), deadline=date(2026, 12, 31), target=7300, unit="人")
GDP = Target(id="gdp", name="地区生产总值增长", area="主要目标", kind="growth", source="s",
             period_start=date(2026, 1, 1), deadline=date(2026, 12, 31), target=6, unit="%")
TODAY = date(2026, 12, 31)
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def parse(text: str, target: Target = JOBS) -> float:
    from kaizhou_targets.core.values import parse_value

    return parse_value(text, target).value


@given(st.integers(min_value=0, max_value=7_000_000))
def test_every_way_of_writing_a_count(n: int) -> None:
    written = [str(n), f"{n:,}", f"{n}人", f"{n:,}".translate(FULL_WIDTH), f"{n:,}人".translate(FULL_WIDTH)]
    if n % 100 == 0:
        written += [f"{n / 10000:g}万", f"{n / 10000:g}万人"]
    for text in written:
        assert parse(text) == n, text


@given(st.decimals(min_value=-50, max_value=50, places=1, allow_nan=False, allow_infinity=False))
def test_every_way_of_writing_a_rate(d) -> None:
    for text in (f"{d}", f"{d}%", f"{d}％", f"{d}".translate(FULL_WIDTH)):
        assert parse(text, GDP) == float(d), text


@given(st.text(max_size=12))
def test_any_text_is_a_number_or_a_clear_refusal(text: str) -> None:
    try:
        value = parse(text)
    except InputError as error:
        assert str(error)
    else:
        assert value == value and abs(value) != float("inf")


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)))
def test_every_way_of_writing_a_date(day: date) -> None:
    for text in (day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}年{day.month}月{day.day}日"):
        assert parse_period(text, JOBS, TODAY) == day


@given(st.integers(min_value=1, max_value=12))
def test_month_forms_mean_the_month_end(month: int) -> None:
    ends = {parse_period(t, JOBS, TODAY) for t in (f"{month}月", f"1-{month}月", f"2026年{month}月")}
    assert len(ends) == 1
    end = ends.pop()
    assert end.month == month and (end + timedelta(days=1)).day == 1


@given(st.text(max_size=12))
def test_any_text_is_a_period_or_a_clear_refusal(text: str) -> None:
    try:
        day = parse_period(text, JOBS, TODAY)
    except InputError as error:
        assert str(error)
    else:
        assert JOBS.period_start <= day <= JOBS.deadline


safe_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200)
@given(value=st.floats(allow_nan=False, allow_infinity=False), note=safe_text, by=safe_text,
       as_of=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
       micro=st.integers(min_value=0, max_value=999_999))
def test_record_then_load_round_trips(value: float, note: str, by: str, as_of: date, micro: int) -> None:
    stamp = datetime(2026, 10, 8, 9, 30, 0, micro, tzinfo=timezone(timedelta(hours=8)))
    entry = Entry("id-1", "jobs", stamp, as_of, value, "人", by, note, "输入")
    parsed = figures_format.parse(figures_format.serialize(entry), Path("jobs.toml"))
    assert parsed.problems == [] and figures_format.entries_from(parsed.rows, "jobs", set()) == [entry]
