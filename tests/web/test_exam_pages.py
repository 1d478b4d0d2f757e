"""Taking an exam through the pages: start, autosave, reload, submit, review."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.exams import papers
from exam_api.exams.bank import get_bank
from exam_api.exams.models import ExamPaper
from exam_api.exams.review import EVERYTHING, ReviewPolicy
from exam_api.exams.schemas import AssignmentIn, PaperCreate
from exam_api.policy import get_policy
from exam_api.users.models import User
from tests.web.conftest import Cast, csrf_of, login

ONE_OF_EACH = [
    "callbacks-007",  # single choice
    "callbacks-003",  # multiple choice
    "callbacks-004",  # true/false
    "callbacks-013",  # fill in
    "callbacks-001",  # numeric
    "callbacks-005",  # ordering
    "callbacks-010",  # matching
    "callbacks-014",  # essay
]


def make_paper(session: Session, supervisor: User, trainee: User, **fields: Any) -> ExamPaper:
    question_ids = fields.pop("question_ids", ONE_OF_EACH)
    body: dict[str, Any] = {
        "title": fields.pop("title", "回访制度测验"),
        "time_limit_minutes": fields.pop("time_limit_minutes", 30),
        "assign": AssignmentIn(user_ids=[trainee.id or 0]),
        "review": fields.pop("review", ReviewPolicy(after_submit=EVERYTHING)),
        "shuffle_questions": fields.pop("shuffle_questions", False),
        **fields,
    }
    if "content" in PaperCreate.model_fields:  # papers hold their questions under `content`
        body["content"] = {"question_ids": question_ids}
    else:
        body["question_ids"] = question_ids
    return papers.create_paper(session, supervisor, PaperCreate(**body), get_bank(), get_policy())


def start(client: TestClient, paper: ExamPaper) -> tuple[str, str]:
    page = client.get("/portal/exams")
    assert page.status_code == 200 and paper.title in page.text
    response = client.post(
        f"/portal/exams/papers/{paper.id}/start",
        data={"csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response.headers["location"], csrf_of(page.text)


@pytest.fixture
def paper(session: Session, cast: Cast) -> ExamPaper:
    return make_paper(session, cast.supervisor, cast.agent)


def test_trainee_takes_an_exam_answers_survive_a_reload_and_review_links_the_handbook(
    client: TestClient, cast: Cast, paper: ExamPaper
) -> None:
    login(client, cast.agent.username)
    location, token = start(client, paper)
    take = client.get(location)
    assert take.status_code == 200 and 'id="countdown"' in take.text
    remaining = int(re.search(r'data-remaining="(\d+)"', take.text).group(1))  # type: ignore[union-attr]
    assert 29 * 60 < remaining <= 30 * 60
    assert "key" not in re.findall(r'data-[a-z-]+="', take.text)
    attempt_id = location.rsplit("/", 1)[1]
    saved = client.post(
        f"/portal/api/exams/attempts/{attempt_id}/answers/4",
        json={"answer": "客户回访"},
        headers={"X-CSRF-Token": token},
    )
    assert saved.status_code == 200 and saved.json()["answered"] is True
    essay = client.post(
        f"/portal/api/exams/attempts/{attempt_id}/answers/8",
        json={"answer": "您好，请问有什么可以帮您？"},
        headers={"X-CSRF-Token": token},
    )
    assert essay.status_code == 200
    again = client.get(location)
    assert 'value="客户回访"' in again.text
    submitted = client.post(
        f"/portal/exams/attempts/{attempt_id}/submit",
        data={"csrf_token": token},
        follow_redirects=True,
    )
    assert submitted.status_code == 200
    assert "已交卷" in submitted.text and "参考答案" in submitted.text
    assert "/handbook/callbacks/#" in submitted.text
    assert "待批阅" in submitted.text  # the essay waits for the supervisor


def test_autosave_without_csrf_header_is_refused(
    client: TestClient, cast: Cast, paper: ExamPaper
) -> None:
    login(client, cast.agent.username)
    location, _ = start(client, paper)
    attempt_id = location.rsplit("/", 1)[1]
    response = client.post(
        f"/portal/api/exams/attempts/{attempt_id}/answers/1", json={"answer": None}
    )
    assert response.status_code == 403 and response.json()["error"] == "csrf_failed"


def test_submit_without_csrf_is_refused(client: TestClient, cast: Cast, paper: ExamPaper) -> None:
    login(client, cast.agent.username)
    location, _ = start(client, paper)
    response = client.post(f"{location}/submit", data={})
    assert response.status_code == 403
    assert 'id="countdown"' in client.get(location).text  # still open


def test_another_trainee_cannot_open_the_attempt_but_the_supervisor_can(
    client: TestClient, cast: Cast, paper: ExamPaper
) -> None:
    login(client, cast.agent.username)
    location, _ = start(client, paper)
    client.cookies.clear()
    login(client, cast.agent2.username)
    assert client.get(location).status_code == 403
    client.cookies.clear()
    login(client, cast.supervisor.username)
    staff_view = client.get(location)
    assert staff_view.status_code == 200 and 'id="countdown"' not in staff_view.text


def test_the_take_page_shows_no_key_or_explanation(
    client: TestClient, cast: Cast, paper: ExamPaper
) -> None:
    login(client, cast.agent.username)
    location, _ = start(client, paper)
    html = client.get(location).text
    for question_id in ONE_OF_EACH:
        question = get_bank().get(question_id)
        assert question is not None
        if question.explanation:
            assert question.explanation not in html
    assert "参考答案" not in html and "解析" not in html
