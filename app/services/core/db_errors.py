"""Translate low-level database failures into DatabaseError with a Vietnamese message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from app.services.core.errors import DatabaseError, ServiceError

LOCKED = "Cơ sở dữ liệu đang bị khóa bởi một chương trình khác. Vui lòng thử lưu lại sau ít giây."
FULL = "Ổ đĩa đã đầy, không ghi được dữ liệu. Hãy giải phóng dung lượng rồi lưu lại."
CORRUPT = "Tệp cơ sở dữ liệu bị hỏng hoặc không phải tệp của chương trình. Hãy khôi phục từ bản sao lưu."
UNREACHABLE = "Không kết nối được máy chủ cơ sở dữ liệu. Kiểm tra mạng rồi thử lại."
READ_ONLY = "Không có quyền ghi vào tệp cơ sở dữ liệu (tệp hoặc thư mục chỉ đọc)."
GENERIC = "Lỗi cơ sở dữ liệu: {detail}"


def describe(error: BaseException) -> str:
    """A Vietnamese sentence for a DBAPI error, by what SQLite / PostgreSQL said."""
    text = str(getattr(error, "orig", error)).lower()
    if "locked" in text or "busy" in text:
        return LOCKED
    if "disk is full" in text or "database or disk is full" in text or "no space" in text:
        return FULL
    if "malformed" in text or "not a database" in text or "file is encrypted" in text:
        return CORRUPT
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return READ_ONLY
    if "connection" in text and ("refused" in text or "timeout" in text or "closed" in text):
        return UNREACHABLE
    return GENERIC.format(detail=str(getattr(error, "orig", error)).splitlines()[0][:200])


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise SQLAlchemy operational errors as :class:`DatabaseError`."""
    try:
        yield
    except (ServiceError, exc.IntegrityError):
        raise  # constraint violations are the caller's to explain (e.g. a duplicate name)
    except (exc.OperationalError, exc.DatabaseError, exc.InterfaceError) as error:
        raise DatabaseError(describe(error)) from error
