"""Exam-day benchmark: N trainees start the same paper, autosave 50 answers, submit.

Starts the app in uvicorn (``--workers``, default 2 on this 2-core machine) on a fresh
database, SQLite by default or a throwaway PostgreSQL cluster (``--database postgresql``),
creates N trainees in one team and a 50-question paper assigned to it, logs every trainee in
once (real Argon2 logins, measured but outside the timed phase), measures the bare /healthz
throughput, then runs the timed phase: every trainee starts at a random moment within
``--start-window`` seconds, saves ``--answers`` answers with a think time drawn uniformly
from [``--think-min``, ``--think-max``] seconds before each, and submits.

    .venv/bin/python -m bench.exam_day                       # SQLite, 500 trainees
    .venv/bin/python -m bench.exam_day --database postgresql
    .venv/bin/python -m bench.exam_day --trainees 50 --think-max 0.5 --json out.json

Target: zero errors and p95 ≤ 300 ms for start, save and submit.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import aiohttp

from bench import accounts
from bench.accounts import Trainee
from bench.loadgen import (
    Recorder,
    client_session,
    cpu_by_process,
    format_row,
    healthz_burst,
    summarize,
    tree_cpu_seconds,
    user_cpu_seconds,
)
from scripts.live_server import LiveServer, live_server, migrate

TARGET_P95_MS = 300.0
PASSWORD = "exam-day-bench-password"
SECTIONS = [  # 50 questions, every type of the bank
    {"name": "单选", "type": "single_choice", "count": 16},
    {"name": "多选", "type": "multiple_choice", "count": 8},
    {"name": "判断", "type": "true_false", "count": 10},
    {"name": "数值", "type": "numeric", "count": 5},
    {"name": "填空", "type": "fill_blank", "count": 4},
    {"name": "排序", "type": "ordering", "count": 2},
    {"name": "匹配", "type": "matching", "count": 3},
    {"name": "简答", "type": "essay", "count": 2},
]
ESSAY = "您好，感谢您的耐心等待。您反映的问题我已记录，我们会在两个工作日内回复您，请您放心。"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add = parser.add_argument
    add("--database", choices=["sqlite", "postgresql"], default="sqlite")
    add("--trainees", type=int, default=500)
    add("--answers", type=int, default=50, help="answers saved per trainee")
    add("--start-window", type=float, default=10.0, help="seconds over which trainees start")
    add("--think-min", type=float, default=2.0, help="seconds before each save (min)")
    add("--think-max", type=float, default=6.0, help="seconds before each save (max)")
    add("--connections", type=int, default=200, help="requests in flight at most")
    add("--workers", type=int, default=2, help="uvicorn worker processes")
    add("--login-concurrency", type=int, default=4)
    add(
        "--logins",
        choices=["real", "minted"],
        default="real",
        help="minted: sign tokens with the server's key, skipping the Argon2 logins",
    )
    add("--healthz-seconds", type=float, default=5.0)
    add("--seed", type=int, default=1)
    add("--json", type=Path, help="also write the figures as JSON")
    add("--server-log", type=Path, help="keep the server's log here")
    add("--profile", type=Path, help="py-spy raw profile of the server in the timed phase")
    return parser.parse_args(argv)


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh database URL: a temp SQLite file or a throwaway PostgreSQL cluster."""
    with ExitStack() as stack:
        if kind == "sqlite":
            yield f"sqlite:///{stack.enter_context(accounts.temp_dir())}/bench.db"
        else:
            yield stack.enter_context(accounts.postgres_database())


def answer_for(question: dict[str, Any], rng: random.Random) -> Any:
    """A plausible answer of the right shape for a trainee-visible question."""
    kind, options = question["type"], [o["id"] for o in question.get("options", [])]
    if kind == "single_choice":
        return rng.choice(options)
    if kind == "multiple_choice":
        return rng.sample(options, k=min(2, len(options)))
    if kind == "true_false":
        return rng.random() < 0.5
    if kind == "numeric":
        return rng.randint(1, 30)
    if kind == "ordering":
        return rng.sample(options, k=len(options))
    if kind == "matching":
        return {p["id"]: rng.choice(options) for p in question.get("prompts", [])}
    return ESSAY if kind == "essay" else "两个工作日"


