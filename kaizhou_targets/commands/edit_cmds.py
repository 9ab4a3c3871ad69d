"""`kzt set`: fill in what the report leaves for later, keeping the file as written."""

from __future__ import annotations

from datetime import date, timedelta

import click

from ..context import Env
from ..model import FREQUENCIES
from .common import complete_target, pass_env

# tolerance: the width of a 左右 target in its own unit (checked by the ledger validation on write).
FIELDS = ("target", "baseline", "tolerance", "lead", "owners", "frequency")


@click.command(name="set", context_settings={"ignore_unknown_options": True})
@click.argument("target", shell_complete=complete_target)
@click.argument("field", type=click.Choice(FIELDS))
@click.argument("value")
@click.option("--note", default="", help="Where the figure comes from (required for a baseline).")
@click.option("--baseline-date", metavar="DATE", help="Date of the baseline (default: the day before the period).")
@pass_env
def set_command(env: Env, target: str, field: str, value: str, note: str, baseline_date: str | None) -> None:
    """Set a target's value, baseline, 牵头单位, 责任单位 or frequency in the ledger.

    For what the report leaves open — a target the city sets later
    (单位GDP碳排放完成市上下达目标), a 2025 figure the report does not state —
    and for the units responsible. Comments and layout of the file are kept.

    \b
    Example:
        kzt set carbon-intensity target -3.5% --note 市发展改革委2026年3月下达
        kzt set 港口 lead 区交通运输委
        kzt set 港口 owners 区港航中心,开州港公司
    """
    from ..lookup import find_target
    from ..storage.ledger_edit import set_target_keys
    from ..storage.ledger_file import refuse_bundled
    from ..values import normalize_text, parse_value

    refuse_bundled(env.location)
    found = find_target(target, env.ledger().targets)
    updates: dict[str, object] = {}
    if field in ("target", "baseline", "tolerance"):
        number = parse_value(value, found).value
        updates[field] = int(number) if number == int(number) else number
        if field == "baseline":
            if not note.strip():
                raise click.UsageError("Say where the baseline comes from with --note, e.g. --note 2025年统计公报.")
            when = date.fromisoformat(baseline_date) if baseline_date else found.period_start - timedelta(days=1)
            updates |= {"baseline_date": when, "baseline_note": note.strip()}
        elif note.strip() and field == "target":
            updates["target_note"] = note.strip()
    elif field == "owners":
        updates["owners"] = [o.strip() for o in normalize_text(value, "The owners").replace("，", ",").split(",")
                             if o.strip()]
    elif field == "frequency":
        if value not in FREQUENCIES:
            raise click.BadParameter(f"use {', '.join(FREQUENCIES)}.", param_hint="VALUE")
        updates["frequency"] = value
    else:
        updates["lead"] = normalize_text(value, "The unit")
    set_target_keys(env.path, found.id, updates)
    shown = ", ".join(f"{k} = {v}" for k, v in updates.items())
    click.echo(f"{found.name} ({found.id}): {shown}", err=True)


COMMANDS = [set_command]
