"""Indicator names and pasted phrases (kaizhou_targets/core/indicator_names.py): a phrase matches a
report ignoring only width and spacing, never another digit; a name matches the ledger's indicator
through its key and a few real abbreviations, and close calls are reported, never decided."""

from __future__ import annotations

import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.indicator_names import (
    Candidate,
    find_phrase,
    fold,
    match_name,
    name_key,
    phrase_occurs,
    phrase_stem,
    same_phrase,
    similarity,
)

from .conftest import REPO

REPORT = (REPO / "seeds" / "004_552df92d5a075e63.txt").read_text(encoding="utf-8")
LEDGER: list[dict[str, Any]] = tomllib.loads((REPO / "targets.toml").read_text(encoding="utf-8"))["target"]
CANDIDATES = [Candidate(t["id"], (t["name"], t["source"])) for t in LEDGER]
FULL_WIDTH = str.maketrans(",:()!;%", "，：（）！；％")


# ── phrases ───────────────────────────────────────────────────────────────────────────────────

def test_a_phrase_pasted_with_full_width_punctuation_is_found_and_the_report_quoted() -> None:
    typed = "城镇调查失业率控制在５．５％以内"
    found = find_phrase(typed, REPORT)
    assert found is not None
    assert found.text == "城镇调查失业率控制在5.5%以内" == REPORT[found.start:found.end]
    pasted = "靶向引进领军型人才（团队）1个、高层次人才200名"
    assert find_phrase(pasted, REPORT) is not None
    assert find_phrase(pasted, REPORT).text == "靶向引进领军型人才(团队)1个、高层次人才200名"  # type: ignore[union-attr]


def test_roman_numerals_match_their_letters_both_ways() -> None:
    assert phrase_occurs("确保辖区水质稳定保持III类", REPORT)
    assert phrase_occurs("确保辖区水质稳定保持Ⅲ类", "确保辖区水质稳定保持III类")
    assert not phrase_occurs("确保辖区水质稳定保持II类", REPORT)
    assert not phrase_occurs("II类", "水质稳定保持Ⅲ类")
    assert not phrase_occurs("水质稳定保持Ⅱ类", "水质稳定保持Ⅲ类")


def test_spacing_is_ignored_but_other_punctuation_is_not() -> None:
    assert phrase_occurs("城镇新增就业 7300 人", REPORT)
    assert phrase_occurs("城镇新增就业\u30007300人", REPORT)
    assert not phrase_occurs("新增规上工业企业25家，工业税收增长20%以上", REPORT)  # the report has 、
    assert not phrase_occurs('上线运行"AI+中药材产业"综合场景', REPORT)  # the report has “ ”
    assert not phrase_occurs("", REPORT) and not phrase_occurs("  ", REPORT)


def test_a_match_never_starts_or_ends_inside_a_number() -> None:
    assert not phrase_occurs("城镇新增就业730", REPORT)      # 7300人
    assert not phrase_occurs("300人", REPORT)               # 7300人
    assert not phrase_occurs("5%以内", "控制在5.5%以内")
    assert not phrase_occurs("增长1", "增长1.5%")
    assert not phrase_occurs("M2.5污染防治", "开展PM2.5污染防治")
    assert phrase_occurs("PM2.5污染防治", "开展PM2.5污染防治")


def test_every_ledger_source_is_found_also_pasted_in_full_width() -> None:
    for target in LEDGER:
        source = target["source"]
        wide = source.translate(FULL_WIDTH)
        for phrase in (source, wide):
            found = find_phrase(phrase, REPORT)
            assert found is not None, phrase
            assert found.text == source  # the report's own characters, whatever was typed
        assert same_phrase(source, wide)


def test_a_ledger_source_with_one_digit_changed_is_not_found() -> None:
    checked = 0
    for target in LEDGER:
        source = target["source"]
        digits = [i for i, ch in enumerate(source) if ch.isdigit()]
        if not digits:
            continue
        i = digits[0]
        changed = source[:i] + str((int(source[i]) + 1) % 10) + source[i + 1:]
        if changed in REPORT:
            continue
        checked += 1
        assert not phrase_occurs(changed, REPORT), changed
        assert not phrase_occurs(changed.translate(FULL_WIDTH), REPORT), changed
    assert checked > 80


