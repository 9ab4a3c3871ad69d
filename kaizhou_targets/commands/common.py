"""Options and helpers shared by several commands."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from ..app.context import Env
from ..i18n import N_, _, current_language, join_items, join_sentences

pass_env = click.make_pass_decorator(Env)


class KztHelpFormatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        # "选项：" in Chinese, "Options:" in English.
        colon = ":" if current_language() == "en" else "："
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class KztContext(click.Context):
    formatter_class = KztHelpFormatter


class KztCommand(click.Command):
    """A command whose help is a catalogue message, translated when shown
    (the language is known only once `--lang` has been read)."""

    context_class = KztContext

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "epilog"):
            super().format_epilog(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "short_help"), _translated(self, "help"):
            return super().get_short_help_str(limit)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click words -h's help once, when the option is first made (before --lang is read): keep click's
        # own msgid instead and translate it when shown, like every other option.
        option = super().get_help_option(ctx)
        if option is not None and not isinstance(option, KztOption):
            option.__class__ = KztOption
            option.help = HELP_OPTION_MESSAGE
        return option

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        # click writes "[OPTIONS]" untranslated; the usage line reads "用法：kzt record [选项] [指标] [数值]".
        pieces = super().collect_usage_pieces(ctx)
        return [_(OPTIONS_METAVAR) if piece == "[OPTIONS]" else piece for piece in pieces]


OPTIONS_METAVAR = N_("[选项]")
HELP_OPTION_MESSAGE = "Show this message and exit."  # click's own message: click.po has its Chinese


def metavar_text(message: str) -> str:
    """A metavar in the current language: 指标, or TARGET in English (metavars are capitals there)."""
    shown = _(message)
    return shown.upper() if current_language() == "en" else shown


class KztOption(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated(self, "help"):
            return super().get_help_record(ctx)

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None:
            return super().make_metavar(ctx)
        original = self.metavar
        self.metavar = metavar_text(original)
        try:
            return super().make_metavar(ctx)
        finally:
            self.metavar = original


class KztArgument(click.Argument):
    """An argument whose metavar (指标, 数值) is a catalogue message."""

    def make_metavar(self, ctx: click.Context) -> str:
        if self.metavar is None:
            return super().make_metavar(ctx)
        shown = metavar_text(self.metavar)
        return shown if self.required else f"[{shown}]"


class _translated:
    """Swap an attribute for its translation for the duration of a block."""

    def __init__(self, owner: object, attribute: str) -> None:
        self.owner, self.attribute = owner, attribute

    def __enter__(self) -> None:
        self.original = getattr(self.owner, self.attribute)
        if isinstance(self.original, str) and self.original:
            setattr(self.owner, self.attribute, _(self.original))

    def __exit__(self, *exc: object) -> None:
        setattr(self.owner, self.attribute, self.original)


COMMAND_METAVAR = N_("命令 [参数]...")


class KztSubgroup(KztCommand, click.Group):
    """A command with subcommands (`kzt year add`), its help and theirs translated when shown."""

    command_class = KztCommand

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [_(COMMAND_METAVAR) if piece == "COMMAND [ARGS]..." else piece for piece in pieces]


def command(*args: Any, **kwargs: Any) -> Any:
    """click.command with translated help."""
    kwargs.setdefault("cls", KztCommand)
    return click.command(*args, **kwargs)


def option(*args: Any, **kwargs: Any) -> Any:
    """click.option with translated help and metavar."""
    kwargs.setdefault("cls", KztOption)
    return click.option(*args, **kwargs)


def argument(*args: Any, **kwargs: Any) -> Any:
    """click.argument with a translated metavar."""
    kwargs.setdefault("cls", KztArgument)
    return click.argument(*args, **kwargs)


def confirm_or_cancel(question: str) -> None:
    """Ask; a "no" (or no answer at all) ends the run quietly with 已取消 and exit 1."""
    try:
        agreed = click.confirm(question, err=True)
    except click.Abort:  # Ctrl-C or end of input: the answer line was left open
        click.echo(err=True)
        agreed = False
    if not agreed:
        click.echo(_("已取消，没有改动任何内容。"), err=True)
        raise click.exceptions.Exit(1)


def ask_in_terminal(messages: list[str]) -> bool:
    """A guard's finding: in a terminal, say it and ask (a "no" cancels); elsewhere (cron, scripts) refuse."""
    if not stdin_is_terminal():
        return False
    confirm_or_cancel(_("{findings}仍要录入吗？").format(findings=join_sentences(messages)))
    return True


