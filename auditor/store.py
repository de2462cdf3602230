"""The run store: SQLite, one row per finished page, committed as it finishes.

A run killed at any moment keeps every page it had finished, and
``--resume`` audits only what is missing. Reporters read runs from here and
from nowhere else, so any stored run can be re-rendered without a browser.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from .model import ElementShot, PageResult, SkippedPage, well_formed

ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
"""How JSON writes half of a UTF-16 surrogate pair (ours lower case, others' either)."""


def stored_result(text: str) -> Any:
    """A page's stored JSON, read. A store written before pages were made
    :func:`~auditor.model.well_formed` on the way in may hold half an emoji:
    only a row whose text escapes a surrogate is walked again (the walk took
    about 40% of building a report of 10,000 pages when done on every row)."""
    value = json.loads(text)
    return well_formed(value) if ESCAPED_SURROGATE.search(text) else value


SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id        TEXT PRIMARY KEY,
    started   TEXT NOT NULL,
    finished  TEXT,
    config    TEXT NOT NULL,
    tool      TEXT NOT NULL,
    targets   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS run_inputs (
    run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS pages (
    run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    finished  TEXT NOT NULL,
    result    TEXT NOT NULL,
    PRIMARY KEY (run_id, url)
);
CREATE TABLE IF NOT EXISTS shots (
    run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    selector  TEXT NOT NULL,
    mime      TEXT NOT NULL,
    image     BLOB NOT NULL,
    PRIMARY KEY (run_id, url, selector)
);
"""


FAILURE = "failure"
"""Run input: why a run stopped before it audited any page (:meth:`Store.fail_run`)."""
SKIPPED = "skipped"
"""Run input: the pages a run found and left alone on purpose (:meth:`Store.add_skipped`)."""


class StoreError(Exception):
    """The store cannot be opened or does not hold what was asked for."""


class StoreWriteError(StoreError):
    """A write to the store failed (a full disk, most often): nothing of
    that write is kept (it was one transaction), everything committed before
    it is, and the store stays readable."""


def default_db_path() -> Path:
    """``runs.sqlite3`` under the user's data directory (``$AUDITOR_DB`` overrides)."""
    override = os.environ.get("AUDITOR_DB")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("inclusion-auditor", appauthor=False) / "runs.sqlite3"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class RunRecord:
    id: str
    started: str
    finished: str | None
    config: dict[str, Any]
    tool: dict[str, Any]
    targets: list[str]
    pages_done: int
    failure: str | None = None
    """Why the run stopped before it audited any page (no browser, a browser
    server that launched none); None for every other run."""

    @property
    def complete(self) -> bool:
        return self.finished is not None

    @property
    def resumable(self) -> bool:
        """Unfinished, and not a run that failed before its first page: resuming
        that would only fail the same way, and starting it again is the same audit."""
        return not self.complete and self.failure is None

    @property
    def state(self) -> str:
        """``finished``, ``unfinished`` (it can be resumed) or ``failed``."""
        return "finished" if self.complete else "failed" if self.failure is not None else "unfinished"


class Store:
    """A thread-safe handle on one SQLite file (``":memory:"`` for throwaway runs)."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {self.path!r}: {exc.strerror}") from None
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.path!r}: {exc}") from None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, under the lock. A write that fails (the
        disk is full: SQLITE_FULL) is rolled back whole and raised as a
        :class:`StoreWriteError` saying so in one line."""
        with self._lock:
            try:
                with self._db:
                    self._db.execute("BEGIN IMMEDIATE")
                    yield self._db
            except sqlite3.Error as exc:
                raise StoreWriteError(f"could not write to the store {self.path}: {exc}") from None

    def _write(self, sql: str, params: Sequence[Any]) -> None:
        with self._transaction() as db:
            db.execute(sql, params)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # runs

    def create_run(self, config: dict[str, Any], tool: dict[str, Any], targets: list[str]) -> str:
        run_id = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(4)
        self._write(
            "INSERT INTO runs (id, started, config, tool, targets) VALUES (?, ?, ?, ?, ?)",
            (run_id, _now(), json.dumps(config), json.dumps(tool), json.dumps(targets)),
        )
        return run_id

    def set_input(self, run_id: str, name: str, value: Any) -> None:
        """Keep something the run was given (a baseline, ignores) with the run."""
        self._write("INSERT OR REPLACE INTO run_inputs (run_id, name, value) VALUES (?, ?, ?)", (run_id, name, json.dumps(value)))

    def get_input(self, run_id: str, name: str) -> Any:
        rows = self._read("SELECT value FROM run_inputs WHERE run_id = ? AND name = ?", (run_id, name))
        return json.loads(rows[0][0]) if rows else None

    def update_tool(self, run_id: str, tool: dict[str, Any]) -> None:
        self._write("UPDATE runs SET tool = ? WHERE id = ?", (json.dumps(tool), run_id))

    def finish_run(self, run_id: str) -> None:
        self._write("UPDATE runs SET finished = ? WHERE id = ?", (_now(), run_id))

    def fail_run(self, run_id: str, reason: str) -> None:
        """Mark a run that stopped on a fault before it audited any page: it
        is listed as failed, and ``--resume last`` passes it by."""
        self.set_input(run_id, FAILURE, reason)

    def reopen_run(self, run_id: str) -> None:
        self._write("UPDATE runs SET finished = NULL WHERE id = ?", (run_id,))

    def runs(self) -> list[RunRecord]:
        rows = self._read(
            "SELECT r.id, r.started, r.finished, r.config, r.tool, r.targets,"
            " (SELECT COUNT(*) FROM pages p WHERE p.run_id = r.id),"
            " (SELECT i.value FROM run_inputs i WHERE i.run_id = r.id AND i.name = ?)"
            " FROM runs r ORDER BY r.started DESC, r.rowid DESC",
            (FAILURE,),
        )
        return [RunRecord(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4]), json.loads(r[5]), r[6], json.loads(r[7]) if r[7] else None)
                for r in rows]

    def run(self, run_id: str) -> RunRecord:
        """A run by id, or ``last`` for the newest run that can be resumed (a
        run that failed before its first page cannot)."""
        runs = self.runs()
        if run_id == "last":
            for record in runs:
                if record.resumable:
                    return record
            raise StoreError("there is no unfinished run to resume")
        for record in runs:
            if record.id == run_id:
                return record
        raise StoreError(f"no run {run_id!r} in the store {self.path}")

    def run_targets(self, run_id: str) -> list[str]:
        rows = self._read("SELECT targets FROM runs WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(f"no run {run_id!r} in the store {self.path}")
        return json.loads(rows[0][0])

    def add_targets(self, run_id: str, urls: Sequence[str], inputs: Mapping[str, Any] | None = None) -> None:
        """Grow a run's targets (pages a crawl found, a journey's extra row),
        committed before any of them is audited so a resumed run knows them;
        with ``inputs`` (:meth:`set_input`'s) in the same transaction, so a
        run killed in between cannot keep a page without what it needs to
        go on from it (a crawled page's depth)."""
        with self._transaction() as db:
            rows = db.execute("SELECT targets FROM runs WHERE id = ?", (run_id,)).fetchall()
            if not rows:
                raise StoreError(f"no run {run_id!r} in the store {self.path}")
            targets = json.loads(rows[0][0])
            known = set(targets)
            targets += [u for u in dict.fromkeys(urls) if u not in known]
            db.execute("UPDATE runs SET targets = ? WHERE id = ?", (json.dumps(targets), run_id))
            for name, value in (inputs or {}).items():
                db.execute("INSERT OR REPLACE INTO run_inputs (run_id, name, value) VALUES (?, ?, ?)", (run_id, name, json.dumps(value)))

    def add_skipped(self, run_id: str, pages: Sequence[SkippedPage]) -> None:
        """Keep with the run the pages it found and left alone on purpose
        (robots.txt), each address once, in the order found; committed as
        found, so a resumed run still lists them."""
        if not pages:
            return
        with self._transaction() as db:
            rows = db.execute("SELECT value FROM run_inputs WHERE run_id = ? AND name = ?", (run_id, SKIPPED)).fetchall()
            kept = json.loads(rows[0][0]) if rows else []
            known = {entry["url"] for entry in kept}
            for page in pages:
                if page.url not in known:
                    known.add(page.url)
                    kept.append({"url": page.url, "reason": page.reason, "found_on": page.found_on})
            db.execute("INSERT OR REPLACE INTO run_inputs (run_id, name, value) VALUES (?, ?, ?)", (run_id, SKIPPED, json.dumps(kept)))

    def skipped(self, run_id: str) -> list[SkippedPage]:
        """The pages the run left alone on purpose, in the order found."""
        return [SkippedPage.from_dict(entry) for entry in self.get_input(run_id, SKIPPED) or ()]

    # pages

    def save_page(self, run_id: str, result: PageResult) -> None:
        """Commit one finished page and its element screenshots, in one
        transaction. Durable once this returns."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO pages (run_id, url, finished, result) VALUES (?, ?, ?, ?)",
                (run_id, result.url, _now(), json.dumps(well_formed(result.to_dict()))),
            )
            db.execute("DELETE FROM shots WHERE run_id = ? AND url = ?", (run_id, result.url))
            db.executemany(
                "INSERT OR REPLACE INTO shots (run_id, url, selector, mime, image) VALUES (?, ?, ?, ?, ?)",
                [(run_id, result.url, shot.selector, shot.mime, shot.data) for shot in result.shots],
            )

    def shots(self, run_id: str) -> dict[tuple[str, str], ElementShot]:
        """The run's element screenshots by (page URL, selector)."""
        rows = self._read("SELECT url, selector, mime, image FROM shots WHERE run_id = ?", (run_id,))
        return {(r[0], r[1]): ElementShot(r[1], r[2], bytes(r[3])) for r in rows}

    def finished_urls(self, run_id: str) -> set[str]:
        return {r[0] for r in self._read("SELECT url FROM pages WHERE run_id = ?", (run_id,))}

    def pages(self, run_id: str) -> list[PageResult]:
        """The run's pages in the order of its targets."""
        order = {url: i for i, url in enumerate(self.run_targets(run_id))}
        results = [PageResult.from_dict(stored_result(r[0])) for r in self._read("SELECT result FROM pages WHERE run_id = ?", (run_id,))]
        return sorted(results, key=lambda r: order.get(r.url, len(order)))
