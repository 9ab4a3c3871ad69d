"""Options and helpers shared by several commands."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from ..context import Env

pass_env = click.make_pass_decorator(Env)


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
        raise click.BadParameter(f"{value!r} is not a date; use the form 2026-09-30.",
                                 param_hint=param_name) from None


def as_of_option(help_text: str = "Judge as of this date (default: today in the ledger's time zone).") -> Any:
    return click.option("--as-of", "as_of", metavar="DATE", help=help_text)


def json_dump(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
