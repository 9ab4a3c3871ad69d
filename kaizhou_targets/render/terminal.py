"""Tables for the terminal: the only module that knows rich.

rich measures CJK characters as two cells, so Chinese columns align; it
drops colour when stdout is not a terminal or NO_COLOR is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import _
from ..model import Figure, Target
from ..progress import Progress
from ..recording import Draft
from ..values import format_number, format_value
from ..weekly import WeeklyReport, count_statuses
from .phrases import (
    STATUS_COLOURS,
    completion_text,
    label,
    percent,
    period_text,
    phrase,
    trend,
    value_text,
    whole_if_counted,
)


@contextmanager
def progress_bar(total: int, description: str, show: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when `show`; otherwise a silent counter."""
    if not show:
        yield lambda n: None
        return
    from rich.progress import Progress as Bar

    with Bar(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def table_width(out: Console) -> int | None:
    """The width a table must fit: the terminal's, or $COLUMNS; a pipe or a file has no limit."""
    import os

    if out.is_terminal or os.environ.get("COLUMNS"):
        return out.width
    return None


def status_badge(status: str, lang: str) -> Text:
    return Text(f"● {label(status, lang)}", style=STATUS_COLOURS.get(status, ""))


def bar(fraction: float | None, width: int = 8) -> str:
    if fraction is None:
        return ""
    filled = max(0, min(width, round(fraction * width)))
    return "█" * filled + "░" * (width - filled)


def gap_text(p: Progress) -> str:
    """Percentage points, or for a floor/ceiling the room to the line in its unit."""
    if p.margin is not None:
        return ("+" if p.margin >= 0 else "-") + format_number(abs(p.margin))
    return "—" if p.gap_pp is None else f"{p.gap_pp:+.1f}"


def print_targets(targets: Sequence[Target], lang: str) -> None:
    out = console()
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for key in ("id", "name", "area", "kind", "target"):
        # Every cell but the id (typed back as it is shown) wraps rather than lose characters past the edge.
        table.add_column(label(key, lang), overflow="fold", no_wrap=key == "id", min_width=8 if key == "name" else None)
    for t in targets:
        goal = "—" if t.goal is None else format_value(t.goal, t.unit)
        if t.qualifier:
            goal = f"{goal} {t.qualifier}" if t.goal is not None else t.qualifier
        table.add_row(t.id, t.name, t.area, label(t.kind, lang), goal)
    out.print(table)
    out.print(_("{count} 个目标").format(count=len(targets)), style="dim")


def print_target(t: Target, p: Progress, figures: Sequence[Figure], lang: str) -> None:
    out = console()
    out.print(Text(f"{t.name}  ({t.id})", style="bold"))
    rows: list[tuple[str, str]] = [
        ("area", t.area), ("kind", label(t.kind, lang)),
        ("target", "—" if t.goal is None else format_value(t.goal, t.unit)),
        ("qualifier", t.qualifier), ("period", t.period_label), ("deadline", t.deadline.isoformat()),
        ("baseline", "" if t.baseline is None else
         f"{format_value(t.baseline, t.unit)} ({t.baseline_date or ''}) — “{t.baseline_source}”"),
        ("frequency", label(t.frequency, lang) if t.frequency else ""),
        ("lead", t.lead), ("owners", "、".join(t.owners)), ("note", t.note),
        ("source", f"“{t.source}” — {t.source_file}"),
        ("target_note", t.target_note), ("baseline_note", t.baseline_note),
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        if value:
            grid.add_row(label(key, lang), value)
    grid.add_row(label("status", lang), Text.assemble(status_badge(p.status, lang), "  ", phrase(p, lang),
                                                      ("  ⏰ " + label("stale", lang)) if p.stale else ""))
    if p.projection is not None:
        grid.add_row(label("projection", lang), format_value(whole_if_counted(p.projection, t.unit), t.unit))
    out.print(grid)
    if figures:
        out.print()
        print_history(t, figures, lang)


NARROW = 60  # below this many columns a table of figures breaks every cell: list them instead


def print_history(t: Target, figures: Sequence[Figure], lang: str) -> None:
    out = console()
    if out.width < NARROW:
        _print_history_list(out, t, figures)
        return
    table = Table(title=label("figures", lang), title_justify="left", box=None, header_style="bold")
    for key in ("as_of", "value", "recorded_at", "by", "state", "note"):
        table.add_column(label(key, lang), overflow="fold")
    for f in figures:
        e = f.entry
        state = "withdrawn" if f.withdrawn else ("superseded" if f.superseded else "valid")
        style = "dim strike" if not f.valid else ""
        value = _("已完成") if t.kind == "milestone" else format_value(e.value or 0.0, e.unit or t.unit)
        table.add_row(e.as_of.isoformat() if e.as_of else "", value,
                      e.recorded_at.strftime("%Y-%m-%d %H:%M"), e.by, label(state, lang), e.note, style=style)
    out.print(table)


def _figure_cells(t: Target, f: Figure) -> tuple[str, str, str, str]:
    e = f.entry
    state = "withdrawn" if f.withdrawn else ("superseded" if f.superseded else "valid")
    value = _("已完成") if t.kind == "milestone" else format_value(e.value or 0.0, e.unit or t.unit)
    return e.as_of.isoformat() if e.as_of else "", value, label(state), e.recorded_at.strftime("%Y-%m-%d %H:%M")


def _print_history_list(out: Console, t: Target, figures: Sequence[Figure]) -> None:
    """One figure per line, for a narrow terminal: period, value, standing; then who and when, indented."""
    out.print(Text(label("figures"), style="bold"))
    for f in figures:
        as_of, value, state, typed = _figure_cells(t, f)
        style = "dim strike" if not f.valid else ""
        out.print(Text(f"{as_of}  {value}  {state}", style=style))
        detail = "  ".join(part for part in (typed, f.entry.by, f.entry.note) if part)
        out.print(Text("  " + detail, style="dim"), overflow="fold")


# Columns of the status table, least important last: they give way first.
Column = tuple[str, Callable[[Progress, str], str | Text], Literal["left", "right"]]
STATUS_COLUMNS: list[Column] = [
    ("name", lambda p, lang: p.target.name, "left"),
    ("status", lambda p, lang: Text.assemble(status_badge(p.status, lang), " ⏰" if p.stale else ""), "left"),
    ("completion", lambda p, lang: completion_text(p, lang), "right"),
    ("gap", lambda p, lang: gap_text(p), "right"),
    ("value", lambda p, lang: value_text(p), "right"),
    ("schedule", lambda p, lang: percent(p.schedule), "right"),
    ("period", lambda p, lang: period_text(p, lang), "left"),
    ("bar", lambda p, lang: bar(p.completion), "left"),
    ("trend", lambda p, lang: trend(p), "left"),
]
DISPLAY_ORDER = ["name", "value", "period", "completion", "bar", "schedule", "gap", "status", "trend"]


GAP = 2  # spaces between columns


def group_key(p: Progress, group_by: str, lang: str) -> str:
    if group_by == "owner":
        return p.target.lead or (p.target.owners[0] if p.target.owners else
                                 _("未指定牵头单位"))
    return p.target.area


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _fit(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells, marking the cut with an ellipsis."""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def _pad(cell: str | Text, width: int, justify: str) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    room = width - cell_len(text.plain)
    if room > 0:
        text = Text.assemble(" " * room, text) if justify == "right" else Text.assemble(text, " " * room)
    return text


def print_status(progress: Sequence[Progress], lang: str, title: str = "", group_by: str = "area") -> None:
    """The status table, laid out here rather than by rich.Table: with a row
    per target, rich's general table costs more than everything else of
    `kzt status` together, and this layout needs none of its generality."""
    out = console()
    if group_by == "owner":
        progress = sorted(progress, key=lambda p: group_key(p, group_by, lang))
    headers = {key: {"bar": "", "period": label("as_of", lang)}.get(key, label(key, lang))
               for key, _, _ in STATUS_COLUMNS}
    cells = {key: [cell(p, lang) for p in progress] for key, cell, _ in STATUS_COLUMNS}
    widths = {key: max([cell_len(headers[key])] + [cell_len(_plain(c)) for c in cells[key]])
              for key, _, _ in STATUS_COLUMNS}
    chosen = list(STATUS_COLUMNS)
    limit = table_width(out)
    while limit is not None and len(chosen) > 3 and sum(widths[k] + GAP for k, _, _ in chosen) - GAP > limit:
        chosen.pop()  # the least important column gives way first
    chosen.sort(key=lambda c: DISPLAY_ORDER.index(c[0]))
    others = sum(widths[k] + GAP for k, _, _ in chosen if k != "name")
    if limit is not None:
        widths["name"] = max(8, min(widths["name"], limit - others))
    separator = " " * GAP

    def line(parts: list[Text]) -> Text:
        return Text(separator).join(parts)

    lines = [Text(title, style="italic")] if title else []
    lines.append(line([_pad(Text(headers[k], style="bold"), widths[k], j) for k, _, j in chosen]))
    group = None
    for index, p in enumerate(progress):
        if group_key(p, group_by, lang) != group:
            group = group_key(p, group_by, lang)
            lines.append(Text(f"【{group}】", style="bold cyan"))
        row = []
        for key, _cell, justify in chosen:
            value = cells[key][index]
            if key == "name":
                value = _fit(_plain(value), widths[key])
            row.append(_pad(value, widths[key], justify))
        lines.append(line(row))
    for text in lines:
        text.rstrip()
    out.print(Text("\n").join(lines), crop=False, overflow="ignore", no_wrap=True)
    out.print(summary_line(progress, lang))


def summary_line(progress: Sequence[Progress], lang: str) -> Text:
    counts = count_statuses(progress)
    stale = counts["stale"]
    parts: list[Text | str] = [f"{label('summary', lang)} {len(progress)}: "]
    for status in ("red", "yellow", "green", "grey"):
        parts += [Text(f"{label(status, lang)} {counts[status]}", style=STATUS_COLOURS[status]), "  "]
    parts.append(f"⏰ {label('stale', lang)} {stale}")
    return Text.assemble(*parts)


def print_import_preview(drafts: Sequence[Draft], encoding: str, lang: str, limit: int = 10) -> None:
    out = console(stderr=True)
    table = Table(box=None, header_style="bold", title=_("{count} 条（{encoding}）").format(
        count=len(drafts), encoding=encoding), title_justify="left")
    for key in ("id", "name", "value", "as_of", "note"):
        table.add_column(label(key, lang), overflow="fold")
    for d in drafts[:limit]:
        value = ("+" if d.increment else "") + format_value(d.value, d.target.unit)
        table.add_row(d.target.id, d.target.name, value, d.as_of.isoformat(), d.note)
    if len(drafts) > limit:
        table.add_row("…", f"+{len(drafts) - limit}", "", "", "")
    out.print(table)


def report_as_text(report: WeeklyReport, lang: str = "") -> str:
    """The terminal report as plain text, for -o 周报.txt."""
    import io

    buffer = io.StringIO()
    print_report(report, lang, Console(file=buffer, width=100, color_system=None, highlight=False,
                                       force_terminal=False, soft_wrap=False))
    return buffer.getvalue()


def print_report(report: WeeklyReport, lang: str, out: Console | None = None) -> None:
    """The weekly report for the terminal."""
    from .report_text import heading, headline_rows, sections, title

    out = out or console()
    top, span = heading(report, lang)
    out.print(Text(top, style="bold"))
    out.print(span, style="dim")
    counts = Table(box=None, header_style="bold", title=title("headline", lang), title_justify="left",
                   title_style="bold")
    counts.add_column("")
    for key in ("this_week", "last_week", "change"):
        counts.add_column(title(key, lang), justify="right")
    for name, now, before, change in headline_rows(report, lang):
        counts.add_row(name, str(now), str(before), change)
    out.print(counts)
    for section in sections(report, lang):
        out.print()
        out.print(Text(section.heading, style="bold underline"))
        if not section.items:
            out.print("  " + title("none", lang), style="dim")
        for item in section.items:
            p = item.progress
            line = trend(p)
            out.print(Text.assemble("  ", status_badge(p.status, lang), " ", (p.target.name, "bold"), "  ",
                                    item.text, ("  " + line) if line else ""))
