"""The year-end closing in `kzt status` and `kzt report` (year_end.py; render/year_end_*.py).

- `kzt status --year 2026` once the judging day is after 2026: the closing of every annual
  target of 2026 (show_year_closing);
- `kzt status` in the closing window (1 January to the annual due day and its grace days): last
  year's annual targets as a section of their own, 2026年度收尾, with the closing verdict, before
  the new year's targets (print_window_status);
- `kzt report --year-end 2026`: the 年度目标完成情况 table in every format (year_end_report).

Multi-year goals (十五五) are left out of the closing table: a year-end is not their end, and
`kzt plan` follows them against their own path; the table's foot says how many were left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n import _
from .common import json_dump

if TYPE_CHECKING:
    from ..app.context import Env
    from ..core.progress import Progress
    from ..core.year_end import Closing

Keep = Callable[[Any], bool]  # a cut by area, kind, owner or colour, applied to a closing's target


def closings_of(env: Env, histories: Any, when: date, year: int, keep: Keep | None = None) -> list[Closing]:
    from ..core.year_end import close_year

    closings = close_year(env.ledger(), histories, when, year)
    return [c for c in closings if keep is None or keep(c)]


def plan_goals_left_out(env: Env, year: int) -> int:
    return sum(1 for t in env.ledger().targets if t.period_start.year != t.deadline.year)


def _foot(env: Env, year: int) -> str:
    count = plan_goals_left_out(env, year)
    return _("十五五多年目标 {count} 项不按年度收尾，不在此表（见 kzt plan）。").format(count=count) if count else ""


def closing_cut(area: str | None, kind: str | None, owner: str | None, colours: set[str] | None) -> Keep:
    """The cuts of `kzt status`/`kzt report` (--area, --kind, --owner, --only) for a closing; --only
    reads the verdict's colour (完成 green, 基本完成 yellow, 未完成 red, the rest grey)."""
    def keep(c: Closing) -> bool:
        t = c.target
        return ((area is None or t.area == area) and (kind is None or t.kind == kind)
                and (owner is None or any(owner in unit for unit in t.owner_units))
                and (not colours or c.status in colours))
    return keep


def show_year_closing(env: Env, closings: Sequence[Closing], year: int, when: date, as_json: bool,
                      fmt: str | None, output: str | None, group_by: str = "area") -> None:
    """`kzt status --year Y` after the year: the closing table, its JSON, or its workbook."""
    from ..render.year_end_documents import report_data, title_of

    name = env.ledger().name
    if fmt == "xlsx" or (fmt is None and output and output.lower().endswith(".xlsx")):
        return _write_xlsx(output, closings, name, year, when)
    if output:
        raise click.UsageError(_("kzt status 的 -o 只用于 --format xlsx；表格和 JSON 输出到屏幕，"
                                 "可用 > 文件名 重定向。"))
    if as_json or fmt == "json":
        click.echo(json_dump({**report_data(closings, name, year, when), "plan_goals_left_out":
                              plan_goals_left_out(env, year)}))
        return
    from ..render.year_end_table import print_closing

    print_closing(closings, _("{title} — 评估日 {date}").format(title=title_of(name, year), date=when.isoformat()),
                  group_by=group_by)
    foot = _foot(env, year)
    if foot:
        click.echo(foot)
    click.echo(_notes_text(closings), nl=False)


def _notes_text(closings: Sequence[Closing]) -> str:
    """The 说明 under the terminal table: how the verdicts were reached."""
    from ..render.shown import shown
    from ..render.year_end_rules import notes

    # The notes name targets: data, shown as text (render/shown.py), never acted on by the terminal.
    lines = [_("说明：")] + [f"{n}. {shown(line)}" for n, line in enumerate(notes(closings), start=1)]
    return "\n".join(lines) + "\n"


