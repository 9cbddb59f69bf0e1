"""The store: a small repository API over TinyDB, the only way screens reach data.

    store = Store.open(data_dir)
    contact = store.contacts.add(Contact(name="Sam"))
    store.contacts.list()

Reads come from memory (validated models, kept in a dict per collection);
every change is validated, written atomically and durably, and only then
applied to memory. A failed write raises ``StoreWriteError`` and leaves both
the file and memory as they were.
"""

from __future__ import annotations

import builtins
import os
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document, Table

from data.backup import rolling_backup
from data.clock import Clock, SystemClock, today
from data.errors import NotFound, StoreCorrupt, StoreTooNew, StoreUnsafe, StoreWriteError
from data.lock import StoreLock
from data.migrations import SCHEMA_VERSION, migrate, schema_version, set_schema_version
from data.models import (
    SETTINGS_ID,
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Record,
    Settings,
    SupportEntry,
)
from data.storage import DIR_MODE, FILE_MODE, DurableStorage, load_file, remove_stale_temp_files

STORE_FILE = "kith.json"
LOCK_FILE = "kith.lock"

R = TypeVar("R", bound=Record)

# Records on disk are checked for shape, not against today's date (a clock
# that moved backwards must not make a store unreadable).
_LOAD_CONTEXT = {"today": date.max}


class Repository(Generic[R]):
    """One collection of records of one model."""

    def __init__(self, store: Store, name: str, model: type[R], label: str) -> None:
        self._store = store
        self.name = name
        self.model = model
        self.label = label
        self._items: dict[str, R] = {}
        self._doc_ids: dict[str, int] = {}
        self._listeners: list[Callable[[], None]] = []

    # -- loading -----------------------------------------------------------
    def _load(self, raw: dict[str, Any]) -> None:
        items: dict[str, R] = {}
        doc_ids: dict[str, int] = {}
        for doc_id, doc in raw.items():
            try:
                item = self.model.model_validate(doc, context=_LOAD_CONTEXT)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "record"
                raise StoreCorrupt(
                    self._store.path,
                    f"a record in '{self.name}' (number {doc_id}) is not valid: "
                    f"{where}: {first['msg']}.",
                ) from error
            items[item.id] = item
            doc_ids[item.id] = int(doc_id)
        self._items = items
        self._doc_ids = doc_ids

    @property
    def _table(self) -> Table:
        return self._store._db.table(self.name, cache_size=0)

    # -- reading -----------------------------------------------------------
    def list(self) -> builtins.list[R]:
        return list(self._items.values())

    def get(self, record_id: str) -> R | None:
        return self._items.get(record_id)

    def require(self, record_id: str) -> R:
        item = self._items.get(record_id)
        if item is None:
            raise NotFound(self.label, record_id)
        return item

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._items

    # -- writing -----------------------------------------------------------
    def _validated(self, item: R, *, created: bool) -> R:
        now = self._store.clock.now()
        doc = item.model_dump()
        doc["updated"] = now
        if created:
            doc["created"] = now
        return self.model.model_validate(doc, context=self._store.validation_context())

    def add(self, item: R) -> R:
        with self._store._writing():
            if item.id in self._items:
                raise ValueError(f"A {self.label} with id {item.id} already exists.")
            item = self._validated(item, created=True)
            doc_id = self._table.insert(item.to_doc())
            self._items[item.id] = item
            self._doc_ids[item.id] = doc_id
        self._store._changed(self)
        return item

    def add_many(self, items: builtins.list[R]) -> builtins.list[R]:
        """Add several records in one write (imports, demo data)."""
        with self._store._writing():
            validated = [self._validated(item, created=True) for item in items]
            ids = self._table.insert_multiple([item.to_doc() for item in validated])
            for item, doc_id in zip(validated, ids, strict=True):
                self._items[item.id] = item
                self._doc_ids[item.id] = doc_id
        self._store._changed(self)
        return validated

    def put(self, item: R) -> R:
        """Insert or replace ``item`` keeping its own created/updated times (imports)."""
        with self._store._writing():
            item = self.model.model_validate(item.model_dump(), context=_LOAD_CONTEXT)
            doc_id = self._doc_ids.get(item.id)
            if doc_id is None:
                doc_id = self._table.insert(item.to_doc())
            else:
                self._table.upsert(Document(item.to_doc(), doc_id=doc_id))
            self._items[item.id] = item
            self._doc_ids[item.id] = doc_id
        self._store._changed(self)
        return item

    def update(self, item: R) -> R:
        with self._store._writing():
            doc_id = self._doc_ids.get(item.id)
            if doc_id is None:
                raise NotFound(self.label, item.id)
            item = self._validated(item, created=False)
            item = item.model_copy(update={"created": self._items[item.id].created})
            self._table.upsert(Document(item.to_doc(), doc_id=doc_id))
            self._items[item.id] = item
        self._store._changed(self)
        return item

    def delete(self, record_id: str) -> None:
        with self._store._writing():
            doc_id = self._doc_ids.get(record_id)
            if doc_id is None:
                raise NotFound(self.label, record_id)
            self._table.remove(doc_ids=[doc_id])
            del self._items[record_id]
            del self._doc_ids[record_id]
        self._store._changed(self)


