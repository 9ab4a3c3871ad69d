"""The years of the 十五五 in one ledger: each indicator's terms year by year.

A `[[target]]` is an indicator with the terms of its first year (the year of
the report that set it). When the next year's report arrives, `kzt year add`
writes a `[target.years.2027]` table under every recurring indicator; the keys
in it (target, source, qualifier, baseline …) are that year's terms, and
everything else (id, name, unit, kind, frequency, owners) carries over, so an
indicator keeps its id and its history across the years. Multi-year goals
(`period = "2026-2030"`) belong to every year of their period as written.

Pure functions over records: nothing here reads files, the clock or figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .model import Entry, Ledger, Target, YearTerms

if TYPE_CHECKING:
    from .drafting import Draft

# The keys a year's table may set: the terms a report states afresh each year. Everything that
# describes the indicator itself (kind, unit, frequency, owners, calendar) is the indicator's.
YEAR_TERM_KEYS = frozenset({
    "target", "increase", "qualifier", "source", "source_file", "baseline", "baseline_date",
    "baseline_source", "baseline_note", "target_note", "note", "tolerance", "phasing", "margin",
})
# Terms that belong to one year's report and never carry into the next: a year without its own
# target is pending (目标待定) rather than silently judged against last year's.
_RESET_EACH_YEAR: dict[str, Any] = {
    "target": None, "increase": None, "qualifier": "", "source": "", "baseline": None,
    "baseline_date": None, "baseline_source": "", "baseline_note": "", "target_note": "",
}


def is_recurring(target: Target) -> bool:
    """An annual target of a quantity the next year's report will set again (城镇新增就业,
    GDP growth …): one-off tasks (milestones) and multi-year goals do not recur."""
    return target.kind != "milestone" and target.is_annual


def spans_year(target: Target, year: int) -> bool:
    return target.period_start.year <= year <= target.deadline.year


def years_of(ledger: Ledger, target: Target) -> list[int]:
    """The years an indicator has a target in: its own period's, and every later year given terms."""
    return sorted({*range(target.period_start.year, target.deadline.year + 1),
                   *ledger.year_terms.get(target.id, {})})


def declared_years(ledger: Ledger) -> tuple[int, ...]:
    """The ledger's own year and every year added to it (`kzt year add`), in order."""
    return tuple(sorted({ledger.year, *ledger.year_sources}))


def in_year(target: Target, terms: YearTerms, source_file: str) -> Target:
    """The indicator as `terms.year` sees it: that year's period and terms, everything else as written."""
    year = terms.year
    changes: dict[str, Any] = dict(_RESET_EACH_YEAR)
    changes |= {"source_file": source_file or target.source_file, "line": terms.line or target.line}
    changes |= dict(terms.values)
    return target._replace(period_start=date(year, 1, 1), deadline=date(year, 12, 31), **changes)


def targets_of_year(ledger: Ledger, year: int) -> tuple[Target, ...]:
    """What the ledger asks of `year`: the annual targets set for it (as first written, or from
    their `[target.years.Y]` table) and the multi-year goals whose period includes it."""
    chosen: list[Target] = []
    for target in ledger.targets:
        if spans_year(target, year):
            chosen.append(target)
            continue
        terms = ledger.year_terms.get(target.id, {}).get(year)
        if terms is not None:
            chosen.append(in_year(target, terms, ledger.year_sources.get(year, "")))
    return tuple(chosen)


def ledger_of_year(ledger: Ledger, year: int) -> Ledger:
    """The ledger as one year sees it: what status, report and check judge for that year."""
    return ledger._replace(year=year, targets=targets_of_year(ledger, year),
                   name=ledger.year_names.get(year) or ledger.name,
                   source_file=ledger.year_sources.get(year) or ledger.source_file)


def annual_targets(ledger: Ledger, year: int) -> tuple[Target, ...]:
    """The year's own targets, without the multi-year goals that span it."""
    return tuple(t for t in targets_of_year(ledger, year) if t.is_annual)


def closing_year(view: Ledger, when: date) -> int | None:
    """The year before `when` when the view (ledger_in_view) holds any of its annual targets: in
    the closing window all of them, after it the quantities still missing their year-end figure.
    They are shown, and quieted in the cron check, as that year's closing."""
    return when.year - 1 if any(t.is_annual_of(when.year - 1) for t in view.targets) else None


def in_closing_window(ledger: Ledger, when: date) -> bool:
    """Whether `when` is before last year's year-end figures are due (+ grace days): until then its
    annual targets stay in view, judged by their own period, so 1 January turns nothing red."""
    from .reporting_calendar import annual_due

    rules = ledger.settings.calendar
    return (when - annual_due(rules, when.year - 1)).days <= rules.grace_days


def ledger_in_view(ledger: Ledger, when: date, year: int | None = None,
                   figures: Callable[[], Mapping[str, Sequence[Entry]]] | None = None) -> Ledger:
    """What a command judging `when` looks at: the `year` asked for; by default the year of `when`
    and, while the year before is closing (in_closing_window), that year's annual targets first. After
    that, the year before's quantities still missing their year-end figure stay in view (given
    `figures`, asked for only then), so the cron check keeps chasing a figure that is overdue
    rather than forgetting it on the day it falls overdue."""
    if year is not None:
        return ledger_of_year(ledger, year)
    view = ledger_of_year(ledger, when.year)
    previous = annual_targets(ledger, when.year - 1)
    if previous and in_closing_window(ledger, when):
        return view._replace(targets=previous + view.targets)
    if figures is None or not previous:
        return view
    return view._replace(targets=missing_year_end(previous, figures()) + view.targets)


