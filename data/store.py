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
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from kith.data.backup import backup_problem_words, rolling_backup
from kith.data.clock import Clock, SystemClock, today
from kith.data.collections import label
from kith.data.crypto import StoreKey, damaged_start, is_encrypted, is_sealed_file
from kith.data.deletion import delete_contact
from kith.data.errors import NotFound, StoreCorrupt, StoreError, StoreUnsafe, StoreWriteError
from kith.data.folder import prepare_folder, tidy_folder
from kith.data.gcfreeze import (
    collector_paused,
    freeze_records,
    give_back_memory,
    should_freeze,
    thaw_records,
)
from kith.data.integrity import check_tables
from kith.data.interaction_index import InteractionIndex
from kith.data.journal import Journal, journal_path, load_current, read_state
from kith.data.lock import LOCK_FILE as LOCK_FILE
from kith.data.lock import StoreLock
from kith.data.migrations import SCHEMA_VERSION, set_schema_version
from kith.data.models import (
    SAFETY_PLAN_ID,
    SETTINGS_ID,
    CheckIn,
    Contact,
    Interaction,
    PlanItem,
    Record,
    SafetyPlan,
    Settings,
    SupportEntry,
    ThoughtRecord,
)
from kith.data.opening import up_to_date
from kith.data.storage import (
    DurableStorage,
    fragment,
    load_file,
)
from kith.data.undo import UndoLog

STORE_FILE = "kith.json"

R = TypeVar("R", bound=Record)

# Records on disk are checked for shape, not against today's date (a clock
# that moved backwards must not make a store unreadable).
_LOAD_CONTEXT = {"today": date.max}


class Repository(Generic[R]):
    """One collection of records of one model."""

    def __init__(self, store: Store, name: str, model: type[R]) -> None:
        self._store = store
        self.name = name
        self.model = model
        self.label = label(name)  # "person": from data.collections, the one list
        self._items: dict[str, R] = {}
        self._doc_ids: dict[str, int] = {}  # record id -> TinyDB document id
        self._next_id = 1

    # -- loading -----------------------------------------------------------
    def _load(self, raw: dict[str, Any], *, keep_bytes: bool = True) -> dict[str, bytes]:
        """Validate the table's documents into models; return their stored bytes
        (none for a read-only store, which never writes).

        Each parsed document is let go as soon as it is handled (``raw`` is
        emptied), so loading ten years of records never holds two parsed copies.
        """
        items: dict[str, R] = {}
        doc_ids: dict[str, int] = {}
        fragments: dict[str, bytes] = {}
        validate = self.model.model_validate
        shared: set[str] | None = None
        for key in builtins.list(raw):
            doc = raw.pop(key)
            if isinstance(doc, dict) and "id" not in doc:
                # A new id would be made up at every start, cutting the record off
                # from everything that points at it.
                raise StoreCorrupt(
                    self._store.path, f"a record in '{self.name}' (number {key}) has no id."
                )
            try:
                number = int(key)
                item = validate(doc, context=_LOAD_CONTEXT)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "record"
                raise StoreCorrupt(
                    self._store.path,
                    f"a record in '{self.name}' (number {key}) is not valid: "
                    f"{where}: {first['msg']}.",
                ) from error
            except ValueError as error:
                raise StoreCorrupt(
                    self._store.path,
                    f"a record in '{self.name}' is numbered {key!r}, not with a whole number.",
                ) from error
            # pydantic keeps, per record, the set of field names it was given (about
            # 700 bytes). Records of one table nearly always have the same set, so
            # they share one: a sixth of the memory of ten years of records. pydantic
            # copies the set before changing it (model_copy), and records are frozen.
            if item.__pydantic_fields_set__ == shared:
                object.__setattr__(item, "__pydantic_fields_set__", shared)
            else:
                shared = item.__pydantic_fields_set__
            if item.id in items:
                raise StoreCorrupt(
                    self._store.path,
                    f"two records in '{self.name}' (numbers {doc_ids[item.id]} and {key}) "
                    "have the same id.",
                )
            if keep_bytes:
                fragments[str(number)] = fragment(str(number), doc)
            items[item.id] = item
            doc_ids[item.id] = number
        self._items = items
        self._doc_ids = doc_ids
        self._next_id = max(doc_ids.values(), default=0) + 1
        return fragments

    def _write(self, put: dict[int, R] | None = None, remove: tuple[int, ...] = ()) -> None:
        """Save documents durably (raises ``StoreWriteError``, nothing changed)."""
        docs = {doc_id: item.to_doc() for doc_id, item in (put or {}).items()}
        self._store._storage.change(self.name, put=docs, remove=remove)

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
    def _validated(self, item: R, *, created: bool, before: R | None = None) -> R:
        now = self._store.clock.now()
        doc = item.model_dump()
        doc["updated"] = now
        if created:
            doc["created"] = now
        context = self._store.validation_context()
        if before is not None and getattr(before, "date", None) == doc.get("date"):
            # An old record edited, its date as it was: "not in the future" is for a
            # date typed now, not one saved in another time zone (issue 13, item 10).
            context = _LOAD_CONTEXT
        return self.model.model_validate(doc, context=context)

    def add(self, item: R) -> R:
        with self._store._writing():
            if item.id in self._items:
                raise ValueError(f"A {self.label} with id {item.id} already exists.")
            item = self._validated(item, created=True)
            doc_id = self._next_id
            self._write({doc_id: item})
            self._next_id += 1
            self._items[item.id] = item
            self._doc_ids[item.id] = doc_id
        self._store._changed(self)
        return item

    def add_many(self, items: builtins.list[R]) -> builtins.list[R]:
        """Add several records in one write (imports, demo data)."""
        with self._store._writing():
            validated = [self._validated(item, created=True) for item in items]
            first = self._next_id
            self._write({first + offset: item for offset, item in enumerate(validated)})
            self._next_id += len(validated)
            for offset, item in enumerate(validated):
                self._items[item.id] = item
                self._doc_ids[item.id] = first + offset
        self._store._changed(self)
        return validated

    def put(self, item: R) -> R:
        """Insert or replace ``item`` keeping its own created/updated times (imports)."""
        with self._store._writing():
            item = self.model.model_validate(item.model_dump(), context=_LOAD_CONTEXT)
            doc_id = self._doc_ids.get(item.id)
            if doc_id is None:
                doc_id = self._next_id
                self._write({doc_id: item})
                self._next_id += 1
            else:
                self._write({doc_id: item})
            self._items[item.id] = item
            self._doc_ids[item.id] = doc_id
        self._store._changed(self)
        return item

    def update(self, item: R) -> R:
        with self._store._writing():
            doc_id = self._doc_ids.get(item.id)
            if doc_id is None:
                raise NotFound(self.label, item.id)
            before = self._items[item.id]
            item = self._validated(item, created=False, before=before)
            item = item.model_copy(update={"created": before.created})
            self._write({doc_id: item})
            self._items[item.id] = item
        self._store._changed(self)
        return item

    def delete(self, record_id: str) -> None:
        with self._store._writing():
            doc_id = self._doc_ids.get(record_id)
            if doc_id is None:
                raise NotFound(self.label, record_id)
            self._write(remove=(doc_id,))
            del self._items[record_id]
            del self._doc_ids[record_id]
        self._store._changed(self)


