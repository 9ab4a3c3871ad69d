"""The write lock kzt takes itself (storage/write_lock.py), tried with real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kaizhou_targets.storage.write_lock import LockTimeout, WriteLock

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows uses the filelock package")

HOLD = """
import sys, time
from pathlib import Path
{how}
print("held", flush=True)
sys.stdin.readline()
"""
BY_KZT = ("from kaizhou_targets.storage.write_lock import WriteLock\n"
          "lock = WriteLock(Path(sys.argv[1]), 5)\nlock.acquire()")
BY_FILELOCK = "from filelock import FileLock\nlock = FileLock(sys.argv[1])\nlock.acquire()"


@pytest.mark.parametrize("how", [BY_KZT, BY_FILELOCK], ids=["kzt", "filelock"])
def test_a_lock_held_by_another_process_keeps_a_writer_out_until_it_is_let_go(tmp_path: Path, how: str) -> None:
    lock_file = tmp_path / ".lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD.format(how=how), str(lock_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        waiting = WriteLock(lock_file, timeout=0.3)
        started = time.monotonic()
        with pytest.raises(LockTimeout):
            waiting.acquire()
        assert time.monotonic() - started >= 0.3
    finally:
        holder.communicate("\n", timeout=30)
    lock = WriteLock(lock_file, timeout=5)
    lock.acquire()  # let go when the holder exits
    lock.release()
    again = WriteLock(lock_file, timeout=0.1)
    again.acquire()  # and released by release()
    again.release()


def test_a_new_lock_file_is_group_writable_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        lock = WriteLock(tmp_path / ".lock", timeout=1)
        lock.acquire()
        lock.release()
    finally:
        os.umask(old)
    assert (tmp_path / ".lock").stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize("hostile", ["folder", "loop"])
def test_a_lock_file_that_cannot_be_opened_raises_its_oserror(tmp_path: Path, hostile: str) -> None:
    lock_file = tmp_path / ".lock"
    if hostile == "folder":
        lock_file.mkdir()
    else:
        lock_file.symlink_to(".lock")
    with pytest.raises(OSError):
        WriteLock(lock_file, timeout=1).acquire()
