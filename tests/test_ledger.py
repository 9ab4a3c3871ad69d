"""The bundled ledger, its loading, validation and the commands that look at it."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kaizhou_targets.cli import cli
from kaizhou_targets.storage.ledger_file import bundled_ledger_path, load_ledger

from .conftest import REPO, invoke, run_kzt, snapshot

SEED = REPO / "seeds" / "004_552df92d5a075e63.txt"


def bundled() -> dict:
    return tomllib.loads((REPO / "targets.toml").read_text(encoding="utf-8"))


def by_id() -> dict[str, dict]:
    return {t["id"]: t for t in bundled()["target"]}


def test_bundled_ledger_verifies(runner: CliRunner) -> None:
    result = invoke(runner, "verify")
    assert result.exit_code == 0, result.output
    assert "197 个指标，全部检查通过" in result.stderr


def test_every_phrase_is_verbatim_in_the_report() -> None:
    report = SEED.read_text(encoding="utf-8")
    for target in bundled()["target"]:
        assert target["source"] in report, target["id"]
        if "baseline_source" in target:
            assert target["baseline_source"] in report, target["id"]


def test_every_number_of_a_target_appears_in_its_phrase() -> None:
    """A target value the phrase does not state would be invented."""
    for t in bundled()["target"]:
        for key in ("target", "increase", "steps"):
            if key in t and t["kind"] != "ceiling":
                number = f"{t[key]:g}"
                written = {number, {"10": "十", "4": "四"}.get(number, number)}
                assert any(w in t["source"] for w in written), (t["id"], key)
        if "step" in t:  # the size of one 台阶, in the unit: 百亿 = 100亿元
            assert {100: "百亿", 1000: "千亿"}[t["step"]] in t["source"] and t["unit"] == "亿元", t["id"]
        if "tolerance" in t:  # not the report's number: the note must say whose choice it is
            assert f"{t['tolerance']:g}" in t["note"] and "台账维护者选定" in t["note"], t["id"]
        if "baseline" in t and t["id"] != "water-quality-class":
            assert f"{t['baseline']:g}" in t["baseline_source"], t["id"]


def test_baselines_the_report_states() -> None:
    targets = by_id()
    assert (targets["port-throughput"]["baseline"], targets["port-throughput"]["target"]) == (270, 300)
    assert targets["jobs-new-urban"]["baseline"] == 7677
    assert targets["urbanization-rate"]["baseline"] == 54.6
    assert targets["urbanization-rate"]["target"] == 58.5
    ratio = targets["urban-rural-income-ratio"]
    assert (ratio["baseline"], ratio["target"], ratio["direction"]) == (2.01, 1.9, "down")
    assert targets["good-air-days"]["baseline"] == 346


def test_one_entry_per_indicator_in_a_shared_sentence() -> None:
    targets = by_id()
    loans = {k: targets[k]["target"] for k in ("tech-finance-loans", "inclusive-finance-loans",
                                                "green-finance-loans")}
    assert loans == {"tech-finance-loans": 50, "inclusive-finance-loans": 120, "green-finance-loans": 100}
    assert targets["urban-drinking-water-compliance"]["target"] == 100
    assert targets["rural-drinking-water-compliance"]["target"] == 92


def test_headline_targets_and_kinds() -> None:
    targets = by_id()
    assert targets["gdp-growth"]["kind"] == "growth" and targets["gdp-growth"]["target"] == 6
    assert targets["urban-unemployment-rate"]["kind"] == "ceiling"
    assert targets["forest-coverage"]["kind"] == "floor"
    assert targets["hanfeng-lake-resort"]["kind"] == "milestone"
    assert targets["income-growth"]["relative_to"] == "gdp-growth"
    assert "target" not in targets["carbon-intensity"]  # set later by the city: never guessed
    areas = [t["area"] for t in bundled()["target"]]
    assert len(areas) >= 100
    # Grouped in the report's order.
    order = list(dict.fromkeys(areas))
    assert order == ["主要目标", "区域协同", "工业", "内需", "改革", "开放", "城市", "乡村", "生态",
                     "文化", "民生", "十五五"]


def corrupt(ledger: Path, old: str, new: str) -> None:
    text = ledger.read_text(encoding="utf-8")
    assert old in text
    ledger.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_phrase_not_in_report_fails_with_file_and_line(runner: CliRunner, ledger: Path) -> None:
    corrupt(ledger, 'source = "城镇新增就业7300人"', 'source = "城镇新增就业7400人"')
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 1
    header = line_of(ledger, 'id = "jobs-new-urban"') - 1
    assert f"{ledger}:{header}: jobs-new-urban：source 原话“城镇新增就业7400人”在" \
        in result.stderr
    assert "Traceback" not in result.output


def test_duplicate_id_names_both_lines(runner: CliRunner, ledger: Path) -> None:
    corrupt(ledger, 'id = "fixed-investment-growth"', 'id = "gdp-growth"')
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 1
    second = line_of(ledger, 'name = "固定资产投资增长"') - 1
    first = line_of(ledger, 'id = "gdp-growth"') - 1
    assert f"{ledger}:{second}: 编号“gdp-growth”重复（第 {first} 行已用过）" in result.stderr


def test_syntax_error_names_its_line(runner: CliRunner, ledger: Path) -> None:
    corrupt(ledger, "target = 7300", "target = = 7300")
    before = snapshot(ledger.parent)
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 1
    line = line_of(ledger, "target = = 7300")
    assert f"{ledger}:{line}：文件不是有效的 TOML" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(ledger.parent) == before


@pytest.mark.parametrize(("old", "new", "message"), [
    ('kind = "floor"', 'kind = "flor"', "未知的类型“flor”"),
    ("target = 7300\n", "", "cumulative 类指标需要数字形式的 `target`"),
    ('frequency = "monthly"', 'frequncy = "monthly"', "未知的键“frequncy”"),
    ("baseline_date = 2025-12-31", 'baseline_date = "yesterday"', "baseline_date 必须是日期"),
    ('target = 6\n', 'target = "6"\n', "target 必须是数字"),
    ('id = "port-throughput"', 'id = "Port Throughput"', "只能由小写英文字母、数字和连字符组成"),
])
def test_validation_problems(runner: CliRunner, ledger: Path, old: str, new: str, message: str) -> None:
    corrupt(ledger, old, new)
    result = invoke(runner, "-f", str(ledger), "verify")
    assert result.exit_code == 1
    assert message in result.stderr
    assert re.search(rf"{re.escape(str(ledger))}:\d+: ", result.stderr)


def test_other_commands_refuse_a_broken_ledger(runner: CliRunner, ledger: Path) -> None:
    corrupt(ledger, 'kind = "floor"', 'kind = "flor"')
    result = invoke(runner, "-f", str(ledger), "status")
    assert result.exit_code == 1
    assert "未知的类型“flor”" in result.stderr
    assert "kzt verify" in result.stderr


def test_loader_returns_targets_and_problems(ledger: Path) -> None:
    corrupt(ledger, 'kind = "floor"', 'kind = "flor"')
    loaded, problems = load_ledger(ledger)
    assert loaded is not None and len(loaded.targets) == 196
    assert [p.message.split("：")[0] for p in problems] == ["project-reserve"]


def test_choosing_the_ledger(runner: CliRunner, ledger: Path, isolated: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    from kaizhou_targets.storage.ledger_file import locate_ledger

    assert locate_ledger(None).how == "bundled"
    assert locate_ledger(None).path == bundled_ledger_path()
    (isolated / "targets.toml").write_bytes(ledger.read_bytes())
    assert locate_ledger(None).how == "./targets.toml"
    monkeypatch.setenv("KZT_FILE", str(ledger))
    assert locate_ledger(None).path == ledger
    assert locate_ledger("other.toml").path == Path("other.toml")


def test_init_writes_a_verifiable_copy_and_never_overwrites(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = invoke(runner, "init", str(folder))
    assert result.exit_code == 0
    assert (folder / "targets.toml").read_bytes() == (REPO / "targets.toml").read_bytes()
    assert (folder / "seeds" / SEED.name).read_bytes() == SEED.read_bytes()
    assert invoke(runner, "-f", str(folder / "targets.toml"), "verify").exit_code == 0
    again = invoke(runner, "init", str(folder))
    assert again.exit_code == 1
    assert "已经存在" in again.stderr


def test_targets_json_keys_and_filters(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "targets", "--json").stdout)
    assert len(data) == 197
    keys = {"id", "name", "area", "kind", "direction", "target", "unit", "qualifier", "deadline", "baseline",
            "source"}
    assert keys <= set(data[0])
    port = next(d for d in data if d["id"] == "port-throughput")
    assert (port["target"], port["unit"], port["baseline"], port["source"]) == (
        300, "万吨", 270, "力争港口货物吞吐量突破300万吨")
    ecology = json.loads(invoke(runner, "targets", "--area", "生态", "--json").stdout)
    assert {d["area"] for d in ecology} == {"生态"} and len(ecology) == 11
    floors = json.loads(invoke(runner, "targets", "--kind", "floor", "--json").stdout)
    assert all(d["kind"] == "floor" for d in floors) and len(floors) == 9
    loans = json.loads(invoke(runner, "targets", "贷款余额", "--json").stdout)
    assert [d["id"] for d in loans][:3] == ["tech-finance-loans", "inclusive-finance-loans", "green-finance-loans"]


def test_targets_table_shows_names(runner: CliRunner) -> None:
    out = invoke(runner, "targets", "--area", "开放").stdout
    assert "港口货物吞吐量" in out and "300万吨 力争突破" in out
    assert out.strip().endswith("15 个目标")


def test_show_by_id_and_by_chinese_piece(runner: CliRunner) -> None:
    by_piece = invoke(runner, "show", "港口")
    assert by_piece.exit_code == 0
    assert "港口货物吞吐量  (port-throughput)" in by_piece.stdout
    assert "“力争港口货物吞吐量突破300万吨” — 004_552df92d5a075e63.txt" in by_piece.stdout
    assert "270万吨 (2025-12-31) — “货物吞吐量突破270万吨”" in by_piece.stdout
    assert invoke(runner, "show", "port-throughput").stdout == by_piece.stdout


def test_show_ambiguous_lists_candidates(runner: CliRunner) -> None:
    result = invoke(runner, "show", "贷款")
    assert result.exit_code == 2
    assert "“贷款”匹配 7 个指标" in result.stderr
    assert "tech-finance-loans" in result.stderr and "startup-guarantee-loans" in result.stderr


def test_show_unknown_suggests_nearest(runner: CliRunner) -> None:
    result = invoke(runner, "show", "port-thruput")
    assert result.exit_code == 2
    assert "没有与“port-thruput”匹配的指标。您是不是要找 port-throughput（港口货物吞吐量）" in result.stderr


def _commands(group=cli, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):  # `kzt year add`, `kzt year list`
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands()], ids=lambda p: " ".join(p))
def test_every_command_has_a_summary_and_an_example(runner: CliRunner, path: tuple[str, ...]) -> None:
    command = cli.commands[path[0]]
    for name in path[1:]:
        command = command.commands[name]
    assert command.help and command.help.strip().splitlines()[0].endswith("。")
    assert command.short_help and len(command.short_help) <= 60
    listing = invoke(runner, *path[:-1], "--help").stdout
    if not command.hidden:  # a hidden command (the merge driver git runs) is left out of the listing
        assert f"  {path[-1]} " in listing and command.short_help in listing
    result = invoke(runner, *path, "--help")
    assert result.exit_code == 0
    assert "示例：" in result.stdout and "kzt " in result.stdout.split("示例：")[1]
    english = invoke(runner, "--lang", "en", *path, "--help")
    assert "Example:" in english.stdout and "kzt " in english.stdout.split("Example:")[1]


def test_runs_as_a_module_from_any_folder(tmp_path: Path) -> None:
    result = run_kzt("targets", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 197


def test_target_completion_through_click(tmp_path: Path) -> None:
    result = run_kzt(env={"_KZT_COMPLETE": "bash_complete", "COMP_WORDS": "kzt show port-",
                          "COMP_CWORD": "2"}, cwd=tmp_path)
    assert "plain,port-throughput" in result.stdout.split()
    result = run_kzt(env={"_KZT_COMPLETE": "zsh_complete", "COMP_WORDS": "kzt show 港口",
                          "COMP_CWORD": "2"}, cwd=tmp_path)
    assert "port-throughput" in result.stdout and "港口货物吞吐量" in result.stdout


def test_unknown_chinese_piece_suggests_the_longest_shared_run_first(runner: CliRunner) -> None:
    result = invoke(runner, "show", "就业工作")
    assert result.exit_code == 2
    assert "没有与“就业工作”匹配的指标。您是不是要找 jobs-new-urban（城镇新增就业）" in result.stderr
