"""Attempt items in bulk: what is inserted reads back the same, the save target carries the
attempt's state, grades are written in one statement, and a question version thaws once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Text, cast
from sqlmodel import Session, col, select

from exam_api.core.db import json_serializer
from exam_api.core.models import utcnow
from exam_api.exams import items
from exam_api.exams.bank import freeze
from exam_api.exams.models import AttemptItem, ExamAttempt, ExamPaper
from exam_api.exams.timeutil import as_utc
from tests.exams.conftest import Org, build_bank


def new_attempt(session: Session, org: Org) -> ExamAttempt:
    paper = ExamPaper(title="卷", time_limit_minutes=30, pass_percent=60, created_by=org.sup1.id)
    session.add(paper)
    session.flush()
    now = utcnow()
    attempt = ExamAttempt(
        paper_id=paper.id or 0,
        user_id=org.agent1.id or 0,
        number=1,
        seed="s",
        policy_version="v",
        started_at=now,
        deadline=now + timedelta(minutes=30),
    )
    session.add(attempt)
    session.flush()
    return attempt


def test_inserted_questions_read_back_in_order_with_their_points(
    session: Session, org: Org
) -> None:
    attempt = new_attempt(session, org)
    drawn = [items.NewItem(q, i % 2, 1.5 + i) for i, q in enumerate(build_bank().questions)]
    inserted = items.insert_items(session, attempt.id or 0, drawn)
    session.commit()
    loaded = items.load_items(session, attempt.id or 0)
    assert [i.position for i in loaded] == list(range(1, len(drawn) + 1))
    assert [i.question for i in loaded] == [d.question for d in drawn]
    assert [i.max_points for i in loaded] == [d.points for d in drawn]
    assert [i.question for i in inserted] == [i.question for i in loaded]
    assert all(i.answer is None and i.awarded is None and not i.needs_manual for i in loaded)
    stored = session.exec(select(AttemptItem).where(AttemptItem.attempt_id == attempt.id)).all()
    assert {s.question_id for s in stored} == {d.question.id for d in drawn}
    assert all(
        s.question == freeze(next(d.question for d in drawn if d.question.id == s.question_id))
        for s in stored
    )


def test_the_save_target_carries_the_attempt_state(session: Session, org: Org) -> None:
    attempt = new_attempt(session, org)
    question = build_bank().questions[0]
    items.insert_items(session, attempt.id or 0, [items.NewItem(question, None, 2.0)])
    session.commit()
    target = items.save_target(session, attempt.id or 0, 1)
    assert target is not None
    assert (target.user_id, target.status, target.auto_submitted) == (org.agent1.id, "open", False)
    assert as_utc(target.deadline) == as_utc(attempt.deadline)
    assert target.question == question
    assert items.save_target(session, attempt.id or 0, 2) is None
    assert items.save_target(session, (attempt.id or 0) + 1000, 1) is None
    session.rollback()


def test_grades_of_several_items_are_written_together(session: Session, org: Org) -> None:
    attempt = new_attempt(session, org)
    questions = build_bank().questions[:3]
    items.insert_items(session, attempt.id or 0, [items.NewItem(q, None, 1.0) for q in questions])
    session.commit()
    first, second, third = items.load_items(session, attempt.id or 0)
    items.store_grades(
        session,
        [
            {
                "item_id": first.id,
                "awarded": 1.0,
                "correct": True,
                "needs_manual": False,
                "etiquette": None,
            },
            {
                "item_id": third.id,
                "awarded": None,
                "correct": None,
                "needs_manual": True,
                "etiquette": {"ok": True},
            },
        ],
    )
    session.commit()
    rows = session.exec(
        select(AttemptItem)
        .where(AttemptItem.attempt_id == attempt.id)
        .order_by(col(AttemptItem.position))
    ).all()
    assert [(r.awarded, r.correct, r.needs_manual) for r in rows] == [
        (1.0, True, False),
        (None, None, False),
        (None, None, True),
    ]
    assert rows[2].etiquette == {"ok": True}
    assert second.id not in {first.id, third.id}


def test_a_question_version_thaws_once_per_text() -> None:
    question = build_bank().questions[1]
    text = json_serializer(freeze(question))
    first = items.thaw_text(text)
    assert first == question
    equal_text = "".join(list(text))  # an equal string, another object
    assert equal_text is not text
    assert items.thaw_text(equal_text) is first  # the same text: the cached model
    assert items.thaw_text(text.replace(":", ": ")) == question  # another text: thawed anew


def test_every_attempt_stores_a_question_version_as_the_same_text(
    session: Session, org: Org
) -> None:
    """The thaw cache is keyed by the stored text: one version must read back as one text,
    whichever attempt holds it (PostgreSQL's ``json`` keeps the text it was given)."""
    question = build_bank().questions[2]
    attempts = [new_attempt(session, org) for _ in range(2)]
    for attempt in attempts:
        items.insert_items(session, attempt.id or 0, [items.NewItem(question, None, 1.0)])
    session.commit()
    stored = session.exec(
        select(cast(col(AttemptItem.question), Text)).where(
            col(AttemptItem.attempt_id).in_([a.id for a in attempts])
        )
    ).all()
    assert stored == [json_serializer(freeze(question))] * 2


def test_a_bank_question_is_serialized_once_per_loaded_object() -> None:
    first_bank, reloaded_bank = build_bank(), build_bank()
    question, reloaded = first_bank.questions[3], reloaded_bank.questions[3]
    assert question == reloaded and question is not reloaded
    text = items.frozen_text(question)
    assert text == json_serializer(freeze(question))
    assert items.frozen_text(question) is text  # cached for this object
    again = items.frozen_text(reloaded)  # a reloaded bank's object: frozen anew
    assert again == text and again is not text
    assert items.frozen_text(reloaded) is again


def test_a_new_attempt_row_holds_every_field_of_the_model(session: Session, org: Org) -> None:
    template = new_attempt(session, org)  # gives a paper; this attempt is number 1
    attempt = ExamAttempt(
        paper_id=template.paper_id,
        user_id=template.user_id,
        number=2,
        seed="abc",
        policy_version="v9",
        started_at=template.started_at,
        deadline=template.deadline,
        max_score=12.5,
    )
    attempt_id = items.insert_attempt(session, attempt)
    session.commit()
    stored = session.get(ExamAttempt, attempt_id)
    assert stored is not None and attempt not in session
    assert (stored.number, stored.seed, stored.policy_version, stored.max_score) == (
        2,
        "abc",
        "v9",
        12.5,
    )
    assert (stored.status, stored.auto_submitted, stored.score) == ("open", False, None)
    assert as_utc(stored.deadline) == as_utc(attempt.deadline)


def test_an_answer_is_written_only_while_its_attempt_is_open(session: Session, org: Org) -> None:
    attempt = new_attempt(session, org)
    items.insert_items(
        session, attempt.id or 0, [items.NewItem(build_bank().questions[0], None, 1)]
    )
    session.commit()
    (item,) = items.load_items(session, attempt.id or 0)
    assert item.id is not None
    now = utcnow()
    assert items.write_answer(session, item.id, attempt.id or 0, "b", now) is True
    session.commit()
    after_deadline = now + timedelta(minutes=31)
    assert items.write_answer(session, item.id, attempt.id or 0, "a", after_deadline) is False
    session.rollback()
    (stored,) = items.load_items(session, attempt.id or 0)
    assert stored.answer == "b"