def missing_year_end(targets: Sequence[Target], histories: Mapping[str, Sequence[Entry]]) -> tuple[Target, ...]:
    """The quantities among `targets` with no figure for their last period, figures being expected."""
    from .history import standing_series

    return tuple(t for t in targets if t.kind != "milestone" and t.calendar.tracking != "none"
                 and not any(e.as_of == t.deadline for e in standing_series(histories.get(t.id, ()))))


def every_year_target(ledger: Ledger) -> list[Target]:
    """Every target of every declared year, once each: what `kzt verify` checks against its sources."""
    seen: set[tuple[str, date]] = set()
    found: list[Target] = []
    for year in declared_years(ledger):
        for target in targets_of_year(ledger, year):
            if (target.id, target.period_start) not in seen:
                seen.add((target.id, target.period_start))
                found.append(target)
    return found


def recording_target(ledger: Ledger, target: Target) -> Target:
    """The indicator as a figure is recorded against it: its period runs over every year it has
    terms for, so `kzt record` accepts 2027 figures once 2027 is added and a late December
    figure of 2026 in January 2027. Its terms are those of its first year (units, plausibility)."""
    if target.kind == "milestone":
        # Done late is still done: a task due by 31 December and finished in January is recorded
        # then (the year-end closing still says it was not done within its year).
        return target._replace(deadline=date(9999, 12, 31))
    years = ledger.year_terms.get(target.id)
    if not years or not is_recurring(target):
        return target
    last = max(years)
    return target._replace(deadline=date(max(last, target.deadline.year), 12, 31))


def recording_ledger(ledger: Ledger) -> Ledger:
    """The ledger with every indicator spanning its years (recording_target): which periods are due."""
    if not ledger.year_terms:
        return ledger
    return ledger._replace(targets=tuple(recording_target(ledger, t) for t in ledger.targets))


def year_target(ledger: Ledger, target: Target, year: int) -> Target:
    """The indicator's target for `year`: as first written in its first year, else that year's terms.
    `target` is the indicator as the ledger writes it (one of `ledger.targets`)."""
    terms = ledger.year_terms.get(target.id, {}).get(year)
    if terms is None:
        return target
    return in_year(target, terms, ledger.year_sources.get(year, ""))


def draft_for_year(ledger: Ledger, target: Target, value_text: str, period_text: str | None, today: date,
                   **options: Any) -> Draft:
    """recording.draft_figure over every year of the indicator: the period is read against all the
    years it has terms for, and the draft carries the target of the year the period falls in, so
    the confirmation and the guards judge a 2027 figure by the 2027 target."""
    from .drafting import draft_figure  # the only import per call: an import of 200,000 rows calls this for each

    original = target  # one of ledger.targets: looked up once per row by the caller, not here (imports)
    try:
        draft = draft_figure(recording_target(ledger, original), value_text, period_text, today, **options)
    except InputError as error:
        from ..i18n import _, join_sentences

        if is_recurring(original) and today.year > max(declared_years(ledger)) \
                and _names_this_year(original, period_text, today):
            raise InputError(join_sentences([str(error), _(
                "{year} 年还没有加入台账：新一年的数据要先运行 kzt year add {year} --source 该年的政府工作报告，"
                "再录入").format(year=today.year)])) from None
        raise
    chosen = year_target(ledger, target, draft.as_of.year)
    return draft if chosen is draft.target else draft._replace(target=chosen)


def final_figure(history: Sequence[Entry], year: int) -> Entry | None:
    """The figure a year closed with: the standing figure of the last period within `year`."""
    from .history import standing_series

    series = [e for e in standing_series(history, date(year, 12, 31))
              if e.as_of is not None and e.as_of.year == year and e.value is not None]
    return series[-1] if series else None


def carry_baselines(ledger: Ledger, histories: Mapping[str, Sequence[Entry]]) -> Ledger:
    """Give each year's target without a baseline of its own the final figure of the year
    before (2027's 城镇新增就业 starts from 2026's 全年 figure), as a default the ledger
    keepers can overwrite with `kzt set … baseline … --year`."""
    return ledger._replace(targets=tuple(carried_baseline(ledger, t, histories.get(t.id, ()))
                                         for t in ledger.targets))


def carried_baseline(ledger: Ledger, target: Target, history: Sequence[Entry]) -> Target:
    """`target` with the year before's final figure as its baseline, where it has none of its own
    and is a later year's terms of its indicator (carry_baselines, one target at a time)."""
    from ..i18n import _

    first_year = target.period_start.year
    if target.baseline is not None or not is_recurring(target) \
            or first_year not in ledger.year_terms.get(target.id, {}):
        return target
    last = final_figure(history, first_year - 1)
    if last is None or last.as_of is None:
        return target
    return target._replace(baseline=last.value, baseline_date=last.as_of,
                   baseline_note=_("{year}年末值（台账记录，数据期 {period}）").format(
                       year=first_year - 1, period=last.as_of.isoformat()))


def _names_this_year(target: Target, period_text: str | None, today: date) -> bool:
    """Whether the period typed is in `today`'s year: a figure for a year not yet in the ledger."""
    from .periods import parse_period

    widened = target._replace(deadline=date(today.year, 12, 31))
    try:
        when = today if period_text is None else parse_period(period_text, widened, today, force=True)
    except InputError:
        return False
    return when.year == today.year
