"""Which target an indicator named in a statistics sheet is: the 统计局 writes full names
(规模以上工业增加值, 社会消费品零售总额), the ledger the report's short ones (规上工业增加值增长).

The matching itself is core/indicator_names.py's (`match_name`: keys that ignore width, spacing
and punctuation, read the real abbreviations — 规上, 社零, 新增就业 … — in full, and score each
target by its name and the phrases of its sources; "matched" only for one clear winner). This
module adds what a sheet's cell needs first: its numbering (一、 （二） 1.), a 其中：, and a bracketed
unit (（亿元）, （%）) set aside; and it asks the question per kind of figure, so that one row can
feed a total and its growth (社会消费品零售总额 → the 累计 target from the amount column and the 增长
target from the growth column) without the two counting as rivals.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from .indicator_names import Candidate, NameMatch, Scored, match_name
from .model import Target

_NUMBERING = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]{1,3}[)）.、．]|[#＃*]+|其中[:：]?|[:：])+")
_BRACKETED = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")


def row_name(text: str) -> str:
    """A sheet's indicator cell as a name: '  （一）其中：规模以上工业增加值（亿元）' → '规模以上工业增加值'."""
    name = "".join(unicodedata.normalize("NFKC", text).split())
    return _BRACKETED.sub("", _NUMBERING.sub("", name))


def candidate(target: Target) -> Candidate:
    """A target as the matcher knows it: its name first, then the report's phrases for it."""
    return Candidate(target.id, (target.name, *(p for p in (target.source, target.baseline_source) if p)))


class IndicatorNames:
    """The ledger's targets as candidates of the name matcher (built once per import)."""

    def __init__(self, targets: Sequence[Target]) -> None:
        self.by_id = {t.id: t for t in targets}
        self.candidates = {t.id: candidate(t) for t in targets}

    def match(self, name: str, among: Sequence[Target] | None = None) -> NameMatch:
        """The verdict on a sheet's name among `among` (default: every target). A cell that is a
        target's id is that target."""
        cleaned = row_name(name)
        pool = list(among) if among is not None else list(self.by_id.values())
        exact = [t for t in pool if t.id == cleaned.lower()]
        if exact:
            hit = Scored(exact[0].id, 1.0, exact[0].id)
            return NameMatch("matched", hit, (hit,))
        if not cleaned:
            return NameMatch("unmatched", None, ())
        return match_name(cleaned, [self.candidates[t.id] for t in pool])

    def target(self, scored: Scored) -> Target:
        return self.by_id[scored.id]
