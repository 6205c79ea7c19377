"""Back up and restore the register: verified, stamped, rotated, in the folder the office chose."""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, exc, select

from app import __version__
from app.db import migrate
from app.domain.permissions import Action, Actor
from app.models import Office
from app.services.accounts.signed_in import SignedIn
from app.services.backup import backup_crypto, backup_key
from app.services.backup.backup_crypto import Secret
from app.services.backup.backup_folder import check_folder, folder_message, free_stem
from app.services.backup.backup_folder import sweep as sweep_leftovers
from app.services.backup.backup_key import BackupKeyError, OfficeKey
from app.services.backup.backup_keyring import (
    read_setting,
    restore_secret,
    secret_needed,
    write_setting,
)
from app.services.backup.backup_manifest import (
    BackupError,
    BackupFolderError,
    BackupManifest,
    BackupOfficeError,
    atomic_write,
    manifest_path,
    read_manifest,
    sha256_of,
)
from app.services.backup.backup_restore import decrypted, inspect_file, restore_pg, restore_sqlite
from app.services.backup.backup_rotation import KEEP_PRE_UPGRADE, YOUNG, to_remove
from app.services.backup.backup_writer import phase, stamped, write_encrypted, write_plain
from app.services.core.db_errors import describe
from app.services.core.errors import DatabaseError

