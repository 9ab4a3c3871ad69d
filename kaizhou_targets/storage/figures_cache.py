"""A parsed copy of each figures file, keyed on the file's content.

The key is blake2b over every byte of the file (about 1 GB/s here: 40 ms
for 40 MB, against whole seconds to parse it), so any edit, whatever it does
to size or mtime, misses the cache. blake2b rather than zlib.crc32 (18 ms
for 40 MB): twice the cost, but a collision is out of reach even for an edit
made on purpose, and it needs no new dependency (xxhash). The cache holds
plain rows (marshal cannot hold objects, and rows load fastest) and is read
with `marshal.loads(handle.read())`, many times faster than marshal.load.

Beside it, `<id>.standing.marshal` holds what `kzt status` and `kzt check` need:
the standing series (the figures left after revisions and withdrawals, by period),
the damaged lines, and the import batches the series assumed committed. Both files
carry the same content key, so neither can outlive the file it was made from.

A cache that cannot be read or written — a file where its folder should be,
no permission, a read-only disk, garbage inside — is skipped: one debug line,
never an error; the TOML files stay the one source of truth.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
from pathlib import Path
from typing import Any

from ..core.model import Problem
from ..i18n import current_language
from .confined import exclusive_temporary
from .figures_format import Parsed, Row

CACHE_DIR = ".cache"
CACHE_VERSION = 3  # 3: rows carry `replaces` (issue 26)


def _debug(message: str, *args: object) -> None:
    # logging is imported only when there is something to say: it costs a few ms a run.
    import logging

    logging.getLogger(__name__).debug(message, *args)


def cache_path(path: Path) -> Path:
    return path.parent / CACHE_DIR / (path.stem + ".marshal")


def standing_path(path: Path) -> Path:
    return path.parent / CACHE_DIR / (path.stem + ".standing.marshal")


def _stamp(key: bytes) -> tuple[int, str, bytes]:
    # Problems are cached as the sentences shown, so the language is part of the key.
    return CACHE_VERSION, current_language(), key


def read_cache(path: Path, key: bytes) -> Parsed | None:
    try:
        with open(cache_path(path), "rb") as handle:
            stored = marshal.loads(handle.read())
        stamp, rows, problems, legacy = stored
        if tuple(stamp) != _stamp(key):
            return None
        return Parsed(list(rows), [Problem(m, str(path), line, severity) for m, line, severity in problems],
                      bool(legacy))
    except FileNotFoundError:
        return None
    except Exception as error:
        _debug("figures cache %s skipped: %s", cache_path(path), error)
        return None


def write_cache(path: Path, key: bytes, rows: list[Row], problems: list[Problem], legacy: bool) -> None:
    _write(cache_path(path), (_stamp(key), rows, _problem_rows(problems), legacy))


Disputes = list[tuple[Row, list[Row]]]  # per disagreement: the standing row, the rows it did not replace


def read_standing(path: Path | str, key: bytes) -> tuple[list[Row], list[Problem], list[str], Disputes] | None:
    """The standing rows, the damaged lines, the batches assumed committed and the disagreements; None on a miss.
    `path` may be a plain string: `kzt status` reads one per target, and pathlib's joins cost more
    than the read."""
    try:
        folder, name = os.path.split(path)
        with open(os.path.join(folder, CACHE_DIR, name.rsplit(".", 1)[0] + ".standing.marshal"), "rb") as handle:
            stamp, rows, problems, batches, disputes = marshal.loads(handle.read())
        if tuple(stamp) != _stamp(key):
            return None
        return (list(rows), [Problem(m, str(path), line, severity) for m, line, severity in problems],
                list(batches), list(disputes))
    except FileNotFoundError:
        return None
    except Exception as error:
        _debug("figures cache %s skipped: %s", standing_path(Path(path)), error)
        return None


def write_standing(path: Path, key: bytes, rows: list[Row], problems: list[Problem], batches: list[str],
                   disputes: Disputes) -> None:
    _write(standing_path(path), (_stamp(key), rows, _problem_rows(problems), batches, disputes))


def _problem_rows(problems: list[Problem]) -> list[tuple[str, int | None, str]]:
    return [(p.message, p.line, p.severity) for p in problems]


def _own_folder(folder: Path) -> bool:
    """The cache folder must be a folder of its own, not a link (a committed `.cache` link would have
    kzt write, replace and remove files wherever it points)."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _write(cache: Path, content: Any) -> None:
    temporary: Path | None = None
    try:
        if not _own_folder(cache.parent):
            raise OSError(f"{cache.parent} is not a folder of its own")
        cache.parent.mkdir(exist_ok=True)
        blob = marshal.dumps(content)
        # Created exclusively under a name nobody can predict: a link planted there is not followed.
        fd, temporary = exclusive_temporary(cache)
        with open(fd, "wb", closefd=True) as handle:
            handle.write(blob)
        os.replace(temporary, cache)
    except Exception as error:
        _debug("figures cache %s not written: %s", cache, error)
        if temporary is not None:
            with contextlib.suppress(Exception):
                temporary.unlink(missing_ok=True)


def forget(path: Path) -> None:
    if not _own_folder(path.parent / CACHE_DIR):
        return
    for cache in (cache_path(path), standing_path(path)):
        with contextlib.suppress(Exception):
            cache.unlink(missing_ok=True)
