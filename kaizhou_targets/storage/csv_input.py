"""Reading a statistics table saved by Excel: UTF-8 (with or without BOM) or GBK."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..errors import InputError

COLUMNS = ("target", "value", "period", "note")


def decode_table(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as error:
        raise InputError(
            f"The file is neither UTF-8 nor GBK (byte {error.start}). Save it from Excel as "
            "“CSV UTF-8 (逗号分隔)” and import again; nothing was recorded."
        ) from None


def read_table(path: Path) -> tuple[list[tuple[int, dict[str, str]]], str]:
    """Rows as (line number, {target, value, period, note}) and the encoding."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}). Check the path.") from None
    text, encoding = decode_table(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path} is empty. It needs a header row: {','.join(COLUMNS)}.") from None
    names = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS[:3] if c not in names]
    if missing:
        raise InputError(
            f"{path}: the header row lacks the column(s) {', '.join(missing)}; it must read "
            f"`{','.join(COLUMNS)}` (note is optional). Found: {','.join(header)}."
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names):
            raise InputError(
                f"{path}:{reader.line_num}: this row has {len(cells)} cells but the header has "
                f"{len(names)}. A value with a comma (5,600) must be in quotes, as Excel writes it."
            )
        row = dict(zip(names, cells + [""] * (len(names) - len(cells)), strict=True))
        rows.append((reader.line_num, {c: row.get(c, "") for c in COLUMNS}))
    return rows, encoding
