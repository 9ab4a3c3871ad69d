"""The figures file, version 2: one entry per line, each sealed by a checksum.

    20261008T093000123456-ab12cd = { recorded_at = 2026-10-08T09:30:00.123456+08:00, replaces = "", \
        as_of = 2026-09-30, value = 250.0, unit = "万吨", by = "张三", input = "250", sum = "9f86d081884c7d65" }
    (one line in the file; cut here only to fit the page)

`replaces` names the entries that stood for the period when this one was typed (comma-separated
ids; "" when none did): a revision supersedes exactly those, whatever the computers' clocks say
(core/history.py). Entries written before it existed have no `replaces` and keep the old meaning.

`sum` is written last: a line cut off by a crash has no valid sum, and a
line changed by hand no longer matches its sum; neither counts as a figure.
The canonical form the sum covers is defined by `canonical` below (the git
merge driver uses `entry_checksum` from here). Files of version 1
(`[[entry]]` blocks) are still read. See FIGURES-FORMAT.md.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.errors import ConflictMarkersError, LedgerError
from ..core.lazy_re import lazy_pattern
from ..core.model import Entry, Problem
from ..i18n import _
from .digest import blake2b

# Field order when written; `sum` always comes last.
FIELDS = ("recorded_at", "withdraws", "replaces", "as_of", "value", "unit", "by", "note", "input", "batch")
LEGACY_HEADER = "[[entry]]"
CONFLICT_MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ")
ENTRY_ID = lazy_pattern(r"[0-9A-Za-z_-]+")
_LINE_KEY = lazy_pattern(r"^([0-9A-Za-z_-]+)\s*=")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}

# A row is what the cache holds: (id, recorded_at, as_of, value, unit, by, note, input, withdraws, batch,
# replaces), dates as ISO text, so marshal can store it; replaces is None for an entry without the field.
Row = tuple[str, str, str, float | None, str, str, str, str, str, str, str | None]


# Every character a TOML basic string must escape: the short escapes, other controls as \\uXXXX.
_STRING_ESCAPES = {code: _ESCAPES.get(chr(code), f"\\u{code:04X}") for code in (*range(0x20), 0x7F)} | {
    ord(ch): escaped for ch, escaped in _ESCAPES.items()}


def toml_string(text: str) -> str:
    return '"' + text.translate(_STRING_ESCAPES) + '"'


def _text(value: Any) -> str:
    if type(value) is str:  # most fields: the common case first (canonical runs for every line written)
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(float(value))
    return str(value)


def canonical(entry_id: str, fields: dict[str, Any]) -> bytes:
    """What the checksum covers: the id, then `key=value` for each present field in FIELDS order,
    joined by U+001F; dates and times in ISO form, numbers as Python's repr of the float."""
    parts = [entry_id] + [f"{key}={_text(fields[key])}" for key in FIELDS if key in fields]
    return "\x1f".join(parts).encode("utf-8")


def entry_checksum(entry_id: str, fields: dict[str, Any]) -> str:
    """16 hex digits of blake2b over `canonical(entry_id, fields)`."""
    return blake2b(canonical(entry_id, fields), digest_size=8).hexdigest()


def entry_fields(entry: Entry, batch: str = "") -> dict[str, Any]:
    fields: dict[str, Any] = {"recorded_at": entry.recorded_at}
    if entry.withdraws:
        fields["withdraws"] = entry.withdraws
    if entry.replaces is not None:
        fields["replaces"] = entry.replaces
    if entry.as_of is not None:
        fields["as_of"] = entry.as_of
    if entry.value is not None:
        fields["value"] = float(entry.value)
    for key in ("unit", "by", "note", "input"):
        if getattr(entry, key):
            fields[key] = getattr(entry, key)
    if batch:
        fields["batch"] = batch
    return fields


