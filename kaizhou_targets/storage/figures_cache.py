"""Parsed copies of the figures files, in the user's cache folder, sealed with a secret of this machine.

Two kinds of copy, both in `<cache folder>/figures-<hash of the figures folder's real path>/`
(the cache folder is ledger_cache.cache_folder: `$KZT_CACHE_DIR`, else the user's own):
    rows/<id>.marshal        one figures file's rows and damaged lines (history, report, verify)
    standing.<lang>.marshal  one index of every target's standing series (status, check)
    secret                   32 random bytes, made here on first use, readable by the user only

Why outside the ledger folder: the ledger folder is shared through git, and anything in it
may have been committed by another office. A copy kzt serves instead of the file must be one
kzt wrote on this machine: every copy is sealed with a keyed blake2b over its bytes, the key
being `secret`, which git never carries (a cache committed, copied from another clone or
forged — its content key is just a hash anyone can compute — fails the seal and is ignored).
Whoever can write the user's own cache folder can forge a copy; so can whoever can write
`~/.bashrc`.

Why a stat as well as a hash: reading and hashing every file is the cost of a warm run at
scale. A copy records the file's (size, mtime_ns, inode, ctime_ns), as git's index does; a
file whose stat is unchanged is not opened. A change git or an editor makes changes the
ctime and usually the inode, so it is hashed, and reparsed only if its bytes changed. A file
changed within two seconds of being read is "racily clean" (a later write in the same clock
tick could keep its stat): its stat is not recorded, so it is hashed every time.

A copy that cannot be read or written — no home folder, no permission, a read-only disk,
garbage, a broken seal — is skipped: one debug line, never an error; the TOML files stay the
one source of truth and a deleted cache costs one slower run.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import time
from pathlib import Path
from typing import Any

from ..core.model import Problem
from ..i18n import current_language
from .confined import NOFOLLOW, exclusive_temporary
from .digest import blake2b
from .figures_format import Parsed, Row

CACHE_VERSION = 5  # 4: in the user's cache folder, sealed, stat-checked (issues 26, 27); 5: last_typed
SECRET_NAME = "secret"
SECRET_SIZE = 32
SEAL_SIZE = 32
RACY_NS = 2_000_000_000

Stat = tuple[int, int, int, int]
Disputes = list[tuple[Row, list[Row]]]  # per disagreement: the standing row, the rows it did not replace
# What the index holds per figures file: (stat or None, content key, standing rows, damaged lines as
# (message, line, severity), batches assumed committed, disagreements).
# stat, key, standing rows, problems, batches counted, disputes, the last day a counted line was typed
Standing = tuple[Stat | None, bytes, list[Row], list[tuple[str, int | None, Any]], list[str], Disputes, str]


def _debug(message: str, *args: object) -> None:
    # logging is imported only when there is something to say: it costs a few ms a run.
    import logging

    logging.getLogger(__name__).debug(message, *args)


def stat_of(result: os.stat_result) -> Stat:
    return result.st_size, result.st_mtime_ns, result.st_ino, result.st_ctime_ns


def settled_stat(result: os.stat_result) -> Stat | None:
    """The stat worth recording, or None while the file is racily clean (changed in the last seconds)."""
    if max(result.st_mtime_ns, result.st_ctime_ns) >= time.time_ns() - RACY_NS:
        return None
    return stat_of(result)


class Store:
    """The cache folder of one figures folder, with its secret; `usable` is False where there is none."""

    __slots__ = ("folder", "rows_folder", "secret")

    def __init__(self, figures_folder: Path | str) -> None:
        from .ledger_cache import cache_folder

        self.secret: bytes | None = None
        self.folder = self.rows_folder = Path()
        try:
            name = blake2b(os.path.realpath(figures_folder).encode("utf-8", "surrogatepass"),
                           digest_size=10).hexdigest()
            self.folder = cache_folder() / f"figures-{name}"
            self.rows_folder = self.folder / "rows"  # joined once: every figures file asks for its copy
            self.secret = _secret(self.folder)
        except Exception as error:  # no home folder, an unresolvable path, no permission…
            _debug("figures cache for %s unusable: %s", figures_folder, error)

    @property
    def usable(self) -> bool:
        return self.secret is not None

    def load(self, path: Path | str) -> Any:
        """The sealed content of one copy, or None (missing, unreadable, not sealed with our secret)."""
        if self.secret is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            return None
        except OSError as error:
            _debug("figures cache %s skipped: %s", path, error)
            return None
        try:
            with open(fd, "rb", closefd=True) as handle:
                data = handle.read()
            seal, blob = data[:SEAL_SIZE], data[SEAL_SIZE:]
            if blake2b(blob, key=self.secret, digest_size=SEAL_SIZE).digest() != seal:
                _debug("figures cache %s skipped: not sealed by this machine", path)
                return None
            return marshal.loads(blob)
        except Exception as error:
            _debug("figures cache %s skipped: %s", path, error)
            return None

    def save(self, path: Path, content: Any) -> None:
        """Write one copy whole or not at all, through an exclusive temporary file."""
        if self.secret is None:
            return
        temporary: Path | None = None
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            blob = marshal.dumps(content)
            fd, temporary = exclusive_temporary(path)
            with open(fd, "wb", closefd=True) as handle:
                handle.write(blake2b(blob, key=self.secret, digest_size=SEAL_SIZE).digest())
                handle.write(blob)
            os.replace(temporary, path)
        except Exception as error:
            _debug("figures cache %s not written: %s", path, error)
            if temporary is not None:
                with contextlib.suppress(Exception):
                    temporary.unlink(missing_ok=True)

    def rows_path(self, figures_file: Path | str) -> Path:
        return self.rows_folder / (os.path.basename(figures_file).rsplit(".", 1)[0] + ".marshal")

    def standing_path(self) -> Path:
        return self.folder / f"standing.{current_language()}.marshal"


def _secret(folder: Path) -> bytes | None:
    """This cache folder's secret, made on first use (exclusively: two first runs agree on one)."""
    path = folder / SECRET_NAME
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | NOFOLLOW)
        except FileNotFoundError:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
            except FileExistsError:
                continue  # another kzt made it first: read theirs
            try:
                secret = os.urandom(SECRET_SIZE)
                os.write(fd, secret)
                os.fsync(fd)
            finally:
                os.close(fd)
            return secret
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            secret = os.read(fd, SECRET_SIZE + 1)
        finally:
            os.close(fd)
        # A secret being written by another first run reads short: no cache this run.
        return secret if len(secret) == SECRET_SIZE else None
    return None


