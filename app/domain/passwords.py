"""Password hashing with scrypt (memory-hard); parameters and salt travel inside the hash string."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import cache

MIN_LENGTH = 8
N, R, P = 2**14, 8, 1
_PREFIX = "scrypt"
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Temporary passwords avoid look-alikes (0/O, 1/l/I) since they are read out or typed from paper."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=128 * r * n * 2, dklen=32
    )


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64) for ``password``."""
    salt = secrets.token_bytes(16)
    return f"{_PREFIX}${n}${r}${p}${_b64(salt)}${_b64(_derive(password, salt, n, r, p))}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored``; a malformed or empty hash never matches."""
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _PREFIX:
            return False
        derived = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(derived, base64.b64decode(digest))
    except ValueError:
        return False


@cache
def dummy_hash() -> str:
    """Checked against when the user does not exist, so a wrong name takes as long as a wrong
    password. Made at the first such login, not at import: a scrypt hash costs ~50 ms of start-up."""
    return hash_password(secrets.token_hex(8), n=N)


def weakness(password: str, username: str = "") -> str | None:
    """Why ``password`` may not be used (Vietnamese), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    if username and password.casefold() == username.casefold():
        return "Mật khẩu không được trùng tên đăng nhập."
    if len(set(password)) < 3:
        return "Mật khẩu quá đơn giản."
    return None


def temporary_password(length: int = 12) -> str:
    """A random password an administrator hands over; it must be changed at first login."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
