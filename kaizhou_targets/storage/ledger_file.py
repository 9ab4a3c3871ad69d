"""Finding, reading and copying the targets file and the reports it cites."""

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

from ..core.errors import KztError, LedgerError
from ..core.model import Ledger, Problem
from ..i18n import _
from .confined import inside, is_link
from .os_errors import reason
from .output import clean_temporary_files, write_atomically, write_new_file
from .text import parse_toml, read_text

ENV_FILE = "KZT_FILE"
LEDGER_NAME = "targets.toml"


class LedgerLocation(NamedTuple):
    path: Path
    bundled: bool
    how: str  # which rule chose it: --file, KZT_FILE, ./targets.toml, bundled


def bundled_ledger_path() -> Path:
    """The read-only copy shipped with the package.

    A wheel carries it as package data; a source checkout (an editable
    install, or running from the repository) has it at the top level.
    """
    # The package's own folder, as importlib.resources.files() gives it for an installed
    # package, without importing importlib.resources (a few ms on every command).
    packaged = Path(__file__).resolve().parents[1] / "data" / LEDGER_NAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / LEDGER_NAME


def locate_ledger(option: str | None, cwd: Path | None = None) -> LedgerLocation:
    """--file, then $KZT_FILE, then ./targets.toml, then the bundled copy."""
    if option:
        return LedgerLocation(_in_folder(Path(option), "--file"), False, "--file")
    env = os.environ.get(ENV_FILE)
    if env:
        return LedgerLocation(_in_folder(Path(env), ENV_FILE), False, ENV_FILE)
    here = (cwd or Path.cwd()) / LEDGER_NAME
    if here.is_file():
        bundled = here.resolve() == bundled_ledger_path().resolve()
        return LedgerLocation(here, bundled, "./targets.toml")
    return LedgerLocation(bundled_ledger_path(), True, "bundled")


def _in_folder(path: Path, how: str) -> Path:
    """A folder given as the ledger means the targets.toml in it."""
    if not path.is_dir():
        return path
    inside = path / LEDGER_NAME
    if inside.is_file():
        return inside
    raise LedgerError(_("{how} 指向文件夹 {folder}，但其中没有 {name}。请指向台账文件本身，或先在该文件夹运行 `kzt ini"
        "t`。").format(how=how, folder=path, name=LEDGER_NAME))


def load_ledger(path: Path) -> tuple[Ledger | None, list[Problem]]:
    """Read and validate a ledger; a file that cannot be parsed raises LedgerError.
    A clean ledger's parse is reused from the user's cache (storage/ledger_cache.py)."""
    from .ledger_cache import cached_build

    text = read_text(path)
    _loaded[os.path.realpath(path)] = text

    def build() -> tuple[Ledger | None, list[Problem]]:
        from ..core.validation import build_ledger  # only when the cache misses

        return build_ledger(parse_toml(text, path), str(path), text)

    return cached_build(path, text, build)


# The text of each targets file as this process loaded it: a writer under the lock compares it with
# the file now (names_target) instead of parsing it again.
_loaded: dict[str, str] = {}


def names_target(path: Path, target_id: str) -> bool:
    """Whether the targets file names `target_id` now (a writer asks under the lock: another kzt may have
    renamed the target since this one looked it up). Free when the file is as this process loaded it."""
    real = os.path.realpath(path)
    text = read_text(Path(real))
    if _loaded.get(real) == text:
        return True  # the target was looked up in exactly this text
    return target_id in declared_ids(Path(real))


def declared_ids(path: Path) -> set[str]:
    """Every id written in the file, the targets that failed validation included."""
    doc = parse_toml(read_text(path), path)
    entries = doc.get("target", [])
    if not isinstance(entries, list):
        return set()
    return {str(entry["id"]) for entry in entries if isinstance(entry, dict) and "id" in entry}


def load_ledger_strict(path: Path) -> Ledger:
    """A ledger good enough to work with, or a LedgerError listing its problems."""
    ledger, problems = load_ledger(path)
    errors = [p for p in problems if p.severity == "error"]
    if ledger is None or errors:
        listing = "\n".join(f"  {p}" for p in errors[:20])
        more = "\n  " + _("……另有 {count} 处").format(count=len(errors) - 20) if len(errors) > 20 else ""
        raise LedgerError(
            _("{path} 有 {count} 处问题；请在编辑器中改正（或运行 `kzt verify` 查看完整清单）后重新运行命令：").format(
                path=path, count=len(errors)) + f"\n{listing}{more}",
            errors,
        )
    return ledger


