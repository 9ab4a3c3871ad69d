"""Robots that never fail silently (issue 25.4) and messages whose ledger text is inert (issue 26.10):
a local HTTP server answers as a block page, a rate limit or a robot would, and kzt says so in one
line naming the host, never the key, keeping the check's own exit code."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from kaizhou_targets.app import notify

from .conftest import invoke, run_kzt

KEY = "SECRET-KEY-0f3a"
OK = (200, "application/json", json.dumps({"errcode": 0, "errmsg": "ok"}))
BLOCK_PAGE = (200, "text/html; charset=utf-8", "<html><body><h1>访问受限</h1>本网络禁止访问外部网站</body></html>")


@dataclass
class Server:
    """A fake robot: answers the queued replies in turn (the last one for ever after)."""

    url: str = ""
    replies: list[tuple[int, str, str]] = field(default_factory=lambda: [OK])
    bodies: list[dict] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.bodies.append(json.loads(self.rfile.read(length).decode("utf-8")))
            status, kind, text = state.replies.pop(0) if len(state.replies) > 1 else state.replies[0]
            payload = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in state.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{http.server_address[1]}/cgi-bin/webhook/send?key={KEY}"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield state
    http.shutdown()
    http.server_close()


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses kzt takes between tries, counted instead of waited."""
    taken: list[float] = []
    monkeypatch.setattr(notify, "_sleep", taken.append)
    return taken


@pytest.fixture
def lagging(runner: CliRunner, ledger: Path) -> Path:
    """Two figures far behind 序时进度: `kzt check --fail-on red` exits 2 (CRITICAL)."""
    for target, value in (("就业", "3000"), ("港口", "100万吨")):
        assert invoke(runner, "-f", str(ledger), "record", target, value, "--as-of", "1-9月").exit_code == 0
    return ledger


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and KEY not in stderr and "key=" not in stderr
    return lines[0]


def check(runner: CliRunner, ledger: Path, url: str, robot: str = "wecom", *more: str):
    return invoke(runner, "-f", str(ledger), "check", "--fail-on", "red", "--notify", url, "--notify-format", robot,
                  *more)


def test_an_html_page_with_200_is_not_a_delivery(runner: CliRunner, lagging: Path, server: Server) -> None:
    """A government network's block page answers 200 with HTML: kzt says it was not delivered."""
    server.replies = [BLOCK_PAGE]
    result = check(runner, lagging, server.url)
    assert result.exit_code == 2  # the check's own verdict: CRITICAL
    line = one_line(result.stderr)
    assert "推送到企业微信机器人（127.0.0.1）失败：答复不是机器人的 JSON" in line and "text/html" in line
    assert "退出码 2" in line
    report = invoke(runner, "-f", str(lagging), "report", "--notify", server.url, "--notify-format", "dingtalk")
    assert report.exit_code == 1
    assert "钉钉机器人（127.0.0.1）失败" in one_line(report.stderr)


@pytest.mark.parametrize("answer", ["", "{}", "[0]", '{"ok": true}', '{"errcode": 0, "code": 310000}'])
def test_an_answer_without_the_robots_success_is_a_failure(runner: CliRunner, lagging: Path, server: Server,
                                                           answer: str) -> None:
    server.replies = [(200, "application/json", answer)]
    result = check(runner, lagging, server.url, "feishu")
    assert result.exit_code == 2
    assert "推送到飞书机器人（127.0.0.1）失败" in one_line(result.stderr)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/cgi-bin/webhook/send?key=SECRET-KEY-0f3a ",      # a trailing space is stripped: refused
    "http://127.0.0.1:9/cgi-bin/webhook/send?key=SECRET -KEY-0f3a",     # a space inside
    "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET-KEY-0f3a",     # no scheme
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRET\tKEY-0f3a",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=密钥SECRET-KEY-0f3a",
    "https://qyapi.weixin.qq.com:99999/cgi-bin/webhook/send?key=SECRET-KEY-0f3a",
])
def test_a_bad_url_is_one_line_without_the_key_and_the_check_keeps_its_code(lagging: Path, url: str) -> None:
    result = run_kzt("-f", str(lagging), "check", "--fail-on", "red", "--notify", url, "--notify-format", "wecom")
    assert result.returncode == 2, result.stderr  # CRITICAL, not 1
    assert "CRITICAL" in result.stdout
    line = one_line(result.stderr)
    assert "SECRET" not in line and "机器人" in line and "退出码 2" in line
    report = run_kzt("-f", str(lagging), "report", "--notify", url, "--notify-format", "wecom")
    assert report.returncode in (1, 2) and "SECRET" not in report.stderr
    one_line(report.stderr)


