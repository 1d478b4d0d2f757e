"""The demo's standard new-hire paper is drawable from the real bank and assigned to trainees."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.bank.draw import count_qualifying
from exam_api.demo import load_demo
from exam_api.exams.bank import get_bank
from exam_api.exams.demo import STANDARD_SECTIONS
from exam_api.exams.models import ExamPaper
from exam_api.exams.papers import blueprint_of
from exam_api.users.models import User
from tests.exams.conftest import API, Headers


def test_the_department_bank_fills_the_standard_paper() -> None:
    previews = count_qualifying(blueprint_of(STANDARD_SECTIONS), get_bank().pool)
    assert all(p.enough for p in previews), [(p.label, p.qualifying) for p in previews]


def test_every_demo_trainee_can_take_the_standard_paper(
    session: Session, client: TestClient, auth_headers: Headers
) -> None:
    demo = load_demo(session)
    paper = session.get(ExamPaper, demo.exam_paper_id)
    assert paper is not None and paper.title.startswith("新员工入职考核")
    for trainee in demo.trainees:
        mine = client.get(f"{API}/my/papers", headers=auth_headers(trainee)).json()
        assert [p["id"] for p in mine] == [paper.id]
        assert mine[0]["question_count"] == 35 and mine[0]["state"] == "open"
    trainee: User = demo.trainees[0]
    started = client.post(f"{API}/papers/{paper.id}/attempts", headers=auth_headers(trainee))
    assert started.status_code == 201, started.text
    questions = started.json()["questions"]
    assert len(questions) == 35
    assert {q["question"]["type"] for q in questions} >= {"essay", "ordering", "matching"}
