"""The data the benchmark measures: a kzt ledger of T targets with F figures, and the same
volume for the peers — a ledger-cli/hledger journal and a beancount file of T accounts with
F postings — plus the import table and the `git pull` that changes a tenth of the figures files.

Everything is written straight to disk in each tool's own text format. Only
`figures_file_text` knows how kzt stores a figure; the rest of the benchmark
treats kzt as its users do, through the `kzt` command.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

KINDS = ("cumulative", "growth", "level", "floor", "ceiling")
CST = timezone(timedelta(hours=8))
AREAS = 38  # the districts a city office keeps targets for
START = datetime(2026, 1, 5, 9, 0, tzinfo=CST)
PULLED = datetime(2026, 11, 1, 7, 0, tzinfo=CST)  # when the simulated pulls' figures were recorded
PULL_SHARE = 10  # a pull changes every 10th figures file


class Figure(NamedTuple):
    """One synthetic figure, in the terms kzt's records use."""

    id: str
    recorded_at: datetime
    as_of: date
    value: float
    input: str


def target_id(n: int) -> str:
    return f"t{n:04d}"


# ── THE ONE PLACE THAT KNOWS KZT'S INTERNALS ──────────────────────────────────────────────
# Everything else runs `kzt`. The storage module is being moved (kaizhou_targets/core/…) and
# its format may change: this function tries the new module paths and then the old, and
# checks its fast writer against kzt's own serializer for the first figure of every file,
# falling back to the serializer itself (slower, always right) when they differ.

_STORAGE_MODULES = ("kaizhou_targets.core.storage.figures_format", "kaizhou_targets.storage.figures_format",
                    "kaizhou_targets.core.storage.figures", "kaizhou_targets.storage.figures")
_MODEL_MODULES = ("kaizhou_targets.core.model", "kaizhou_targets.model")
_storage_cache: dict[str, Any] = {}


def figures_file_text(target: str, figures: list[Figure], with_header: bool = True, fast: bool = True) -> str:
    """A figures file (or, without the header, lines to append to one) exactly as kzt writes it.

    kzt's own `serialize` costs ~13 µs a figure; the fast writer fills the one-line format's
    template and computes the seal itself (~3 µs). It is used only when it gives, byte for byte,
    what `serialize` gives for the file's first figure."""
    import importlib
    from hashlib import blake2b

    if not _storage_cache:
        for name in _STORAGE_MODULES:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            if hasattr(module, "serialize"):
                _storage_cache["storage"] = module
                break
        else:
            raise SystemExit(f"the benchmark cannot find kzt's figures serializer in any of {_STORAGE_MODULES}: "
                             "fix figures_file_text in bench/workload.py")
        for name in _MODEL_MODULES:
            try:
                _storage_cache["Entry"] = importlib.import_module(name).Entry
                break
            except (ImportError, AttributeError):
                continue
        else:
            raise SystemExit(f"the benchmark cannot find kzt's Entry in any of {_MODEL_MODULES}")
    storage, entry_class = _storage_cache["storage"], _storage_cache["Entry"]

    def slow(figure: Figure) -> str:
        return str(storage.serialize(entry_class(id=figure.id, target=target, recorded_at=figure.recorded_at,
                                                 as_of=figure.as_of, value=figure.value, unit="%", by="bench",
                                                 input=figure.input)))

    def quick(figure: Figure) -> str:
        # The seal as FIGURES-FORMAT.md defines it: blake2b-64 over the id and `key=value` fields,
        # joined by U+001F. Trusted only once it agrees with `serialize` (below).
        recorded, as_of, value = figure.recorded_at.isoformat(), figure.as_of.isoformat(), repr(figure.value)
        seal = blake2b(f"{figure.id}\x1frecorded_at={recorded}\x1fas_of={as_of}\x1fvalue={value}\x1funit=%"
                       f"\x1fby=bench\x1finput={figure.input}".encode(), digest_size=8).hexdigest()
        return (f'{figure.id} = {{ recorded_at = {recorded}, as_of = {as_of}, value = {value}, unit = "%", '
                f'by = "bench", input = "{figure.input}", sum = "{seal}" }}\n')

    header = getattr(storage, "header", None) or storage._header
    text = [header(target)] if with_header else []
    write = slow
    if fast and figures and quick(figures[0]) == slow(figures[0]):
        write = quick
    text.extend(write(figure) for figure in figures)
    return "".join(text)
