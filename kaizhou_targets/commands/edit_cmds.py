"""`kzt set`: fill in what the report leaves for later, keeping the file as written."""

from __future__ import annotations

from datetime import date, timedelta

import click

from ..app.context import Env
from ..core.model import Target
from ..core.rule_settings import FREQUENCIES
from ..i18n import N_, _, join_items
from .common import argument, command, complete_target, option, parse_date_option, pass_env
from .words import (
    FIELD_CHOICES,
    FIELD_WORDS,
    FREQUENCY_CHOICES,
    FREQUENCY_WORDS,
    TRACKING_CHOICES,
    TRACKING_WORDS,
    Words,
)

ACCOUNTABLE = ("target", "baseline", "deadline")  # edits that need --note


@command(name="set", context_settings={"ignore_unknown_options": True},
         help=N_("在台账中设置指标的目标值（target）、基期（baseline）、牵头单位（lead）、责任单位（owners）"
                 "或频率（frequency），以及报送日历：截止日期（deadline）、跟踪方式（tracking：figures 按数据、"
                 "annual 只看年度数据、none 不按数据跟踪）、报送日（due_day）、节点提醒天数（warning_days）。\n\n"
                 "用于报告留待以后的内容——市里以后下达的目标（单位GDP碳排放完成市上下达目标）、"
                 "报告没有给出的 2025 年数——以及责任单位。文件中的注释和排版都会保留。\n\n"
                 "\b\n示例：\n    kzt set carbon-intensity target -3.5% --note 市发展改革委2026年3月下达\n"
                 "    kzt set 港口 lead 区交通运输委\n    kzt set 港口 owners 区港航中心,开州港公司\n"
                 "    kzt set 水乐园 deadline 2026-06-30\n    kzt set 新培育经营主体 tracking none\n"
                 "    kzt set 城镇新增就业 target 7500 --year 2027 --note 2027年政府工作报告\n"
                 "    kzt set 城镇新增就业 source 城镇新增就业7500人 --year 2027"))
@argument("target", metavar=N_("指标"), shell_complete=complete_target)
@argument("field", metavar=N_("字段"), type=Words(FIELD_WORDS, FIELD_CHOICES))
@argument("value", metavar=N_("值"))
@option("--note", default="", metavar=N_("备注"),
        help=N_("改动的理由和依据（改目标值、基期或期限时必填），例如 市发展改革委2026年3月下达。"))
@option("--baseline-date", metavar=N_("日期"), help=N_("基期的日期（默认：期限开始的前一天）。"))
@option("--year", "year", metavar=N_("年份"), type=int,
        help=N_("设置这一年的目标条件（用 kzt year add 加入的年份）；默认为指标首次写入的那一年。"))
@pass_env
def set_command(env: Env, target: str, field: str, value: str, note: str, baseline_date: str | None,
                year: int | None = None) -> None:
    from ..core.lookup import find_target
    from ..core.values import normalize_text, parse_value
    from ..storage.ledger_edit import set_target_keys
    from ..storage.ledger_file import refuse_bundled

    refuse_bundled(env.location)
    found = find_target(target, env.ledger().targets)
    if year is None and env.today().year in env.whole_ledger().year_terms.get(found.id, {}):
        year = env.today().year  # like every reading command: this year's terms, once the year is in
    year_table = _year_table(env, found, year)
    if year_table is not None:
        env.look_at(date(year_table, 12, 31), year_table)
        found = find_target(found.id, env.ledger().targets)
    updates: dict[str, object] = {}
    if field in ("target", "baseline", "tolerance"):
        number = parse_value(value, found).value
        updates[field] = int(number) if number == int(number) else number
        if field == "baseline":
            when = (parse_date_option(baseline_date, "--baseline-date") if baseline_date
                    else found.period_start - timedelta(days=1))
            updates |= {"baseline_date": when, "baseline_note": note.strip()}
        elif field == "target":
            updates["target_note"] = note.strip()
    elif field == "owners":
        updates["owners"] = [o.strip() for o in normalize_text(value, _("责任单位")).replace("，", ",").split(",")
                             if o.strip()]
    elif field == "frequency":
        frequency = FREQUENCY_WORDS.get(value.strip().lower()) or FREQUENCY_WORDS.get(value.strip())
        if frequency not in FREQUENCIES:
            raise click.BadParameter(_("“{value}”不是频率；请用 {choices}。").format(
                value=value, choices=FREQUENCY_CHOICES), param_hint="frequency")
        updates["frequency"] = frequency
    elif field in ("deadline", "tracking", "due_day", "warning_days"):
        if year_table is not None:
            raise click.UsageError(_("{field} 是指标本身的设置，各年相同；去掉 --year 再设置。").format(field=field))
        updates[field] = calendar_value(field, value, found)
    elif field == "source":
        normalize_text(value, _("出处原话"))  # refuses invisible characters; the phrase itself is kept as typed
        updates["source"] = _verbatim(env, found, value.strip())
    elif field == "qualifier":
        updates["qualifier"] = normalize_text(value, _("限定词"))
    else:
        updates["lead"] = normalize_text(value, _("牵头单位"))
    if field in ACCOUNTABLE and not note.strip():
        # Issue 10: a changed target, baseline or deadline must say why and on whose authority.
        raise click.UsageError(_("改动{field}需要用 --note 说明理由和依据（谁、何时下达或公布），"
                                 "例如 --note 市发展改革委2026年3月下达；没有改动任何内容。").format(field=field))
    if year_table is not None and field in ("lead", "owners", "frequency"):
        raise click.UsageError(_("{field} 是指标本身的设置，各年相同；去掉 --year 再设置。").format(field=field))
    set_target_keys(env.path, found.id, updates, year_table)
    shown = _("，").join(f"{k} = {v}" for k, v in updates.items())
    click.echo(_("已设置 {name}（{id}）{period}年：{shown}").format(
        name=found.name, id=found.id, period=found.period_label, shown=shown), err=True)


