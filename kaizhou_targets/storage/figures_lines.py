"""A reader made for the one line format kzt writes (figures_format.serialize), without a TOML parser.

`tomllib` reads a figures file at about 25 µs a line, most of it in its inline-table
machinery; matching each line against the fixed order of fields kzt writes takes a few
µs. The reader is exact or silent: it returns the rows only when every line of the file
is one kzt could have written (fields in FIELDS order, canonical dates and numbers,
strings without escapes it cannot undo), no id comes twice and every checksum matches.
Anything else — a hand edit, a damaged or repeated line, conflict markers, a version-1
file, CRLF line ends — returns None, and figures_format.parse reads the file with
`tomllib` as before, so the problems it reports are worded and placed exactly as ever.
Whenever this reader returns rows, they are the rows `tomllib` would have given
(tests/test_figures_lines.py holds the two readers to that on generated files).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .digest import blake2b

# figures_format.Row, spelled out: that module calls this one, and the arrows point one way.
Row = tuple[str, str, str, "float | None", str, str, str, str, str, str, "str | None"]

_STRING = r'"((?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[^\n])*)"'
# Python's repr of a finite float, which is what serialize writes; TOML reads every such text
# as the same float (an integer-looking one as an int, which _row turns into the same float).
_NUMBER = r"(-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[-+][0-9]+)?)"
_LINE = re.compile(
    r"([0-9A-Za-z_-]+) = \{ recorded_at = ([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(?:\.[0-9]{6})?[+-][0-9]{2}:[0-9]{2})"
    rf"(?:, withdraws = {_STRING})?(?:, replaces = {_STRING})?"
    r"(?:, as_of = ([0-9]{4}-[0-9]{2}-[0-9]{2}))?"
    rf"(?:, value = {_NUMBER})?"
    rf"(?:, unit = {_STRING})?(?:, by = {_STRING})?(?:, note = {_STRING})?(?:, input = {_STRING})?"
    rf"(?:, batch = {_STRING})?"
    r', sum = "([0-9a-f]{16})" \}'
)


def _unescaped(text: str) -> str | None:
    """A TOML basic string's escapes undone exactly as tomllib does (it is the one judge of them)."""
    import tomllib

    try:
        value = tomllib.loads(f's = "{text}"')["s"]
    except tomllib.TOMLDecodeError:
        return None
    return value if isinstance(value, str) else None


def fast_rows(text: str) -> list[Row] | None:
    """Every entry of a version-2 figures file in file order, or None if any line is not exactly what
    kzt writes, any id repeats or any checksum fails (then the TOML parser must read the file)."""
    match_line = _LINE.fullmatch
    fromisoformat = datetime.fromisoformat
    digest = blake2b
    rows: list[Row] = []
    seen: set[str] = set()
    days: dict[str, bool] = {}
    share = {"": ""}.setdefault
    for line in text.split("\n"):
        if not line or line[0] == "#":
            if line and not _plain_comment(line):
                return None
            continue
        found = match_line(line)
        if found is None:
            return None
        (entry_id, recorded_at, withdraws, replaces, as_of, value_text, unit, by, note, typed, batch,
         checksum) = found.groups()
        if entry_id in seen:
            return None
        seen.add(entry_id)
        # The two forms the pattern admits that TOML reads but would not give back as written
        # (…:00.000000, -00:00) are the parser's to judge; fromisoformat rejects what TOML rejects
        # (a 13th month, a 25th hour, an offset of a day).
        if recorded_at.endswith("-00:00") or ".000000" in recorded_at:
            return None
        try:
            fromisoformat(recorded_at)
        except ValueError:
            return None
        if as_of is not None:
            sound = days.get(as_of)
            if sound is None:
                try:
                    sound = days[as_of] = date.fromisoformat(as_of).isoformat() == as_of
                except ValueError:
                    sound = days[as_of] = False
            if not sound:
                return None
        strings = [withdraws, replaces, unit, by, note, typed, batch]
        if "\\" in line:
            for index, raw in enumerate(strings):
                if raw is not None and "\\" in raw:
                    undone = _unescaped(raw)
                    if undone is None:
                        return None
                    strings[index] = undone
            withdraws, replaces, unit, by, note, typed, batch = strings
        value = float(value_text) if value_text is not None else None
        if not withdraws and (as_of is None or value is None):
            return None  # not a figure: the parser words why
        parts = [entry_id, "recorded_at=" + recorded_at]
        if withdraws is not None:
            parts.append("withdraws=" + withdraws)
        if replaces is not None:
            parts.append("replaces=" + replaces)
        if as_of is not None:
            parts.append("as_of=" + as_of)
        if value is not None:
            parts.append("value=" + repr(value))
        for key, field in (("unit", unit), ("by", by), ("note", note), ("input", typed), ("batch", batch)):
            if field is not None:
                parts.append(key + "=" + field)
        if digest("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest() != checksum:
            return None
        # The texts a file repeats (periods, units, who typed, batches) are kept once: the rows, the
        # caches made from them (marshal writes a repeated object once) and the entries all share them.
        as_of, unit, by, typed, batch = as_of or "", unit or "", by or "", typed or "", batch or ""
        rows.append((entry_id, recorded_at, share(as_of, as_of), value, share(unit, unit), share(by, by), note or "",
                     share(typed, typed), withdraws or "", share(batch, batch), replaces))
    return rows


_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _plain_comment(line: str) -> bool:
    # TOML forbids control characters (tab aside) in a comment; such a file is the parser's to judge.
    return _CONTROL.search(line) is None
