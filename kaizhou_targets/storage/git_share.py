"""Sharing a ledger between offices through git.

`kzt init` writes two files beside targets.toml:
  .gitignore      what each clone makes for itself (the cache, the lock, the
                  journal, temporary files): never committed, never merged.
  .gitattributes  figures/*.toml merge with `merge=union` — git's built-in
                  line union, which works in every clone because the figures
                  files hold one entry per line — and targets.toml with the
                  normal text merge (a person resolves what conflicts there).
`kzt git-setup` registers the precise driver, `python -I -m kaizhou_targets merge-figures %O %A %B`
(storage/figures_merge.py), in the clone's own config and points
figures/*.toml at it in .git/info/attributes, which overrides .gitattributes
for that clone only: clones that never ran it still merge by union.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import KztError, LedgerError
from ..i18n import _
from .figures_merge import merge_figures_texts
from .output import write_atomically
from .text import decode

DRIVER_NAME = "kzt-figures"
GITIGNORE_NAME = ".gitignore"
GITATTRIBUTES_NAME = ".gitattributes"
IGNORED_PATTERNS = ("figures/.cache/", "figures/.lock", "figures/.journal*", "*.tmp")
UNION_ATTRIBUTES = ("figures/*.toml text eol=lf merge=union",
                    "figures/quarantine/*.toml text eol=lf merge=union",
                    "targets.toml merge=text")
GIT_TIMEOUT_SECONDS = 60


def _gitignore_comment() -> str:
    return _("# kzt 为每个副本自己生成的文件（缓存、锁、日志、临时文件）：不提交，不合并。")


def _gitattributes_comment() -> str:
    return _("# 数据文件每行一条数据：两处追加的数据用 union 合并即可全部保留。"
             "运行 `kzt git-setup` 可在本副本改用更严格的合并程序 kzt merge-figures。\n"
             "# targets.toml 是人工编辑的文件：用 git 普通的文本合并，冲突由人来解决。")


def _ensure_lines(path: Path, comment: str, lines: tuple[str, ...]) -> bool:
    """Add the lines `path` lacks (with the comment, once); True when it changed.
    A file the user already has keeps every line of its own."""
    existing = decode(path.read_bytes(), path) if path.exists() else ""
    present = {line.strip() for line in existing.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return False
    block = ([comment] if comment not in existing else []) + missing
    prefix = existing if not existing or existing.endswith("\n") else existing + "\n"
    write_atomically(path, prefix + "".join(line + "\n" for line in block))
    return True


def write_git_files(folder: Path) -> list[Path]:
    """Make a ledger folder ready for git (.gitignore, .gitattributes); the files changed."""
    changed = []
    if _ensure_lines(folder / GITIGNORE_NAME, _gitignore_comment(), IGNORED_PATTERNS):
        changed.append(folder / GITIGNORE_NAME)
    if _ensure_lines(folder / GITATTRIBUTES_NAME, _gitattributes_comment(), UNION_ATTRIBUTES):
        changed.append(folder / GITATTRIBUTES_NAME)
    return changed


# ── the clone's own git configuration ─────────────────────────────────────

def _git_program() -> str:
    program = shutil.which("git")
    if program is None:
        raise KztError(_("找不到 git 程序：请先安装 git（Debian/Ubuntu：apt-get install git；"
                         "Windows：安装 Git for Windows），再运行 `kzt git-setup`；什么也没有改。"))
    return program


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_git_program(), "-C", str(folder), *args], capture_output=True, text=True,
                          timeout=GIT_TIMEOUT_SECONDS, check=False)


# The environment variables through which a Python started by git could be made to import code it
# was not installed with: a path searched first, a file run at start, another user site. The fallback
# `kzt` (a script whose Python we do not know, so cannot start with -I) runs without them.
PYTHON_HOOK_VARIABLES = ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "PYTHONUSERBASE", "PYTHONINSPECT")


def driver_command() -> str:
    """The merge driver as git runs it (through sh): this Python and this kzt,
    whether or not `kzt` is on the PATH of whoever runs `git pull`; should
    this Python be gone (a virtual environment removed), the `kzt` on the PATH.
    git puts the file names in place of every %O %A %B and %P.

    git runs a driver at the top of the work tree, and that folder holds whatever any office
    committed to the shared repository. `python -m` would put it first on sys.path, so a committed
    `click.py` or `kaizhou_targets/` would run in every office's `git pull`. `-I` (isolated mode)
    leaves the current folder off sys.path and ignores every PYTHON* variable and the user's site
    folder (usercustomize); the fallback script starts with its own folder first on sys.path, and
    runs without the variables that could add another."""
    python = shlex.quote(sys.executable)
    arguments = "merge-figures %O %A %B %P"
    # `unset` is the shell's own (git's sh may find no `env` on a bare PATH).
    return (f"if [ -x {python} ]; then {python} -I -m kaizhou_targets {arguments}; "
            f"else unset {' '.join(PYTHON_HOOK_VARIABLES)}; PYTHONNOUSERSITE=1 PYTHONSAFEPATH=1 kzt {arguments}; fi")


@dataclass(frozen=True)
class GitSetup:
    toplevel: Path
    attributes_file: Path
    changed: tuple[str, ...]  # what was done, for the message; empty when all was in place


def setup_git(folder: Path) -> GitSetup:
    """Register the merge driver for the repository holding `folder` (idempotent)."""
    folder = folder.resolve()
    found = _git(folder, "rev-parse", "--show-toplevel", "--git-path", "info/attributes")
    if found.returncode != 0:
        raise KztError(_("{folder} 不在 git 仓库里，所以没有可登记的地方；什么也没有改。先把台账放进仓库"
                         "（在该目录运行 `git init`，或 `git clone` 共享仓库），再运行 `kzt git-setup`。").format(
            folder=folder))
    toplevel_text, attributes_text = found.stdout.splitlines()[:2]
    toplevel = Path(toplevel_text).resolve()
    attributes_file = Path(attributes_text)
    if not attributes_file.is_absolute():
        attributes_file = folder / attributes_file
    changed: list[str] = []
    wanted = {f"merge.{DRIVER_NAME}.name": _("kzt 数据文件：按条目编号合并，每条只保留一次"),
              f"merge.{DRIVER_NAME}.driver": driver_command()}
    for key, value in wanted.items():
        current = _git(folder, "config", "--local", "--get", key)
        # The name is only a label (in the language of whoever ran git-setup first): any one will do.
        if current.returncode == 0 and (current.stdout.rstrip("\n") == value or key.endswith(".name")):
            continue
        done = _git(folder, "config", "--local", key, value)
        if done.returncode != 0:
            raise KztError(_("git config 失败（{error}）；合并程序没有登记。").format(error=done.stderr.strip()))
        changed.append(f"git config {key}")
    # Patterns in info/attributes are relative to the top of the repository.
    relative = folder.relative_to(toplevel).as_posix()
    prefix = "" if relative == "." else relative + "/"
    line = f"{prefix}figures/*.toml merge={DRIVER_NAME}"
    attributes_file.parent.mkdir(parents=True, exist_ok=True)
    if _ensure_lines(attributes_file, _("# kzt git-setup：本副本用 kzt merge-figures 合并数据文件"), (line,)):
        changed.append(str(attributes_file))
    changed.extend(str(path) for path in write_git_files(folder))
    return GitSetup(toplevel, attributes_file, tuple(changed))


# ── the merge driver ──────────────────────────────────────────────────────

def merge_figure_files(base: Path, ours: Path, theirs: Path, name: str) -> None:
    """What git's %O %A %B become: the merge is written to `ours`. When it
    cannot be merged, `ours` gets the conflict between git-style markers (so
    every kzt command refuses the file until a person resolves it) and a
    KztError says what and how."""
    try:
        base_text, our_text, their_text = (decode(path.read_bytes(), path) for path in (base, ours, theirs))
        merged = merge_figures_texts(base_text, our_text, their_text, name=name)
    except LedgerError as error:
        _mark_text_conflict(base, ours, theirs)
        raise KztError(_("kzt merge-figures 无法合并 {name}：{reason} 文件已按 git 的方式标出冲突。"
                         "用编辑器保留两边的数据行、删除标记行，然后 `kzt verify`、`git add {name}`。").format(
            name=name, reason=error)) from None
    write_atomically(ours, merged.text)
    if not merged.clean:
        ids = ", ".join(conflict.entry_id for conflict in merged.conflicts)
        raise KztError(_("kzt merge-figures 无法合并 {name}：条目 {ids} 两边内容不同（或一边改了、另一边移走了），"
                         "已在文件中用冲突标记标出。保留正确的那一行、删除标记行，然后 `kzt verify`、"
                         "`git add {name}`。").format(name=name, ids=ids))


def _mark_text_conflict(base: Path, ours: Path, theirs: Path) -> None:
    """Git's own line merge, markers and all, for a file the driver cannot read by entry."""
    program = shutil.which("git")
    if program is None:
        return  # `ours` stays as it was; git still records the path as conflicted
    subprocess.run([program, "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                    str(ours), str(base), str(theirs)], capture_output=True, timeout=GIT_TIMEOUT_SECONDS,
                   check=False)
