"""Saving while the attempt is being submitted: each answer is graded or refused, never lost."""

from __future__ import annotations

import threading

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from exam_api.core.errors import KefuError
from exam_api.exams.bank import get_etiquette_rules
from exam_api.exams.models import AttemptItem, ExamAttempt
from exam_api.exams.submission import save_answer, submit_attempt
from exam_api.users.models import User
from tests.exams.conftest import RIGHT, Api, Org


def test_saves_racing_a_submission_are_graded_or_refused(
    api: Api, org: Org, engine: Engine
) -> None:
    ids = ["leave-003", "leave-011", "leave-012", "leave-013", "leave-010"]  # 1 point each
    paper = api.create_paper(org.sup1, question_ids=ids, assign={"user_ids": [org.agent1.id]})
    attempt_id = api.start(org.agent1, paper["id"])["id"]
    rules = get_etiquette_rules()
    saved: list[int] = []
    barrier = threading.Barrier(len(ids) + 1)

    def save(no: int, qid: str) -> None:
        with Session(engine) as session:
            user = session.get(User, org.agent1.id)
            assert user is not None
            barrier.wait()
            try:
                save_answer(session, user, attempt_id, no, RIGHT[qid], rules)
            except KefuError as exc:
                assert exc.status == 409
            else:
                saved.append(no)

    def submit() -> None:
        with Session(engine) as session:
            user = session.get(User, org.agent1.id)
            assert user is not None
            barrier.wait()
            submit_attempt(session, user, attempt_id, rules)

    threads = [threading.Thread(target=save, args=(n, q)) for n, q in enumerate(ids, start=1)]
    threads.append(threading.Thread(target=submit))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with Session(engine) as session:
        attempt = session.get(ExamAttempt, attempt_id)
        items = session.exec(select(AttemptItem).where(AttemptItem.attempt_id == attempt_id))
        answered = sorted(i.position for i in items if i.answer is not None)
    assert attempt is not None and attempt.status == "graded"
    assert answered == sorted(saved)  # every accepted save is in the graded attempt
    assert attempt.score == len(saved)