def _year_table(env: Env, found: Target, year: int | None) -> int | None:
    """The year whose [target.years.Y] table `--year` edits; None for the [[target]] itself."""
    if year is None or (year == found.year and found.is_annual):
        return None
    from ..core.plan_years import is_recurring

    if not is_recurring(found):
        raise click.BadParameter(_("{name}（{id}）是节点任务或多年目标，期限 {period}，不逐年设定；"
                                   "去掉 --year 再设置。").format(
            name=found.name, id=found.id, period=found.period_label),
                                 param_hint="--year")
    terms = env.whole_ledger().year_terms.get(found.id, {})
    if year not in terms:
        from ..core.plan_years import declared_years

        raise click.BadParameter(_("{id}（{name}）没有 {year} 年的目标条目。台账的年份：{years}；"
                                   "新的一年先用 kzt year add {year} --source 报告文件 加入。").format(
            id=found.id, name=found.name, year=year,
            years=join_items(list(map(str, declared_years(env.whole_ledger()))))), param_hint="--year")
    return year


def _verbatim(env: Env, found: Target, phrase: str) -> str:
    """A source phrase must occur word for word in the report it cites, by the rule `kzt verify` checks
    it with (indicator_names.find_phrase: only width and spacing may differ, ，/, （）/() Ⅲ/III). The
    phrase is stored as typed, byte for byte — never the folded text, never the report's characters."""
    from ..core.indicator_names import find_phrase
    from ..render.shown import shown
    from ..storage.ledger_file import read_sources

    text = read_sources(env.ledger()).get(found.source_file)
    if text is None:
        return phrase
    match = find_phrase(phrase, text)
    if match is None:
        raise click.BadParameter(_("“{phrase}”在 {file} 中找不到原文；出处必须照抄报告的原话（可复制粘贴，"
                                   "全角半角和空格不论）。没有改动任何内容。").format(
            phrase=phrase, file=found.source_file), param_hint="source")
    if match.text != phrase:
        click.echo(_("（报告原文写作“{text}”，与输入只差全角半角或空格；按输入保存。）").format(
            text=shown(match.text)), err=True)
    return phrase


def calendar_value(field: str, value: str, found: Target) -> object:
    """The value of a reporting-calendar key typed on the command line, checked as validation checks it."""
    from ..core.reporting_calendar import parse_deadline

    if field == "deadline":
        return parse_deadline(value, found)
    if field == "tracking":
        tracking = TRACKING_WORDS.get(value.strip().lower()) or TRACKING_WORDS.get(value.strip())
        if tracking is None:
            raise click.BadParameter(_("“{value}”不是跟踪方式；请用 {choices}。").format(
                value=value, choices=TRACKING_CHOICES), param_hint="tracking")
        return tracking
    low, high = (1, 31) if field == "due_day" else (0, 3660)
    number = value.strip().removesuffix("日").removesuffix("天").removesuffix("号")
    if not number.isdigit() or not low <= int(number) <= high:
        raise click.BadParameter(_("“{value}”不是 {low} 到 {high} 之间的整数。").format(
            value=value, low=low, high=high), param_hint=field)
    return int(number)


COMMANDS = [set_command]
