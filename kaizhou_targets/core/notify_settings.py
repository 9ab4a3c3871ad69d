"""The ledger's [settings.notify] table, checked like the rest of the ledger.

    [settings.notify]
    url_env = "KZT_WEBHOOK"          # the environment variable that holds the robot's URL
    format = "wecom"                 # optional: wecom | dingtalk | feishu (default: from the URL's host)
    secret_env = "KZT_ROBOT_SECRET"  # optional: the variable holding a 钉钉/飞书 signing secret
    full_report = "共享盘/周报"        # optional: where the full report is kept

A robot's URL carries its key, and the ledger is kept in git: so the ledger
names the variable, never the URL.
"""

import re
from typing import Any, NamedTuple

from ..i18n import _
from .model import NotifySettings

NOTIFY_FORMATS = ("wecom", "wecom-text", "dingtalk", "feishu", "feishu-text")  # render.chat.ROBOTS
NOTIFY_KEYS = ("url_env", "format", "secret_env", "full_report")
FROM_LEDGER = "[settings.notify]"  # what `--notify` without a URL stands for
VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Mentions(NamedTuple):
    """Whom a robot's message @s: mobile numbers (--at) and everyone (--at-all)."""

    mobiles: tuple[str, ...] = ()
    everyone: bool = False

    def __bool__(self) -> bool:
        return bool(self.mobiles) or self.everyone


def build_notify_settings(raw: Any, line: int | None, problem: Any) -> NotifySettings:
    """NotifySettings from the table; each problem reported through `problem(message, line)`."""
    if not isinstance(raw, dict):
        problem(_("[settings.notify] 必须是一个表，例如 url_env = \"KZT_WEBHOOK\"。"), line)
        return NotifySettings()
    values: dict[str, str] = {}
    for key, value in raw.items():
        if key in ("url", "webhook"):
            problem(_("[settings.notify] 不能写机器人地址本身（{key}）：台账存在 git 里，地址中的密钥会随之外传。"
                      "请把地址放进环境变量，在这里写 url_env = \"变量名\"。").format(key=key), line)
        elif key not in NOTIFY_KEYS:
            problem(_("[settings.notify] 中有未知的键“{key}”；可用的键：{known}。").format(
                key=key, known="、".join(NOTIFY_KEYS)), line)
        elif not isinstance(value, str):
            problem(_("[settings.notify] 的 {key} 必须是字符串。").format(key=key), line)
        else:
            values[key] = value.strip()
    for key in ("url_env", "secret_env"):
        if values.get(key) and not VARIABLE_NAME.match(values[key]):
            problem(_("[settings.notify] 的 {key} 应是环境变量名（字母、数字、下划线，如 KZT_WEBHOOK），"
                      "不是“{value}”。").format(key=key, value=values[key]), line)
            values.pop(key)
    if values.get("format") and values["format"] not in NOTIFY_FORMATS:
        problem(_("[settings.notify] 的 format 必须是 {formats} 之一，不是“{value}”。").format(
            formats="、".join(NOTIFY_FORMATS), value=values["format"]), line)
        values.pop("format")
    return NotifySettings(**values)