def print_window_status(env: Env, progress: list[Progress], histories: Any, closing_year: int, when: date,
                        lang: str, group_by: str) -> None:
    """`kzt status` in the closing window: last year's annual targets first, as 2026年度收尾 with the
    closing verdict (judged by their own period: nothing is red because the year ended), then the
    new year's targets in the usual table."""
    from ..render.phrases import phrase
    from ..render.status_table import print_status
    from ..render.year_end_table import print_closing

    ending = [p for p in progress if p.target.is_annual_of(closing_year)]
    current = [p for p in progress if not p.target.is_annual_of(closing_year)]
    ids = {p.target.id for p in ending}
    closings = closings_of(env, histories, when, closing_year, lambda c: c.target.id in ids)
    ledger = env.ledger()
    click.echo(_("{name} — 评估日 {date}").format(name=ledger.name, date=when.isoformat()))
    if closings:
        print_closing(closings, _("━━ {year}年度收尾：上年度目标按各自数据期评判，全年数据到齐前为“待年报” ━━").format(
            year=closing_year), {p.target.id: _("按{period}数据：{phrase}").format(
                period=_period(p), phrase=phrase(p, lang)) for p in ending if p.value is not None}, group_by)
        click.echo("")
    print_status(current, lang, _("━━ {year}年度目标 ━━").format(year=when.year), group_by)


def _period(p: Progress) -> str:
    from ..render.phrases import period_text

    return period_text(p) or _("最新")


def closing_entries(env: Env, progress: Sequence[Progress], histories: Any, closing_year: int,
                    when: date) -> dict[str, Any]:
    """id → the closing record, for last year's targets in `kzt status --json` during the window."""
    from ..render.year_end_table import closing_to_dict

    ids = {p.target.id for p in progress if p.target.is_annual_of(closing_year)}
    return {c.target.id: closing_to_dict(c)
            for c in closings_of(env, histories, when, closing_year, lambda c: c.target.id in ids)}


def year_end_report(env: Env, closings: Sequence[Closing], year: int, when: date, fmt: str, output: str | None) -> None:
    """`kzt report --year-end Y`: the 年度目标完成情况 in the format asked for."""
    from ..render import year_end_documents as documents

    name = env.ledger().name
    if fmt == "xlsx":
        return _write_xlsx(output, closings, name, year, when)
    if fmt == "term" and not output:
        show_year_closing(env, closings, year, when, False, "term", None)
        return
    if fmt == "term":
        from ..render.year_end_table import _plain, closing_lines

        title = _("{title} — 评估日 {date}").format(title=documents.title_of(name, year), date=when.isoformat())
        text = "\n".join(_plain(line) for line in closing_lines(closings, title, None)) + "\n"
        foot = _foot(env, year)
        text += (foot + "\n") if foot else ""
        text += _notes_text(closings)
    else:
        text = {
            "md": lambda: documents.markdown(closings, name, year, when),
            "html": lambda: documents.html_document(closings, name, year, when, env.lang),
            "csv": lambda: documents.csv_document(closings),
            "json": lambda: json_dump(documents.report_data(closings, name, year, when)) + "\n",
            "text": lambda: documents.chat_text(closings, name, year, when, where_full_table(env, year)),
        }[fmt]()
    if output:
        from ..storage.output import write_atomically

        write_atomically(Path(output), text)
        click.echo(_("已写入 {path}").format(path=output), err=True)
    else:
        click.echo(text, nl=False)


def where_full_table(env: Env, year: int) -> str:
    """Where the full closing table is, for the chat text's last line: the ledger's
    [settings.notify] full_report, else the command that prints it."""
    own = env.ledger().settings.notify.full_report
    return own or _("kzt report --year-end {year} -o {year}年度完成情况.html").format(year=year)


def post_year_end(env: Env, closings: Sequence[Closing], year: int, when: date, notify: str,
                  notify_format: str | None) -> None:
    """`kzt report --year-end Y --notify`: the year-end summary (counts, the 未完成 list, where the full
    table is) to the work-chat robot, within its limits; a failed post is an error of the report."""
    from ..app.notify import post, resolve
    from ..render.chat import robot_body, robot_fits
    from ..render.year_end_documents import chat_text

    ledger = env.ledger()
    destination = resolve(notify, notify_format, ledger.settings.notify)
    where = where_full_table(env, year)
    text = chat_text(closings, ledger.name, year, when, where, robot_fits(destination.robot)).rstrip("\n")
    post(destination, robot_body(destination.robot, text, where))


def _write_xlsx(output: str | None, closings: Sequence[Closing], name: str, year: int, when: date) -> None:
    if not output:
        raise click.UsageError(_("xlsx 格式需要用 -o 指定文件名，例如 -o 年度完成情况.xlsx。"))
    from ..render.year_end_xlsx import workbook_bytes
    from ..storage.output import write_atomically

    write_atomically(Path(output), workbook_bytes(closings, name, year, when))
    click.echo(_("已写入 {path}").format(path=output), err=True)
