"""A parsed copy of targets.toml, kept in the user's cache folder.

Parsing and validating the 138 targets costs more than everything else `kzt record`
does to the ledger file; a pickled copy loads in well under a millisecond. The copy is
keyed on blake2b over the file's text (so any edit misses it, whatever it does to size
or mtime), the path it was read from (a Ledger carries its path), kzt's version and
the fingerprint of the code that builds it. Only a ledger without a single problem is
cached, so no message (in whichever language) is ever replayed from it.

The copy lives outside the ledger's folder and outside the package, which may be
read-only: `$KZT_CACHE_DIR`, else the user's cache folder (`$XDG_CACHE_HOME/kzt`,
`~/.cache/kzt`, `%LOCALAPPDATA%\\kzt`, `~/Library/Caches/kzt`), one file per ledger
path. A cache that cannot be read or written is skipped silently; targets.toml stays
the one source of truth and a deleted cache costs one slower run. The files are
pickles, loaded only from the user's own cache folder: point KZT_CACHE_DIR only at a
folder no one else can write.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..core.model import Ledger, Problem
from .digest import blake2b

ENV_CACHE_DIR = "KZT_CACHE_DIR"
CACHE_FORMAT = 3  # 2: the calendar and guard settings are NamedTuples; 3: every record of core/model.py is
# The code whose output is cached: every module of the core, stamped by size and mtime. A list of
# chosen files went stale once (it named modules that had moved into core/, so a changed validator
# kept serving old copies); the whole folder costs a few dozen stat calls and cannot go stale.
_BUILDER_FOLDER = "core"

Built = tuple[Ledger | None, list[Problem]]


def cache_folder() -> Path:
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "kzt"


def _code_fingerprint(folder: Path | None = None) -> tuple[object, ...]:
    folder = folder or Path(__file__).resolve().parents[1] / _BUILDER_FOLDER
    stamps: list[object] = [CACHE_FORMAT, __version__]
    try:
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda found: found.name):
                if entry.name.endswith(".py"):
                    stat = entry.stat()
                    stamps += [entry.name, stat.st_size, stat.st_mtime_ns]
    except OSError:
        stamps.append(None)
    return tuple(stamps)


def _cache_file(path: Path) -> Path:
    name = blake2b(str(path.resolve()).encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
    return cache_folder() / f"ledger-{name}.pickle"


def cached_build(path: Path, text: str, build: Callable[[], Built]) -> Built:
    """`build()`'s result for this text of `path`, from the cache when it holds it."""
    try:
        import _pickle as pickle  # pickle's own C pickler, without pickle.py's Python one (~1 ms a run)
    except ImportError:  # not CPython
        import pickle  # type: ignore[no-redef]

    try:
        key = (_code_fingerprint(), str(path), blake2b(text.encode("utf-8", "surrogatepass")).digest())
        cache = _cache_file(path)
    except (OSError, ValueError, RuntimeError):  # no home folder to cache in, an unresolvable path
        return build()
    try:
        with open(cache, "rb") as handle:
            stored_key, ledger = pickle.loads(handle.read())
        if stored_key == key and isinstance(ledger, Ledger):
            return ledger, []
    except Exception:  # missing, unreadable, truncated, from another version: rebuild
        pass
    ledger, problems = build()
    if ledger is not None and not problems:
        _write(cache, pickle.dumps((key, ledger), protocol=5))  # pickle.HIGHEST_PROTOCOL since Python 3.8
    return ledger, problems


def _write(cache: Path, data: bytes) -> None:
    """Atomically, or not at all: through a temporary file created exclusively under a name nobody can
    predict (a link planted there is not followed)."""
    from .confined import exclusive_temporary

    temporary: Path | None = None
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = exclusive_temporary(cache)
        with open(fd, "wb", closefd=True) as handle:
            handle.write(data)
        os.replace(temporary, cache)
    except OSError:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