async def take_exam(
    client: aiohttp.ClientSession, rec: Recorder, trainee: Trainee, paper_id: int, args: Any
) -> None:
    """One trainee: wait for their start moment, start, save with think time, submit."""
    rng = random.Random(f"{args.seed}:{trainee.username}")
    await asyncio.sleep(rng.uniform(0, args.start_window))
    url = f"/api/v1/exams/papers/{paper_id}/attempts"
    started = await rec.call(client, "start", "POST", url, headers=trainee.headers)
    if started is None or not started.ok:
        return
    attempt = started.json()
    questions = attempt["questions"]
    for i in range(args.answers):
        await asyncio.sleep(rng.uniform(args.think_min, args.think_max))
        item = questions[i % len(questions)]
        body = {"answer": answer_for(item["question"], rng)}
        url = f"/api/v1/exams/attempts/{attempt['id']}/answers/{item['no']}"
        await rec.call(client, "save", "PUT", url, json=body, headers=trainee.headers)
    url = f"/api/v1/exams/attempts/{attempt['id']}/submit"
    await rec.call(client, "submit", "POST", url, headers=trainee.headers)


async def login_all(base_url: str, usernames: list[str], concurrency: int) -> Any:
    """Real logins (Argon2), ``concurrency`` at a time; returns (trainees, recorder)."""
    rec, gate = Recorder(), asyncio.Semaphore(concurrency)
    trainees: list[Trainee] = []
    async with client_session(base_url, concurrency, timeout=120) as client:

        async def login(username: str) -> None:
            async with gate:
                form = {"username": username, "password": PASSWORD}
                response = await rec.call(client, "login", "POST", "/api/v1/auth/token", data=form)
            if response is not None and response.ok:
                token = response.json()["access_token"]
                trainees.append(Trainee(username, {"Authorization": f"Bearer {token}"}))

        await asyncio.gather(*(login(name) for name in usernames))
    return sorted(trainees, key=lambda t: t.username), rec


async def create_paper(base_url: str, team_id: int) -> int:
    headers = (await login_all(base_url, [accounts.SUPERVISOR], 1))[0][0].headers
    paper = {
        "title": "新员工入职考试（压测）",
        "content": {"sections": SECTIONS},
        "time_limit_minutes": 120,
        "assign": {"team_ids": [team_id]},
    }
    async with client_session(base_url, 1) as client:
        response = await Recorder().call(
            client, "paper", "POST", "/api/v1/exams/papers", json=paper, headers=headers
        )
    if response is None or response.status != 201:
        detail = "no response" if response is None else f"{response.status} {response.body!r}"
        raise SystemExit(f"could not create the paper: {detail}")
    return int(response.json()["id"])


async def exam_phase(base_url: str, trainees: list[Trainee], paper_id: int, args: Any) -> Any:
    """Every trainee's exam on one keep-alive pool of ``--connections`` connections (at most
    that many requests in flight; the others wait for a connection, and that wait is timed)."""
    rec = Recorder()
    async with client_session(base_url, args.connections) as client:
        await asyncio.gather(*(take_exam(client, rec, t, paper_id, args) for t in trainees))
    return rec


