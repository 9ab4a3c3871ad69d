"""`kzt status`: where every target stands against 序时进度."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import click

from ..context import Env
from ..model import KINDS, STATUS_ORDER

if TYPE_CHECKING:
    from ..progress import Progress

from .common import as_of_option, json_dump, parse_date_option, pass_env
from .delivery import refuse_output_but_xlsx, status_output_options, write_workbook


def parse_only(value: str | None) -> set[str] | None:
    if not value:
        return None
    chosen = {v.strip() for v in value.replace("，", ",").split(",") if v.strip()}
    unknown = chosen - set(STATUS_ORDER)
    if unknown:
        raise click.BadParameter(f"unknown status {', '.join(sorted(unknown))}; use red, yellow, green, grey.",
                                 param_hint="--only")
    return chosen


def select_progress(env: Env, as_of: str | None, area: str | None, kind: str | None,
                    owner: str | None) -> tuple[date, list[Progress]]:
    from ..progress import evaluate_ledger

    ledger = env.ledger()
    when = parse_date_option(as_of, "--as-of") or env.today()
    areas = {t.area for t in ledger.targets}
    if area and area not in areas:
        raise click.BadParameter(f"no target is in area {area!r}; areas: {'、'.join(sorted(areas))}.",
                                 param_hint="--area")
    progress = evaluate_ledger(ledger, env.histories(), when)
    if area:
        progress = [p for p in progress if p.target.area == area]
    if kind:
        progress = [p for p in progress if p.target.kind == kind]
    if owner:
        progress = [p for p in progress if any(owner in unit for unit in p.target.owner_units)]
    return when, progress


@click.command()
@as_of_option()
@click.option("--area", help="Only this work area (主要目标, 工业, 十五五 …).")
@click.option("--kind", type=click.Choice(KINDS), help="Only this kind of target.")
@click.option("--owner", help="Only targets whose 牵头单位 or 责任单位 contains this text.")
@click.option("--only", metavar="red,yellow", help="Only these colours (comma-separated).")
@click.option("--group-by", type=click.Choice(["area", "owner"]), default="area", show_default=True,
              help="Group rows by work area or by 牵头单位.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@status_output_options
@pass_env
def status(env: Env, as_of: str | None, area: str | None, kind: str | None, owner: str | None,
           only: str | None, group_by: str, as_json: bool, fmt: str | None = None, output: str | None = None) -> None:
    """Show every target's completion, 序时进度, gap and colour.

    \b
    Example:
        kzt status --only red,yellow
        kzt status --as-of 2026-09-30 --area 工业 --json
    """
    colours = parse_only(only)
    when, progress = select_progress(env, as_of, area, kind, owner)
    if colours:
        progress = [p for p in progress if p.status in colours]
    if fmt == "xlsx" or (fmt is None and output and output.lower().endswith(".xlsx")):
        return write_workbook(output, progress, env, when)
    refuse_output_but_xlsx(output)
    if as_json or fmt == "json":
        from ..render.data import progress_to_dict

        click.echo(json_dump([progress_to_dict(p) for p in progress]))
        return
    from ..render.terminal import print_status

    ledger = env.ledger()
    title = f"{ledger.name} — {'评估日' if env.lang == 'zh' else 'as of'} {when.isoformat()}"
    print_status(progress, env.lang, title, group_by)


COMMANDS = [status]