# ── end of the one place ──────────────────────────────────────────────────────────────────


def ledger_text(targets: int) -> str:
    """`targets` targets of mixed kinds, as a person would write them in targets.toml."""
    blocks = ['[ledger]\nname = "基准测试台账"\nyear = 2026\n']
    for n in range(targets):
        kind = KINDS[n % len(KINDS)]
        goal = {"cumulative": 1000, "growth": 6, "level": 80, "floor": 50, "ceiling": 5.5}[kind]
        baseline = "baseline = 60\nbaseline_date = 2025-12-31\nbaseline_source = \"基期\"\n" if kind == "level" else ""
        blocks.append(f'[[target]]\nid = "{target_id(n)}"\nname = "指标{n:04d}"\narea = "区域{n % AREAS}"\n'
                      f'kind = "{kind}"\ntarget = {goal}\nunit = "%"\nfrequency = "monthly"\n{baseline}'
                      f'source = "来源{n}"\n')
    return "\n".join(blocks)


def spread(total: int, parts: int, index: int) -> int:
    """How many of `total` items the `index`-th of `parts` gets when spread evenly."""
    return total // parts + (1 if index < total % parts else 0)


_bases: list[tuple[str, datetime, date, float, str]] = []  # the i-th figure of every file, but for its id


def synthetic_figures(n: int, count: int) -> list[Figure]:
    """The `count` figures of target `n`: one a minute from START, values cycling, periods over 300 days."""
    while len(_bases) < count:  # the same for every target: made once
        i = len(_bases)
        stamp = START + timedelta(minutes=i)
        value = float(i % 97)
        _bases.append((f"{stamp:%Y%m%dT%H%M%S%f}-", stamp, date(2026, 1, 1) + timedelta(days=i % 300), value,
                       f"{value:g}"))
    return [Figure(f"{prefix}{n:03x}{i % 4096:03x}", stamp, as_of, value, text)
            for i, (prefix, stamp, as_of, value, text) in enumerate(_bases[:count])]


@dataclass
class KztLedger:
    """A ledger folder the benchmark made, and what it takes to make it cold again."""

    path: Path  # its targets.toml
    user_cache: Path  # its KZT_CACHE_DIR
    pristine: set[str] = field(default_factory=set)  # what the folder held before kzt first ran
    pulls: int = 0

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def figures(self) -> Path:
        return self.folder / "figures"

    def env(self) -> dict[str, str]:
        return {"KZT_CACHE_DIR": str(self.user_cache)}

    def _listing(self) -> set[str]:
        found = {p.name for p in self.folder.iterdir()}
        if self.figures.is_dir():
            found |= {f"figures/{p.name}" for p in self.figures.iterdir()}
        return found

    def wipe_caches(self) -> list[str]:
        """Delete every cache kzt keeps for this ledger: its KZT_CACHE_DIR and whatever kzt added to the
        folder or figures/ that is not a TOML file kzt's users write (figures/.cache today; an index
        tomorrow). Returns what was deleted, so the run can say it."""
        deleted = []
        for name in sorted(self._listing() - self.pristine):
            if name.endswith(".toml") or name.endswith("/.lock"):
                continue
            target = self.folder / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
            deleted.append(name)
        if self.user_cache.exists():
            shutil.rmtree(self.user_cache)
            deleted.append("KZT_CACHE_DIR")
        return deleted

    def pull(self) -> int:
        """What a `git pull` that changed a tenth of the figures files does to the folder: every 10th file
        (a different tenth each time) gets one more figure and is written anew — a new inode, new mtime
        and ctime, as git's checkout writes it. Returns how many files changed."""
        files = sorted(self.figures.glob("t*.toml"))
        chosen = files[self.pulls % PULL_SHARE::PULL_SHARE]
        for path in chosen:
            n = int(path.stem[1:])
            stamp = PULLED + timedelta(seconds=self.pulls)
            value = float(self.pulls % 89)
            figure = Figure(f"{stamp:%Y%m%dT%H%M%S%f}-p{n:03x}", stamp, date(2026, 10, 31), value, f"{value:g}")
            fresh = path.with_name(f".{path.name}.pull")
            fresh.write_bytes(path.read_bytes() + figures_file_text(path.stem, [figure], with_header=False)
                              .encode("utf-8"))
            os.replace(fresh, path)
        self.pulls += 1
        return len(chosen)

    def copy(self, folder: Path, user_cache: Path) -> KztLedger:
        """A copy, caches included (`copytree` keeps mtimes, not inodes: kzt may revalidate what it keeps)."""
        shutil.copytree(self.folder, folder, symlinks=True)
        if self.user_cache.exists():
            shutil.copytree(self.user_cache, user_cache)
        return KztLedger(folder / "targets.toml", user_cache, set(self.pristine), self.pulls)


