"""Timing, statistics and the bare /healthz burst for the exam-day benchmark.

The load generator shares the machine's two cores with the server, so its own cost per
request matters: aiohttp spends about 0.6 ms of CPU per request here, httpx about 2.5 ms.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import pwd
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp


@dataclass
class Sample:
    kind: str
    started: float  # perf_counter at the call
    seconds: float
    status: int | None  # None: the request itself failed (connection, timeout)


@dataclass
class Reply:
    """A response read to the end."""

    status: int
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        return json.loads(self.body)


def client_session(base_url: str, connections: int, timeout: float = 60) -> aiohttp.ClientSession:
    """One keep-alive pool of at most ``connections`` connections to the server."""
    connector = aiohttp.TCPConnector(limit=connections, keepalive_timeout=15)  # below the server's
    return aiohttp.ClientSession(
        base_url, connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)
    )


@dataclass
class Recorder:
    """Every timed request of a phase, by kind (start, save, submit, login, healthz)."""

    samples: list[Sample] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)

    async def call(
        self, client: aiohttp.ClientSession, kind: str, method: str, url: str, **kwargs: Any
    ) -> Reply | None:
        """One request, timed from the call (waiting for a pooled connection included);
        errors recorded."""
        started = time.perf_counter()
        try:
            reply = await _request(client, method, url, **kwargs)
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.samples.append(Sample(kind, started, time.perf_counter() - started, None))
            self.failures[f"{kind} {type(exc).__name__}"] += 1
            return None
        self.samples.append(Sample(kind, started, time.perf_counter() - started, reply.status))
        if not reply.ok:
            self.failures[f"{kind} {reply.status} {_error_code(reply)}"] += 1
        return reply

    def of(self, *kinds: str) -> list[Sample]:
        return [s for s in self.samples if s.kind in kinds]


async def _request(client: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Reply:
    async with client.request(method, url, **kwargs) as response:
        return Reply(response.status, await response.read())


def _error_code(reply: Reply) -> str:
    try:
        return str(reply.json().get("error", ""))
    except ValueError:
        return reply.body[:60].decode("utf-8", "replace")


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: list[Sample]) -> dict[str, Any]:
    """Count, errors, rate over the phase's span, and latency percentiles in ms."""
    if not samples:
        return {"count": 0, "errors": 0}
    begin = min(s.started for s in samples)
    end = max(s.started + s.seconds for s in samples)
    latencies = [s.seconds * 1000 for s in samples]
    errors = sum(1 for s in samples if s.status is None or not 200 <= s.status < 300)
    return {
        "count": len(samples),
        "errors": errors,
        "span_s": round(end - begin, 2),
        "per_s": round(len(samples) / (end - begin), 1) if end > begin else None,
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies), 1),
    }


async def healthz_burst(base_url: str, seconds: float, connections: int) -> dict[str, Any]:
    """Bare /healthz throughput: ``connections`` clients back to back for ``seconds``."""
    recorder = Recorder()
    deadline = time.perf_counter() + seconds
    client_before = time.process_time()
    async with client_session(base_url, connections, timeout=30) as client:

        async def loop() -> None:
            while time.perf_counter() < deadline:
                await recorder.call(client, "healthz", "GET", "/healthz")

        await asyncio.gather(*(loop() for _ in range(connections)))
    stats = summarize(recorder.samples)
    client_cpu = time.process_time() - client_before
    stats["client_ms_per_request"] = round(1000 * client_cpu / max(1, len(recorder.samples)), 2)
    return stats


def cpu_by_process(pid: int) -> dict[int, float]:
    """CPU seconds (user + system) of a process and of each live descendant (uvicorn workers)."""
    seconds, pending, tick = {}, [pid], os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        seconds[current] = (int(fields[11]) + int(fields[12])) / tick
        pending.extend(int(child) for child in children)
    return seconds


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and its live descendants together."""
    return sum(cpu_by_process(pid).values())


def user_cpu_seconds(user: str = "postgres") -> float:
    """CPU seconds of every process run by ``user``, with their exited children (the
    PostgreSQL server: its backends are children of the postmaster); 0 without that user."""
    try:
        uid = pwd.getpwnam(user).pw_uid
    except KeyError:
        return 0.0
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid != uid:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(fields[i]) for i in (11, 12, 13, 14)) / tick
    return total


def format_row(name: str, stats: dict[str, Any]) -> str:
    if not stats.get("count"):
        return f"{name:<10} (none)"
    return (
        f"{name:<10} n={stats['count']:<6} errors={stats['errors']:<4} "
        f"{stats['per_s'] or 0:>7.1f}/s  p50={stats['p50_ms']:>7.1f} ms  "
        f"p95={stats['p95_ms']:>7.1f} ms  p99={stats['p99_ms']:>7.1f} ms  "
        f"max={stats['max_ms']:>7.1f} ms"
    )