def serialize(entry: Entry, batch: str = "") -> str:
    """One entry as one line, ending with a newline, its checksum last.

    The line and its canonical form are built in one pass (an import writes 200,000 of them):
    entry_fields gives the fields in FIELDS order, so `sealed` is `canonical(entry.id, fields)`
    (tests/test_figures_format.py holds the two to each other)."""
    sealed = [entry.id]
    body = []
    for key, value in entry_fields(entry, batch).items():
        if type(value) is str:
            sealed.append(f"{key}={value}")
            body.append(f"{key} = {toml_string(value)}")
        else:  # a float, a date or a datetime: written in the line as in the canonical form
            text = repr(value) if isinstance(value, float) else value.isoformat()
            sealed.append(f"{key}={text}")
            body.append(f"{key} = {text}")
    checksum = blake2b("\x1f".join(sealed).encode("utf-8"), digest_size=8).hexdigest()
    return f"{entry.id} = {{ {', '.join(body)}, sum = \"{checksum}\" }}\n"


def header(target_id: str) -> str:
    # The file's own words, the same whatever the user's language.
    return (f"# {target_id} — kzt 记录的数据：每行一条，只追加，不改写。\n"
            "# 同一数据期后录入的数取代先录入的；`kzt undo` 追加一条撤回记录。\n"
            "# 请勿手工修改记录行：用 `kzt record` 录入更正（两条都留在历史中）。\n")


class Parsed:
    """A figures file read: its rows, what is wrong with some lines, and its version.
    A plain class (not a dataclass, which every run would generate code for as it starts)."""

    __slots__ = ("legacy", "problems", "rows")

    def __init__(self, rows: list[Row] | None = None, problems: list[Problem] | None = None,
                 legacy: bool = False) -> None:
        self.rows: list[Row] = [] if rows is None else rows
        self.problems: list[Problem] = [] if problems is None else problems
        self.legacy = legacy

    def __repr__(self) -> str:
        return f"Parsed(rows={self.rows!r}, problems={self.problems!r}, legacy={self.legacy!r})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Parsed)
        return (self.rows, self.problems, self.legacy) == (other.rows, other.problems, other.legacy)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was


def _row(entry_id: str, raw: Any) -> Row | str:
    """A row, or why the fields are not a figure (a message)."""
    if not isinstance(raw, dict):
        return _("记录必须是一个表")
    unknown = set(raw) - set(FIELDS) - {"sum", "id"}
    if unknown:
        return _("未知的字段 {keys}").format(keys=", ".join(sorted(unknown)))
    recorded_at = raw.get("recorded_at")
    if not isinstance(recorded_at, datetime):
        return _("recorded_at 必须是日期时间，如 2026-10-08T09:30:00+08:00")
    if recorded_at.utcoffset() is None:
        # kzt always writes the offset; a time without one (a hand edit) cannot be ordered against
        # the others, so it is not a figure rather than a crash of every command that sorts the history.
        return _("recorded_at 缺少时区，如 2026-10-08T09:30:00+08:00 末尾的 +08:00")
    as_of, value, withdraws = raw.get("as_of"), raw.get("value"), raw.get("withdraws", "")
    if not withdraws:
        if not isinstance(as_of, date) or isinstance(as_of, datetime):
            return _("as_of 必须是日期，如 2026-09-30")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
                or value in (float("inf"), float("-inf")):
            return _("value 必须是有限的数，而不是 {value}").format(value=repr(value))
    for key in ("unit", "by", "note", "input", "withdraws", "batch", "replaces"):
        if key in raw and not isinstance(raw[key], str):
            return _("{key} 必须是字符串").format(key=key)
    return (entry_id, recorded_at.isoformat(), as_of.isoformat() if isinstance(as_of, date) else "",
            float(value) if value is not None else None, raw.get("unit", ""), raw.get("by", ""),
            raw.get("note", ""), raw.get("input", ""), withdraws, raw.get("batch", ""), raw.get("replaces"))


