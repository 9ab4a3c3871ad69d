"""The rich console kzt prints through, the width a table must fit, and the progress bar on stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console


@contextmanager
def progress_bar(total: int, description: str, show: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when `show`; otherwise a silent counter."""
    if not show:
        yield lambda n: None
        return
    from rich.progress import Progress as Bar

    with Bar(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.advance(task, n)


class KztConsole(Console):
    """rich's console, but a reader that stops reading (`kzt targets | head`) is not a failure."""

    def on_broken_pipe(self) -> None:
        # rich's own answer is SystemExit(1); cli.py ends the run with 0, as for a plain write.
        self.quiet = True
        raise BrokenPipeError


# A pipe or a file has no width limit (README: `kzt status > s.txt` keeps every column): rich would
# otherwise lay a piped table out at 80 columns and break every name that does not fit.
UNLIMITED = 10_000


def console(stderr: bool = False) -> Console:
    import os
    import sys

    stream = sys.stderr if stderr else sys.stdout
    try:
        piped = not stream.isatty()
    except (AttributeError, ValueError):
        piped = True
    forced = os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE") == "1"
    width = UNLIMITED if piped and not forced and not os.environ.get("COLUMNS") else None
    return KztConsole(stderr=stderr, highlight=False, soft_wrap=False, width=width)


def table_width(out: Console) -> int | None:
    """The width a table must fit: the terminal's, or $COLUMNS; a pipe or a file has no limit."""
    import os

    if out.is_terminal or os.environ.get("COLUMNS"):
        return out.width
    return None
