"""Writing a whole file: all of it or none of it."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import KztError


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise KztError(f"{path}: cannot be written ({error.strerror}); it is unchanged. Check the folder "
                       "exists and is writable.") from None
