"""Keep None (and the bools) alive under PySide6 6.12 on Python 3.11.

PySide6 6.12.0 returns None from void methods (``processEvents``, ``QTimer.start``, …) without a
reference: each call drops None's count by one, and after some ten thousand calls the process dies
in «Fatal Python error: none_dealloc» — a desk app running all day would. Python 3.12 made these
objects immortal; on 3.11 they get a count so large that no session can use it up.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def keep_none_alive() -> None:
    """Idempotent enough: called once per process from :mod:`app.ui`."""
    if sys.version_info >= (3, 12):
        return
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM
