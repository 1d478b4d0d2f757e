"""Supervisors' exam pages: the bank browser, the paper editor, results, statistics, grading."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from exam_api.exams.bank import get_bank
from tests.web.conftest import Cast, login

STAFF_PAGES = ["/portal/manage/bank", "/portal/manage/bank/callbacks-007"]


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
