"""Back up and restore the register: verified, stamped, rotated, in the folder the office chose."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, exc, insert, select, update

from app import __version__
from app.db import migrate
from app.domain.permissions import Action
from app.models import Office, Setting
from app.services.accounts.signed_in import SignedIn
from app.services.backup import backup_crypto, backup_pg, backup_sqlite
from app.services.backup.backup_folder import check_folder, folder_message
from app.services.backup.backup_manifest import (
    BackupCorruptError,
    BackupError,
    BackupFolderError,
    BackupManifest,
    BackupOfficeError,
    BackupVersionError,
    atomic_write,
    check_file,
    fsync_file,
    manifest_path,
    read_manifest,
    sha256_of,
)
from app.services.backup.backup_restore import decrypted, restore_pg, restore_sqlite, scratch_file
from app.services.backup.backup_rotation import KEEP_PRE_UPGRADE, to_remove
from app.services.core.db_errors import describe, translated
from app.services.core.errors import DatabaseError

Progress = Callable[[int, int], None]
Clock = Callable[[], datetime]
FOLDER_KEY = "backup.folder"
ENCRYPTED_SUFFIX = ".enc"


@dataclass(frozen=True, slots=True)
class BackupResult:
    """A finished, verified backup: what the backup screen shows after "Sao lưu ngay"."""

    path: Path
    manifest: BackupManifest
    seconds: float
    removed: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup found in the folder (newest first in listings)."""

    path: Path
    manifest: BackupManifest


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """A restore that went through; ``kept`` is the previous file (SQLite) kept for safety."""

    manifest: BackupManifest
    kept: Path | None
    seconds: float


