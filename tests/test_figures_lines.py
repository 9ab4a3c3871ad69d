"""The fast reader of figures files (storage/figures_lines.py) gives what the TOML parser gives, or nothing.

Hypothesis writes figures files the way kzt does (figures_format.serialize of any entry: any text in
the strings, escapes and all, withdrawals, revisions, import batches), then damages them the way
hands and crashes do — a character changed, inserted or removed anywhere, a line cut, repeated,
CRLF ends, a leading space — and holds the two readers to one rule: whenever the fast reader returns
rows, they are exactly the rows the TOML parser returns, and the parser found nothing wrong.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kaizhou_targets.core.model import Entry
from kaizhou_targets.storage.figures_format import header, parse, parse_toml, serialize
from kaizhou_targets.storage.figures_lines import fast_rows

PATH = Path("figures/port-throughput.toml")
TARGET = "port-throughput"

texts = st.text(st.characters(codec="utf-8"), max_size=12)
offsets = st.sampled_from([timezone(timedelta(hours=8)), UTC, timezone(timedelta(hours=-5, minutes=-30))])
stamps = st.builds(lambda day, seconds, micro, zone: datetime.combine(day, datetime.min.time(), zone)
                   + timedelta(seconds=seconds, microseconds=micro),
                   st.dates(date(2020, 1, 1), date(2031, 12, 31)), st.integers(0, 86_399),
                   st.sampled_from([0, 1, 123456, 999999]), offsets)
values = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6).map(float))
INSERTS = [" ", "\\", '"', ",", "0", "\n", "#", "\x01", "=", "}"]
ids = st.from_regex(r"[0-9A-Za-z_-]{1,24}", fullmatch=True)


@st.composite
def entries(draw: st.DrawFn) -> tuple[Entry, str]:
    withdraws = draw(st.one_of(st.just(""), ids))
    as_of = draw(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2031, 12, 31)))) if withdraws else \
        draw(st.dates(date(2020, 1, 1), date(2031, 12, 31)))
    value = draw(st.one_of(st.none(), values)) if withdraws else draw(values)
    entry = Entry(draw(ids), TARGET, draw(stamps), as_of, value, draw(texts), draw(texts), draw(texts), draw(texts),
                  withdraws, draw(st.one_of(st.none(), st.just(""), ids)))
    return entry, draw(st.one_of(st.just(""), ids))


def files(draw: st.DrawFn) -> str:
    written = draw(st.lists(entries(), max_size=6, unique_by=lambda pair: pair[0].id))
    return header(TARGET) + "".join(serialize(entry, batch) for entry, batch in written)


@st.composite
def sound_files(draw: st.DrawFn) -> str:
    return files(draw)


@st.composite
def damaged_files(draw: st.DrawFn) -> str:
    text = files(draw)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["change", "insert", "delete", "cut", "repeat", "crlf", "indent", "swap"]))
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        lines = text.split("\n")
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        if kind == "change" and text:
            text = text[:at] + draw(st.characters(codec="utf-8")) + text[at + 1:]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + 1:]
        elif kind == "cut":
            text = text[:at]
        elif kind == "repeat":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif kind == "crlf":
            text = text.replace("\n", "\r\n")
        elif kind == "indent":
            lines[line] = " " + lines[line]
            text = "\n".join(lines)
        else:
            lines[line] = lines[line].replace(", by = ", ", note = ", 1)
            text = "\n".join(lines)
    return text


@settings(max_examples=400, deadline=None)
@given(sound_files())
def test_every_file_kzt_writes_is_read_fast_and_as_the_toml_parser_reads_it(text: str) -> None:
    rows = fast_rows(text)
    expected = parse_toml(text, PATH)
    assert expected.problems == []
    assert rows is not None, text  # kzt's own lines never fall back to the slow reader
    assert rows == expected.rows
    assert parse(text, PATH) == expected


@settings(max_examples=1500, deadline=None)
@given(damaged_files())
def test_a_damaged_file_is_read_as_the_toml_parser_reads_it_or_left_to_it(text: str) -> None:
    rows = fast_rows(text)
    try:
        expected = parse_toml(text, PATH)
    except Exception as error:  # conflict markers, one id twice with two contents: the file is refused
        assert rows is None, (text, error)
        return
    if rows is not None:
        assert expected.problems == [] and rows == expected.rows, text


def test_the_forms_toml_reads_but_kzt_never_writes_are_left_to_the_parser() -> None:
    entry = Entry("a1", TARGET, datetime(2026, 9, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))),
                  date(2026, 8, 31), 250.0, "万吨", "张三", "", "250")
    line = serialize(entry)
    assert fast_rows(line) is not None
    variants = [
        line.replace("09:30:00+08:00", "09:30:00.000000+08:00"),  # TOML reads it; isoformat drops it
        line.replace("value = 250.0", "value = 250"),  # an integer: TOML's int, the same float, the same sum
        line.replace("value = 250.0", "value = 2_50.0"),
        line.replace("2026-08-31", "2026-02-30"),  # a day that does not exist
        line.replace("+08:00", "+24:00"),
        line.replace(" }\n", " } # 注释\n"),
        line.replace("{ ", "{  "),
        line.replace('unit = "万吨"', 'unit = "万\\u5428"'),  # an escape for the same text: still exact
    ]
    for text in variants:
        rows = fast_rows(text)
        try:
            expected = parse_toml(text, PATH)
        except Exception:
            assert rows is None
            continue
        assert rows is None or (rows == expected.rows and not expected.problems), text
    assert fast_rows(variants[0]) is None and fast_rows(variants[3]) is None
    assert fast_rows(variants[1]) == parse_toml(variants[1], PATH).rows == fast_rows(line)
    assert fast_rows(variants[-1]) == parse_toml(variants[-1], PATH).rows  # the escape undone, the sum checked


@settings(max_examples=300, deadline=None)
@given(entries())
def test_the_line_written_is_sealed_by_the_canonical_checksum_verify_and_the_merge_driver_use(
        pair: tuple[Entry, str]) -> None:
    # serialize builds the line and its canonical form in one pass; the merge driver and `kzt verify`
    # use canonical/entry_checksum over the fields the TOML parser reads back. The three must agree.
    import tomllib

    from kaizhou_targets.storage.figures_format import entry_checksum, entry_fields

    entry, batch = pair
    line = serialize(entry, batch)
    read = tomllib.loads(line)[entry.id]
    sealed = read.pop("sum")
    assert sealed == entry_checksum(entry.id, entry_fields(entry, batch)) == entry_checksum(entry.id, read)
