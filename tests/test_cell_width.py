"""render/cell_width.py counts terminal cells as rich does, without rich for ASCII and Chinese text."""

from __future__ import annotations

import random

from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size

from kaizhou_targets.render import cell_width
from kaizhou_targets.render.cell_width import cell_len


def test_every_character_the_fast_path_counts_has_the_width_rich_gives_it() -> None:
    known = [chr(code) for code in range(0x110000) if cell_width.fast_cells(chr(code)) is not None]
    assert len(known) > 20_000  # the CJK block and full-width forms are in it
    wrong = [f"U+{ord(ch):04X}" for ch in known if cell_width.fast_cells(ch) != get_character_cell_size(ch)]
    assert wrong == []


def test_texts_of_every_kind_measure_as_rich_measures_them() -> None:
    samples = ["", "GDP", "⏰ ●████░░", "地区生产总值增长", "（6.5%左右）", "完成全年目标的83.3%，慢于序时进度",
               "“双千”工程——第1期…", "e\u0301", "〪〭",
               "👍🏽", "👨\u200d👩\u200d👧", "✈\ufe0f", "Ⅻ", "ｱｲｳ", "한국어", "\u200b", "a\tb",
               "\x1b[31m"]
    alphabet = "aZ9 ⏰●█░，。、：；（）《》【】“”—…·×℃％中文开州区" + "\u0301\u302a\u200d\ufe0f👍Ⅻ한"
    rng = random.Random(27)
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))) for _ in range(2000)]
    assert [cell_len(text) for text in samples] == [rich_cell_len(text) for text in samples]