def write_kzt_ledger(folder: Path, targets: int, figures: int, fast: bool = True) -> KztLedger:
    """A kzt ledger of `targets` targets holding `figures` figures in all, spread evenly."""
    folder.mkdir(parents=True)
    path = folder / "targets.toml"
    path.write_text(ledger_text(targets), encoding="utf-8")
    shards = folder / "figures"
    shards.mkdir()
    for n in range(targets):
        count = spread(figures, targets, n)
        if count:
            text = figures_file_text(target_id(n), synthetic_figures(n, count), fast=fast)
            (shards / f"{target_id(n)}.toml").write_text(text, encoding="utf-8")
    ledger = KztLedger(path, folder.parent / f"{folder.name}-user-cache")
    ledger.pristine = ledger._listing()
    return ledger


def _postings(accounts: int, postings: int) -> Iterable[tuple[int, int, int, str]]:
    """(transaction, to, from, amount): two postings a transaction, the accounts taken in turn so that
    every account has postings once there are as many postings as accounts."""
    for i in range(postings // 2):
        amount = f"{i % 997 + 1}.{i % 100:02d}"
        yield i, (2 * i + 1) % accounts, (2 * i) % accounts, amount


def write_journal(path: Path, accounts: int, postings: int) -> Path:
    """A ledger-cli/hledger journal of `accounts` accounts and `postings` postings."""
    day = date(2026, 1, 1)
    with open(path, "w", encoding="utf-8") as out:
        for i, to, source, amount in _postings(accounts, postings):
            out.write(f"{day + timedelta(days=i % 300):%Y-%m-%d} figure {i}\n"
                      f"    targets:area{to % AREAS}:t{to:04d}    {amount} CNY\n"
                      f"    targets:area{source % AREAS}:t{source:04d}    -{amount} CNY\n\n")
    return path


def write_beancount(path: Path, accounts: int, postings: int) -> Path:
    """The same transactions for beancount, which wants every account opened first."""
    day = date(2026, 1, 1)
    with open(path, "w", encoding="utf-8") as out:
        out.write('option "operating_currency" "CNY"\n\n')
        out.writelines(f"2025-12-31 open Assets:Area{n % AREAS}:T{n:04d}\n" for n in range(accounts))
        out.write("\n")
        for i, to, source, amount in _postings(accounts, postings):
            out.write(f'{day + timedelta(days=i % 300):%Y-%m-%d} * "figure {i}"\n'
                      f"  Assets:Area{to % AREAS}:T{to:04d}    {amount} CNY\n"
                      f"  Assets:Area{source % AREAS}:T{source:04d}    -{amount} CNY\n\n")
    return path


def write_import_table(path: Path, targets: int, rows: int) -> Path:
    """`rows` different figures (one per target and day) for a ledger of `targets` targets."""
    lines = []
    for i in range(rows):
        target, day = i % targets, (i // targets) % 320
        period = date(2026, 1, 1) + timedelta(days=day)
        lines.append(f"{target_id(target)},{(target + day) % 90 + 1},{period.isoformat()},day {day}\n")
    path.write_text("target,value,period,note\n" + "".join(lines), encoding="utf-8")
    return path
