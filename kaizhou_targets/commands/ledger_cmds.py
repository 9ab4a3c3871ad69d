"""Commands that look at the ledger itself: init, verify, targets, show."""

from __future__ import annotations

from pathlib import Path

import click

from ..context import Env
from .common import complete_target, json_dump, pass_env


@click.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing targets.toml in DIRECTORY.")
def init(directory: str, force: bool) -> None:
    """Write a writable copy of the bundled 2026 ledger into DIRECTORY.

    The copy includes the source reports (seeds/) so `kzt verify` works there.

    \b
    Example:
        kzt init ~/kaizhou-2026 && cd ~/kaizhou-2026 && kzt status
    """
    from ..storage.ledger_file import init_ledger

    path = init_ledger(Path(directory), force=force)
    click.echo(f"Wrote {path}. Figures you record will be kept in {path.parent / 'figures'}.", err=True)
    click.echo(str(path))


@click.command()
@pass_env
def verify(env: Env) -> None:
    """Check the ledger: its keys, kinds, numbers, dates, ids and sources.

    Every source phrase must occur verbatim in the report it names; every
    recorded figure must parse. Exits 1 and lists file:line for each problem.

    \b
    Example:
        kzt verify && echo ledger ok
    """
    from ..storage.checkup import storage_problems
    from ..storage.figures import read_histories
    from ..storage.ledger_file import load_ledger, read_sources
    from ..validation import check_provenance

    ledger, problems = load_ledger(env.path)
    if ledger is not None:
        problems += check_provenance(ledger, read_sources(ledger))
        _, figure_problems = read_histories(env.path, [t.id for t in ledger.targets])
        problems += figure_problems
        problems += storage_problems(env.path)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        click.echo(f"{problem.severity}: {problem}", err=True)
    if errors:
        raise click.ClickException(
            f"{env.path}: {len(errors)} problem(s) found; fix each at the file and line shown above.")
    count = len(ledger.targets) if ledger else 0
    click.echo(f"{env.path}: {count} targets, all checks passed.", err=True)


@click.command(name="targets")
@click.option("--area", help="Only this work area (主要目标, 工业, 十五五 …).")
@click.option("--kind", type=click.Choice(["growth", "cumulative", "level", "floor", "ceiling",
                                           "milestone", "relative"]), help="Only this kind.")
@click.option("--owner", help="Only targets whose 牵头单位 or 责任单位 contains this text.")
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@pass_env
def targets_command(env: Env, area: str | None, kind: str | None, owner: str | None,
                    text: str | None, as_json: bool) -> None:
    """List the targets, optionally filtered by area, kind, owner or TEXT.

    \b
    Example:
        kzt targets --area 生态
        kzt targets 贷款 --json
    """
    from ..lookup import matching_targets
    from ..render.data import target_to_dict

    ledger = env.ledger()
    chosen = list(ledger.targets)
    if area:
        chosen = [t for t in chosen if t.area == area]
    if kind:
        chosen = [t for t in chosen if t.kind == kind]
    if owner:
        chosen = [t for t in chosen if any(owner in unit for unit in t.owner_units)]
    if text:
        chosen = matching_targets(text, chosen)
    if as_json:
        click.echo(json_dump([target_to_dict(t) for t in chosen]))
        return
    from ..render.terminal import print_targets

    print_targets(chosen, env.lang)


@click.command()
@click.argument("target", shell_complete=complete_target)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_env
def show(env: Env, target: str, as_json: bool) -> None:
    """Show one target: its source phrase, baseline, status and figures.

    TARGET is an id or a unique piece of the Chinese name.

    \b
    Example:
        kzt show 港口
    """
    from ..history import figures_of
    from ..lookup import find_target
    from ..progress import evaluate_ledger
    from ..render.data import figure_to_dict, progress_to_dict, target_to_dict

    ledger = env.ledger()
    found = find_target(target, ledger.targets)
    ids = [found.id] + ([found.relative_to] if found.relative_to else [])
    histories = env.histories(ids)
    when = env.today()
    progress = next(p for p in env.mark_unreadable(evaluate_ledger(ledger, histories, when))
                    if p.target.id == found.id)
    figures = figures_of(histories.get(found.id, []))
    if as_json:
        click.echo(json_dump({**target_to_dict(found), "progress": progress_to_dict(progress),
                              "figures": [figure_to_dict(f) for f in figures]}))
        return
    from ..render.terminal import print_target

    print_target(found, progress, figures, env.lang)


COMMANDS = [init, verify, targets_command, show]
