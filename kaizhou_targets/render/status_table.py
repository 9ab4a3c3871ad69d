"""The `kzt status` table: laid out here, printed as plain text when stdout is not a terminal.

Laid out here rather than by rich.Table: with a row per target, rich's general
table costs more than everything else of `kzt status` together, and this layout
needs none of its generality. Each line is a list of (text, style) pieces. On a
terminal (or with FORCE_COLOR / TTY_COMPATIBLE=1, or on Windows) rich prints them
with their styles; otherwise they are written as plain text, without importing
rich's console at all — the same bytes rich writes to a pipe (tests/test_golden_output.py
holds them), which rich's console would cost ~30 ms a run to produce.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from ..core.calendar_days import is_month_end
from ..core.progress import count_statuses
from ..core.values import format_number
from ..i18n import _
from .cell_width import cell_len
from .due_text import NOT_YET_DUE_MARK, OVERDUE_MARK, calendar_mark, legend, not_yet_due_count
from .phrases import STATUS_COLOURS, completion_text, is_reading, label, percent, period_text, trend, value_text
from .shown import shown
from .wrapping import wrap

if TYPE_CHECKING:
    from ..core.progress import Progress

Piece = tuple[str, str]  # text and its rich style ("" for none)
Line = list[Piece]

# Columns of the status table, least important last: they give way first.
Column = tuple[str, Callable[["Progress", str], list[Piece]], Literal["left", "right"]]


def badge(status: str, lang: str) -> Piece:
    return f"● {label(status, lang)}", STATUS_COLOURS.get(status, "")


def gap_text(p: Progress) -> str:
    """Percentage points, or for a floor/ceiling the room to the line in its unit."""
    if p.margin is not None:
        return ("+" if p.margin >= 0 else "-") + format_number(abs(p.margin))
    return "—" if p.gap_pp is None else f"{p.gap_pp:+.1f}"


def bar(fraction: float | None, width: int = 8) -> str:
    if fraction is None:
        return ""
    filled = max(0, min(width, round(fraction * width)))
    return "█" * filled + "░" * (width - filled)


def period_short(p: Progress, lang: str = "") -> str:
    """The 数据期 of a narrow table: the period without the year when it is the target's own year
    (1-6月 is still told from 1-9月); a figure of another year, or of a multi-year goal, keeps it."""
    when, t = p.value_as_of, p.target
    if when is None:
        return ""
    if not (t.period_start.year == t.deadline.year == when.year):
        return period_text(p, lang)
    if is_reading(t):
        if (when.month, when.day) == (12, 31):
            return _("年末")
        return _("{month}月末").format(month=when.month) if is_month_end(when) else when.strftime("%m-%d")
    if (when.month, when.day) == (12, 31):
        return _("全年")
    if is_month_end(when):
        return _("1-{month}月").format(month=when.month) if when.month > 1 else _("{month}月").format(month=1)
    return when.strftime("%m-%d")


# In the order they matter: when the table is too wide, 数据期 takes its short form first, then the
# last columns give way, one by one. The name column never widens the table: a long name wraps.
STATUS_COLUMNS: list[Column] = [
    ("name", lambda p, lang: [(shown(p.target.name), "")], "left"),
    ("status", lambda p, lang: [badge(p.status, lang), ((" " + calendar_mark(p)) if calendar_mark(p) else "", "")],
     "left"),
    ("completion", lambda p, lang: [(completion_text(p, lang), "")], "right"),
    ("period", lambda p, lang: [(period_text(p, lang), "")], "left"),
    ("value", lambda p, lang: [(value_text(p), "")], "right"),
    ("gap", lambda p, lang: [(gap_text(p), "")], "right"),
    ("schedule", lambda p, lang: [(percent(p.schedule), "")], "right"),
    ("bar", lambda p, lang: [(bar(p.completion), "")], "left"),
    ("trend", lambda p, lang: [(trend(p), "")], "left"),
]
DISPLAY_ORDER = ["name", "value", "period", "completion", "bar", "schedule", "gap", "status", "trend"]
GAP = 2  # spaces between columns
NAME_MIN = 20  # cells the name column keeps (ten Chinese characters) before other columns give way
CONTROL_CODES = "\x07\x08\x0b\x0c\x0d"  # what rich's Text drops: such text goes through rich


def group_key(p: Progress, group_by: str, lang: str) -> str:
    if group_by == "owner":
        return shown(p.target.lead or (p.target.owners[0] if p.target.owners else _("未指定牵头单位")))
    return shown(p.target.area)


def _plain(pieces: list[Piece]) -> str:
    if len(pieces) == 1:  # most cells: one piece (called for every cell of every row)
        return pieces[0][0]
    return "".join([text for text, _style in pieces])


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


def join_cells(parts: list[list[Piece]]) -> Line:
    """A table line: its cells side by side, GAP spaces apart."""
    joined: Line = []
    for index, part in enumerate(parts):
        if index:
            joined.append((" " * GAP, ""))
        joined.extend(part)
    return joined


def _pad(pieces: list[Piece], width: int, justify: str, cells: int | None = None) -> list[Piece]:
    """`pieces` padded to `width` cells; `cells`: their width, when it is known already."""
    room = width - (cell_len(_plain(pieces)) if cells is None else cells)
    if room <= 0:
        return pieces
    return [(" " * room, ""), *pieces] if justify == "right" else [*pieces, (" " * room, "")]


def _rstrip(line: Line) -> Line:
    """The line without trailing whitespace, as rich's Text.rstrip leaves it: from the end, pieces
    that are all whitespace go, and the last one left loses its trailing whitespace."""
    out = list(line)
    while out:
        text, style = out[-1]
        kept = text.rstrip()
        if kept:
            out[-1] = (kept, style)
            return out
        out.pop()
    return out


def status_lines(progress: Sequence[Progress], lang: str, title: str, group_by: str,
                 limit: int | None) -> list[Line]:
    """The table's lines, fitted to `limit` cells (None: no limit, as in a pipe without $COLUMNS:
    nothing gives way and no name wraps)."""
    if group_by == "owner":
        progress = sorted(progress, key=lambda p: group_key(p, group_by, lang))
    headers = {key: {"bar": "", "period": label("as_of", lang)}.get(key, label(key, lang))
               for key, _c, _j in STATUS_COLUMNS}
    cells = {key: [cell(p, lang) for p in progress] for key, cell, _j in STATUS_COLUMNS}
    cell_widths = {key: [cell_len(_plain(c)) for c in column] for key, column in cells.items()}
    widths = {key: max([cell_len(headers[key]), *cell_widths[key]]) for key, _c, _j in STATUS_COLUMNS}
    chosen = list(STATUS_COLUMNS)
    name_floor = min(widths["name"], NAME_MIN)

    def needed() -> int:
        return name_floor + sum(widths[k] + GAP for k, _c, _j in chosen if k != "name")

    short_period = False
    while limit is not None and needed() > limit:
        if not short_period and any(k == "period" for k, _c, _j in chosen):
            short_period = True
            cells["period"] = [[(period_short(p, lang), "")] for p in progress]
            cell_widths["period"] = [cell_len(_plain(c)) for c in cells["period"]]
            widths["period"] = max([cell_len(headers["period"]), *cell_widths["period"]])
            continue
        if len(chosen) <= 3:
            break
        chosen.pop()  # the least important column gives way
    chosen.sort(key=lambda c: DISPLAY_ORDER.index(c[0]))
    others = sum(widths[k] + GAP for k, _c, _j in chosen if k != "name")
    if limit is not None:
        widths["name"] = max(8, min(widths["name"], limit - others))
    lines: list[Line] = [[(shown(title), "italic")]] if title else []
    lines.append(join_cells([_pad([(headers[k], "bold")], widths[k], j) for k, _c, j in chosen]))
    group = None
    for index, p in enumerate(progress):
        key_of_row = group_key(p, group_by, lang)
        if key_of_row != group:
            group = key_of_row
            lines.append([(f"【{group}】", "bold cyan")])
        name = _plain(cells["name"][index])
        parts = wrap(name, widths["name"]) if limit is not None else [name]
        row = []
        for key, _cell, justify in chosen:
            if key == "name":
                row.append(_pad([(parts[0], "")], widths[key], justify))
            else:
                row.append(_pad(cells[key][index], widths[key], justify, cell_widths[key][index]))
        lines.append(join_cells(row))
        lines.extend([(part, "")] for part in parts[1:])  # the rest of a long name, under its start
    return [_rstrip(line) for line in lines]


def summary_pieces(progress: Sequence[Progress], lang: str) -> Line:
    counts = count_statuses(progress)
    pieces: Line = [(f"{label('summary', lang)} {len(progress)}: ", "")]
    for status in ("red", "yellow", "green", "grey"):
        pieces += [(f"{label(status, lang)} {counts[status]}", STATUS_COLOURS[status]), ("  ", "")]
    pieces.append((f"{OVERDUE_MARK} {label('stale', lang)} {counts['stale']}  ", ""))
    pieces.append((_("{mark} 未到报送期 {count}").format(mark=NOT_YET_DUE_MARK, count=not_yet_due_count(progress)), ""))
    return pieces


def plain_stdout() -> bool:
    """True when rich would write stdout without any styling: not a terminal, not forced to colour."""
    if os.name == "nt":
        return False  # rich's console width rules differ there (legacy consoles): leave it to rich
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "0"
    if os.environ.get("FORCE_COLOR") is not None:
        return False
    try:
        return not sys.stdout.isatty()
    except ValueError:
        return True


def console_width() -> int:
    """The width rich's console would take for stdout (see rich.console.Console.size)."""
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def print_status(progress: Sequence[Progress], lang: str, title: str = "", group_by: str = "area") -> None:
    """The status table and its summary line, on stdout."""
    summary = summary_pieces(progress, lang)
    if plain_stdout():
        width = console_width()
        # A pipe has no width limit, unless $COLUMNS gives one (as in table_width).
        lines = status_lines(progress, lang, title, group_by, width if os.environ.get("COLUMNS") else None)
        text = "\n".join(_plain(line) for line in lines) + "\n"
        last = _plain(summary)
        if cell_len(last) <= width and not any(code in text + last for code in CONTROL_CODES + "\t"):
            sys.stdout.write(text + last + "\n" + legend() + "\n")
            sys.stdout.flush()
            return
    _print_with_rich(progress, lang, title, group_by, summary)


def _print_with_rich(progress: Sequence[Progress], lang: str, title: str, group_by: str, summary: Line) -> None:
    from rich.text import Text

    from .console import console, table_width

    out = console()
    lines = status_lines(progress, lang, title, group_by, table_width(out))
    texts = [Text.assemble(*line) for line in lines]
    out.print(Text("\n").join(texts), crop=False, overflow="ignore", no_wrap=True)
    out.print(Text.assemble(*summary))
    out.print(Text(legend(), style="dim"))
