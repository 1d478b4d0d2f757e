"""Server CPU per request, by kind (healthz, start, save, submit), measured without contention.

One uvicorn worker on a fresh database; each phase runs its requests ``--concurrency`` at a
time and divides the server process's CPU time (user + system, from ``/proc``) by the number
of requests. This is the cost side of the exam-day benchmark: at 500 trainees saving every
four seconds the server must sustain about 125 saves/s on two cores shared with the client.

    .venv/bin/python -m bench.request_costs
    .venv/bin/python -m bench.request_costs --database postgresql --trainees 200
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench import accounts
from bench.exam_day import PASSWORD, answer_for, create_paper, database, profiling
from bench.loadgen import (
    Recorder,
    client_session,
    summarize,
    tree_cpu_seconds,
    user_cpu_seconds,
)
from scripts.live_server import LiveServer, live_server, migrate


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--database", choices=["sqlite", "postgresql"], default="sqlite")
    add("--trainees", type=int, default=100)
    add("--saves", type=int, default=10, help="answers saved per trainee")
    add("--concurrency", type=int, default=4)
    add("--profile", type=Path, help="py-spy raw profiles of the server, one file per phase")
    return parser.parse_args(argv)


async def phase(
    server: LiveServer, name: str, jobs: list[Callable[[], Awaitable[Any]]], args: Any
) -> dict[str, Any]:
    """Run the jobs ``--concurrency`` at a time; CPU ms per job of the app server and of the
    PostgreSQL server (0 on SQLite, whose work is inside the app's CPU)."""
    queue = list(reversed(jobs))

    async def worker() -> None:
        while queue:
            await queue.pop()()

    output = args.profile.with_suffix(f".{name}.txt") if args.profile else None
    before, db_before = tree_cpu_seconds(server.pid), user_cpu_seconds()
    started = time.perf_counter()
    with profiling(server.pid, output):
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    cpu, wall = tree_cpu_seconds(server.pid) - before, time.perf_counter() - started
    db_cpu = user_cpu_seconds() - db_before
    n = len(jobs)
    return {
        "kind": name,
        "n": n,
        "cpu_ms": 1000 * cpu / n,
        "db_ms": 1000 * db_cpu / n,
        "wall_s": wall,
    }


async def measure(server: LiveServer, team_id: int, usernames: list[str], args: Any) -> list[Any]:
    paper_id = await create_paper(server.base_url, team_id)
    trainees = accounts.minted(server, usernames)
    rec, rng, rows = Recorder(), random.Random(1), []
    attempts: dict[str, dict[str, Any]] = {}
    async with client_session(server.base_url, args.concurrency) as client:

        def healthz() -> Awaitable[Any]:
            return rec.call(client, "healthz", "GET", "/healthz")

        def start(t: accounts.Trainee) -> Callable[[], Awaitable[Any]]:
            async def job() -> None:
                url = f"/api/v1/exams/papers/{paper_id}/attempts"
                response = await rec.call(client, "start", "POST", url, headers=t.headers)
                if response is not None and response.ok:
                    attempts[t.username] = response.json()

            return job

        def save(t: accounts.Trainee, i: int) -> Callable[[], Awaitable[Any]]:
            attempt = attempts[t.username]
            item = attempt["questions"][i % len(attempt["questions"])]
            body = {"answer": answer_for(item["question"], rng)}
            url = f"/api/v1/exams/attempts/{attempt['id']}/answers/{item['no']}"
            return lambda: rec.call(client, "save", "PUT", url, json=body, headers=t.headers)

        def submit(t: accounts.Trainee) -> Callable[[], Awaitable[Any]]:
            url = f"/api/v1/exams/attempts/{attempts[t.username]['id']}/submit"
            return lambda: rec.call(client, "submit", "POST", url, headers=t.headers)

        await phase(server, "warm-up", [healthz] * 50, args)
        rows.append(await phase(server, "healthz", [healthz] * 500, args))
        rows.append(await phase(server, "start", [start(t) for t in trainees], args))
        saves = [save(t, i) for i in range(args.saves) for t in trainees]
        rows.append(await phase(server, "save", saves, args))
        rows.append(await phase(server, "submit", [submit(t) for t in trainees], args))
    for row in rows:
        row.update(summarize(rec.of(row["kind"])))
    return rows


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with database(args.database) as url:
        migrate(url)
        team_id, usernames = accounts.create(url, args.trainees, PASSWORD)
        options = {"workers": 1, "env": "production", "migrate_first": False}
        with live_server(url, **options) as server:
            rows = asyncio.run(measure(server, team_id, usernames, args))
    print(f"server CPU per request ({args.database}, 1 worker, {args.concurrency} at a time)")
    for row in rows:
        print(
            f"{row['kind']:<8} n={row['n']:<5} errors={row['errors']:<3} "
            f"cpu={row['cpu_ms']:6.2f} ms/request  db={row['db_ms']:5.2f} ms  "
            f"p50={row['p50_ms']:7.1f} ms  p95={row['p95_ms']:7.1f} ms"
        )
    return 0 if all(row["errors"] == 0 for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