# Text in the shape of a report: words, numbers with units, full-width and ASCII punctuation.
_WORDS = st.sampled_from(["地区生产总值增长", "城镇新增就业", "水质稳定保持", "力争", "突破", "以上", "左右", "以内",
                          "港口货物吞吐量", "GDP", "AI+", "PM", "率", "（含返乡创业）", "、", "，", ",", ":", "：",
                          "(", ")", "“", "”", "Ⅲ类", "III类", "Ⅱ类", "%", "％", ".", " ", "\u3000", "个百分点"])
_NUMBERS = st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,2})?", fullmatch=True)
_TEXT = st.lists(st.one_of(_WORDS, _NUMBERS), max_size=14).map("".join)
_ROMAN = {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV", "Ⅴ": "V"}


@st.composite
def _widened(draw: st.DrawFn, text: str) -> str:
    """The same text with its width and spacing changed at random: ASCII ↔ full width, Ⅲ ↔ III,
    blanks inserted."""
    out: list[str] = []
    for ch in text:
        choice = draw(st.integers(0, 3))
        if choice == 1 and "!" <= ch <= "~":
            ch = chr(ord(ch) + 0xFEE0)
        elif choice == 1 and "！" <= ch <= "～":
            ch = chr(ord(ch) - 0xFEE0)
        elif choice == 2 and ch in _ROMAN:
            ch = _ROMAN[ch]
        out.append(ch)
        if choice == 3:
            out.append(draw(st.sampled_from([" ", "\u3000", "\t"])))
    return "".join(out)


@settings(max_examples=200, deadline=None)
@given(st.data(), _TEXT, _TEXT)
def test_matching_is_the_same_whatever_the_width_and_spacing(data: st.DataObject, text: str, phrase: str) -> None:
    assert phrase_occurs(phrase, text) == phrase_occurs(data.draw(_widened(phrase)), data.draw(_widened(text)))
    found = find_phrase(phrase, text)
    if found is not None:
        assert text[found.start:found.end] == found.text
        assert fold(found.text) == fold(phrase)


_PIECE = st.tuples(st.sampled_from(["地区生产总值增长", "城镇新增就业", "吞吐量突破", "水质稳定保持"]), _NUMBERS,
                   st.sampled_from(["%", "人", "万吨", "个百分点", "以上", "，"]))


@settings(max_examples=200, deadline=None)
@given(st.data(), st.lists(_PIECE, min_size=1, max_size=6), st.integers(0, 5), st.integers(1, 5))
def test_a_piece_of_the_text_is_found_however_either_is_widened(data: st.DataObject, pieces: list, first: int,
                                                                  length: int) -> None:
    tokens = ["".join(p) for p in pieces]
    text = "".join(tokens)
    phrase = "".join(tokens[min(first, len(tokens) - 1):][:length])
    assert phrase_occurs(data.draw(_widened(phrase)), data.draw(_widened(text)))


@settings(max_examples=200, deadline=None)
@given(st.data(), _TEXT, st.integers(0, 9), st.text(alphabet="开州区港口城镇就业增长达", max_size=5))
def test_a_different_digit_never_matches(data: st.DataObject, phrase: str, shift: int, around: str) -> None:
    digits = [i for i, ch in enumerate(phrase) if ch.isdigit()]
    if not digits or shift == 0:
        return
    i = digits[len(digits) // 2]
    other = str((int(phrase[i]) + shift) % 10)
    other = data.draw(st.sampled_from([other, chr(ord(other) + 0xFEE0)]))
    changed = phrase[:i] + other + phrase[i + 1:]
    text = around + data.draw(_widened(phrase)) + around
    assert not phrase_occurs(changed, text)


@given(_NUMBERS, st.sampled_from("0123456789"))
def test_a_number_is_never_found_inside_a_longer_one(number: str, digit: str) -> None:
    assert not phrase_occurs(number + "人", "就业" + digit + number + "人")
    assert not phrase_occurs("就业" + number, "就业" + number + digit + "人")
    if "." not in number:
        assert not phrase_occurs(number + "%", "增长1." + number + "%")


# ── names ─────────────────────────────────────────────────────────────────────────────────────

def test_the_key_ignores_width_spacing_punctuation_and_reads_abbreviations_in_full() -> None:
    assert name_key("“开州金厨”授权店") == name_key("开州金厨授权店")
    assert name_key("引进领军型人才（团队）") == name_key("引进领军型人才(团队)")
    assert name_key("规上工业增加值增长") == name_key("规模以上工业增加值增长")
    assert name_key("社零总额增速") == name_key("社会消费品零售总额增长")
    assert name_key("新增就业") == name_key("城镇新增就业")
    assert name_key("固投") == name_key("固定资产投资")
    assert name_key("单位GDP碳排放") == name_key("单位地区生产总值碳排放")
    assert name_key("辖区水质 Ⅲ类") == name_key("辖区水质III类")


@given(st.data(), _TEXT)
def test_the_key_is_blind_to_width_and_spacing(data: st.DataObject, name: str) -> None:
    assert name_key(data.draw(_widened(name))) == name_key(name)


def test_a_phrase_stem_is_the_name_it_states() -> None:
    assert phrase_stem("力争港口货物吞吐量突破300万吨") == "港口货物吞吐量"
    assert phrase_stem("森林覆盖率稳定在56.5%以上") == "森林覆盖率"
    assert phrase_stem("确保辖区水质稳定保持Ⅲ类") == "辖区水质"
    assert phrase_stem("规上工业增加值增长6%") == name_key("规模以上工业增加值增长")


def test_every_ledger_name_matches_its_own_target() -> None:
    for target in LEDGER:
        verdict = match_name(target["name"], CANDIDATES)
        assert verdict.status == "matched" and verdict.best is not None, (target["id"], verdict)
        assert verdict.best.id == target["id"]


def test_names_from_a_new_report_or_a_sheet_find_the_ledgers_indicator() -> None:
    annual = [c for c, t in zip(CANDIDATES, LEDGER, strict=True) if str(t.get("period", 2026)) == "2026"]
    for name, expected in [
        ("规模以上工业增加值增长", "industry-value-added-growth"),   # report: 规模以上 for the ledger's 规上
        ("规模以上工业增加值", "industry-value-added-growth"),       # the 统计局's sheet: no 增长
        ("社会消费品零售总额", "retail-sales-growth"),
        ("社零增速", "retail-sales-growth"),
        ("新增就业", "jobs-new-urban"),
        ("城镇新增就业人数", "jobs-new-urban"),
        ("固投增长", "fixed-investment-growth"),
        ("港口吞吐量", "port-throughput"),
        ("外贸进出口总额", "foreign-trade-total"),
        ("城镇调查失业率", "urban-unemployment-rate"),
    ]:
        verdict = match_name(name, annual)
        assert verdict.status == "matched" and verdict.best is not None, (name, verdict)
        assert verdict.best.id == expected, (name, verdict)


def test_close_calls_and_strangers_are_reported_not_decided() -> None:
    both = match_name("金融贷款余额增长", CANDIDATES)
    assert both.status == "ambiguous" and both.best is None
    assert {"elderly-finance-loans-growth", "digital-finance-loans-growth"} <= {c.id for c in both.candidates[:2]}
    stranger = match_name("电影票房收入", CANDIDATES)
    assert stranger.status == "unmatched" and stranger.best is None
    twins = [Candidate("a", ("城镇新增就业",)), Candidate("b", ("新增就业",))]
    assert match_name("城镇新增就业", twins).status == "ambiguous"  # 新增就业 reads as 城镇新增就业


def test_similarity_orders_the_kinds_of_likeness() -> None:
    exact = similarity(name_key("城镇新增就业"), name_key("城镇新增就业"))
    growth = similarity(name_key("地区生产总值"), name_key("地区生产总值增长"))
    inside = similarity(name_key("货物吞吐量"), name_key("港口货物吞吐量"))
    apart = similarity(name_key("港口吞吐量"), name_key("港口货物吞吐量"))
    loose = similarity(name_key("新增规上工业企业"), name_key("规上工业增加值增长"))
    assert exact == 1 > growth > inside > apart > loose
    assert loose < 0.8
