"""Regular expressions compiled on first use, not at import.

Compiling the module-level patterns of the modules `kzt record` imports costs
several milliseconds a run, most of them for patterns the run never uses.
"""

from __future__ import annotations

import re
from typing import Any, cast


class _LazyPattern:
    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Behaves as `re.compile(pattern, flags)` (match, search, sub, pattern…), compiled when first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
