"""The cyclic garbage collector paused while a reader builds the rows and entries of many files.

Reading a large ledger makes hundreds of thousands of tuples, strings and dates, none of them in a
reference cycle; each collection of the young generation would scan them, and each full one all of
them again (a third of a warm `kzt status` at 5,000 targets × 200,000 figures). What the read made
is then frozen (`gc.freeze`, as the command line does with what its imports made) before the
collector runs again: otherwise its first young collection would scan all of it once more. Reference
counting still frees everything as usual, frozen or not; only a cycle among frozen objects would
wait for the process to end, and the rows and entries hold none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
