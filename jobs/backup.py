"""Back up an instance and restore it: ``make backup``, ``make restore [FILE=…]``.

A backup is one uncompressed tar file (DuckDB files compress poorly and a 2-core machine should
not spend minutes on gzip) holding ``manifest.json`` and:

- ``warehouse/<version>.duckdb``: the current warehouse version (``--all-versions``: every kept
  one). Published versions are never written again, so copying one is consistent;
- ``store/xrm_store.sqlite``: the operational store (users, audit, segments, runs, mappings,
  plans, partners…), copied with SQLite's online backup, so a consistent snapshot even while the
  app writes. A store on a server (``XRM_STORE_URL=postgresql…``) is that server's to back up
  (``pg_dump``): the backup says so and leaves it out;
- ``files/scores/…``, ``files/campaigns/…``: the scoring runs' Parquet files and the campaign
  contact files; ``files/secret_key`` and ``files/demo_password`` when present (without them a
  restored store's demo accounts would not match their password).

The manifest lists every member with its size and SHA-256. ``restore`` checks all of them (and
that every name is a plain relative path) before it changes anything, takes the writer lock (a load
in progress: refused), then publishes the backed-up version as a new current version (the one it
replaces stays a kept version: ``python -m data.warehouse rollback`` undoes the restore for the
warehouse), and puts the store and files back, keeping what it replaced under
``instance/before-restore-<stamp>/``. Stop the app before restoring the store: a running process
keeps the store it opened until it restarts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import settings
from data.warehouse import (
    WarehouseUnavailable,
    current_path,
    list_versions,
    new_version_path,
    publish,
    version_of,
    versions_dir,
    writer_lock_if_free,
)

FORMAT = 1
FILE_DIRS = ("scores", "campaigns")  # folders of the instance a backup carries
SECRET_FILES = ("secret_key", "demo_password")


class BackupError(Exception):
    """A backup or restore refused, with what to do (shown as is by the command)."""


@dataclass
class Restored:
    version: str
    store: bool
    files: int
    kept: Path | None = None
    notes: list[str] = field(default_factory=list)


def backup_dir() -> Path:
    """XRM_BACKUP_DIR, else ``backups/`` beside the instance folder (never inside what it backs up)."""
    instance = settings.instance_dir()
    return Path(os.environ.get("XRM_BACKUP_DIR", instance.parent / "backups")).absolute()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def create_backup(out: Path | None = None, all_versions: bool = False, pointer: Path | None = None) -> Path:
    """Write a backup of the instance; returns the tar file's path."""
    pointer = pointer or settings.warehouse_pointer()
    instance = settings.instance_dir()
    current = current_path(pointer)
    versions = list_versions(pointer) if all_versions else []
    chosen = list(dict.fromkeys([*versions, current]))
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = Path(out) if out else backup_dir() / f"xrm-backup-{stamp}.tar"
    target.parent.mkdir(parents=True, exist_ok=True)
    members: list[tuple[str, Path]] = [(f"warehouse/{p.stem}.duckdb", p) for p in chosen]
    notes = []
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        store = _sqlite_path(settings.store_url())
        if store is not None and store.exists():
            snapshot = Path(scratch) / "xrm_store.sqlite"
            source = sqlite3.connect(str(store))
            copy = sqlite3.connect(str(snapshot))
            try:
                source.backup(copy)  # a consistent copy even while the app writes
            finally:
                copy.close()
                source.close()
            members.append(("store/xrm_store.sqlite", snapshot))
        elif store is None:
            notes.append("the operational store is a database server (XRM_STORE_URL): back it up with its own tools")
        for folder in FILE_DIRS:
            root = instance / folder
            for path in sorted(root.rglob("*")) if root.exists() else []:
                if path.is_file() and not path.is_symlink():
                    members.append((f"files/{folder}/{path.relative_to(root).as_posix()}", path))
        for name in SECRET_FILES:
            if (instance / name).is_file():
                members.append((f"files/{name}", instance / name))
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now().isoformat(timespec="seconds"),
            "current_version": version_of(current),
            "notes": notes,
            "members": [{"name": name, "size": path.stat().st_size, "sha256": _sha256(path)} for name, path in members],
        }
        partial = target.with_name(target.name + ".writing")
        old_umask = os.umask(0o077)  # the backup holds customer data and password hashes
        try:
            with tarfile.open(partial, "w") as tar:
                data = json.dumps(manifest, indent=1).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime, info.mode = len(data), int(dt.datetime.now().timestamp()), 0o600
                tar.addfile(info, fileobj=_bytes(data))
                for name, path in members:
                    tar.add(str(path), arcname=name, recursive=False)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            os.umask(old_umask)
        os.replace(partial, target)
    return target


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember("manifest.json")
        manifest = json.loads(tar.extractfile(member).read())
    except (KeyError, ValueError, AttributeError):
        raise BackupError("This is not an XRM backup (no readable manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not one this XRM reads ({FORMAT}).")
    return manifest


