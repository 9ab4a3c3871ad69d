"""The `kzt` command: a thin layer of click over the domain core.

Commands live in kaizhou_targets/commands/, one module per idea; heavy
imports (rich, tomlkit, the storage code) happen inside the commands, so
`kzt --help` starts as fast as click allows.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from . import __version__
from .app.context import Env
from .commands.common import KztCommand, KztSubgroup, option
from .core.errors import KztError
from .i18n import N_, _, current_language, language_from_env, set_language, translate_click
from .render.streams import configure_streams

# click's own messages ("No such option", "Missing argument") speak the chosen language too.
translate_click()


def _show_version(ctx: click.Context) -> None:
    # click's own version option fixes its wording when the program starts, before --lang is read.
    click.echo(_("{prog}，版本 {version}").format(prog="kzt", version=__version__))
    ctx.exit()


class RunFailure(click.ClickException):
    """A run-time failure: exit 1."""

    exit_code = 1


class InputFailure(click.ClickException):
    """Something typed cannot be accepted: exit 2, as click does for bad arguments."""

    exit_code = 2


class KztGroup(KztSubgroup):
    """Turns our errors into one clear paragraph on stderr, never a traceback.

    Commands are loaded lazily: a run imports only the module of the command it runs
    (COMMAND_MODULES), and `kzt --help` lists the commands from COMMAND_MODULES and SUMMARIES
    without importing any. `commands` (click's own attribute) still holds every command: reading it
    imports them all, as do an unknown command's "did you mean" and shell completion."""

    _stand_ins = False  # true while `--help` lists the commands

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self._load(module)
        return self._commands

    @commands.setter
    def commands(self, value: dict[str, click.Command]) -> None:
        self._commands = dict(value)
        self._loaded: set[str] = set()

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None:
            raise TypeError("Command has no name.")
        self._commands[name] = cmd

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        import importlib

        module = importlib.import_module(f"{__package__}.commands.{module_name}")
        self._loaded.add(module_name)
        for command in module.COMMANDS:
            command.short_help = SUMMARIES[command.name or ""]
            self.add_command(command)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._commands and cmd_name in COMMAND_MODULES:
            if self._stand_ins:
                # What the listing shows of a command, without importing its module.
                return KztCommand(cmd_name, short_help=SUMMARIES[cmd_name], hidden=cmd_name in HIDDEN_COMMANDS)
            self._load(COMMAND_MODULES[cmd_name])
        return self._commands.get(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self._commands})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._stand_ins = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._stand_ins = False

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        # The language is chosen once per run: KZT_LANG now, --lang (eager) as soon as it is read.
        set_language(language_from_env())
        configure_streams()
        refuse_undecodable(args)
        return super().make_context(info_name, args, parent, **extra)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # click looks "-f" up among the long options first, and the miss builds its "did you mean"
        # suggestions with difflib (~0.7 ms a run) before "-f" is tried as the short option it is.
        # Spelled out, it is found at once; the value that follows is read the same way.
        if len(args) > 1 and args[0] == "-f":
            args = ["--file", *args[1:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KztError as error:
            from .render.shown import shown_lines

            failure = InputFailure if error.exit_code == 2 else RunFailure
            # A message quotes what was typed and names from the ledger: data, never instructions.
            raise failure(shown_lines(str(error))) from None
        except KeyboardInterrupt:
            click.echo("\n" + _("已中断；此前录入的数据都已保存。"), err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `kzt targets | head` closed the pipe: the reader has what it wanted — not an error worth a
            # traceback, nor a failure. What is still buffered for the pipe goes nowhere, so that
            # flushing it at the end cannot fail again (rich's console and the status table both
            # end up here: render/console.py).
            import contextlib
            import os

            with contextlib.suppress(OSError, ValueError, AttributeError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.stderr.close()
            ctx.exit(0)


def refuse_undecodable(args: list[str]) -> None:
    """Refuse, before anything is read or written, an argument holding bytes that are not UTF-8 (a
    terminal or a script in another encoding): stored, such text could never be printed, shared or
    read back the same. (KZT_USER is checked where it is read: app/recording.py.)"""
    from .render.shown import not_utf8_message

    for arg in args:
        message = not_utf8_message(_("参数“{arg}”"), arg)
        if message:
            raise InputFailure(message)


@click.group(cls=KztGroup, context_settings={"help_option_names": ["-h", "--help"]},
             help=N_("kzt — 开州区目标任务台账。\n\n"
                     "统计数据一到就录入，看哪些指标慢于序时进度，生成周报，并由 cron 定时预警。\n\n"
                     "\b\n示例：\n    kzt status --only 红,黄\n    kzt record 就业 5600 --as-of 1-9月"))
@option("-f", "--file", "file_option", metavar=N_("路径"), envvar=None,
        help=N_("要使用的台账文件或其所在文件夹（默认：$KZT_FILE，其次 ./targets.toml，最后是自带的 2026 年台账）。"))
@option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, expose_value=False,
        callback=lambda ctx, param, value: set_language(value) if value else None,
        help=N_("输出语言：zh（中文，默认）或 en（英文）；也可设环境变量 KZT_LANG。"))
@option("--version", is_flag=True, expose_value=False, is_eager=True, help=N_("显示版本号并退出。"),
        callback=lambda ctx, param, value: _show_version(ctx) if value and not ctx.resilient_parsing else None)
@click.pass_context
def cli(ctx: click.Context, file_option: str | None) -> None:
    ctx.obj = Env(file_option=file_option, lang=current_language())


# The one-line summaries `kzt --help` lists (click would cut the docstrings' first lines).
SUMMARIES = {
    "check": N_("cron 检查：一切正常时不输出；退出码 0/1/2/3。"),
    "history": N_("列出一个指标的全部数据，含修订。"),
    "import": N_("导入 CSV 或 Excel 数据表，要么全部录入，要么一条不录。"),
    "init": N_("复制一份可写的自带台账。"),
    "record": N_("录入一个数据（不带参数：逐个录入到期指标）。"),
    "report": N_("周报：终端、微信文本、md、html、csv、xlsx、json。"),
    "set": N_("设置目标值、基期、期限、牵头/责任单位、频率等。"),
    "show": N_("查看一个指标：出处、状态和历史数据。"),
    "status": N_("每个指标的完成率、序时进度、差距和红黄绿灯。"),
    "targets": N_("列出指标，可按领域、类型、单位或文字筛选。"),
    "undo": N_("撤回最近一条数据，保留痕迹。"),
    "verify": N_("检查台账、出处原文和已录数据。"),
    "git-setup": N_("在本 git 副本登记 kzt 的数据文件合并程序。"),
    "merge-figures": N_("git 合并数据文件时调用的程序。"),
    "plan": N_("“十五五”规划目标：年末值、年均增速、序时进度和中期评估。"),
    "rename": N_("给指标换 id，历史数据随之移动。"),
    "repair": N_("把损坏的记录行移到 figures/quarantine/。"),
    "year": N_("台账的年份：列出，或加入新的一年。"),
    "draft": N_("从政府工作报告起草新的台账（另一个区县）。"),
}


# Where each command lives: kaizhou_targets/commands/<module>.py (its COMMANDS list), and the
# commands `kzt --help` does not list. tests/test_fast_paths.py holds these to the modules.
COMMAND_MODULES = {
    "init": "ledger_cmds", "verify": "ledger_cmds", "targets": "ledger_cmds", "show": "ledger_cmds",
    "record": "record_cmds", "history": "record_cmds", "undo": "record_cmds", "import": "record_cmds",
    "status": "status_cmds",
    "report": "report_cmds", "check": "report_cmds",
    "set": "edit_cmds",
    "repair": "repair_cmds", "rename": "repair_cmds",
    "git-setup": "git_cmds", "merge-figures": "git_cmds",
    "plan": "plan_cmds", "year": "year_cmds",
    "draft": "draft_cmds",
}
HIDDEN_COMMANDS = frozenset({"merge-figures"})


def main() -> None:
    import gc

    # A run builds tens of thousands of small tuples at once (a long history) and keeps them: the cyclic
    # collector, run every 700 allocations, would scan them again and again for cycles they never form.
    # Freezing what the imports made and collecting less often saves a fifth of `kzt status` on 50,000 figures.
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        cli(prog_name="kzt")  # click ends every run with sys.exit
    except SystemExit as done:
        exit_without_teardown(done)


def exit_without_teardown(done: SystemExit) -> NoReturn:
    """End the process as `done` would, without tearing the interpreter down.

    Freeing every module and object one by one costs a few ms a run (more after a long history),
    for memory the operating system takes back at once. So: flush stdout and stderr and leave.
    Whenever Python's own exit would do more than that — an exit code that is not a number, a
    stream that cannot be flushed (a closed pipe), a cleanup registered with atexit (logging,
    temporary files), another thread still running — it is left to do it, exactly as before."""
    import atexit
    import os

    code = done.code
    if code is not None and not isinstance(code, int):
        raise done
    ncallbacks = getattr(atexit, "_ncallbacks", None)
    threading = sys.modules.get("threading")
    if ncallbacks is None or ncallbacks() or (threading is not None and threading.active_count() > 1):
        raise done
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:
        raise done from None
    os._exit(code or 0)
