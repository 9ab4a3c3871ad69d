"""Posting a message to a work-chat robot (企业微信, 钉钉, 飞书) with urllib.

The robot's URL comes from `--notify URL`, or from the environment variable
that [settings.notify] url_env names (so the URL, which carries the robot's
key, never lands in git). Errors never show the URL itself, only its host.

A post counts as delivered only when the robot answers its own JSON success
(errcode 0 / code 0 / StatusCode 0): a government network's block page, an
empty answer or a proxy's HTML is a failure, in one line naming the host.
A rate-limit answer is retried after a pause, within each robot's documented
limit (RATE_LIMITS); every other failure is said at once.
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..core.errors import InputError, KztError
from ..core.model import NotifySettings
from ..core.notify_settings import FROM_LEDGER
from ..i18n import _
from ..render.chat import ROBOTS, body_bytes

ENV_SECRET = "KZT_NOTIFY_SECRET"
# What each robot answers when it is posted to too often, and the pauses (seconds) before trying again:
# 企业微信 45009 (20 messages a minute per robot); 钉钉 130101 (20 a minute, then 10 minutes' pause:
# two late tries, then it is said); 飞书 11232 / 9499 (100 a minute, 5 a second). HTTP 429 counts as well.
RATE_LIMITS: dict[str, tuple[frozenset[int], tuple[float, ...]]] = {
    "wecom": (frozenset({45009}), (3.0, 10.0, 20.0)),
    "dingtalk": (frozenset({130101}), (15.0, 45.0)),
    "feishu": (frozenset({9499, 11232}), (1.0, 2.0, 5.0)),
}
MAX_RETRY_AFTER = 60.0
_sleep = time.sleep  # the pause between tries (tests count the pauses instead of waiting them)
HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk", "open.feishu.cn": "feishu",
         "open.larksuite.com": "feishu"}
TIMEOUT_SECONDS = 15


class NotifyError(KztError):
    """The message did not reach the robot."""


@dataclass(frozen=True)
class Destination:
    url: str
    robot: str   # a key of render.chat.ROBOTS
    secret: str  # 钉钉/飞书 signing secret, or ""

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).hostname or "?"

    @property
    def robot_name(self) -> str:
        return _(ROBOTS[self.robot].name)


def robot_from_host(url: str) -> str | None:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return HOSTS.get(host)


def _host_of(url: str) -> str:
    """The host of an address, for messages; never its path or query, which carry the robot's key."""
    try:
        parts = urllib.parse.urlsplit(url if "//" in url else f"//{url}")
        return parts.hostname or "?"
    except ValueError:
        return "?"


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of a robot's address, or an InputError naming only its host."""
    bad = next((ch for ch in url if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")), None)
    host = _host_of(url)
    if bad is not None:
        raise InputError(_("机器人地址（{host}）中有空格或控制字符 U+{code}，不能使用；"
                           "请从群机器人设置中重新复制完整地址。").format(host=host, code=f"{ord(bad):04X}"))
    if not url.isascii():
        raise InputError(_("机器人地址（{host}）中有非 ASCII 字符；请从群机器人设置中重新复制完整地址。")
                         .format(host=host))
    try:
        parts = urllib.parse.urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = urllib.parse.urlsplit(""), False
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        raise InputError(_("机器人地址（{host}）不是 webhook 地址：应以 https:// 开头，从群机器人设置中复制完整地址。")
                         .format(host=host))
    return parts


def resolve(option: str, chosen_format: str | None, settings: NotifySettings,
            environ: Mapping[str, str] | None = None) -> Destination:
    """Where to post: `option` is the URL given to --notify, or FROM_LEDGER."""
    environ = os.environ if environ is None else environ
    if option == FROM_LEDGER:
        if not settings.url_env:
            raise InputError(_("--notify 没有给出地址，台账里也没有 [settings.notify]。请写 --notify URL，"
                               "或在台账中加 [settings.notify] url_env = \"KZT_WEBHOOK\" "
                               "并把机器人地址放进该环境变量。"))
        url = environ.get(settings.url_env, "").strip()
        if not url:
            raise InputError(_("环境变量 {name} 没有设置（[settings.notify] url_env 指定它保存机器人地址）；"
                               "请在 crontab 或 shell 中设置它。").format(name=settings.url_env))
    else:
        url = option.strip()
    parts = check_url(url)
    robot = chosen_format or settings.format or robot_from_host(url)
    if robot is None:
        raise InputError(_("无法从地址的主机名 {host} 判断机器人类型；请加 --notify-format wecom、dingtalk 或 feishu。")
                         .format(host=parts.hostname))
    if robot not in ROBOTS:
        raise InputError(_("未知的机器人格式“{format}”；可用：{known}。").format(
            format=robot, known="、".join(ROBOTS)))
    secret_name = settings.secret_env or ENV_SECRET
    return Destination(url, robot, environ.get(secret_name, "").strip())


def signed(destination: Destination, body: dict[str, Any], now_ms: int | None = None) -> tuple[str, dict[str, Any]]:
    """URL and body with the robot's signature, where a secret is set (钉钉 加签, 飞书 签名校验)."""
    if not destination.secret:
        return destination.url, body
    stamp_ms = int(time.time() * 1000) if now_ms is None else now_ms
    if destination.robot == "dingtalk":
        to_sign = f"{stamp_ms}\n{destination.secret}".encode()
        digest = hmac.new(destination.secret.encode(), to_sign, hashlib.sha256).digest()
        sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
        joiner = "&" if urllib.parse.urlsplit(destination.url).query else "?"
        return f"{destination.url}{joiner}timestamp={stamp_ms}&sign={sign}", body
    if destination.robot.startswith("feishu"):
        seconds = stamp_ms // 1000
        key = f"{seconds}\n{destination.secret}".encode()
        sign = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        return destination.url, {"timestamp": str(seconds), "sign": sign, **body}
    return destination.url, body


def post(destination: Destination, body: dict[str, Any]) -> None:
    """POST the body; a NotifyError (one line, the host and never the URL) unless the robot answers
    its JSON success. A rate limit is tried again after the robot's pauses (RATE_LIMITS)."""
    where = _("{robot}机器人（{host}）").format(robot=destination.robot_name, host=destination.host)
    codes, pauses = RATE_LIMITS[destination.robot.split("-")[0]]
    for attempt in range(len(pauses) + 1):
        limited = _post_once(destination, body, where, codes)
        if limited is None:
            return
        if attempt == len(pauses):
            raise NotifyError(_("推送到{where}失败：机器人限流（{code}），{tries}次重试后仍未成功；"
                                "每个机器人每分钟只收有限条消息，请稍后再发。").format(
                where=where, code=limited.code, tries=len(pauses)))
        _sleep(min(limited.retry_after or pauses[attempt], MAX_RETRY_AFTER))


def post_all(destination: Destination, bodies: list[dict[str, Any]]) -> None:
    """Post each body in turn (企业微信's mention follows its markdown message)."""
    for body in bodies:
        post(destination, body)


class _Limited(NamedTuple):
    code: str
    retry_after: float | None


def _post_once(destination: Destination, body: dict[str, Any], where: str,
               rate_codes: frozenset[int]) -> _Limited | None:
    """One try: None when delivered, a _Limited when the robot asks to wait; NotifyError otherwise."""
    try:
        url, body = signed(destination, body)
        request = urllib.request.Request(url, data=body_bytes(body), method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(65536)
            kind = response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        if error.code == 429:
            return _Limited("HTTP 429", _retry_after(error.headers.get("Retry-After")))
        raise NotifyError(_("推送到{where}失败：服务器答复 HTTP {status}。").format(
            where=where, status=error.code)) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        reason = getattr(reason, "strerror", None) or reason  # "Connection refused", not "[Errno 111] …"
        raise NotifyError(_("推送到{where}失败：无法连接（{reason}）。").format(
            where=where, reason=str(reason).replace(destination.url, destination.host))) from None
    except (http.client.HTTPException, ValueError, UnicodeError) as error:
        # A malformed answer or address (http.client names the whole URL, key and all: never shown).
        raise NotifyError(_("推送到{where}失败：{kind}。").format(where=where, kind=type(error).__name__)) from None
    return _judge(answer, kind, where, rate_codes)


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _judge(answer: bytes, kind: str, where: str, rate_codes: frozenset[int]) -> _Limited | None:
    """The robot's answer read: its JSON success, its rate limit, or a NotifyError saying what came."""
    try:
        reply = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        reply = None
    if not isinstance(reply, dict):
        what = _("空答复") if not answer.strip() else _("{kind} 内容").format(kind=kind)
        raise NotifyError(_("推送到{where}失败：答复不是机器人的 JSON（收到{what}，可能是网络的拦截页面或代理）；"
                            "消息没有送达。").format(where=where, what=what))
    codes = [reply[key] for key in ("errcode", "code", "StatusCode") if key in reply]
    if codes and all(code == 0 for code in codes):
        return None
    if not codes:
        raise NotifyError(_("推送到{where}失败：答复的 JSON 中没有机器人的结果码（errcode 或 code）；消息没有送达。")
                          .format(where=where))
    code = next(c for c in codes if c != 0)
    if isinstance(code, int) and code in rate_codes:
        return _Limited(str(code), None)
    message = reply.get("errmsg") or reply.get("msg") or reply.get("StatusMessage") or ""
    raise NotifyError(_("推送到{where}失败：机器人答复错误 {code} {message}。").format(
        where=where, code=code, message=str(message)[:200]).replace(" 。", "。"))
