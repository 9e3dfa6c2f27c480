"""A small built-in challenge against scripted submission (no third-party service).

The form carries a signed token (nonce, issue time, a keyed hash of the answer) and asks a
sum in Chinese numerals; a hidden honeypot field must stay empty, and a form filled faster
than a person could is refused. The nonce doubles as the submission's idempotency key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from xinfang.lib import timesource

SALT = "xinfang.portal.challenge"
MAX_AGE = 2 * 60 * 60  # a form may stay open two hours
NUMERALS = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Challenge:
    token: str
    question: str


def _digest(nonce: str, answer: int) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{nonce}:{answer}".encode(), hashlib.sha256
    ).hexdigest()


def issue() -> Challenge:
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(16)
    token = signing.dumps(
        {"n": nonce, "t": timesource.now().timestamp(), "h": _digest(nonce, a + b)}, salt=SALT
    )
    return Challenge(
        token=token, question=f"{NUMERALS[a]}加{NUMERALS[b]}等于几？（请填写阿拉伯数字）"
    )


def check(token: str, answer: str) -> tuple[str | None, str]:
    """(nonce, "") when the answer is right, else (None, why)."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None, "表单已过期，请刷新页面后重新填写"
    try:
        value = int((answer or "").strip())
    except ValueError:
        return None, "请填写验证题的答案（阿拉伯数字）"
    if not hmac.compare_digest(data["h"], _digest(data["n"], value)):
        return None, "验证题答案不正确"
    if timesource.now().timestamp() - data["t"] < settings.XINFANG_PORTAL_MIN_FILL_SECONDS:
        return None, "提交过快，请稍候再提交"
    return data["n"], ""
