"""Writing a report file: whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import KztError


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise KztError(f"{path}: cannot be written ({error.strerror}). Check the folder exists and is "
                       "writable.") from None