class BackupService:
    """One per database. Slow calls (backup, restore) belong off the UI thread."""

    def __init__(
        self, engine: Engine, data_dir: Path, clock: Clock = datetime.now, *, signed_in: SignedIn
    ) -> None:
        self._signed_in = signed_in
        self._engine = engine
        self._data_dir = data_dir
        self._clock = clock
        self._sqlite = engine.dialect.name == "sqlite"

    # --- folder -------------------------------------------------------------------------
    def default_folder(self) -> Path:
        return self._data_dir / "backups"

    def folder(self) -> Path:
        """The folder the office chose, or ``<data dir>/backups``."""
        with translated(), self._engine.connect() as conn:
            raw = conn.execute(select(Setting.value).where(Setting.key == FOLDER_KEY)).scalar()
        chosen = json.loads(raw) if raw else None
        return Path(chosen) if chosen else self.default_folder()

    def set_folder(self, folder: Path) -> None:
        """Remember the office's folder after checking that a backup can be written there."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        check_folder(folder, create=False)
        value = json.dumps(str(folder.resolve()), ensure_ascii=False)
        with translated(), self._engine.begin() as conn:
            updated = conn.execute(
                update(Setting).where(Setting.key == FOLDER_KEY).values(value=value)
            ).rowcount
            if not updated:
                conn.execute(insert(Setting).values(key=FOLDER_KEY, value=value))

    # --- backup -------------------------------------------------------------------------
    def backup(
        self,
        folder: Path | None = None,
        *,
        kind: str = "manual",
        progress: Progress | None = None,
        encrypt: str | None = None,
    ) -> BackupResult:
        """Make, verify and stamp one backup now, then rotate old ones.

        With ``encrypt`` (a passphrase) the verified copy is made in the data folder and only its
        AES-256-GCM encryption reaches the backup folder (a USB stick never holds plain data).
        """
        if kind != "auto":  # the daily automatic backup is the program's, whoever is signed in
            self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        started = time.perf_counter()
        if encrypt is not None:
            encrypt = backup_crypto.check_passphrase(encrypt)
        folder = folder or self.folder()
        check_folder(folder, create=folder == self.default_folder())
        now = self._clock().replace(microsecond=0)
        stem = f"hotline-{now:%Y%m%d-%H%M%S}-{kind}"
        plain_suffix = ".sqlite" if self._sqlite else ".zip"
        data_file = folder / (stem + (ENCRYPTED_SUFFIX if encrypt else plain_suffix))
        partial = folder / (stem + ".partial")
        snapshot = scratch_file(self._scratch_dir(), stem) if encrypt else partial
        stamp = self._stamp(now, kind, data_file, encrypted=encrypt is not None)
        manifest = self._write(stamp, snapshot, partial, data_file, encrypt, progress)
        removed = self.rotate(folder)
        after = {"file": str(data_file), "kind": kind, "encrypted": bool(encrypt)}
        if kind != "pre-upgrade":  # a failed upgrade must leave the file exactly as it was
            self._signed_in.record_standalone(
                "backup.create", "backup", data_file.name, after, as_system=kind == "auto"
            )
        return BackupResult(data_file, manifest, time.perf_counter() - started, removed)

    def _stamp(self, now: datetime, kind: str, data_file: Path, *, encrypted: bool) -> BackupManifest:
        """The manifest before the copy: who, when, which schema (checksum and counts come after)."""
        return BackupManifest(
            app_version=__version__,
            schema_revision=migrate.current_revision(self._engine),
            office_name=self.office_name() or "",
            created_at=now,
            database=self._engine.dialect.name,
            kind=kind,
            data_file=data_file.name,
            sha256="",
            size=0,
            encrypted=encrypted,
        )

    def _write(
        self,
        stamp: BackupManifest,
        snapshot: Path,
        partial: Path,
        data_file: Path,
        encrypt: str | None,
        progress: Progress | None,
    ) -> BackupManifest:
        """Copy, check, (encrypt and check again), then publish the file and its manifest."""
        phases = 3 if encrypt else 1
        try:
            counts = self._copy(snapshot, stamp, _phase(progress, 0, phases))
            if encrypt:
                backup_crypto.encrypt_file(snapshot, partial, encrypt, _phase(progress, 1, phases))
                backup_crypto.decrypt_file(partial, None, encrypt, _phase(progress, 2, phases))
            os.replace(partial, data_file)
            manifest = _with(stamp, sha256=sha256_of(data_file), size=data_file.stat().st_size, counts=counts)
            atomic_write(manifest_path(data_file), manifest.to_json().encode("utf-8"))
            return manifest
        except (OSError, sqlite3.Error, exc.SQLAlchemyError) as error:
            partial.unlink(missing_ok=True)
            data_file.unlink(missing_ok=True)
            if isinstance(error, OSError) or "full" in str(error).lower():
                cause = error if isinstance(error, OSError) else OSError(errno.ENOSPC, str(error))
                raise BackupFolderError(folder_message(data_file.parent, cause)) from error
            raise DatabaseError(describe(error)) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            if encrypt:
                snapshot.unlink(missing_ok=True)

    def _copy(self, snapshot: Path, stamp: BackupManifest, progress: Progress | None) -> dict[str, int]:
        """The database as one consistent snapshot file, checked; returns its row counts."""
        if self._sqlite:
            counts = backup_sqlite.online_backup(self._sqlite_path(), snapshot, progress)
            backup_sqlite.verify(snapshot, counts)
            return counts
        counts = backup_pg.export_tables(self._engine, snapshot, stamp, progress)
        fsync_file(snapshot)
        return counts

    def backup_if_due(self, progress: Progress | None = None) -> BackupResult | None:
        """The automatic backup (start-up and daily): one a day, ``None`` when today's exists."""
        today = self._clock().date()
        if any(b.manifest.created_at.date() == today for b in self.list_backups()):
            return None
        return self.backup(kind="auto", progress=progress)

    def list_backups(self, folder: Path | None = None) -> tuple[BackupInfo, ...]:
        """Complete backups in the folder, newest first (a file without its stamp is ignored)."""
        folder = folder or self.folder()
        found = []
        for stamp in folder.glob("hotline-*.json") if folder.is_dir() else ():
            data_file = stamp.with_name(stamp.stem + (".sqlite" if self._sqlite else ".zip"))
            if not data_file.exists():
                data_file = data_file.with_suffix(ENCRYPTED_SUFFIX)
            try:
                manifest = read_manifest(data_file)
            except BackupError:
                continue
            if data_file.exists():
                found.append(BackupInfo(data_file, manifest))
        return tuple(sorted(found, key=lambda b: b.manifest.created_at, reverse=True))

    def rotate(self, folder: Path | None = None) -> tuple[Path, ...]:
        """Keep 7 daily, 4 weekly and 12 monthly backups (and the last pre-upgrade ones)."""
        backups = self.list_backups(folder)
        regular = [(b.path, b.manifest.created_at) for b in backups if b.manifest.kind != "pre-upgrade"]
        upgrades = [b.path for b in backups if b.manifest.kind == "pre-upgrade"]
        doomed = [*to_remove(regular), *upgrades[KEEP_PRE_UPGRADE:]]
        for path in doomed:
            manifest_path(path).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
        return tuple(doomed)

    # --- restore ------------------------------------------------------------------------
    def inspect(self, file: Path) -> BackupManifest:
        """Read and check a backup's stamp and checksum without touching the database."""
        if not file.is_file():
            raise BackupCorruptError(f"Không tìm thấy tệp sao lưu «{file}».")
        if file.suffix == ".zip" and not manifest_path(file).exists():
            manifest = backup_pg.read_zip_manifest(file)  # the zip alone, e.g. copied from a USB stick
        else:
            manifest = read_manifest(file)
            check_file(file, manifest)
        if not migrate.is_known_revision(self._engine, manifest.schema_revision):
            raise BackupVersionError(
                "Bản sao lưu có cấu trúc dữ liệu mới hơn chương trình này. Hãy cập nhật chương trình."
            )
        return manifest

    def restore(
        self,
        file: Path,
        *,
        force_office: bool = False,
        progress: Progress | None = None,
        passphrase: str | None = None,
    ) -> RestoreResult:
        """Replace the database by a verified backup; the caller reopens its services after.

        An encrypted backup needs ``passphrase``; a wrong one or a changed file is refused before
        anything is touched.
        """
        self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        started = time.perf_counter()
        manifest = self.inspect(file)
        if (manifest.database == "sqlite") != self._sqlite:
            raise BackupError(
                "Bản sao lưu này thuộc loại cơ sở dữ liệu khác "
                f"({manifest.database}); hãy khôi phục vào đúng loại cơ sở dữ liệu."
            )
        current = self.office_name()
        if current and manifest.office_name != current and not force_office:
            raise BackupOfficeError(
                f"Bản sao lưu thuộc cơ quan «{manifest.office_name}», khác cơ quan đang dùng «{current}». "
                "Không khôi phục để tránh trộn dữ liệu (dùng --force-office nếu thật sự muốn)."
            )
        kept = None
        with decrypted(file, manifest, passphrase, self._scratch_dir()) as plain:
            if self._sqlite:
                kept = restore_sqlite(self._engine, plain, manifest)
            else:
                restore_pg(self._engine, plain, manifest, progress, self.office_name)
        after = {
            "file": str(file),
            "created_at": manifest.created_at.isoformat(sep=" "),
            "kept": str(kept or ""),
        }
        self._signed_in.record_standalone(
            "backup.restore", "backup", file.name, after
        )  # in the restored data
        return RestoreResult(manifest, kept, time.perf_counter() - started)

    # --- helpers ------------------------------------------------------------------------
    def office_name(self) -> str | None:
        """The office of the open database (``None`` for an empty or unreadable one)."""
        if self._sqlite and not self._sqlite_path().is_file():
            return None
        try:
            with self._engine.connect() as conn:
                return conn.execute(select(Office.name).order_by(Office.id).limit(1)).scalar()
        except Exception:
            return None

    def _scratch_dir(self) -> Path:
        return self._sqlite_path().parent if self._sqlite else self._data_dir

    def _sqlite_path(self) -> Path:
        return Path(self._engine.url.database or "")


def backup_before_upgrade(service: BackupService) -> BackupResult:
    """The copy taken before a schema upgrade: in the office's folder, else the default one."""
    try:
        folder = service.folder()
        check_folder(folder, create=False)
    except BackupError:
        folder = service.default_folder()
    return service.backup(folder, kind="pre-upgrade")


def _phase(progress: Progress | None, index: int, count: int) -> Progress | None:
    """Report step ``index`` of ``count`` (copy, encrypt, check) as one bar from 0 to 1000 × count."""
    if progress is None or count == 1:
        return progress
    report = progress

    def scaled(done: int, total: int) -> None:
        report(index * 1000 + 1000 * done // max(total, 1), count * 1000)

    return scaled


def _with(stamp: BackupManifest, *, sha256: str, size: int, counts: dict[str, int]) -> BackupManifest:
    fields = {name: getattr(stamp, name) for name in stamp.__dataclass_fields__}
    return BackupManifest(**{**fields, "sha256": sha256, "size": size, "row_counts": counts})