class SettingsRepository:
    """The one Settings record."""

    def __init__(self, repo: Repository[Settings]) -> None:
        self._repo = repo

    def get(self) -> Settings:
        return self._repo.get(SETTINGS_ID) or Settings()

    def save(self, settings: Settings) -> Settings:
        settings = settings.model_copy(update={"id": SETTINGS_ID})
        if SETTINGS_ID in self._repo:
            return self._repo.update(settings)
        return self._repo.add(settings)

    def change(self, **changes: Any) -> Settings:
        """Save the current settings with some fields changed (validated)."""
        current = self.get().model_dump()
        current.update(changes)
        return self.save(Settings.model_validate(current))


class Store:
    """Kith's data, open on one folder."""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        readonly: bool = False,
        backups: bool = True,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / STORE_FILE
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.readonly = readonly
        self._backups = backups
        self._lock = StoreLock(self.data_dir / LOCK_FILE)
        self._mutex = threading.RLock()
        self.migrated_from: int | None = None
        self.backup_made: Path | None = None
        self.contacts: Repository[Contact] = Repository(self, "contacts", Contact, "person")
        self.interactions: Repository[Interaction] = Repository(
            self, "interactions", Interaction, "interaction"
        )
        self.checkins: Repository[CheckIn] = Repository(self, "checkins", CheckIn, "check-in")
        self.plan: Repository[PlanItem] = Repository(self, "plan", PlanItem, "planned action")
        self.support: Repository[SupportEntry] = Repository(
            self, "support", SupportEntry, "support entry"
        )
        self._settings: Repository[Settings] = Repository(self, "settings", Settings, "settings")
        self.settings = SettingsRepository(self._settings)
        self._listeners: list[Callable[[str], None]] = []
        self._storage: DurableStorage
        self._db: TinyDB

    @property
    def repositories(self) -> tuple[Repository[Any], ...]:
        return (
            self.contacts,
            self.interactions,
            self.checkins,
            self.plan,
            self.support,
            self._settings,
        )

    # -- opening and closing -----------------------------------------------
    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        readonly: bool = False,
        backups: bool = True,
    ) -> Store:
        """Open (creating if needed) the store in ``data_dir``.

        Raises ``StoreLocked``, ``StoreCorrupt``, ``StoreTooNew`` or
        ``StoreUnsafe``; a file that cannot be read is never written to.
        """
        store = cls(data_dir, clock=clock, readonly=readonly, backups=backups)
        store._open()
        return store

    def _open(self) -> None:
        self._prepare_folder()
        if not self.readonly:
            self._lock.acquire()
        try:
            if not self.readonly:
                self._tidy_folder()
            self._load()
        except BaseException:
            self._lock.release()
            raise

    def _prepare_folder(self) -> None:
        folder = self.data_dir
        if folder.is_symlink():
            folder = folder.resolve()
        if self.readonly:
            if not folder.is_dir():
                raise StoreUnsafe(f"There is no Kith data folder at {folder}.")
        else:
            folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        info = folder.stat()
        if info.st_uid != os.getuid():
            raise StoreUnsafe(
                f"The data folder {folder} belongs to another user. Kith will not write "
                "there. Choose your own folder with --data-dir."
            )
        if self.path.is_symlink():
            raise StoreUnsafe(
                f"The data file {self.path} is a link to {os.readlink(self.path)}. Kith "
                "only writes to a real file it owns; replace the link with the file itself."
            )

    def _tidy_folder(self) -> None:
        """Private modes, no stale temp files. Only with the lock held: another Kith's
        temporary file may be a save in progress."""
        folder = self.data_dir.resolve() if self.data_dir.is_symlink() else self.data_dir
        if stat.S_IMODE(folder.stat().st_mode) != DIR_MODE:
            os.chmod(folder, DIR_MODE)
        remove_stale_temp_files(folder)
        if self.path.exists() and stat.S_IMODE(self.path.stat().st_mode) != FILE_MODE:
            os.chmod(self.path, FILE_MODE)

    def _load(self) -> None:
        tables = load_file(self.path)
        fresh = tables is None
        if tables is None:
            tables = {}
            set_schema_version(tables)
        found = schema_version(tables)
        if found > SCHEMA_VERSION:
            raise StoreTooNew(self.path, found, SCHEMA_VERSION)
        if found < SCHEMA_VERSION:
            if self.readonly:
                tables, _ = migrate(tables)
            else:
                # Keep the old file as a backup before it is rewritten.
                from data.backup import backups_dir, copy_to

                stamp = self.clock.now().strftime("%Y%m%d-%H%M%S")
                copy_to(self.path, backups_dir(self.data_dir) / f"kith-v{found}-{stamp}.json")
                tables, _ = migrate(tables)
                self.migrated_from = found
        self._storage = DurableStorage(self.path, tables)
        self._db = TinyDB(storage=lambda: self._storage)
        for repo in self.repositories:
            repo._load(tables.get(repo.name, {}))
        if self.readonly:
            return
        if fresh or self.migrated_from is not None:
            self._storage.write(tables)
        elif self._backups:
            self.backup_made = rolling_backup(self.path, self.data_dir, today(self.clock))

    def close(self) -> None:
        self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------
    def validation_context(self) -> dict[str, Any]:
        return {"today": today(self.clock)}

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self.readonly:
            raise StoreUnsafe("This store was opened read-only.")
        with self._mutex:
            try:
                yield
            except StoreWriteError:
                if not self._storage._batch_depth:
                    self._rollback()
                raise

    def _rollback(self) -> None:
        """After a failed write: memory goes back to what is on disk."""
        tables = self._storage.reload() or {}
        for repo in self.repositories:
            repo._load(tables.get(repo.name, {}))

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several changes saved in one atomic write: all of them or none."""
        if self.readonly:
            raise StoreUnsafe("This store was opened read-only.")
        with self._mutex:
            try:
                with self._storage.batch():
                    yield
            except BaseException:
                if self._storage._batch_depth == 0:
                    self._storage.discard_batch()
                    self._rollback()
                raise

    # -- change notification -----------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call ``listener(collection_name)`` after every successful change."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _changed(self, repo: Repository[Any]) -> None:
        if self._storage._batch_depth:
            return
        for listener in list(self._listeners):
            listener(repo.name)

    # -- domain operations that span collections ---------------------------
    def delete_contact(self, contact_id: str, *, keep_interactions: bool) -> None:
        """Delete a person. Their interactions are kept (without them) or deleted;
        an interaction shared with others always stays, without this person."""
        self.contacts.require(contact_id)
        with self.batch():
            for interaction in self.interactions.list():
                if contact_id not in interaction.contact_ids:
                    continue
                others = [cid for cid in interaction.contact_ids if cid != contact_id]
                if others:
                    self.interactions.update(interaction.model_copy(update={"contact_ids": others}))
                elif not keep_interactions:
                    self.interactions.delete(interaction.id)
            for item in self.plan.list():
                if item.contact_id == contact_id:
                    self.plan.update(item.model_copy(update={"contact_id": None}))
            self.contacts.delete(contact_id)
        for listener in list(self._listeners):
            listener("contacts")

    def export_tables(self) -> dict[str, Any]:
        """Every record as JSON-ready dicts, with the schema version."""
        data: dict[str, Any] = {"schema": SCHEMA_VERSION}
        for repo in self.repositories:
            data[repo.name] = [item.to_doc() for item in repo.list()]
        return data