def test_a_space_in_the_url_is_refused_before_anything_is_sent(runner: CliRunner, lagging: Path,
                                                               server: Server) -> None:
    result = check(runner, lagging, server.url.replace("key=", "key= "))
    assert result.exit_code == 2
    assert "空格" in one_line(result.stderr) and "127.0.0.1" in result.stderr
    assert server.bodies == []


def test_a_rate_limit_is_tried_again_after_a_pause(runner: CliRunner, lagging: Path, server: Server,
                                                   pauses: list[float]) -> None:
    limited = (200, "application/json", json.dumps({"errcode": 45009, "errmsg": "api freq out of limit"}))
    server.replies = [limited, limited, OK]
    result = check(runner, lagging, server.url)
    assert result.exit_code == 2 and result.stderr == ""  # delivered on the third try, nothing to say
    assert len(server.bodies) == 3 and server.bodies[0] == server.bodies[2]
    assert pauses == [3.0, 10.0]  # 企业微信: 20 messages a minute, so the window frees within the minute


@pytest.mark.parametrize(("robot", "reply", "code", "expected"), [
    ("wecom", {"errcode": 45009, "errmsg": "api freq out of limit"}, "45009", [3.0, 10.0, 20.0]),
    ("dingtalk", {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}, "130101", [15.0, 45.0]),
    ("feishu", {"code": 11232, "msg": "frequency limited"}, "11232", [1.0, 2.0, 5.0]),
    ("feishu-text", {"code": 9499, "msg": "Too Many Requests"}, "9499", [1.0, 2.0, 5.0]),
])
def test_a_rate_limit_that_lasts_is_said_after_the_robots_tries(runner: CliRunner, lagging: Path, server: Server,
                                                                pauses: list[float], robot: str, reply: dict,
                                                                code: str, expected: list[float]) -> None:
    server.replies = [(200, "application/json", json.dumps(reply))]
    result = check(runner, lagging, server.url, robot)
    assert result.exit_code == 2
    line = one_line(result.stderr)
    assert f"限流（{code}）" in line and f"{len(expected)}次重试" in line
    assert pauses == expected and len(server.bodies) == len(expected) + 1


def test_http_429_waits_as_long_as_the_robot_asks_within_a_minute(runner: CliRunner, lagging: Path,
                                                                  server: Server, pauses: list[float]) -> None:
    server.replies = [(429, "text/plain", "slow down"), (429, "text/plain", "slow down"), OK]
    server.headers = {"Retry-After": "7"}
    assert check(runner, lagging, server.url, "feishu").exit_code == 2
    assert pauses == [7.0, 7.0]
    server.replies, server.bodies = [(429, "text/plain", "x"), OK], []
    server.headers = {"Retry-After": "3600"}
    pauses.clear()
    assert check(runner, lagging, server.url, "feishu").exit_code == 2
    assert pauses == [60.0]  # never longer than a minute between tries


