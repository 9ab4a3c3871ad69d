"""kaizhou-targets: a command-line ledger of plan targets (目标任务台账)."""

import gc as _gc
import sys as _sys

__version__ = "0.1.0"

PROGRAM_NAMES = ("kzt", "kaizhou-targets")


def _started_as_program() -> bool:
    """Whether this process is the `kzt` program: its script, or `python -m kaizhou_targets` (argv[0]
    is "-m" while the package is imported). Not when kzt is imported as a library or by tests."""
    argv = getattr(_sys, "argv", None) or [""]
    name = argv[0].replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe").removesuffix("-script.py")
    return argv[0] == "-m" or name in PROGRAM_NAMES


if _started_as_program():
    # The imports that start a run (click, kzt's modules) build tens of thousands of objects and free
    # almost none; Python's default, a collection every 700 new objects, scans them again and again:
    # ~3 ms of every run. cli.main() keeps this threshold for the run (see there).
    _gc.set_threshold(50_000, 20, 20)