async def run(server: LiveServer, team_id: int, usernames: list[str], args: Any) -> dict[str, Any]:
    base_url = server.base_url
    paper_id = await create_paper(base_url, team_id)
    print(f"paper {paper_id}: {sum(s['count'] for s in SECTIONS)} questions", flush=True)
    if args.logins == "real":
        trainees, logins = await login_all(base_url, usernames, args.login_concurrency)
    else:
        trainees, logins = accounts.minted(server, usernames), Recorder()
    print(format_row("login", summarize(logins.samples)), flush=True)
    health = await healthz_burst(base_url, args.healthz_seconds, connections=16)
    print(format_row("healthz", health), flush=True)
    cpu_before, client_before = tree_cpu_seconds(server.pid), time.process_time()
    workers_before, database_before = cpu_by_process(server.pid), user_cpu_seconds()
    with profiling(server.pid, args.profile):
        rec = await exam_phase(base_url, trainees, paper_id, args)
    cpu = tree_cpu_seconds(server.pid) - cpu_before
    database_cpu = user_cpu_seconds() - database_before
    workers = cpu_by_process(server.pid)
    split = [round(workers[p] - workers_before.get(p, 0.0), 1) for p in sorted(workers)]
    client_cpu = time.process_time() - client_before
    figures = {kind: summarize(rec.of(kind)) for kind in ("start", "save", "submit")}
    figures["all"] = summarize(rec.samples)
    figures["login"], figures["healthz"] = summarize(logins.samples), health
    figures["failures"] = dict(rec.failures + logins.failures)
    figures["server_cpu"] = {
        "seconds": round(cpu, 1),
        "ms_per_request": round(1000 * cpu / max(1, len(rec.samples)), 2),
        "cores_busy": round(cpu / max(0.001, figures["all"].get("span_s") or 0.001), 2),
        "client_ms_per_request": round(1000 * client_cpu / max(1, len(rec.samples)), 2),
        "by_process": split,  # the supervisor first, then each worker
        "database_ms_per_request": round(1000 * database_cpu / max(1, len(rec.samples)), 2),
    }
    return figures


@contextmanager
def profiling(pid: int, output: Path | None) -> Iterator[None]:
    """py-spy (not a project dependency: ``pip install py-spy``) sampling the server tree."""
    if output is None:
        yield
        return
    py_spy = Path(sys.executable).parent / "py-spy"
    command = [str(py_spy), "record", "--pid", str(pid), "--subprocesses", "--format", "raw"]
    command += ["--rate", "100", "--output", str(output), "--nonblocking"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)


def report(figures: dict[str, Any], args: Any) -> bool:
    print(f"--- results (load average before/after: {figures['load_average']})")
    for kind in ("login", "healthz", "start", "save", "submit", "all"):
        print(format_row(kind, figures[kind]))
    cpu = figures["server_cpu"]
    print(
        f"server CPU in the timed phase: {cpu['seconds']} s, {cpu['ms_per_request']} ms/request, "
        f"{cpu['cores_busy']} cores busy on average; by process {cpu['by_process']} s; "
        f"client {cpu['client_ms_per_request']} ms/request; "
        f"PostgreSQL server {cpu['database_ms_per_request']} ms/request"
    )
    for failure, count in sorted(figures["failures"].items()):
        print(f"  failure: {failure} × {count}")
    timed = [figures[k] for k in ("start", "save", "submit")]
    errors = sum(f.get("errors", 0) for f in timed) + figures["login"].get("errors", 0)
    worst = max(f.get("p95_ms", 0.0) for f in timed)
    met = errors == 0 and worst <= TARGET_P95_MS and figures["submit"]["count"] == args.trainees
    print(f"target (0 errors, p95 ≤ {TARGET_P95_MS:.0f} ms): {'met' if met else 'MISSED'}")
    return met


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(
        f"exam day: {args.trainees} trainees, {args.database}, {args.workers} workers", flush=True
    )
    with database(args.database) as url:
        migrate(url)
        team_id, usernames = accounts.create(url, args.trainees, PASSWORD)
        server_options = {"workers": args.workers, "env": "production", "migrate_first": False}
        server_options["keep_alive"] = int(args.think_max) + 30  # idle between saves
        with live_server(url, **server_options) as server:
            load_before = os.getloadavg()[0]
            figures = asyncio.run(run(server, team_id, usernames, args))
            figures["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
            if args.server_log:
                args.server_log.write_text(server.log(), encoding="utf-8")
    figures["settings"] = {k: str(v) for k, v in vars(args).items()}
    met = report(figures, args)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
