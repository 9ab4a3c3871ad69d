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


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def table_width(out: Console) -> int | None:
    """The width a table must fit: the terminal's, or $COLUMNS; a pipe or a file has no limit."""
    import os

    if out.is_terminal or os.environ.get("COLUMNS"):
        return out.width
    return None
