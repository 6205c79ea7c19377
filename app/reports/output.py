"""Safe output: write a temporary file next to the target, then replace it; progress and cancel."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.reports.errors import ReportCancelled, ReportWriteError

ProgressFn = Callable[[int, int | None], None]
CancelFn = Callable[[], bool]


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_NEW_FILE_MODE = 0o666 & ~_read_umask()


def _locked_message(target: Path) -> str:
    return (
        f"Không ghi được tệp “{target.name}”: tệp đang được mở trong chương trình khác "
        "(Excel, trình đọc PDF) hoặc không có quyền ghi. Hãy đóng tệp hoặc chọn nơi lưu khác "
        "rồi thử lại."
    )


def _check_target(target: Path) -> None:
    """Fail fast, before minutes of work, when the target cannot be replaced."""
    if not target.parent.is_dir():
        raise ReportWriteError(f"Thư mục “{target.parent}” không tồn tại. Hãy chọn nơi lưu khác.")
    if target.is_dir():
        raise ReportWriteError(f"“{target.name}” là một thư mục. Hãy đặt tên tệp khác.")
    if target.exists():
        try:
            # Opening for append changes nothing but fails on a file Excel holds open (Windows).
            with open(target, "ab"):
                pass
        except OSError as exc:
            raise ReportWriteError(_locked_message(target)) from exc


@contextlib.contextmanager
def atomic_target(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces ``path``.

    On any error or cancellation the temporary file is removed and the old target is untouched.
    ``OSError`` while writing becomes :class:`ReportWriteError`.
    """
    target = Path(path)
    _check_target(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".~{target.stem}-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise ReportWriteError(
            f"Không tạo được tệp trong thư mục “{target.parent}” (không có quyền ghi hoặc "
            "ổ đĩa đầy). Hãy chọn nơi lưu khác."
        ) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        try:
            yield tmp
        except OSError as exc:
            raise ReportWriteError(
                f"Lỗi khi ghi tệp “{target.name}”: {exc.strerror or exc}. "
                "Hãy kiểm tra dung lượng ổ đĩa rồi thử lại."
            ) from exc
        try:
            mode = target.stat().st_mode & 0o777 if target.exists() else _NEW_FILE_MODE
            os.chmod(tmp, mode)  # mkstemp makes 0600 files; give the report normal rights
            os.replace(tmp, target)
        except OSError as exc:
            raise ReportWriteError(_locked_message(target)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


class Ticker:
    """Reports progress and honours cancellation every ``every`` steps."""

    def __init__(
        self,
        progress: ProgressFn | None,
        cancel: CancelFn | None,
        total: int | None,
        every: int = 500,
    ) -> None:
        self.progress = progress
        self.cancel = cancel
        self.total = total
        self.every = every
        self.done = 0

    def check(self) -> None:
        """Raise :class:`ReportCancelled` if the officer asked to stop."""
        if self.cancel is not None and self.cancel():
            raise ReportCancelled()

    def step(self, count: int = 1) -> None:
        """Count ``count`` more rows; report and check every ``every`` rows."""
        before = self.done
        self.done += count
        if self.done // self.every != before // self.every:
            self.report()

    def report(self) -> None:
        """Send the current count and check for cancellation."""
        self.check()
        if self.progress is not None:
            self.progress(self.done, self.total)
