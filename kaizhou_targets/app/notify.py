"""Posting a message to a work-chat robot (企业微信, 钉钉, 飞书) with urllib.

The robot's URL comes from `--notify URL`, or from the environment variable
that [settings.notify] url_env names (so the URL, which carries the robot's
key, never lands in git). Errors never show the URL itself, only its host.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.errors import InputError, KztError
from ..core.model import NotifySettings
from ..core.notify_settings import FROM_LEDGER
from ..i18n import _
from ..render.chat import ROBOTS, body_bytes

ENV_SECRET = "KZT_NOTIFY_SECRET"
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
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(_("“{url}”不是机器人的 webhook 地址；应以 https:// 开头，从群机器人设置中复制。").format(
            url=url[:40]))
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
    """POST the body; a NotifyError (one line, no URL) if the robot did not take it."""
    url, body = signed(destination, body)
    request = urllib.request.Request(url, data=body_bytes(body), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    where = _("{robot}机器人（{host}）").format(robot=destination.robot_name, host=destination.host)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            answer = response.read(65536)
    except urllib.error.HTTPError as error:
        raise NotifyError(_("推送到{where}失败：服务器答复 HTTP {status}。").format(
            where=where, status=error.code)) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        reason = getattr(reason, "strerror", None) or reason  # "Connection refused", not "[Errno 111] …"
        raise NotifyError(_("推送到{where}失败：无法连接（{reason}）。").format(where=where, reason=reason)) from None
    try:
        reply = json.loads(answer.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        reply = {}
    code = reply.get("errcode", reply.get("code", reply.get("StatusCode", 0))) if isinstance(reply, dict) else 0
    if code not in (0, None):
        message = reply.get("errmsg") or reply.get("msg") or ""
        raise NotifyError(_("推送到{where}失败：机器人答复错误 {code} {message}。").format(
            where=where, code=code, message=message).replace(" 。", "。"))