def stdin_is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def complete_target(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion for TARGET: ids, with the Chinese name as help."""
    from click.shell_completion import CompletionItem

    try:
        root = ctx.find_root()
        env = root.obj if isinstance(root.obj, Env) else Env(file_option=root.params.get("file_option"))
        targets = env.ledger().targets
    except Exception:  # completion must never print a traceback into the shell
        return []
    text = incomplete.lower()
    return [CompletionItem(t.id, help=t.name) for t in targets
            if t.id.startswith(text) or (incomplete and incomplete in t.name)]


def parse_date_option(value: str | None, param_name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(_("“{value}”不是日期；请写成 2026-09-30 的形式。").format(value=value),
                                 param_hint=param_name) from None


def as_of_option(help_text: str = N_("按这一天评估（默认：台账时区的今天）。")) -> Any:
    """--as-of (the judging day) and --as-known-on (only figures typed by the end of that day)."""
    as_of = option("--as-of", "as_of", metavar=N_("日期"), help=help_text)
    known_on = option("--as-known-on", "as_known_on", metavar=N_("日期"),
                      help=N_("只用这一天结束前录入的数据，重现当天所知（例如重发当时的周报）；"
                              "未给 --as-of 时也按这一天评估。"))

    def decorate(function: Any) -> Any:
        return as_of(known_on(function))

    return decorate


def judging_day(env: Env, as_of: str | None, as_known_on: str | None) -> tuple[date, date | None]:
    """The day judged and the day whose knowledge is used (None: everything typed so far).

    One rule for every command: a day is judged by every figure recorded so far whose period is on
    or before it; --as-known-on leaves out the figures typed after the end of its day."""
    known_on = parse_date_option(as_known_on, "--as-known-on")
    when = parse_date_option(as_of, "--as-of") or known_on or env.today()
    return when, known_on


def year_option() -> Any:
    """--year: the plan year a command looks at (default: the year of the judging day)."""
    return option("--year", "year", metavar=N_("年份"), type=int,
                  help=N_("看这一年的指标（默认：评估日所在的年份）；十五五目标在 2026–2030 每年都在。"))


def look_at_year(env: Env, when: date, year: int | None, *, remind: bool = True, option_name: str = "--year") -> None:
    """Point the command at `year`, or by default at the year of `when` (and the year before while
    it closes); a year the ledger knows nothing of is refused with the years it does know, and a
    year of the plan not yet added is shown with a reminder (not in the cron check: it stays quiet)."""
    from ..core.plan_years import declared_years, targets_of_year

    whole = env.whole_ledger()
    chosen = when.year if year is None else year
    has_targets = bool(targets_of_year(whole, chosen))
    if remind and chosen > max(declared_years(whole)) and has_targets:
        click.echo(_("注意：{year} 年还没有加入台账，这里只有多年目标（和仍在收尾的上一年）；"
                     "该年的政府工作报告公布后运行 kzt year add {year} --source 报告文件。").format(year=chosen),
                   err=True)
    if year is not None and not has_targets:
        first = min(t.period_start.year for t in whole.targets)
        last = max(t.deadline.year for t in whole.targets)
        raise click.BadParameter(_("台账中没有 {year} 年的指标。台账的年份：{years}（多年目标覆盖 {first}–{last} 年）；"
                                   "新的一年用 kzt year add 加入。").format(
            year=year, years=join_items(list(map(str, declared_years(whole)))), first=first, last=last),
            param_hint=option_name)
    env.look_at(when, year)


def known_histories(histories: dict[str, list[Any]], known_on: date | None) -> dict[str, list[Any]]:
    """The histories as they stood at the end of `known_on` (all of them without one)."""
    if known_on is None:
        return histories
    from ..core.weekly import known_by

    return known_by(histories, known_on)


def judged_histories(env: Env, known_on: date | None) -> dict[str, Any]:
    """What status and check judge by: each target's standing series (the fast, cached path), or
    with --as-known-on the histories as they stood at the end of that day."""
    if known_on is None:
        return env.standings()
    return known_histories(env.histories(), known_on)


def json_dump(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def format_from(output: str | None, extensions: dict[str, str], refusal: str) -> str:
    """The format -o's extension names (`extensions`: suffix → format); an extension the command cannot
    write is refused with `refusal` (a catalogue message with {name} and {known}), not written as
    Markdown. Without -o: the terminal form on a terminal, else Markdown."""
    if output:
        from pathlib import PurePath

        suffix = PurePath(output).suffix.lower()
        if suffix not in extensions:
            raise click.BadParameter(
                refusal.format(name=output, known=" ".join(sorted(extensions.keys() - {".markdown", ".htm"}))),
                param_hint="-o")
        return extensions[suffix]
    import sys

    return "term" if sys.stdout.isatty() else "md"


def write_or_echo(text: str, output: str | None) -> None:
    """A document to the file -o names (atomically, saying so on stderr), else to stdout."""
    if output:
        from pathlib import Path

        from ..storage.output import write_atomically

        write_atomically(Path(output), text)
        click.echo(_("已写入 {path}").format(path=output), err=True)
    else:
        click.echo(text, nl=False)
