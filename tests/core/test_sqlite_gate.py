"""The SQLite write gate: writers queue for the lock, readers never wait, the gate is always
given back, and a writer in another process is waited for without 'database is locked'."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from exam_api.core.db import make_engine
from exam_api.core.sqlite_gate import GatedConnection, connection_factory, gate_for, is_read


def connect(path: Path, timeout: float = 5.0, gate_timeout: float = 10.0) -> GatedConnection:
    """A gated connection: ``timeout`` is SQLite's busy timeout, ``gate_timeout`` the gate's."""
    factory = connection_factory(str(path), gate_timeout)
    conn = sqlite3.connect(path, timeout=timeout, factory=factory, check_same_thread=False)
    assert isinstance(conn, GatedConnection)
    return conn


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "gate.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        conn.execute("INSERT INTO t (id, n) VALUES (1, 0)")
    return path


@pytest.mark.parametrize(
    ("sql", "read"),
    [
        ("SELECT 1", True),
        ("  select * from t", True),
        ("PRAGMA foreign_keys=ON", True),
        ("INSERT INTO t VALUES (2, 0)", False),
        ("UPDATE t SET n = 1", False),
        ("DELETE FROM t", False),
        ("BEGIN", False),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT 3, 0", False),
    ],
)
def test_only_plain_reads_pass_without_the_gate(sql: str, read: bool) -> None:
    assert is_read(sql) is read


def test_a_write_takes_the_gate_until_commit_and_a_read_does_not(db: Path) -> None:
    conn = connect(db)
    conn.execute("SELECT n FROM t").fetchall()
    assert not conn.holds_gate
    conn.execute("UPDATE t SET n = n + 1")
    assert conn.holds_gate
    conn.commit()
    assert not conn.holds_gate
    conn.execute("UPDATE t SET n = n + 1")
    conn.rollback()
    assert not conn.holds_gate
    assert conn.execute("SELECT n FROM t").fetchone() == (1,)
    conn.close()


def test_a_failed_statement_is_released_by_the_rollback(db: Path) -> None:
    conn = connect(db)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO t (id, n) VALUES (1, 0)")
    assert conn.holds_gate
    conn.rollback()
    assert not conn.holds_gate
    other = connect(db)
    other.execute("UPDATE t SET n = 5")
    other.commit()
    conn.close()
    other.close()


def test_threads_write_one_after_another(db: Path) -> None:
    """Read-modify-write in one transaction per thread: with the gate nothing is lost and no
    thread sees 'database is locked' although the busy timeout is tiny."""
    threads, rounds, inside, overlaps = 8, 25, [0], [0]
    guard = threading.Lock()

    def work() -> None:
        conn = connect(db, timeout=0.05)
        for _ in range(rounds):
            conn.execute("UPDATE t SET n = n WHERE id = 1")  # takes the gate first
            with guard:
                inside[0] += 1
                overlaps[0] += inside[0] > 1
            (n,) = conn.execute("SELECT n FROM t WHERE id = 1").fetchone()
            time.sleep(0.0005)
            conn.execute("UPDATE t SET n = ? WHERE id = 1", (n + 1,))
            with guard:
                inside[0] -= 1
            conn.commit()
        conn.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT n FROM t").fetchone() == (threads * rounds,)
    assert overlaps[0] == 0


def test_a_writer_in_another_process_is_waited_for(db: Path) -> None:
    """Another process holds the gate (as a second uvicorn worker would): our write waits for
    it instead of failing after SQLite's busy timeout."""
    holder = textwrap.dedent(
        f"""
        import fcntl, os, sqlite3, sys, time
        fd = os.open({str(db) + ".write-lock"!r}, os.O_RDWR | os.O_CREAT)
        fcntl.flock(fd, fcntl.LOCK_EX)
        conn = sqlite3.connect({str(db)!r})
        conn.execute("UPDATE t SET n = 100")
        print("holding", flush=True)
        time.sleep(0.6)
        conn.commit()
        fcntl.flock(fd, fcntl.LOCK_UN)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "holding"
    conn = connect(db, timeout=0.1)  # SQLite's wait: far shorter than the other transaction
    started = time.monotonic()
    conn.execute("UPDATE t SET n = n + 1")
    waited = time.monotonic() - started
    conn.commit()
    assert process.wait(timeout=10) == 0
    process.stdout.close()
    assert waited >= 0.3
    assert conn.execute("SELECT n FROM t").fetchone() == (101,)
    conn.close()


def test_a_gate_held_too_long_is_passed_by(db: Path) -> None:
    """If the gate cannot be had within the timeout, SQLite's own locking decides."""
    gate = gate_for(str(db), 0.2)
    assert gate.acquire()
    try:
        conn = connect(db, timeout=0.2, gate_timeout=0.2)
        started = time.monotonic()
        result: list[object] = []
        worker = threading.Thread(target=lambda: result.append(write(conn)))
        worker.start()
        worker.join(timeout=5)
        assert result == [True]
        assert 0.15 <= time.monotonic() - started < 3
        assert not conn.holds_gate
        conn.close()
    finally:
        gate.release()


def write(conn: GatedConnection) -> bool:
    conn.execute("UPDATE t SET n = 7")
    conn.commit()
    return True


def test_the_gate_file_is_per_process(db: Path) -> None:
    gate = gate_for(str(db), 1.0)
    assert gate.acquire()
    try:
        fd = os.open(f"{db}.write-lock", os.O_RDWR)
        with pytest.raises(BlockingIOError):  # another open file: the lock is really held
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
    finally:
        gate.release()


def test_engines_on_a_file_use_the_gate_and_in_memory_ones_do_not(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        assert isinstance(conn.connection.dbapi_connection, GatedConnection)
        conn.execute(text("UPDATE t SET n = 3"))
        conn.commit()
    engine.dispose()
    memory = make_engine("sqlite://")
    with memory.connect() as conn:
        assert not isinstance(conn.connection.dbapi_connection, GatedConnection)
    memory.dispose()
