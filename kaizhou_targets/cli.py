"""The `kzt` command: a thin layer of click over the domain core.

Commands live in kaizhou_targets/commands/, one module per idea; heavy
imports (rich, tomlkit, the storage code) happen inside the commands, so
`kzt --help` starts as fast as click allows.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from . import __version__
from .commands.common import KztCommand, option
from .context import Env
from .errors import KztError
from .i18n import N_, current_language, language_from_env, set_language

# translate_click() is switched on with the Chinese messages (issue 11).


class RunFailure(click.ClickException):
    """A run-time failure: exit 1."""

    exit_code = 1


class InputFailure(click.ClickException):
    """Something typed cannot be accepted: exit 2, as click does for bad arguments."""

    exit_code = 2


class KztGroup(KztCommand, click.Group):
    """Turns our errors into one clear paragraph on stderr, never a traceback."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        # The language is chosen once per run: KZT_LANG now, --lang (eager) as soon as it is read.
        set_language(language_from_env())
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KztError as error:
            failure = InputFailure if error.exit_code == 2 else RunFailure
            raise failure(str(error)) from None
        except KeyboardInterrupt:
            click.echo("\nInterrupted; everything recorded before this point is kept.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `kzt status | head` closed the pipe: not an error worth a traceback.
            sys.stderr.close()
            ctx.exit(0)


@click.group(cls=KztGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-f", "--file", "file_option", metavar="PATH", envvar=None,
              help="Ledger to use (default: $KZT_FILE, then ./targets.toml, then the bundled 2026 ledger).")
@option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, expose_value=False,
        callback=lambda ctx, param, value: set_language(value) if value else None,
        help=N_("输出语言：zh（中文，默认）或 en（英文）；也可设环境变量 KZT_LANG。"))
@click.version_option(__version__, prog_name="kzt")
@click.pass_context
def cli(ctx: click.Context, file_option: str | None) -> None:
    """kzt — ledger of plan targets (目标任务台账) for 开州区.

    Record figures as statistics arrive, see which targets lag 序时进度,
    print the weekly report, and let cron raise the alarm.

    \b
    Example:
        kzt status --only red,yellow
        kzt record 就业 5600 --as-of 1-9月
    """
    ctx.obj = Env(file_option=file_option, lang=current_language())


# The one-line summaries `kzt --help` lists (click would cut the docstrings' first lines).
SUMMARIES = {
    "check": "Cron check: silent when all is well; exit 0/1/2/3.",
    "git-setup": N_("在本 git 副本登记 kzt 的数据文件合并程序。"),
    "history": "List every figure of a target, revisions included.",
    "import": "Record a CSV table of figures, all or nothing.",
    "init": "Write a writable copy of the bundled ledger.",
    "merge-figures": N_("git 合并数据文件时调用的程序。"),
    "record": "Record a figure (no arguments: walk the due ones).",
    "rename": N_("给指标换 id，历史数据随之移动。"),
    "repair": N_("把损坏的记录行移到 figures/quarantine/。"),
    "report": "Print the weekly report: term, md, html, csv, json.",
    "set": "Set a target value, baseline, owner or frequency.",
    "show": "Show one target with its source and its figures.",
    "status": "Completion, 序时进度, gap and colour of every target.",
    "targets": "List the targets, by area, kind, owner or text.",
    "undo": "Withdraw the latest figure, keeping the trail.",
    "verify": "Check the ledger, its sources and its figures.",
}


def _register() -> None:
    from .commands import edit_cmds, git_cmds, ledger_cmds, record_cmds, repair_cmds, report_cmds, status_cmds

    for module in (ledger_cmds, record_cmds, status_cmds, report_cmds, edit_cmds, repair_cmds, git_cmds):
        for command in module.COMMANDS:
            command.short_help = SUMMARIES[command.name or ""]
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="kzt")
