"""Supervisors' exam pages: the bank browser, the paper editor, results, statistics, grading."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.exams.bank import get_bank
from exam_api.exams.models import ExamAttempt, ExamPaper
from tests.web.conftest import Cast, csrf_of, login
from tests.web.test_exam_pages import make_paper, start

STAFF_PAGES = [
    "/portal/manage/bank",
    "/portal/manage/bank/callbacks-007",
    "/portal/manage/papers",
    "/portal/manage/papers/new",
    "/portal/manage/papers/1",
    "/portal/manage/papers/1/results.csv",
    "/portal/manage/trainees/1",
    "/portal/manage/grading",
]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_agents_may_not_open_the_staff_exam_pages(
    client: TestClient, cast: Cast, path: str
) -> None:
    login(client, cast.agent.username)
    response = client.get(path)
    assert response.status_code == 403
    assert "此页面仅限" in response.text


def test_anonymous_visitors_are_sent_to_log_in(client: TestClient) -> None:
    response = client.get("/portal/manage/bank", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/portal/login?next=")


def test_bank_filters_by_area_type_difficulty_tag_and_text(client: TestClient, cast: Cast) -> None:
    login(client, cast.supervisor.username)
    bank = get_bank()
    everything = client.get("/portal/manage/bank")
    assert everything.status_code == 200
    assert f"共 {len(bank)} 道题" in everything.text
    essays = [q for q in bank.questions if q.area == "phrases" and q.type == "essay"]
    page = client.get("/portal/manage/bank", params={"area": "phrases", "type": "essay"})
    assert f"符合条件 {len(essays)} 道" in page.text
    assert all(f'/portal/manage/bank/{q.id}"' in page.text for q in essays)
    some = bank.questions[0]
    by_text = client.get("/portal/manage/bank", params={"q": some.id})
    assert f'/portal/manage/bank/{some.id}"' in by_text.text
    tagged = next(q for q in bank.questions if q.tags)
    by_tag = client.get(
        "/portal/manage/bank", params={"tag": tagged.tags[0], "difficulty": tagged.difficulty}
    )
    assert f'/portal/manage/bank/{tagged.id}"' in by_tag.text
    assert client.get("/portal/manage/bank", params={"difficulty": "7"}).status_code == 422


def test_question_preview_shows_the_trainee_view_then_the_key_and_rule_for_staff(
    client: TestClient, cast: Cast
) -> None:
    login(client, cast.director.username)
    question = get_bank().get("callbacks-007")
    assert question is not None and question.ref
    page = client.get("/portal/manage/bank/callbacks-007")
    assert page.status_code == 200
    trainee_part, staff_part = page.text.split('id="staff-key"')
    assert 'class="question"' in trainee_part and question.stem in trainee_part
    assert f'href="/handbook/{question.area}/#{question.ref}"' not in trainee_part
    assert f'#{question.ref}"' in staff_part and "正确答案" in staff_part
    assert client.get("/portal/manage/bank/no-such-question").status_code == 404


def paper_form_data(token: str, cast: Cast, **fields: str) -> dict[str, object]:
    data: dict[str, object] = {
        "csrf_token": token,
        "title": "回访制度小测",
        "mode": "blueprint",
        "s0_name": "单选",
        "s0_type": "single_choice",
        "s0_area": "callbacks",
        "s0_count": "2",
        "s0_points": "5",
        "s1_type": "true_false",
        "s1_count": "1",
        "time_limit_minutes": "20",
        "pass_percent": "60",
        "attempts_allowed": "2",
        "grading_method": "highest",
        "shuffle_options": "1",
        "review_after_submit_score": "1",
        "user_ids": [str(cast.agent.id)],
    }
    data.update(fields)
    return data


def create_through_form(client: TestClient, cast: Cast, **fields: str) -> int:
    token = csrf_of(client.get("/portal/manage/papers/new").text)
    response = client.post(
        "/portal/manage/papers", data=paper_form_data(token, cast, **fields), follow_redirects=False
    )
    assert response.status_code == 303, response.text[-3000:]
    return int(response.headers["location"].split("/")[-1].split("?")[0])


def test_supervisor_creates_a_blueprint_paper_through_the_editor(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.supervisor.username)
    editor = client.get("/portal/manage/papers/new")
    assert editor.status_code == 200 and 'id="sections-table"' in editor.text
    assert cast.agent.display_name in editor.text and cast.team.name in editor.text
    paper_id = create_through_form(client, cast)
    paper = session.get(ExamPaper, paper_id)
    assert paper is not None and paper.created_by == cast.supervisor.id
    assert paper.sections == [
        {
            "name": "单选",
            "area": "callbacks",
            "tags": [],
            "type": "single_choice",
            "difficulty": [],
            "count": 2,
            "points": 5.0,
        },
        {
            "name": None,
            "area": None,
            "tags": [],
            "type": "true_false",
            "difficulty": [],
            "count": 1,
            "points": None,
        },
    ]
    assert (paper.time_limit_minutes, paper.pass_percent, paper.attempts_allowed) == (20, 60, 2)
    assert paper.shuffle_options and not paper.shuffle_questions
    assert paper.review["after_submit"] == {
        "score": True,
        "correctness": False,
        "key": False,
        "explanation": False,
    }
    results = client.get(f"/portal/manage/papers/{paper_id}")
    assert results.status_code == 200 and "回访制度小测" in results.text
    listing = client.get("/portal/manage/papers")
    assert f"/portal/manage/papers/{paper_id}/edit" in listing.text
    edit = client.get(f"/portal/manage/papers/{paper_id}/edit")
    assert 'value="回访制度小测"' in edit.text and 'name="s0_count" ' in edit.text


def test_editor_keeps_the_input_and_says_why_a_paper_cannot_be_drawn(
    client: TestClient, cast: Cast
) -> None:
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/manage/papers/new").text)
    data = paper_form_data(token, cast, s0_count="199", title="太多的题")
    response = client.post("/portal/manage/papers", data=data)
    assert response.status_code == 409
    assert "按当前题库无法组卷" in response.text and 'value="太多的题"' in response.text
    data = paper_form_data(token, cast, s0_count="两道")
    response = client.post("/portal/manage/papers", data=data)
    assert response.status_code == 422 and "请填写整数" in response.text


def test_live_preview_counts_qualifying_questions_and_needs_the_csrf_header(
    client: TestClient, cast: Cast
) -> None:
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/manage/papers/new").text)
    body = {"sections": [{"type": "essay", "area": "phrases", "count": 1}]}
    refused = client.post("/portal/api/manage/papers/preview", json=body)
    assert refused.status_code == 403 and refused.json()["error"] == "csrf_failed"
    answer = client.post(
        "/portal/api/manage/papers/preview", json=body, headers={"X-CSRF-Token": token}
    )
    assert answer.status_code == 200
    expected = sum(1 for q in get_bank().questions if q.type == "essay" and q.area == "phrases")
    assert answer.json()["sections"][0]["qualifying"] == expected
    assert answer.json()["drawable"] is (expected >= 1)


def test_paper_forms_refuse_a_missing_csrf_token(client: TestClient, cast: Cast) -> None:
    login(client, cast.supervisor.username)
    data = paper_form_data("0" * 64, cast)
    response = client.post("/portal/manage/papers", data=data, follow_redirects=False)
    assert response.status_code == 403 and "页面已过期" in response.text


def test_another_teams_supervisor_cannot_see_the_results_of_a_paper_not_theirs(
    client: TestClient, cast: Cast
) -> None:
    login(client, cast.supervisor.username)
    paper_id = create_through_form(client, cast)
    login(client, cast.other_supervisor.username)
    for path in ("", "/results.csv", "/questions.csv", "/edit"):
        assert client.get(f"/portal/manage/papers/{paper_id}{path}").status_code == 403
    assert client.get(f"/portal/manage/trainees/{cast.agent.id}").status_code == 403
    assert f'/portal/manage/papers/{paper_id}"' not in client.get("/portal/manage/papers").text
    login(client, cast.director.username)
    export = client.get(f"/portal/manage/papers/{paper_id}/results.csv")
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert export.text.startswith("\ufeffuser_id,username")


def test_grading_queue_marks_the_etiquette_findings_and_grades_by_rubric(
    client: TestClient, cast: Cast, session: Session
) -> None:
    paper = make_paper(session, cast.supervisor, cast.agent, question_ids=["phrases-020"])
    login(client, cast.agent.username)
    location, token = start(client, paper)
    attempt_id = int(location.rsplit("/", 1)[1])
    answer = "您好，这个不行，我也不知道。"
    saved = client.post(
        f"/portal/api/exams/attempts/{attempt_id}/answers/1",
        json={"answer": answer},
        headers={"X-CSRF-Token": token},
    )
    assert saved.status_code == 200
    client.post(f"/portal/exams/attempts/{attempt_id}/submit", data={"csrf_token": token})

    login(client, cast.other_supervisor.username)
    assert "没有等待批阅的简答题" in client.get("/portal/manage/grading").text
    login(client, cast.supervisor.username)
    queue = client.get("/portal/manage/grading", params={"paper_id": paper.id})
    assert queue.status_code == 200
    assert '<mark class="finding"' in queue.text
    assert re.search(r'<mark class="finding"[^>]*>不行</mark>', queue.text)
    assert 'href="/handbook/phrases/#phrases-forbidden"' in queue.text
    item_id = int(re.search(r'action="/portal/manage/grading/(\d+)"', queue.text).group(1))  # type: ignore[union-attr]
    rubric = re.findall(r'name="(rubric_\d+)" min="0" max="([\d.]+)"', queue.text)
    assert rubric
    form = {name: top for name, top in rubric}
    form |= {"csrf_token": csrf_of(queue.text), "feedback": "注意禁忌语", "scale": "1"}
    refused = client.post(f"/portal/manage/grading/{item_id}", data={**form, "csrf_token": "x"})
    assert refused.status_code == 403
    graded = client.post(f"/portal/manage/grading/{item_id}", data=form, follow_redirects=False)
    assert graded.status_code == 303
    attempt = session.get(ExamAttempt, attempt_id)
    assert attempt is not None
    session.refresh(attempt)
    assert attempt.status == "graded" and attempt.score == sum(float(t) for _, t in rubric)
    assert "没有等待批阅的简答题" in client.get("/portal/manage/grading").text
