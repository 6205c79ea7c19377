"""Anchors of the audit chain kept outside its database: the anchor file, backup manifests, paper.

An anchor is the chain's end at one moment — its row count N and the hash of row N — tied to
the register's identity (a random id in its settings, which a copied or restored file keeps).
Whoever rewrites the database can rewrite ``audit_head`` too, but not the anchors written into
the data folder, onto a USB stick beside each backup, or printed at the foot of a signed report.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.models import AuditHead, Setting
from app.services.core.private_files import private_dir

DATABASE_ID_KEY = "database.id"
ANCHOR_FILE = "audit-anchors.jsonl"
CODE_DIGITS = 12
_TYPED = re.compile(r"^\s*N?\s*=?\s*([\d.,]+)\s*[:·]\s*([0-9A-Fa-f-]{4,})\s*$")
BAD_TYPED = "Mốc «{text}» không đúng dạng. Hãy gõ như in ở chân báo cáo, ví dụ 13870:4EE6-5F67-0900."


@dataclass(frozen=True, slots=True)
class Anchor:
    """The chain had ``rows`` rows and row ``rows`` hashed to (a prefix of) ``digest``."""

    rows: int
    digest: str
    database_id: str = ""
    source: str = ""

    @property
    def code(self) -> str:
        """The short form printed on paper: ``4EE6-5F67-0900``."""
        return short_code(self.digest)

    def label(self) -> str:
        return f"N={self.rows:,} · {self.code}".replace(",", ".")

    def footer(self) -> str:
        """The line at the foot of a signed report: typed back as ``audit verify --anchor``."""
        return f"Mốc nhật ký: {self.rows}:{self.code}" if self.rows else ""


def short_code(digest: str) -> str:
    head = digest.replace("-", "").upper()[:CODE_DIGITS]
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def parse_typed(text: str) -> Anchor:
    """``N:CODE`` (or ``N=13.870 · CODE``) typed from a printed report."""
    found = _TYPED.match(text)
    if not found:
        raise ValueError(BAD_TYPED.format(text=text))
    rows = int(found.group(1).replace(".", "").replace(",", ""))
    digest = found.group(2).replace("-", "").lower()
    if len(digest) < 8:
        raise ValueError(BAD_TYPED.format(text=text))
    return Anchor(rows, digest, source=f"mốc gõ tay {rows}:{short_code(digest)}")


def database_id(engine: Engine, *, create: bool = False) -> str:
    """The register's identity ("" when it has none yet and ``create`` is false)."""
    with engine.connect() as conn:
        raw = conn.execute(select(Setting.value).where(Setting.key == DATABASE_ID_KEY)).scalar()
    if raw or not create:
        return str(json.loads(raw)) if raw else ""
    try:
        with engine.begin() as conn:
            conn.execute(insert(Setting).values(key=DATABASE_ID_KEY, value=json.dumps(uuid.uuid4().hex)))
    except IntegrityError:  # another officer's program made it first
        pass
    return database_id(engine)


def current(engine: Engine, *, create_id: bool = True) -> Anchor:
    """The chain's end now (N=0 for an empty log, or a schema older than the log)."""
    try:
        ident = database_id(engine, create=create_id)
        with engine.connect() as conn:
            head = conn.execute(
                select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)
            ).first()
    except SQLAlchemyError:
        return Anchor(0, "")
    if head is None or not head[0]:
        return Anchor(0, "", ident)
    return Anchor(int(head[0]), str(head[1]), ident)


def append(data_dir: Path, anchor: Anchor, office: str, source: str, at: datetime) -> None:
    """Add one line to the append-only anchor file (owner-only; fsynced)."""
    if anchor.rows == 0:
        return
    private_dir(data_dir)
    line = json.dumps(
        {
            "at": at.isoformat(timespec="seconds"),
            "database_id": anchor.database_id,
            "office": office,
            "rows": anchor.rows,
            "hash": anchor.digest,
            "source": source,
        },
        ensure_ascii=False,
    )
    fd = os.open(data_dir / ANCHOR_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class FoundAnchors:
    """Anchors found for one register, and what could not be read."""

    anchors: tuple[Anchor, ...]
    problems: tuple[str, ...]
    other_databases: int = 0


def gather(
    data_dir: Path | None, backup_folders: Iterable[Path], ident: str, typed: Iterable[Anchor]
) -> FoundAnchors:
    """Every anchor of register ``ident``: the anchor file, backup manifests, and typed ones."""
    found: list[Anchor] = list(typed)
    problems: list[str] = []
    others = 0
    path = (data_dir or Path()) / ANCHOR_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if data_dir is not None else []
    except FileNotFoundError:
        lines = []
    except (OSError, UnicodeError) as error:
        problems.append(f"Không đọc được tệp mốc «{path}»: {error}.")
        lines = []
    for number, line in enumerate(lines, start=1):
        try:
            data = json.loads(line)
            anchor = Anchor(int(data["rows"]), str(data["hash"]), str(data["database_id"]))
        except (ValueError, KeyError, TypeError):
            problems.append(
                f"Tệp mốc «{path.name}» dòng {number} bị hỏng, không đọc được (đã bỏ qua dòng này)."
            )
            continue
        if anchor.database_id != ident:
            others += 1
            continue
        found.append(Anchor(anchor.rows, anchor.digest, ident, f"tệp mốc dòng {number}"))
    for folder in backup_folders:
        found.extend(_from_manifests(folder, ident))
    return FoundAnchors(tuple(found), tuple(problems), others)


def _from_manifests(folder: Path, ident: str) -> list[Anchor]:
    found = []
    for stamp in sorted(folder.glob("hotline-*.json")) if folder.is_dir() else ():
        try:
            data = json.loads(stamp.read_text(encoding="utf-8"))
            if data.get("database_id") != ident or not data.get("audit_rows"):
                continue
            found.append(
                Anchor(int(data["audit_rows"]), str(data["audit_hash"]), ident, f"bản sao lưu {stamp.name}")
            )
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a damaged manifest is the backup listing's business
    return found
