"""Automatic submission at the deadline: the sweep, its safety under concurrency, the task."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from exam_api.bank.loader import Bank
from exam_api.core.models import utcnow
from exam_api.exams.bank import get_etiquette_rules
from exam_api.exams.config import ExamSettings
from exam_api.exams.models import ExamAttempt
from exam_api.exams.submission import expire_due, finalize
from exam_api.exams.sweeper import sweep_once
from tests.exams.conftest import Api, Org


def _open_attempts(api: Api, org: Org, count: int = 2) -> list[int]:
    paper = api.create_paper(org.sup1, assign={"team_ids": [org.team1.id]})
    ids = []
    for trainee in (org.agent1, org.agent2)[:count]:
        attempt = api.start(trainee, paper["id"])
        assert api.save(trainee, attempt["id"], 1, "b").status_code == 200
        ids.append(attempt["id"])
    return ids


def _expire(engine: Engine, *attempt_ids: int) -> None:
    with Session(engine) as session:
        for attempt_id in attempt_ids:
            row = session.get(ExamAttempt, attempt_id)
            assert row is not None
            row.deadline = utcnow() - timedelta(seconds=5)
            session.add(row)
        session.commit()


def _status(engine: Engine, attempt_id: int) -> ExamAttempt:
    with Session(engine) as session:
        row = session.get(ExamAttempt, attempt_id)
        assert row is not None
        return row


def test_the_sweep_submits_only_attempts_past_their_deadline(
    api: Api, org: Org, engine: Engine
) -> None:
    due, running = _open_attempts(api, org)
    _expire(engine, due)
    assert sweep_once(engine) == 1
    swept = _status(engine, due)
    assert swept.status == "graded" and swept.auto_submitted and swept.score == 2
    assert swept.submitted_at is not None
    assert _status(engine, running).status == "open"
    assert sweep_once(engine) == 0  # nothing left to do


def test_the_sweep_works_in_batches(api: Api, org: Org, engine: Engine) -> None:
    ids = _open_attempts(api, org)
    _expire(engine, *ids)
    with Session(engine) as session:
        assert expire_due(session, limit=1) == 2
    assert {_status(engine, i).status for i in ids} == {"graded"}


def test_racing_submissions_grade_once(api: Api, org: Org, engine: Engine) -> None:
    (attempt_id,) = _open_attempts(api, org, count=1)
    rules = get_etiquette_rules()
    results: list[bool] = []
    barrier = threading.Barrier(6)

    def submit(auto: bool) -> None:
        with Session(engine) as session:
            barrier.wait()
            claimed = finalize(session, attempt_id, auto=auto, rules=rules) is not None
            session.commit()
            results.append(claimed)

    threads = [threading.Thread(target=submit, args=(i % 2 == 0,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 5 + [True]
    assert _status(engine, attempt_id).score == 2


@pytest.mark.postgres
@pytest.mark.parametrize("db_backend", ["postgresql"], indirect=False)
def test_a_sweep_skips_attempts_another_process_holds(api: Api, org: Org, engine: Engine) -> None:
    """PostgreSQL: rows locked by one sweep (FOR UPDATE) are skipped by another."""
    first, second = _open_attempts(api, org)
    _expire(engine, first, second)
    with Session(engine) as holder:
        held = select(ExamAttempt).where(ExamAttempt.id == first).with_for_update()
        holder.exec(held).one()
        assert sweep_once(engine) == 1  # only the row nobody holds
        assert _status(engine, first).status == "open"
        holder.rollback()
    assert sweep_once(engine) == 1
    assert _status(engine, first).status == "graded"


def test_the_background_task_submits_at_the_deadline(
    app_factory: Callable[..., Any], exam_bank: Bank, org: Org, engine: Engine, auth_headers: Any
) -> None:
    app = app_factory()
    app.state.exam_bank = exam_bank
    app.state.exam_settings = ExamSettings(sweep_interval_seconds=0.05)
    with TestClient(app) as client:
        api = Api(client, auth_headers, Session(engine))
        (attempt_id,) = _open_attempts(api, org, count=1)
        _expire(engine, attempt_id)
        for _ in range(200):
            if _status(engine, attempt_id).status != "open":
                break
            time.sleep(0.05)
        assert _status(engine, attempt_id).status == "graded"
        assert _status(engine, attempt_id).auto_submitted is True