def sources_folder(ledger: Ledger) -> Path:
    return Path(os.path.realpath(ledger.path)).parent / ledger.sources_dir


def outside_sources(ledger: Ledger) -> list[Problem]:
    """The reports the ledger names that would lie outside its folder (`sources_dir = "/etc"`,
    `source_file = "../../.ssh/id_rsa"`): kzt reads none of them, and `kzt verify` says so."""
    root = Path(os.path.realpath(ledger.path)).parent
    folder = sources_folder(ledger)
    names = {t.source_file for t in ledger.targets if t.source_file} | set(ledger.year_sources.values())
    return [Problem(_("出处文件 {file}（sources_dir = {folder!r}）在台账文件夹 {root} 之外；"
                      "kzt 不读取台账文件夹以外的文件。请把报告放进台账文件夹（如 seeds/），"
                      "并相应改正 sources_dir 和 source_file。").format(
                file=name, folder=ledger.sources_dir, root=root), str(ledger.path))
            for name in sorted(names) if name and not inside(folder / name, root)]


def read_sources(ledger: Ledger) -> dict[str, str | None]:
    """The text of every seed file the ledger cites, None where missing — or outside the ledger's folder
    (outside_sources): a ledger another office committed must not make kzt read any file it names."""
    root = Path(os.path.realpath(ledger.path)).parent
    folder = sources_folder(ledger)
    texts: dict[str, str | None] = {}
    for name in {t.source_file for t in ledger.targets if t.source_file}:
        candidate = folder / name
        texts[name] = read_text(candidate) if inside(candidate, root) and candidate.is_file() else None
    return texts


def init_ledger(folder: Path, *, force: bool = False) -> Path:
    """Write a writable copy of the bundled ledger and its reports into `folder`,
    with the .gitignore and .gitattributes that let offices share it through git.
    Whole or absent: every file is written through an exclusive temporary file, and if any write
    fails (a full disk, no permission) every file and folder this init created is removed again."""
    from .git_share import write_git_files

    source = bundled_ledger_path()
    target = folder / LEDGER_NAME
    if os.path.lexists(target) and not force:
        raise LedgerError(_("{path} 已经存在；kzt 不会覆盖台账。请换一个文件夹；若确实要重新开始，先删除这个文件。")
                          .format(path=target))
    created: list[Path] = []
    folders: list[Path] = []
    git_files = [folder / ".gitignore", folder / ".gitattributes"]
    existing_git = {p for p in git_files if os.path.lexists(p)}
    try:
        _make_folder(folder, folders)
        seeds = source.parent / "seeds"
        if seeds.is_dir():
            destination = folder / "seeds"
            _make_folder(destination, folders)
            for report in sorted(seeds.iterdir()):
                if report.is_file():
                    _copy_whole(report, destination / report.name, created)
        clean_temporary_files(target)
        existed = os.path.lexists(target)
        write_atomically(target, source.read_bytes())
        if not existed:
            created.append(target)
        write_git_files(folder)
        created += [p for p in git_files if p not in existing_git and os.path.lexists(p)]
    except (OSError, KztError) as error:
        for path in reversed(created + [p for p in git_files if p not in existing_git]):
            with contextlib.suppress(OSError):
                path.unlink()
        for made in reversed(folders):
            with contextlib.suppress(OSError):
                made.rmdir()
        why = reason(error) if isinstance(error, OSError) else str(error)
        raise LedgerError(_("无法在 {folder} 中创建台账：{reason}。已经写下的文件都已删除，什么都没有留下。").format(
            folder=folder, reason=why)) from None
    return target


def _make_folder(folder: Path, made: list[Path]) -> None:
    missing = []
    for parent in [folder, *folder.parents]:
        if os.path.lexists(parent):
            break
        missing.append(parent)
    folder.mkdir(parents=True, exist_ok=True)
    made.extend(reversed(missing))


def _copy_whole(report: Path, destination: Path, created: list[Path]) -> None:
    """The report copied whole or not at all; a file already there with the same bytes is kept."""
    data = report.read_bytes()
    if os.path.lexists(destination):
        if not is_link(destination) and destination.read_bytes() == data:
            return
        write_atomically(destination, data)  # `kzt init --force`: refuses a link
        return
    write_new_file(destination, data)
    created.append(destination)


def refuse_bundled(location: LedgerLocation) -> None:
    if location.bundled:
        raise LedgerError(
            _("当前使用的是 kzt 自带的只读台账（{path}）。请用 `kzt init 目录` 复制一份可写的台账，然后在该目录中工作"
                "（cd 目录，或加 -f 目录/targets.toml，或设置 KZT_FILE）。").format(path=location.path)
        )
