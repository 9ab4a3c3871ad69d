"""Posting to work-chat robots: a real HTTP server on 127.0.0.1 receives what kzt sends."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.app.notify import robot_from_host
from kaizhou_targets.render.chat import cut_to, fits_bytes

from .conftest import REPO, invoke, run_kzt

NAME = "开州区2026年政府工作报告目标任务"
ALERT_LINES = [
    f"【{NAME}】目标预警 2026-10-08",
    "2项需关注：🔴2项 🟡0项",
    "1. 🔴 港口货物吞吐量：完成全年目标的33.3%，慢于序时进度41.7个百分点",
    "2. 🔴 城镇新增就业：完成全年目标的41.1%，慢于序时进度33.9个百分点",
]
ALERT_TEXT = "\n".join(ALERT_LINES)
EXPECTED_BODIES = {
    "wecom": {"msgtype": "markdown", "markdown": {"content": ALERT_TEXT}},
    "wecom-text": {"msgtype": "text", "text": {"content": ALERT_TEXT}},
    "dingtalk": {"msgtype": "markdown", "markdown": {"title": ALERT_LINES[0], "text": "  \n".join(ALERT_LINES)}},
    "feishu": {"msg_type": "post", "content": {"post": {"zh_cn": {
        "title": ALERT_LINES[0], "content": [[{"tag": "text", "text": line}] for line in ALERT_LINES[1:]]}}}},
    "feishu-text": {"msg_type": "text", "content": {"text": ALERT_TEXT}},
}


@dataclass
class Robot:
    """What the fake robot received, and what it answers."""

    url: str
    requests: list[tuple[str, dict, str]] = field(default_factory=list)  # path, JSON body, content type
    status: int = 200
    answer: dict = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def robot(monkeypatch: pytest.MonkeyPatch) -> Iterator[Robot]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    state = Robot(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            state.requests.append((self.path, body, self.headers.get("Content-Type", "")))
            payload = json.dumps(state.answer).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/cgi-bin/webhook/send?key=TEST"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def lagging(runner: CliRunner, ledger: Path) -> Path:
    """The bundled ledger with two figures far behind 序时进度: two red alerts."""
    for target, value in (("就业", "3000"), ("港口", "100万吨")):
        assert invoke(runner, "-f", str(ledger), "record", target, value, "--as-of", "1-9月").exit_code == 0
    return ledger


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/send"  # nothing listens there any more


@pytest.mark.parametrize("robot_format", sorted(EXPECTED_BODIES))
def test_check_posts_the_exact_body_of_each_robot(runner: CliRunner, lagging: Path, robot: Robot,
                                                  robot_format: str) -> None:
    plain = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red")
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify", robot.url,
                    "--notify-format", robot_format)
    assert result.exit_code == plain.exit_code == 2
    assert result.stdout == plain.stdout and result.stderr == ""
    assert len(robot.requests) == 1
    path, body, content_type = robot.requests[0]
    assert body == EXPECTED_BODIES[robot_format]
    assert path == "/cgi-bin/webhook/send?key=TEST" and content_type.startswith("application/json")


def test_a_silent_check_posts_nothing(runner: CliRunner, ledger: Path, robot: Robot) -> None:
    result = invoke(runner, "-f", str(ledger), "check", "--fail-on", "red", "--notify", robot.url,
                    "--notify-format", "wecom")
    assert result.exit_code == 0 and result.output == ""
    assert robot.requests == []


def test_a_refused_post_keeps_the_exit_code_and_says_one_line(runner: CliRunner, lagging: Path) -> None:
    url = closed_port_url()
    result = run_kzt("-f", str(lagging), "check", "--fail-on", "red", "--notify", url, "--notify-format", "wecom")
    assert result.returncode == 2
    assert "CRITICAL" in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "推送到企业微信机器人（127.0.0.1）失败：无法连接" in lines[0] and "退出码 2" in lines[0]
    assert "Traceback" not in result.stderr and "key=" not in result.stderr
    quiet = run_kzt("-f", str(lagging), "check", "--fail-on", "red", "--quiet", "--notify", url,
                    "--notify-format", "dingtalk")
    assert quiet.returncode == 2 and quiet.stdout == "" and len(quiet.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("status", "answer", "said"), [
    (500, {"error": "boom"}, "HTTP 500"),
    (200, {"errcode": 93000, "errmsg": "invalid webhook url"}, "错误 93000 invalid webhook url"),
    (200, {"code": 19021, "msg": "sign match fail"}, "错误 19021 sign match fail"),
])
def test_a_robot_that_refuses_keeps_the_exit_code(runner: CliRunner, lagging: Path, robot: Robot, status: int,
                                                 answer: dict, said: str) -> None:
    robot.status, robot.answer = status, answer
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify", robot.url,
                    "--notify-format", "feishu")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and said in result.stderr
    assert "key=TEST" not in result.stderr


def test_ledger_names_the_variable_that_holds_the_url(runner: CliRunner, lagging: Path, robot: Robot,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    with open(lagging, "a", encoding="utf-8") as handle:
        handle.write('\n[settings.notify]\nurl_env = "KZT_TEST_WEBHOOK"\nformat = "wecom-text"\n'
                     'full_report = "共享盘/周报"\n')
    missing = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify")
    assert missing.exit_code == 2 and "KZT_TEST_WEBHOOK 没有设置" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and robot.requests == []
    monkeypatch.setenv("KZT_TEST_WEBHOOK", robot.url)
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify")
    assert result.exit_code == 2 and result.stderr == ""
    assert robot.requests[0][1] == EXPECTED_BODIES["wecom-text"]


def test_the_url_itself_is_refused_in_the_ledger(runner: CliRunner, ledger: Path) -> None:
    with open(ledger, "a", encoding="utf-8") as handle:
        handle.write('\n[settings.notify]\nurl = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET"\n')
    for command in ("status", "verify"):
        result = invoke(runner, "-f", str(ledger), command)
        assert result.exit_code != 0
        assert "[settings.notify] 不能写机器人地址本身（url）" in result.output


def test_dingtalk_signed_secret(runner: CliRunner, lagging: Path, robot: Robot,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KZT_NOTIFY_SECRET", "SEC-test")
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify", robot.url,
                    "--notify-format", "dingtalk")
    assert result.exit_code == 2 and result.stderr == ""
    path, body, _ = robot.requests[0]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    assert query["key"] == ["TEST"]
    stamp = query["timestamp"][0]
    digest = hmac.new(b"SEC-test", f"{stamp}\nSEC-test".encode(), hashlib.sha256).digest()
    assert query["sign"] == [base64.b64encode(digest).decode()]
    assert body == EXPECTED_BODIES["dingtalk"]


def test_a_long_report_is_cut_within_the_robot_limit(runner: CliRunner, robot: Robot, tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples", tmp_path / "examples", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    example = tmp_path / "examples" / "targets.toml"
    for robot_format, limit in (("wecom-text", 2048), ("wecom", 4096), ("dingtalk", 4096)):
        robot.requests.clear()
        result = invoke(runner, "-f", str(example), "report", "--as-of", "2026-11-22", "--notify", robot.url,
                        "--notify-format", robot_format)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""  # posting was the whole job
        body = robot.requests[0][1]
        carried = body[body["msgtype"]]
        assert len(carried.get("content", carried.get("text", "")).encode("utf-8")) <= limit
        content = carried.get("content") or carried["text"].replace("  \n", "\n")
        assert content.startswith(f"【{NAME}】目标任务周报\n统计区间：2026-11-16至2026-11-22\n【总体情况】🔴")
        last = content.splitlines()[-1]
        assert last.startswith("完整报告另有") and last.endswith("项，见kzt report")
        assert "**" not in content and "#" not in content  # plain text: no Markdown syntax
    text = invoke(runner, "-f", str(example), "report", "--as-of", "2026-11-22", "--format", "text").stdout
    assert len(text) <= 1501 and "【落后指标（按严重程度）】\n1. 🔴 " in text


def test_cut_to_keeps_whole_lines_and_says_where_the_rest_is() -> None:
    text = "\n".join(f"{n}. 第{n}行" + "很长" * 30 for n in range(1, 40))
    cut = cut_to(text, fits_bytes(600), "共享盘/周报")
    assert len(cut.encode("utf-8")) <= 600 and cut.endswith("\n……完整报告见共享盘/周报")
    assert all(line in text.splitlines() for line in cut.splitlines()[:-1])
    single = cut_to("很" * 1000, fits_bytes(100), "")
    assert len(single.encode("utf-8")) <= 100 and single.endswith("……完整报告见kzt report")


def test_a_failed_report_post_is_an_error_of_the_report(runner: CliRunner, ledger: Path) -> None:
    result = invoke(runner, "-f", str(ledger), "report", "--notify", closed_port_url(), "--notify-format", "feishu")
    assert result.exit_code == 1 and "推送到飞书机器人（127.0.0.1）失败" in result.stderr


def test_robot_from_the_url_host() -> None:
    assert robot_from_host("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x") == "wecom"
    assert robot_from_host("https://oapi.dingtalk.com/robot/send?access_token=x") == "dingtalk"
    assert robot_from_host("https://open.feishu.cn/open-apis/bot/v2/hook/x") == "feishu"
    assert robot_from_host("https://example.org/hook") is None


def test_unknown_host_needs_a_format(runner: CliRunner, lagging: Path, robot: Robot) -> None:
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify", robot.url)
    assert result.exit_code == 2 and "--notify-format" in result.stderr and robot.requests == []


def test_feishu_signed_secret_from_the_ledger_variable(runner: CliRunner, lagging: Path, robot: Robot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with open(lagging, "a", encoding="utf-8") as handle:
        handle.write('\n[settings.notify]\nurl_env = "KZT_TEST_WEBHOOK"\nsecret_env = "KZT_TEST_SECRET"\n'
                     'format = "feishu-text"\n')
    monkeypatch.setenv("KZT_TEST_WEBHOOK", robot.url)
    monkeypatch.setenv("KZT_TEST_SECRET", "fs-secret")
    result = invoke(runner, "-f", str(lagging), "check", "--fail-on", "red", "--notify")
    assert result.exit_code == 2 and result.stderr == ""
    body = robot.requests[0][1]
    stamp = body.pop("timestamp")
    key = f"{stamp}\nfs-secret".encode()
    assert body.pop("sign") == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert body == EXPECTED_BODIES["feishu-text"]


def test_a_check_that_cannot_run_says_so_in_the_chat(runner: CliRunner, ledger: Path, robot: Robot) -> None:
    ledger.write_text(ledger.read_text(encoding="utf-8") + "\n[[target]]\nid = 1\n", encoding="utf-8")
    result = invoke(runner, "-f", str(ledger), "check", "--notify", robot.url, "--notify-format", "wecom-text")
    assert result.exit_code == 3
    text = robot.requests[0][1]["text"]["content"]
    assert text.startswith("【目标预警】无法完成检查：") and str(ledger) in text