def _line_of(text: str, entry_id: str) -> int | None:
    match = re.search(rf"(?m)^{re.escape(entry_id)}\s*=", text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def conflict_line(text: str) -> int | None:
    """The first line that is a git conflict marker, if any."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.startswith(CONFLICT_MARKERS):
            return number
    return None


def refuse_conflict(text: str, path: Path) -> None:
    line = conflict_line(text)
    if line is not None:
        raise ConflictMarkersError(
            _("{path}:{line}：文件里有 git 合并冲突标记，kzt 不读取也不写入这个文件。请保留两边的记录行、"
              "删除标记行（<<<<<<<、=======、>>>>>>>），或运行 `kzt git-setup` 后重新合并。").format(
                path=path, line=line),
            [Problem(_("git 合并冲突标记"), str(path), line)])


def _damaged(path: Path, line: int, torn: bool) -> Problem:
    if torn:
        message = _("这一行不完整（写入被中断），不计为数据；运行 `kzt repair` 把它移到 figures/quarantine/")
    else:
        message = _("这一行的校验和不符（被手工改过），不计为数据；运行 `kzt repair` 把它移到 figures/quarantine/，"
                    "再用 `kzt record` 录入正确的数")
    return Problem(message, str(path), line)


def _check(entry_id: str, raw: Any, path: Path, line: int | None, parsed: Parsed) -> None:
    if not isinstance(raw, dict) or "sum" not in raw:
        parsed.problems.append(_damaged(path, line or 0, torn=True))
        return
    fields = {k: v for k, v in raw.items() if k != "sum"}
    if raw["sum"] != entry_checksum(entry_id, fields):
        parsed.problems.append(_damaged(path, line or 0, torn=False))
        return
    row = _row(entry_id, fields)
    if isinstance(row, str):
        parsed.problems.append(Problem(_("{reason}；这一行不计为数据").format(reason=row), str(path), line))
        return
    parsed.rows.append(row)


def parse(text: str, path: Path) -> Parsed:
    """Read a figures file of either version. Raises LedgerError only when the file as a whole
    cannot be trusted (conflict markers, two different entries with one id, a broken version-1 file)."""
    from .figures_lines import fast_rows

    if LEGACY_HEADER in text and re.search(r"(?m)^\s*\[\[entry\]\]\s*$", text):
        return _parse_legacy(text, path)
    rows = fast_rows(text)
    if rows is not None:  # every line exactly as kzt writes it: the rows tomllib would give
        return Parsed(rows)
    return parse_toml(text, path)


def parse_toml(text: str, path: Path) -> Parsed:
    """A version-2 file read by the TOML parser: the judge of every line the fast reader declines."""
    import tomllib

    parsed = Parsed()
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, MemoryError):
        # Some line is damaged (or nested beyond what the parser can follow): line by line, so the
        # damage blinds that line only.
        return _parse_lines(text, path)
    for entry_id, raw in doc.items():
        found = len(parsed.problems)
        _check(entry_id, raw, path, None, parsed)
        if len(parsed.problems) > found:  # rare: only then look for the line
            parsed.problems[-1] = parsed.problems[-1]._replace(line=_line_of(text, entry_id))
    return parsed


def _parse_lines(text: str, path: Path) -> Parsed:
    """The slow path, one line at a time: some line is damaged, repeated or a conflict marker."""
    import tomllib

    refuse_conflict(text, path)
    parsed = Parsed()
    seen: dict[str, tuple[int, str, bool]] = {}  # id → (line, text, whether it counted)
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key = _LINE_KEY.match(stripped)
        earlier = seen.get(key.group(1)) if key else None
        if earlier is not None and earlier[1] == stripped:
            continue  # the same entry twice (a merge brought it from both sides) counts once
        try:
            doc = tomllib.loads(stripped)
        except (tomllib.TOMLDecodeError, RecursionError, MemoryError):
            parsed.problems.append(_damaged(path, number, torn=True))
            continue
        if len(doc) != 1 or not key:
            parsed.problems.append(_damaged(path, number, torn=True))
            continue
        entry_id, raw = next(iter(doc.items()))
        found = len(parsed.rows)
        _check(entry_id, raw, path, number, parsed)
        counts = len(parsed.rows) > found
        if earlier is not None and counts and earlier[2]:
            # Two sound lines with one id and different content: which is the figure nobody can say.
            raise LedgerError(
                _("{path}:{line}：记录 {id} 与第 {first} 行的同号记录内容不同，kzt 不读取也不写入这个文件。"
                  "请保留正确的一行、删除另一行（可先用 git 查看两边的历史）。").format(
                    path=path, line=number, id=entry_id, first=earlier[0]),
                [Problem(_("同一记录号的两行内容不同"), str(path), number)])
        if earlier is None or counts:
            seen[entry_id] = (number, stripped, counts)
    return parsed


def _parse_legacy(text: str, path: Path) -> Parsed:
    """Version 1: [[entry]] blocks, trusted as written (they carry no checksum)."""
    import tomllib

    parsed = Parsed(legacy=True)
    block_lines = [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == LEGACY_HEADER]
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        cut = text.rfind("\n" + LEGACY_HEADER)
        try:
            # A last block without the final newline kzt always wrote was cut off mid-write.
            if cut < 0 or text.endswith("\n"):
                raise error
            doc = tomllib.loads(text[:cut])
        except tomllib.TOMLDecodeError:
            match = re.search(r"line (\d+)", str(error))
            line = int(match.group(1)) if match else None
            raise LedgerError(
                _("{path}:{line}：这个数据文件不是有效的 TOML（{error}）。请在编辑器里修正这一行；"
                  "在它能被读取之前 kzt 不会写入它，什么都没有改动。").format(
                    path=path, line=line or "?", error=error),
                [Problem(_("不是有效的 TOML：{error}").format(error=error), str(path), line)]) from None
        parsed.problems.append(_damaged(path, block_lines[-1] if block_lines else 0, torn=True))
    raw_entries = doc.get("entry", [])
    if set(doc) - {"entry"} or not isinstance(raw_entries, list):
        raise LedgerError(_("{path}：数据文件只能包含 [[entry]] 表。请把其他内容移出；什么都没有改动。")
                          .format(path=path),
                          [Problem(_("意外的内容"), str(path), None)])
    for index, raw in enumerate(raw_entries):
        line = block_lines[index] if index < len(block_lines) else None
        entry_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(entry_id, str) or not entry_id:
            parsed.problems.append(Problem(_("这条记录没有 id；这一条不计为数据"), str(path), line))
            continue
        row = _row(entry_id, raw)
        if isinstance(row, str):
            parsed.problems.append(Problem(_("{reason}；这一条不计为数据").format(reason=row), str(path), line))
            continue
        parsed.rows.append(row)
    return parsed


def entries_from(rows: list[Row], target_id: str, committed: set[str] | frozenset[str]) -> list[Entry]:
    """Entries of the rows that count: a row of an import counts only once its batch is committed."""
    fromdatetime, new = datetime.fromisoformat, tuple.__new__
    # A long history has a few hundred periods: one date object each, not one per entry.
    periods: dict[str, date | None] = {"": None}
    for row in rows:
        if row[2] not in periods:
            periods[row[2]] = date.fromisoformat(row[2])
    return [new(Entry, (r[0], target_id, fromdatetime(r[1]), periods[r[2]], r[3], r[4], r[5], r[6], r[7], r[8],
                        r[10])) for r in rows if not r[9] or r[9] in committed]


def row_to_entry(row: Row, target_id: str) -> Entry:
    return entries_from([row], target_id, {row[9]})[0]


def entry_row(entry: Entry, batch: str = "") -> Row:
    return (entry.id, entry.recorded_at.isoformat(), entry.as_of.isoformat() if entry.as_of else "",
            entry.value, entry.unit, entry.by, entry.note, entry.input, entry.withdraws, batch, entry.replaces)
