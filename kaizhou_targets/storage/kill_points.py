"""Named points where the fault tests kill kzt (SIGKILL), to prove every step is recoverable.

`KZT_TEST_KILL_AT=<point>` in the environment makes kzt kill itself the moment it reaches that
point, as a power cut or `kill -9` would; `append:torn` makes the next append write half its bytes
first. Nothing happens without the variable (one dictionary look-up). The points:

    import:journalled   the import journal written, nothing appended yet
    import:appended     every figure of an import appended, the batch not yet committed
    import:first-file   the first file of an import appended, the others not
    rename:linked       kzt rename: the history linked under the new id, targets.toml not yet written
    rename:ledger       kzt rename: targets.toml written, the old name of the history not yet removed
    repair:quarantined  kzt repair: the lines copied into the quarantine, the file not yet rewritten
    append:torn         any append: half of its bytes written, then killed
"""

from __future__ import annotations

import os

ENV = "KZT_TEST_KILL_AT"


def reached(point: str) -> None:
    if os.environ.get(ENV) == point:
        die()


def die() -> None:
    import signal

    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))


def tears(point: str = "append:torn") -> bool:
    return os.environ.get(ENV) == point