_stores: dict[str, Store] = {}


def store_for(folder: Path | str) -> Store:
    """The store of one figures folder (memoized per folder and $KZT_CACHE_DIR: every file asks)."""
    from .ledger_cache import ENV_CACHE_DIR

    folder = os.fspath(folder)
    memo = f"{folder}\0{os.environ.get(ENV_CACHE_DIR, '')}"
    found = _stores.get(memo)
    if found is None:
        found = _stores[memo] = Store(folder)
    return found


def _stamp() -> tuple[int, str]:
    # Problems are cached as the sentences shown, so the language is part of the stamp.
    return CACHE_VERSION, current_language()


# ── one file's rows ─────────────────────────────────────────────────────────

def read_rows(path: Path, key: bytes | None, current: Stat | None) -> Parsed | None:
    """The cached rows of one figures file: by its content key, or (key None) by its unchanged stat."""
    store = store_for(path.parent)
    stored = store.load(store.rows_path(path))
    try:
        if stored is None:
            return None
        stamp, recorded_stat, stored_key, rows, problems, legacy = stored
        if tuple(stamp) != _stamp():
            return None
        if key is not None:
            if stored_key != key:
                return None
        elif current is None or recorded_stat is None or tuple(recorded_stat) != current:
            return None
        return Parsed(list(rows), [Problem(m, str(path), line, severity) for m, line, severity in problems],
                      bool(legacy))
    except Exception as error:
        _debug("figures cache for %s skipped: %s", path, error)
        return None


def write_rows(path: Path, key: bytes, parsed: Parsed, recorded_stat: Stat | None) -> None:
    store = store_for(path.parent)
    store.save(store.rows_path(path), (_stamp(), recorded_stat, key, parsed.rows, problem_rows(parsed.problems),
                                       parsed.legacy))


def problem_rows(problems: list[Problem]) -> list[tuple[str, int | None, Any]]:
    return [(p.message, p.line, p.severity) for p in problems]


def forget(path: Path) -> None:
    """Drop the cached rows of one figures file (the standing index checks each file's key anyway)."""
    store = store_for(path.parent)
    if store.usable:
        with contextlib.suppress(Exception):
            store.rows_path(path).unlink(missing_ok=True)


# ── the standing index ──────────────────────────────────────────────────────

class StandingIndex:
    """Every target's standing series as last worked out, in one file read once and written once a run."""

    __slots__ = ("changed", "entries", "store")

    def __init__(self, figures_folder: Path | str) -> None:
        self.store = store_for(figures_folder)
        self.entries: dict[str, Standing] = {}
        self.changed = False
        stored = self.store.load(self.store.standing_path())
        try:
            if stored is not None:
                stamp, entries = stored
                if tuple(stamp) == _stamp() and isinstance(entries, dict):
                    self.entries = entries
        except Exception as error:
            _debug("standing index skipped: %s", error)

    def get(self, name: str) -> Standing | None:
        return self.entries.get(name)

    def put(self, name: str, entry: Standing) -> None:
        self.entries[name] = entry
        self.changed = True

    def save(self, names: set[str]) -> None:
        """Written only when something changed; entries of files no longer asked about are dropped."""
        if not self.changed and set(self.entries) <= names:
            return
        kept = {name: entry for name, entry in self.entries.items() if name in names}
        self.store.save(self.store.standing_path(), (_stamp(), kept))