Progress = Callable[[int, int], None]
Clock = Callable[[], datetime]
FOLDER_KEY = "backup.folder"
KEY_FINGERPRINT = "backup.key_fingerprint"
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
        self,
        engine: Engine,
        data_dir: Path,
        clock: Clock = datetime.now,
        *,
        signed_in: SignedIn,
        memory_limit: int | None = None,
    ) -> None:
        self._signed_in = signed_in
        self._memory_limit = memory_limit
        self._engine = engine
        self._data_dir = data_dir
        self._clock = clock
        self._sqlite = engine.dialect.name == "sqlite"

    # --- folder -------------------------------------------------------------------------
    def default_folder(self) -> Path:
        return self._data_dir / "backups"

    def folder(self) -> Path:
        """The folder the office chose, or ``<data dir>/backups``."""
        chosen = read_setting(self._engine, FOLDER_KEY)
        return Path(chosen) if chosen else self.default_folder()

    def set_folder(self, folder: Path) -> None:
        """Remember the office's folder after checking that a backup can be written there."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        check_folder(folder, create=False)
        write_setting(self._engine, FOLDER_KEY, str(folder.resolve()))

    # --- backup -------------------------------------------------------------------------
    def backup(
        self,
        folder: Path | None = None,
        *,
        kind: str = "manual",
        progress: Progress | None = None,
        encrypt: str | None = None,
        plain: bool = False,
    ) -> BackupResult:
        """Make, verify and stamp one backup now, then rotate old ones.

        Encrypted with the office's backup key (made at the first backup), or with ``encrypt``
        (a passphrase) if given; a plain copy only with ``plain=True``. Either way plain data never
        reaches the backup folder unless asked for, and is never left in a temporary file.
        """
        if kind != "auto":  # the daily automatic backup is the program's, whoever is signed in
            self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        started = time.perf_counter()
        folder = folder or self.folder()
        check_folder(folder, create=folder == self.default_folder())
        quiet = kind == "pre-upgrade"  # a failed upgrade must leave the file exactly as it was
        secret, fingerprint = self._backup_secret(encrypt, plain, as_system=kind == "auto", quiet=quiet)
        self._sweep(folder, quiet=quiet)
        now = self._clock().replace(microsecond=0)
        stem = free_stem(folder, f"hotline-{now:%Y%m%d-%H%M%S}-{kind}")
        data_file = folder / (stem + (ENCRYPTED_SUFFIX if secret else ".sqlite" if self._sqlite else ".zip"))
        partial = folder / f"{stem}.p{os.getpid()}.partial"
        anchor = self._signed_in.audit_anchor(
            f"sao lưu {data_file.name}", self.office_name() or "", write_db=not quiet
        )
        stamp = BackupManifest(
            app_version=__version__, schema_revision=migrate.current_revision(self._engine),
            office_name=self.office_name() or "", created_at=now, database=self._engine.dialect.name,
            kind=kind, data_file=data_file.name, sha256="", size=0, encrypted=secret is not None,
            key_fingerprint=fingerprint, database_id=anchor.database_id, audit_rows=anchor.rows,
            audit_hash=anchor.digest,
        )  # fmt: skip
        manifest = self._write(stamp, partial, data_file, secret, progress)
        removed = self.rotate(folder)
        after = {"file": str(data_file), "kind": kind, "encrypted": secret is not None, "key": fingerprint}
        if removed:
            after["removed"] = ", ".join(p.name for p in removed)
        if not quiet:
            self._signed_in.record_standalone(
                "backup.create", "backup", data_file.name, after, as_system=kind == "auto"
            )
        return BackupResult(data_file, manifest, time.perf_counter() - started, removed)

    def _backup_secret(
        self, encrypt: str | None, plain: bool, *, as_system: bool, quiet: bool
    ) -> tuple[Secret | None, str]:
        """What the backup is encrypted with, and the office key's fingerprint ("" for others)."""
        if plain:
            return None, ""
        if encrypt is not None:
            return backup_crypto.check_passphrase(encrypt), ""
        key = self.office_key(as_system=as_system, quiet=quiet)
        return key.secret, key.fingerprint

    def office_key(self, *, as_system: bool = False, quiet: bool = False) -> OfficeKey:
        """The office's backup key; made (and its fingerprint remembered) when there is none yet.

        BackupKeyError when the key the office used is gone or unreadable: nothing is written then.
        """
        key = backup_key.load_key(self._data_dir)
        remembered = read_setting(self._engine, KEY_FINGERPRINT)
        if key is None and remembered:
            raise BackupKeyError(
                backup_key.MISSING.format(path=backup_key.key_path(self._data_dir), fingerprint=remembered)
            )
        if key is None:
            key = backup_key.new_key()
            backup_key.save_key(self._data_dir, key)
            if not quiet:
                after = {"fingerprint": key.fingerprint}
                self._signed_in.record_standalone(
                    "backup.key_create", "backup", key.fingerprint, after, as_system=as_system
                )
        if remembered != key.fingerprint and not quiet:
            write_setting(self._engine, KEY_FINGERPRINT, key.fingerprint)
        return key

    def _sweep(self, folder: Path, *, quiet: bool = False) -> list[Path]:
        """Remove what a killed backup or restore left (audited), before anything new is written."""
        removed = sweep_leftovers(self._leftover_folders(folder))
        if removed and not quiet:
            self._signed_in.record_standalone(
                "backup.sweep", "backup", "", {"removed": ", ".join(p.name for p in removed)}, as_system=True
            )
        return removed

    def sweep(self) -> list[Path]:
        """At start-up: the leftovers of a backup or restore killed mid-way (no plain copy stays)."""
        try:
            folder = self.folder()
        except DatabaseError:
            folder = self.default_folder()
        return self._sweep(folder)

    def _leftover_folders(self, folder: Path) -> tuple[Path, ...]:
        return tuple(dict.fromkeys((self._scratch_dir(), self._data_dir, self.default_folder(), folder)))

    def _write(
        self,
        stamp: BackupManifest,
        partial: Path,
        data_file: Path,
        secret: Secret | None,
        progress: Progress | None,
    ) -> BackupManifest:
        """Copy and check (encrypting as it goes, then checking every chunk), then publish."""
        try:
            digest = hashlib.sha256()  # encrypted: the checksum is taken in the same read as the check
            if secret is None:
                counts = write_plain(self._engine, partial, stamp, progress)
            else:
                counts = write_encrypted(
                    self._engine, partial, stamp, secret, phase(progress, 0, 2),
                    memory_limit=self._memory_limit, scratch_dir=self._scratch_dir(),
                )  # fmt: skip
                backup_crypto.decrypt_file(partial, None, secret, phase(progress, 1, 2), digest=digest)
            sha = sha256_of(partial) if secret is None else digest.hexdigest()
            manifest = stamped(stamp, sha256=sha, size=partial.stat().st_size, counts=counts)
            atomic_write(manifest_path(data_file), manifest.to_json().encode("utf-8"))
            os.replace(partial, data_file)  # stamped first: a data file never appears without its stamp
            return manifest
        except (OSError, sqlite3.Error, exc.SQLAlchemyError) as error:
            partial.unlink(missing_ok=True)
            data_file.unlink(missing_ok=True)
            manifest_path(data_file).unlink(missing_ok=True)
            if isinstance(error, OSError) or "full" in str(error).lower():
                cause = error if isinstance(error, OSError) else OSError(errno.ENOSPC, str(error))
                raise BackupFolderError(folder_message(data_file.parent, cause)) from error
            raise DatabaseError(describe(error)) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

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
        now = self._clock()
        regular = [(b.path, b.manifest.created_at) for b in backups if b.manifest.kind != "pre-upgrade"]
        upgrades = [(b.path, b.manifest.created_at) for b in backups if b.manifest.kind == "pre-upgrade"]
        old_upgrades = [p for p, at in upgrades[KEEP_PRE_UPGRADE:] if now - at >= YOUNG]
        doomed = [*to_remove(regular, now), *old_upgrades]
        for path in doomed:
            manifest_path(path).unlink(missing_ok=True)
            path.unlink(missing_ok=True)
        return tuple(doomed)

    # --- restore ------------------------------------------------------------------------
    def inspect(self, file: Path) -> BackupManifest:
        """Read and check a backup's stamp and checksum without touching the database."""
        return inspect_file(self._engine, file)

    def install_key(self, typed: str) -> OfficeKey:
        """Put the key typed from the recovery sheet on this PC (a new or reinstalled PC)."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        key = backup_key.parse_recovery_text(typed)
        present = backup_key.load_key(self._data_dir)
        if present is not None and present.fingerprint != key.fingerprint:
            raise BackupKeyError(
                f"Máy này đã có khóa sao lưu khác (dấu vân tay {present.fingerprint}); không thay."
            )
        backup_key.save_key(self._data_dir, key)
        self._signed_in.record_standalone("backup.key_install", "backup", key.fingerprint, {})
        return key

    def recovery_sheet(self, out: Path) -> Path:
        """The office key on paper (PDF) for the safe: made if there is none yet; audited."""
        self._signed_in.check(Action.MANAGE_SETTINGS, "backup")
        key = self.office_key()
        who = self._signed_in.who()
        name = who.username if isinstance(who, Actor) else str(who)
        from app.services.backup.backup_sheet import write_recovery_sheet  # reportlab: only for the sheet

        write_recovery_sheet(self._engine, key, out, self._clock(), name)
        self._signed_in.record_standalone("backup.key_sheet", "backup", key.fingerprint, {"file": str(out)})
        return out

    def restore(
        self,
        file: Path,
        *,
        force_office: bool = False,
        progress: Progress | None = None,
        passphrase: str | None = None,
    ) -> RestoreResult:
        """Replace the database by a verified backup; the caller reopens its services after.

        An encrypted backup needs its passphrase, or (office key) the key of this PC or the key
        typed from the recovery sheet, in ``passphrase``; a wrong one or a changed file is refused
        before anything is touched.
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
        secret, typed_key = restore_secret(self._data_dir, manifest, passphrase)
        kept = None
        if self._sqlite:
            kept = restore_sqlite(self._engine, file, manifest, secret)
        else:
            with decrypted(file, manifest, secret, self._scratch_dir()) as plain:
                restore_pg(self._engine, plain, manifest, progress, self.office_name)
        if typed_key is not None and backup_key.load_key(self._data_dir) is None:
            backup_key.save_key(self._data_dir, typed_key)  # a new PC: the sheet's key is the office's now
        after = {
            "file": str(file),
            "created_at": manifest.created_at.isoformat(sep=" "),
            "kept": str(kept or ""),
        }
        self._signed_in.record_standalone(
            "backup.restore", "backup", file.name, after
        )  # in the restored data
        return RestoreResult(manifest, kept, time.perf_counter() - started)

    def secret_needed(self, manifest: BackupManifest) -> str:
        """What restoring this backup asks for: "" (nothing), "passphrase" or "recovery_key"."""
        return secret_needed(self._data_dir, manifest)

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