def verify(archive: Path, into: Path) -> dict:
    """Extract ``archive`` into ``into`` after checking every member against the manifest."""
    try:
        tar = tarfile.open(archive, "r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive} cannot be read as a backup ({exc}).") from None
    with tar:
        manifest = _read_manifest(tar)
        listed = {m["name"]: m for m in manifest.get("members", [])}
        present = {m.name: m for m in tar.getmembers() if m.name != "manifest.json"}
        for name, member in present.items():
            if not _safe_name(name) or not member.isfile() or name not in listed:
                raise BackupError(f"The backup holds an unexpected entry {name!r}: refused, nothing was changed.")
        missing = sorted(set(listed) - set(present))
        if missing:
            raise BackupError(f"The backup is incomplete (missing {', '.join(missing[:5])}): nothing was changed.")
        for name, member in present.items():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
            expected = listed[name]
            if target.stat().st_size != expected["size"] or _sha256(target) != expected["sha256"]:
                raise BackupError(f"{name} in the backup is damaged (checksum mismatch): nothing was changed.")
    return manifest


def latest_backup() -> Path:
    found = sorted(backup_dir().glob("xrm-backup-*.tar"))
    if not found:
        raise BackupError(f"No backup in {backup_dir()}: make one with `make backup`, or name one with FILE=…")
    return found[-1]


def restore_backup(archive: Path, pointer: Path | None = None) -> Restored:
    """Check ``archive`` whole, then make its data the instance's (see the module's docstring)."""
    pointer = pointer or settings.warehouse_pointer()
    instance = settings.instance_dir()
    instance.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=instance, prefix=".restore-") as scratch:
        staged = Path(scratch)
        manifest = verify(Path(archive), staged)
        current_name = f"warehouse/{manifest['current_version']}.duckdb"
        if not (staged / current_name).is_file():
            raise BackupError("The backup's manifest names a current version it does not hold: nothing was changed.")
        with writer_lock_if_free(pointer) as free:
            if not free:
                raise BackupError("A load or publish is running: restore when it has finished.")
            stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
            kept = instance / f"before-restore-{stamp}"
            restored = Restored(version="", store=False, files=0, notes=list(manifest.get("notes", [])))
            # every other backed-up version first (older ones to roll back to), then the current one
            for path in sorted((staged / "warehouse").glob("*.duckdb")):
                if path.name != Path(current_name).name:
                    target = versions_dir(pointer) / path.name
                    if not target.exists():
                        versions_dir(pointer).mkdir(parents=True, exist_ok=True)
                        os.replace(path, target)
            fresh = new_version_path(pointer)
            os.replace(staged / current_name, fresh)
            restored.version = publish(fresh, pointer)
            store = _sqlite_path(settings.store_url())
            snapshot = staged / "store" / "xrm_store.sqlite"
            if snapshot.is_file():
                if store is None:
                    restored.notes.append("the backup's store was not restored: XRM_STORE_URL names a database server")
                else:
                    if store.exists():
                        kept.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(store, kept / store.name)
                    for suffix in ("-wal", "-shm"):
                        Path(str(store) + suffix).unlink(missing_ok=True)
                    os.replace(snapshot, store)
                    restored.store = True
            for folder in FILE_DIRS:
                source = staged / "files" / folder
                target = instance / folder
                if target.exists():
                    kept.mkdir(parents=True, exist_ok=True)
                    os.replace(target, kept / folder)
                if source.exists():
                    os.replace(source, target)
                    restored.files += sum(1 for p in target.rglob("*") if p.is_file())
            for name in SECRET_FILES:
                source = staged / "files" / name
                if source.is_file():
                    if (instance / name).exists():
                        kept.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(instance / name, kept / name)
                    os.replace(source, instance / name)
            restored.kept = kept if kept.exists() else None
    return restored


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobs.backup", description="Back up or restore the instance.")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create", help="write a backup (default: backups/ beside the instance)")
    create.add_argument("--out", type=Path, help="the tar file to write")
    create.add_argument(
        "--all-versions", action="store_true", help="every kept warehouse version, not only the current"
    )
    restore = sub.add_parser("restore", help="restore a backup (default: the newest in the backup folder)")
    restore.add_argument("file", nargs="?", type=Path)
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            path = create_backup(args.out, args.all_versions)
            print(f"backup written: {path} ({path.stat().st_size / 1e6:,.1f} MB)")
            for note in _read_notes(path):
                print(f"note: {note}")
            return 0
        archive = args.file or latest_backup()
        done = restore_backup(archive)
        print(f"restored {archive}: warehouse version {done.version}, store {'restored' if done.store else 'kept'}, "
              f"{done.files} files")  # fmt: skip
        if done.kept:
            print(f"what it replaced is kept in {done.kept}; restart the app to use the restored store")
        for note in done.notes:
            print(f"note: {note}")
        return 0
    except (BackupError, WarehouseUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _read_notes(path: Path) -> list[str]:
    with tarfile.open(path, "r:") as tar:
        return list(_read_manifest(tar).get("notes", []))


if __name__ == "__main__":
    sys.exit(main())
