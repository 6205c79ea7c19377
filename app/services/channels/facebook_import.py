"""Read a page's "Download your information" export (zip, folder or one JSON) into import records."""

from __future__ import annotations

import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from app.domain.enums import CaseKind, Channel
from app.domain.imports.facebook import (
    DEFAULT_GAP,
    Conversation,
    guess_page_names,
    message_line,
    repair_tree,
    split_conversations,
    thread_messages,
)
from app.services.channels.import_rows import ImportRecord
from app.services.channels.import_types import ImportRefused, RejectedRow

_MESSAGE_FILE = re.compile(r"message_\d+\.json$")
NOT_MESSAGES = (
    "Không tìm thấy tin nhắn trong tệp. Hãy chọn tệp .zip tải về từ «Tải thông tin của bạn» của Trang "
    "(định dạng JSON), thư mục đã giải nén, hoặc một tệp message_1.json."
)
NOT_JSON = (
    "Tệp tin nhắn Facebook không đúng định dạng JSON. Khi tải thông tin từ Facebook, hãy chọn "
    "định dạng JSON (không chọn HTML)."
)


FACEBOOK_HTML = (
    "Đây là tin nhắn Trang tải từ Facebook ở định dạng HTML; chương trình chỉ đọc định dạng JSON. "
    "Hãy tải lại: Meta Business Suite → Cài đặt → «Tải thông tin Trang» → chọn «Tin nhắn», "
    "mục «Định dạng» chọn JSON (không chọn HTML), rồi nhập tệp .zip nhận được."
)
ASK_PAGE = (
    "Không xác định được tài khoản nào là Trang của cơ quan trong tệp tin nhắn ({names}). Hãy nhập "
    "tên Trang Facebook (ví dụ «UBND phường Hải An»): trên màn hình nhập dữ liệu, hoặc "
    '«hotline-desk import TỆP --page-name "Tên Trang"». Tên được ghi nhớ cho các lần nhập sau.'
)


def _load(raw: bytes, name: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ImportRefused(f"{NOT_JSON} (tệp «{name}»)") from None
    return repair_tree(data) if isinstance(data, dict) else {}


def read_threads(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Message documents grouped by thread (a thread may be split over message_1.json, _2 …)."""
    docs: list[tuple[str, dict[str, Any]]] = []
    try:
        if path.is_dir():
            for file in sorted(path.rglob("message_*.json")):
                docs.append((str(file.parent.relative_to(path)), _load(file.read_bytes(), file.name)))
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                for name in sorted(n for n in zf.namelist() if _MESSAGE_FILE.search(n)):
                    docs.append((str(PurePosixPath(name).parent), _load(zf.read(name), name)))
        else:
            docs.append((path.stem, _load(path.read_bytes(), path.name)))
    except (OSError, zipfile.BadZipFile, RuntimeError) as error:
        raise ImportRefused(f"Không đọc được tệp Facebook «{path.name}»: {error}") from None
    threads: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for folder, doc in docs:
        if isinstance(doc.get("messages"), list):
            key = str(doc.get("thread_path") or folder)
            threads[key].append(doc)
    if not threads:
        raise ImportRefused(NOT_MESSAGES)
    return dict(threads)


def conversations(
    path: Path, page_names: Iterable[str] = (), gap: timedelta = DEFAULT_GAP
) -> list[Conversation]:
    """One conversation per thread and period of activity in which the citizen wrote."""
    threads = read_threads(path)
    pages = {p for p in page_names if p} or guess_page_names([docs[0] for docs in threads.values()])
    if not pages:
        names = sorted(
            {str(p.get("name") or "") for docs in threads.values() for p in _participants(docs[0])}
        )
        raise ImportRefused(ASK_PAGE.format(names=", ".join(f"«{n}»" for n in names if n) or "không có tên"))
    out: list[Conversation] = []
    for thread_path, docs in sorted(threads.items()):
        out.extend(split_conversations(thread_path, thread_messages(docs), pages, gap))
    return out


def _participants(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in doc.get("participants") or [] if isinstance(p, dict)]


def to_records(items: list[Conversation], now: datetime) -> tuple[list[ImportRecord], list[RejectedRow]]:
    """Conversations as import records (``row`` = position in the export, from 1)."""
    records: list[ImportRecord] = []
    rejected: list[RejectedRow] = []
    for n, conv in enumerate(items, start=1):
        received = conv.received_at
        if received.year < 2000 or received > now + timedelta(minutes=5):
            rejected.append(
                RejectedRow(n, "Tin nhắn không có thời gian hợp lệ.", (conv.citizen_name, conv.link))
            )
            continue
        records.append(
            ImportRecord(
                row=n,
                received_at=received,
                content=conv.content(),
                external_ref=conv.external_ref,
                citizen_name=conv.citizen_name,
                phone=conv.phone or None,
                messages=tuple(message_line(m) for m in conv.messages),
                kind=CaseKind.FEEDBACK,
                channel=Channel.FACEBOOK,
            )
        )
    return records, rejected
