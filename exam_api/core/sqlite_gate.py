"""One SQLite writer at a time, queued instead of polling.

SQLite lets one connection write at a time. A connection that finds the write lock taken
calls its busy handler, which sleeps 1, 2, 5, 10, 15, 20, 25 … 100 ms between retries: under
an exam day's stream of autosaves most of a save's time went to those sleeps, not to work.
This gate makes writers queue for the lock instead: a connection takes the gate when it
starts a write transaction (the first statement that is not a read) and gives it back right
after ``COMMIT`` or ``ROLLBACK``. Inside a process the gate is a ``threading.Lock``; between
the app's worker processes it is an ``flock`` on ``<database>.write-lock``. The kernel and
the lock wake the next writer as soon as the lock is free.

If the gate cannot be had within the busy timeout (a writer outside the app, a stuck
process) the connection goes on without it and SQLite's own locking decides, as before.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

READS = ("SELECT", "PRAGMA", "EXPLAIN")


class WriteGate:
    """The write lock of one database file, for the threads and processes of the app."""

    def __init__(self, database: Path, timeout: float) -> None:
        self.timeout = timeout
        self._threads = threading.Lock()
        self._path = Path(f"{database}.write-lock")
        self._fd: int | None = None
        self._pid = 0

    def _file(self) -> int:
        """The lock file, opened once per process (a forked child must not share the parent's
        open file: ``flock`` locks belong to it, so both would hold the lock at once)."""
        if self._fd is None or self._pid != os.getpid():
            self._fd, self._pid = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._fd

    def acquire(self) -> bool:
        """Wait for the gate; False (go on without it) if that took longer than the timeout."""
        if not self._threads.acquire(timeout=self.timeout):
            return False
        try:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        except OSError:
            self._threads.release()
            return False
        return True

    def release(self) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()


_GATES: dict[str, WriteGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(database: str, timeout: float) -> WriteGate:
    """The gate of a database file: one per process, shared by its engines."""
    key = str(Path(database).resolve())
    with _GATES_LOCK:
        gate = _GATES.get(key)
        if gate is None:
            gate = _GATES[key] = WriteGate(Path(key), timeout)
        return gate


def is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(READS)


class GatedCursor(sqlite3.Cursor):
    """Takes the connection's gate before the statement that starts a write transaction."""

    def execute(self, sql: str, parameters: Any = (), /) -> GatedCursor:
        _enter(self.connection, sql)
        return super().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> GatedCursor:
        _enter(self.connection, sql)
        return super().executemany(sql, seq_of_parameters)


class GatedConnection(sqlite3.Connection):
    """A ``sqlite3`` connection whose write transactions pass through the file's gate."""

    gate: WriteGate | None = None
    holds_gate: bool = False

    def cursor(self, factory: Any = GatedCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            _leave(self)

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            _leave(self)

    def close(self) -> None:
        try:
            super().close()
        finally:
            _leave(self)


def _enter(connection: Any, sql: str) -> None:
    if (
        isinstance(connection, GatedConnection)
        and connection.gate is not None
        and not connection.holds_gate
        and not is_read(sql)
    ):
        connection.holds_gate = connection.gate.acquire()


def _leave(connection: GatedConnection) -> None:
    if connection.holds_gate and connection.gate is not None:
        connection.holds_gate = False
        connection.gate.release()


def connection_factory(database: str, timeout: float) -> type[GatedConnection]:
    """A ``sqlite3.connect(factory=...)`` class bound to the gate of ``database``."""
    gate = gate_for(database, timeout)
    return type("GatedConnectionOf", (GatedConnection,), {"gate": gate})
