"""Editing the hand-written targets file without disturbing it.

tomlkit keeps every comment, blank line and key order; only the keys set
change. The result is validated before it replaces the file, atomically,
under the ledger's lock, so a bad edit never reaches the disk.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..validation import build_ledger
from .figures import locked
from .output import write_atomically
from .text import decode, parse_toml


def set_target_keys(path: Path, target_id: str, updates: dict[str, Any]) -> None:
    import tomlkit

    with locked(path):
        raw = path.read_bytes()
        text = decode(raw, path)
        parse_toml(text, path)  # a file that does not parse is never written to
        document = tomlkit.parse(text)
        tables = document.get("target", [])
        table = next((t for t in tables if t.get("id") == target_id), None)
        if table is None:
            raise InputError(f"{path} has no [[target]] with id {target_id!r}.")
        for key, value in updates.items():
            table[key] = value
        new_text = tomlkit.dumps(document)
        ledger, problems = build_ledger(tomllib.loads(new_text), str(path), new_text)
        errors = [p for p in problems if p.severity == "error"]
        if ledger is None or errors:
            raise InputError("The change would make the ledger invalid, so nothing was written:\n"
                             + "\n".join(f"  {p}" for p in errors))
        data = new_text.encode("utf-8")
        if raw.startswith(b"\xef\xbb\xbf"):
            data = b"\xef\xbb\xbf" + data
        write_atomically(path, data)