def test_at_a_mobile_and_at_everyone_where_the_robot_supports_it(runner: CliRunner, lagging: Path,
                                                                 server: Server) -> None:
    mobile = "13800000000"
    assert check(runner, lagging, server.url, "wecom-text", "--at", mobile, "--at-all").exit_code == 2
    assert server.bodies[-1]["text"]["mentioned_mobile_list"] == [mobile, "@all"]
    server.bodies.clear()
    # 企业微信's markdown cannot @: a short text message after it does.
    assert check(runner, lagging, server.url, "wecom", "--at", mobile).exit_code == 2
    assert [b["msgtype"] for b in server.bodies] == ["markdown", "text"]
    assert server.bodies[1]["text"]["mentioned_mobile_list"] == [mobile]
    assert "目标预警" in server.bodies[1]["text"]["content"]
    server.bodies.clear()
    assert check(runner, lagging, server.url, "dingtalk", "--at", mobile, "--at", "13900000000").exit_code == 2
    body = server.bodies[0]
    assert body["at"] == {"atMobiles": [mobile, "13900000000"], "isAtAll": False}
    assert body["markdown"]["text"].endswith(f"@{mobile} @13900000000")  # 钉钉 shows the @ where the text has it
    server.bodies.clear()
    assert check(runner, lagging, server.url, "feishu", "--at-all").exit_code == 2
    assert server.bodies[0]["content"]["post"]["zh_cn"]["content"][-1] == [
        {"tag": "at", "user_id": "all", "user_name": "所有人"}]
    server.bodies.clear()
    assert check(runner, lagging, server.url, "feishu-text", "--at-all").exit_code == 2
    assert server.bodies[0]["content"]["text"].endswith('<at user_id="all">所有人</at>')


def test_a_mention_the_robot_cannot_make_is_refused(runner: CliRunner, lagging: Path, server: Server) -> None:
    result = check(runner, lagging, server.url, "feishu", "--at", "13800000000")
    assert result.exit_code == 2 and "飞书群机器人不能按手机号 @人" in one_line(result.stderr)
    assert server.bodies == []
    report = invoke(runner, "-f", str(lagging), "report", "--notify", server.url, "--notify-format", "feishu",
                    "--at", "13800000000")
    assert report.exit_code == 2 and server.bodies == []
    bad = invoke(runner, "-f", str(lagging), "check", "--notify", server.url, "--at", "12345")
    assert bad.exit_code == 2 and "不是11位手机号" in bad.stderr


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_dingtalk_message_carries_the_keyword(runner: CliRunner, lagging: Path, server: Server,
                                                    lang: str) -> None:
    """钉钉's 自定义关键词: README names 目标, and every message kzt posts carries it."""
    language = ["--lang", "en"] if lang == "en" else []
    assert invoke(runner, *language, "-f", str(lagging), "check", "--fail-on", "red", "--notify", server.url,
                  "--notify-format", "dingtalk").exit_code == 2
    assert invoke(runner, *language, "-f", str(lagging), "report", "--notify", server.url, "--notify-format",
                  "dingtalk").exit_code == 0
    broken = lagging.parent / "broken.toml"
    broken.write_text("[[target]]\nid = 1\n", encoding="utf-8")
    assert invoke(runner, *language, "-f", str(broken), "check", "--notify", server.url, "--notify-format",
                  "dingtalk").exit_code == 3
    assert len(server.bodies) == 3
    assert all("目标" in b["markdown"]["text"] for b in server.bodies)


HOSTILE_NAME = '[点我](http://evil.example/x)<font color="warning">紧急</font><@all><at user_id="all">所有人</at>' \
               "\n【总体情况】🟢159，全部完成"


def test_ledger_text_cannot_carry_markup_or_mentions_into_a_message(runner: CliRunner, lagging: Path,
                                                                    server: Server) -> None:
    text = lagging.read_text(encoding="utf-8")
    hostile = f"name = {json.dumps(HOSTILE_NAME, ensure_ascii=False)}"
    lagging.write_text(text.replace('name = "城镇新增就业"', hostile, 1), encoding="utf-8")
    for robot in ("wecom", "wecom-text", "dingtalk", "feishu", "feishu-text"):
        server.bodies.clear()
        assert check(runner, lagging, server.url, robot).exit_code == 2
        assert invoke(runner, "-f", str(lagging), "report", "--notify", server.url, "--notify-format",
                      robot).exit_code == 0
        for body in server.bodies:
            sent = json.dumps(body, ensure_ascii=False)
            for markup in ("](http", "<font", "<@all>", "<at user_id", "@all"):
                assert markup not in sent.replace('"mentioned_mobile_list"', ""), (robot, markup)
            lines = [line for part in _texts(body) for line in part.split("\n")]
            assert not any(line.lstrip().startswith("【总体情况】🟢159") for line in lines), robot
            assert any("点我" in line and "紧急" in line for line in lines)  # the words are still there


def _texts(body: dict) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key in ("content", "text", "title") and isinstance(inner, str):
                    found.append(inner)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(body)
    return found
