"""Tables for the terminal: the only module that knows rich (the status table: status_table.py).

rich measures CJK characters as two cells, so Chinese columns align; it
drops colour when stdout is not a terminal or NO_COLOR is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.drafting import Draft
from ..core.model import Figure, Target
from ..core.progress import Progress
from ..core.values import format_value
from ..core.weekly import WeeklyReport
from ..i18n import _
from .console import console
from .phrases import label, phrase, trend, whole_if_counted
from .shown import shown
from .status_table import GAP, _rstrip, badge, join_cells


def status_badge(status: str, lang: str) -> Text:
    return Text(*badge(status, lang))


def print_targets(targets: Sequence[Target], lang: str) -> None:
    from .console import table_width

    out = console()
    rows = []
    for t in targets:
        goal = "—" if t.goal is None else format_value(t.goal, t.unit)
        if t.qualifier:
            goal = f"{goal} {t.qualifier}" if t.goal is not None else t.qualifier
        rows.append([t.id, shown(t.name), shown(t.area), label(t.kind, lang), shown(goal)])
    headers = [label(key, lang) for key in ("id", "name", "area", "kind", "target")]
    # Too wide for the terminal: the target wraps first (to ten cells), then the name (to sixteen),
    # then the area; the id, typed back as it is shown, never wraps. A pipe has no width limit.
    lines = wrapped_table(headers, rows, table_width(out), shrink=((4, 10), (1, 16), (2, 4)))
    out.print(Text("\n").join(Text.assemble(*line) for line in lines), crop=False, overflow="ignore", no_wrap=True)
    out.print(_("{count} 个目标").format(count=len(targets)), style="dim")


def wrapped_table(headers: Sequence[str], rows: Sequence[Sequence[str]], limit: int | None,
                  shrink: Sequence[tuple[int, int]]) -> list[list[tuple[str, str]]]:
    """A table's lines with every cell on one line, or — given a `limit` the table exceeds — the
    columns of `shrink` (index, narrowest width), in turn, narrowed and their cells wrapped."""
    from .cell_width import cell_len
    from .wrapping import wrap

    widths = [max([cell_len(header), *(cell_len(row[i]) for row in rows)]) for i, header in enumerate(headers)]
    if limit is not None:
        for index, narrowest in shrink:
            excess = sum(widths) + GAP * (len(widths) - 1) - limit
            if excess > 0:
                widths[index] = max(narrowest, widths[index] - excess)

    def line(parts: Sequence[str], style: str) -> list[tuple[str, str]]:
        return join_cells([[(part + " " * (widths[i] - cell_len(part)), style)] for i, part in enumerate(parts)])

    lines = [line(headers, "bold")]
    for row in rows:
        cells = [wrap(cell, widths[i]) if limit is not None else [cell] for i, cell in enumerate(row)]
        for depth in range(max(len(cell) for cell in cells)):
            lines.append(line([cell[depth] if depth < len(cell) else "" for cell in cells], ""))
    return [_rstrip(line) for line in lines]


def print_target(t: Target, p: Progress, figures: Sequence[Figure], lang: str, closing_rule: str = "") -> None:
    out = console()
    out.print(Text(shown(f"{t.name}  ({t.id})"), style="bold"))
    rows: list[tuple[str, str]] = [
        ("area", t.area), ("kind", label(t.kind, lang)),
        ("target", "—" if t.goal is None else format_value(t.goal, t.unit)),
        ("qualifier", t.qualifier), ("period", t.period_label), ("deadline", t.deadline.isoformat()),
        ("baseline", "" if t.baseline is None else
         f"{format_value(t.baseline, t.unit)} ({t.baseline_date or ''})"
         + (f" — “{t.baseline_source}”" if t.baseline_source else "")),
        ("frequency", label(t.frequency, lang) if t.frequency else ""),
        ("lead", t.lead), ("owners", "、".join(t.owners)), ("note", t.note),
        ("source", f"“{t.source}” — {t.source_file}" if t.source else t.source_file),  # a year not yet filled in
        ("target_note", t.target_note), ("baseline_note", t.baseline_note),
        ("closing_rule", closing_rule),  # how the year is judged (core/judging.py)
    ]
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in rows:
        if value:
            grid.add_row(label(key, lang), Text(shown(value)))
    grid.add_row(label("status", lang), Text.assemble(status_badge(p.status, lang), "  ", shown(phrase(p, lang)),
                                                      ("  ⏰ " + label("stale", lang)) if p.stale else ""))
    if p.projection is not None:
        grid.add_row(label("projection", lang), format_value(whole_if_counted(p.projection, t.unit), t.unit))
    out.print(grid)
    if figures:
        out.print()
        print_history(t, figures, lang)


NARROW = 60  # below this many columns a table of figures breaks every cell: list them instead


def print_history(t: Target, figures: Sequence[Figure], lang: str, disputed: frozenset[str] = frozenset()) -> None:
    """`disputed`: ids of figures in a disagreement between offices, marked 有分歧 in the state."""
    out = console()
    if out.width < NARROW:
        _print_history_list(out, t, figures, disputed)
        return
    table = Table(title=label("figures", lang), title_justify="left", box=None, header_style="bold")
    for key in ("as_of", "value", "recorded_at", "by", "state", "note"):
        table.add_column(label(key, lang), overflow="fold")
    # by and note are data (KZT_USER and --note of any office, shared through git): Text, never markup
    for f in figures:
        e = f.entry
        state = "withdrawn" if f.withdrawn else ("superseded" if f.superseded else "valid")
        style = "dim strike" if not f.valid else ""
        value = _("已完成") if t.kind == "milestone" else format_value(e.value or 0.0, e.unit or t.unit)
        table.add_row(e.as_of.isoformat() if e.as_of else "", Text(shown(value)),
                      e.recorded_at.strftime("%Y-%m-%d %H:%M"), Text(shown(e.by)), _state(state, e.id in disputed),
                      Text(shown(e.note)), style=style)
    out.print(table)


def _state(state: str, disputed: bool) -> str:
    return f"{label(state)}·{label('disputed')}" if disputed else label(state)


def _figure_cells(t: Target, f: Figure, disputed: bool = False) -> tuple[str, str, str, str]:
    e = f.entry
    state = "withdrawn" if f.withdrawn else ("superseded" if f.superseded else "valid")
    value = _("已完成") if t.kind == "milestone" else format_value(e.value or 0.0, e.unit or t.unit)
    return (e.as_of.isoformat() if e.as_of else "", value, _state(state, disputed),
            e.recorded_at.strftime("%Y-%m-%d %H:%M"))


def _print_history_list(out: Console, t: Target, figures: Sequence[Figure],
                        disputed: frozenset[str] = frozenset()) -> None:
    """One figure per line, for a narrow terminal: period, value, standing; then who and when, indented."""
    out.print(Text(label("figures"), style="bold"))
    for f in figures:
        as_of, value, state, typed = _figure_cells(t, f, f.entry.id in disputed)
        style = "dim strike" if not f.valid else ""
        out.print(Text(shown(f"{as_of}  {value}  {state}"), style=style))
        detail = "  ".join(part for part in (typed, shown(f.entry.by), shown(f.entry.note)) if part)
        out.print(Text("  " + detail, style="dim"), overflow="fold")


def print_import_preview(drafts: Sequence[Draft], encoding: str, lang: str, limit: int = 10,
                         sources: Sequence[str] = ()) -> None:
    """The first rows an import will record; `sources` (one per draft) says which column each value came from."""
    out = console(stderr=True)
    table = Table(box=None, header_style="bold", title=Text(_("{count} 条（{encoding}）").format(
        count=len(drafts), encoding=shown(encoding))), title_justify="left")
    for key in ("id", "name", "value", "as_of", "note"):
        table.add_column(label(key, lang), overflow="fold")
    with_sources = any(sources)
    if with_sources:
        table.add_column(_("取自"), overflow="fold")
    for n, d in enumerate(drafts[:limit]):  # names and notes come from the sheet and the ledger: Text, never markup
        value = ("+" if d.increment else "") + format_value(d.value, d.target.unit)
        cells: list[Text | str] = [Text(shown(d.target.id)), Text(shown(d.target.name)), value, d.as_of.isoformat(),
                                   Text(shown(d.note))]
        source = [Text(shown(sources[n] if n < len(sources) else ""))] if with_sources else []
        table.add_row(*cells, *source)
    if len(drafts) > limit:
        table.add_row("…", f"+{len(drafts) - limit}", "", "", "", *([""] if with_sources else []))
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
    out.print(Text(shown(top), style="bold"))
    out.print(Text(shown(span), style="dim"))
    counts = Table(box=None, header_style="bold", title=title("headline", lang), title_justify="left",
                   title_style="bold")
    counts.add_column("")
    for key in ("this_week", "last_week", "change"):
        counts.add_column(title(key, lang), justify="right")
    for name, now, before, change in headline_rows(report, lang):
        counts.add_row(Text(name), str(now), str(before), Text(change))
    out.print(counts)
    for section in sections(report, lang):
        out.print()
        out.print(Text(shown(section.heading), style="bold underline"))
        if not section.items:
            out.print("  " + title("none", lang), style="dim")
        for item in section.items:
            p = item.progress
            line = trend(p)
            out.print(Text.assemble("  ", status_badge(p.status, lang), " ", (shown(item.title), "bold"), "  ",
                                    shown(item.text), ("  " + line) if line else ""))