class InteractionRepository(Repository[Interaction]):
    """Interactions, with an index by date and by person (``index()``) that follows
    every change in place; built when first asked for, and again after a failed write."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, "interactions", Interaction)
        self._index: InteractionIndex | None = None

    def index(self) -> InteractionIndex:
        if self._index is None:
            doc_ids = self._doc_ids
            self._index = InteractionIndex(
                (item, doc_ids[item_id]) for item_id, item in self._items.items()
            )
        return self._index

    def _load(self, raw: dict[str, Any], *, keep_bytes: bool = True) -> dict[str, bytes]:
        self._index = None  # built when first asked for (the command line never needs it)
        return super()._load(raw, keep_bytes=keep_bytes)

    def add(self, item: Interaction) -> Interaction:
        stored = super().add(item)
        if self._index is not None:
            self._index.add(stored, self._doc_ids[stored.id])
        return stored

    def add_many(self, items: builtins.list[Interaction]) -> builtins.list[Interaction]:
        stored = super().add_many(items)
        if self._index is not None:
            for item in stored:
                self._index.add(item, self._doc_ids[item.id])
        return stored

    def put(self, item: Interaction) -> Interaction:
        before = self._items.get(item.id)
        stored = super().put(item)
        self._replaced(before, stored)
        return stored

    def update(self, item: Interaction) -> Interaction:
        before = self._items.get(item.id)
        stored = super().update(item)
        self._replaced(before, stored)
        return stored

    def delete(self, record_id: str) -> None:
        before = self._items.get(record_id)
        number = self._doc_ids.get(record_id)
        super().delete(record_id)
        if before is not None and number is not None:  # else delete raised NotFound
            self._dropped(before, number)

    def _dropped(self, before: Interaction, number: int) -> None:
        if self._index is not None and not self._index.remove(before, number):
            self._index = None  # built again when next asked for

    def _replaced(self, before: Interaction | None, stored: Interaction) -> None:
        """After a successful write: ``before`` (if any) out of the index, ``stored`` in."""
        index = self._index
        if index is None:
            return
        number = self._doc_ids[stored.id]
        if before is not None:
            self._dropped(before, number)
        if self._index is not None:
            self._index.add(stored, number)


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


class SafetyPlanRepository:
    """The one safety plan record (an empty plan until something is written in it)."""

    def __init__(self, repo: Repository[SafetyPlan]) -> None:
        self._repo = repo

    def get(self) -> SafetyPlan:
        return self._repo.get(SAFETY_PLAN_ID) or SafetyPlan()

    def save(self, plan: SafetyPlan) -> SafetyPlan:
        plan = plan.model_copy(update={"id": SAFETY_PLAN_ID})
        if SAFETY_PLAN_ID in self._repo:
            return self._repo.update(plan)
        return self._repo.add(plan)


class Store:
    """Kith's data, open on one folder."""

    def __init__(
        self,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        readonly: bool = False,
        backups: bool = True,
        key: StoreKey | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.key = key  # an encrypted store's key (issue 16); None: a plain store
        self.path = self.data_dir / STORE_FILE
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.readonly = readonly
        self._backups = backups
        self._lock = StoreLock(self.data_dir / LOCK_FILE)
        self._mutex = threading.RLock()
        self.migrated_from: int | None = None
        self.backup_made: Path | None = None
        self.backup_problem: str | None = None  # why today's backup was not made
        self.contacts: Repository[Contact] = Repository(self, "contacts", Contact)
        self.interactions = InteractionRepository(self)
        self.checkins: Repository[CheckIn] = Repository(self, "checkins", CheckIn)
        self.plan: Repository[PlanItem] = Repository(self, "plan", PlanItem)
        self.support: Repository[SupportEntry] = Repository(self, "support", SupportEntry)
        self._safety_plan: Repository[SafetyPlan] = Repository(self, "safety_plan", SafetyPlan)
        self.safety_plan = SafetyPlanRepository(self._safety_plan)
        self.thought_records: Repository[ThoughtRecord] = Repository(
            self, "thought_records", ThoughtRecord
        )
        self._settings: Repository[Settings] = Repository(self, "settings", Settings)
        self.settings = SettingsRepository(self._settings)
        self._listeners: list[Callable[[str], None]] = []
        self.undo = UndoLog()  # this session's undoable changes (issue 18)
        self._storage = DurableStorage(self.path, key=key)
        self._frozen = False

    @property
    def repositories(self) -> tuple[Repository[Any], ...]:
        return (
            self.contacts,
            self.interactions,
            self.checkins,
            self.plan,
            self.support,
            self._safety_plan,
            self.thought_records,
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
        key: StoreKey | None = None,
    ) -> Store:
        """Open (creating if needed) the store in ``data_dir``.

        Raises ``StoreLocked``, ``StoreCorrupt``, ``StoreTooNew`` or
        ``StoreUnsafe``; a file that cannot be read is never written to. An encrypted
        store needs its ``key`` (``kith.data.crypto.unlock``): without it,
        ``PassphraseNeeded``; with it, everything is read and written sealed.
        """
        store = cls(data_dir, clock=clock, readonly=readonly, backups=backups, key=key)
        try:
            store._open()
        except OSError as error:  # something odd where a file or folder should be
            where = f" ({error.filename})" if error.filename else ""
            raise StoreUnsafe(
                f"Kith cannot use the data folder {store.data_dir}: "
                f"{error.strerror or error}{where}. Check that it is a folder of your own "
                "with Kith's files in it, or choose another with --data-dir."
            ) from error
        return store

    def _open(self) -> None:
        self._prepare_folder()
        if not self.readonly:
            self._lock.acquire()
        try:
            if not self.readonly:
                self._tidy_folder()
            with collector_paused():
                self._load()
                if should_freeze(sum(len(repo) for repo in self.repositories)):
                    # Frozen before collection resumes: otherwise the first allocation
                    # after would scan every record just created.
                    freeze_records()
                    self._frozen = True
            if self._frozen:
                give_back_memory()  # the parsed documents' pages, freed while loading
        except BaseException:
            self._lock.release()
            raise
        if not self.readonly:
            from kith.data.sync import attach_quietly  # issue 17: saves go to the change log

            attach_quietly(self)

    def _prepare_folder(self) -> None:
        prepare_folder(self.data_dir, self.path, readonly=self.readonly)

    def _tidy_folder(self) -> None:
        tidy_folder(self.data_dir, self.path)

    def _load(self) -> None:
        snapshot_size = self.path.stat().st_size if self.path.exists() else 0
        unsealed = self.key is not None and self.path.exists() and not is_sealed_file(self.path)
        if unsealed and is_encrypted(self.data_dir):  # its first bytes damaged, or emptied
            raise damaged_start(self.path)
        if unsealed and snapshot_size:
            # Sealed lines after a plain snapshot would leave a store that opens neither
            # way: a plain store is encrypted only by kith encrypt (kith.data.encryption).
            raise StoreUnsafe(
                f"Kith's data in {self.data_dir} is not encrypted; it was opened with a "
                "passphrase. Nothing was changed. To encrypt it: kith encrypt"
            )
        tables, journal_state = read_state(self.path, load_file(self.path, self.key), self.key)
        if tables is not None:
            check_tables(self.path, tables)  # aliasing record numbers, absurd nesting
        fresh = tables is None
        if tables is None:
            tables = {}
            set_schema_version(tables)
        tables, self.migrated_from = up_to_date(
            self.path, self.data_dir, tables, self.clock, readonly=self.readonly, key=self.key
        )
        self._take(tables)
        if self.readonly:
            return
        journal = Journal(journal_path(self.path), journal_state, self.key)
        journal.cut_torn_tail(journal_state)
        self._storage.attach(journal, snapshot_size)
        if fresh or self.migrated_from is not None:
            self._storage.save()
        elif self._backups:
            try:
                self.backup_made = rolling_backup(
                    self.path, self.data_dir, today(self.clock), self.key
                )
            except (StoreError, OSError) as error:
                # A full disk or an odd backups/ never keeps a person from their data:
                # the store opens, and the app says calmly that no copy was made.
                self.backup_problem = backup_problem_words(error)

    def close(self) -> None:
        """Compact the journal into the snapshot (a clean exit leaves one complete
        TinyDB file), then let the lock go."""
        try:
            if not self.readonly and self._lock.held:
                with self._mutex, suppress(StoreWriteError):  # the journal still has it all
                    self._storage.close()
        finally:
            self._close_lock()

    def _close_lock(self) -> None:
        self._lock.release()
        if self._frozen:
            self._frozen = False
            thaw_records()

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
        """After a failed write: memory goes back to what is on disk (the snapshot and
        its journal). Under the storage's lock: a compaction never sees half of it."""
        with self._storage.lock, collector_paused():
            self._take(load_current(self.path, self.key) or {})
            if self._frozen:
                gc.freeze()

    def _take(self, tables: dict[str, Any]) -> None:
        """Make ``tables`` (parsed from the file) the store's memory, in the file's order.

        Repositories validate their tables into models; tables Kith does not
        know (``_meta``, or from elsewhere) are kept as they are. ``tables`` is
        emptied on the way.
        """
        repositories = {repo.name: repo for repo in self.repositories}
        self._storage.clear()
        for name in builtins.list(tables):
            table = tables.pop(name)
            repo = repositories.pop(name, None)
            if repo is not None:
                self._storage.load_table(name, repo._load(table, keep_bytes=not self.readonly))
            else:
                self._storage.load_table(
                    name, {str(key): fragment(str(key), doc) for key, doc in table.items()}
                )
        for repo in repositories.values():
            repo._load({})

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

    def notify_changed(self, collection: str) -> None:
        """Tell the listeners ``collection`` changed (after a batch, which tells no one)."""
        for listener in list(self._listeners):
            listener(collection)

    def _changed(self, repo: Repository[Any]) -> None:
        if self._storage._batch_depth:
            return
        for listener in list(self._listeners):
            listener(repo.name)

    # -- domain operations that span collections ---------------------------
    def delete_contact(self, contact_id: str, *, keep_interactions: bool) -> None:
        """Delete a person (``kith.data.deletion``), then tell listeners once."""
        delete_contact(self, contact_id, keep_interactions=keep_interactions)
        for listener in list(self._listeners):
            listener("contacts")

    def export_tables(self) -> dict[str, Any]:
        """Every record as JSON-ready dicts, with the schema version."""
        data: dict[str, Any] = {"schema": SCHEMA_VERSION}
        for repo in self.repositories:
            data[repo.name] = [item.to_doc() for item in repo.list()]
        return data
