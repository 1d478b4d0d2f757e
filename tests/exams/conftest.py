"""Exam fixtures: a small fixed bank, an organisation, a client whose app uses that bank."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.bank.loader import Bank
from exam_api.bank.models import (
    Essay,
    FillBlank,
    Matching,
    MultipleChoice,
    Numeric,
    NumericKey,
    Option,
    Ordering,
    Question,
    RubricItem,
    SingleChoice,
    TrueFalse,
)
from exam_api.exams.config import ExamSettings
from exam_api.users.models import User
from tests.conftest import Org  # noqa: F401  (re-exported for the tests here)

Headers = Callable[[User], dict[str, str]]
API = "/api/v1/exams"


def opts(*ids: str) -> tuple[Option, ...]:
    return tuple(Option(id=i, text=f"选项{i}") for i in ids)


def _common(qid: str, area: str, ref: str, **kw: Any) -> dict[str, Any]:
    return {
        "id": qid,
        "area": area,
        "ref": ref,
        "stem": f"题干 {qid}",
        "explanation": f"解析 {qid}",
    } | kw


def build_bank() -> Bank:
    """Eight questions, one of each type, plus four more leave single-choice questions."""
    questions: list[Question] = [
        SingleChoice(
            **_common("leave-001", "leave", "leave-personal", points=2),
            options=opts("a", "b", "c"),
            key="b",
        ),
        MultipleChoice(
            **_common("leave-002", "leave", "leave-long"),
            options=opts("a", "b", "c", "d"),
            key=("a", "c"),
        ),
        TrueFalse(**_common("leave-003", "leave", "swap-quota"), key=True),
        FillBlank(
            **_common("complaints-001", "complaints", "complaint-flow"),
            key=("首问负责制", "首问责任制"),
        ),
        Numeric(**_common("leave-004", "leave", "swap-quota"), key=NumericKey(value=2), unit="次"),
        Ordering(
            **_common("complaints-002", "complaints", "complaint-flow"),
            options=opts("a", "b", "c", "d"),
            key=("c", "a", "d", "b"),
        ),
        Matching(
            **_common("customers-001", "customers", "investor-types"),
            prompts=tuple(Option(id=p, text=f"类型{p}") for p in ("p1", "p2")),
            options=opts("a", "b", "c"),
            key={"p1": "b", "p2": "a"},
        ),
        Essay(
            **_common("phrases-001", "phrases", "phrases-forbidden", points=5),
            rubric=(RubricItem(points=5, text="不用忌语"),),
            reference_answer="您好！我帮您查询一下。祝您生活愉快！",
            etiquette=True,
        ),
    ]
    questions += [
        SingleChoice(
            **_common(f"leave-01{i}", "leave", "leave-dates"), options=opts("a", "b"), key="a"
        )
        for i in range(4)
    ]
    return Bank(tuple(questions))


# Right answers for every question of the bank above.
RIGHT: dict[str, Any] = {
    "leave-001": "b",
    "leave-002": ["a", "c"],
    "leave-003": True,
    "complaints-001": " 首问负责制 ",
    "leave-004": 2,
    "complaints-002": ["c", "a", "d", "b"],
    "customers-001": {"p1": "b", "p2": "a"},
    "phrases-001": "您好！我帮您查询一下。祝您生活愉快！",
    **{f"leave-01{i}": "a" for i in range(4)},
}
WRONG: dict[str, Any] = {
    "leave-001": "a",
    "leave-002": ["a"],
    "leave-003": False,
    "complaints-001": "不知道",
    "leave-004": 3,
    "complaints-002": ["a", "b", "c", "d"],
    "customers-001": {"p1": "a", "p2": "b"},
    "phrases-001": "你好，这个不行。",
    **{f"leave-01{i}": "b" for i in range(4)},
}
FIXED_IDS = [
    *("leave-001", "leave-002", "leave-003", "complaints-001"),
    *("leave-004", "complaints-002", "customers-001"),
]


@pytest.fixture(scope="session")
def exam_bank() -> Bank:
    return build_bank()


@pytest.fixture
def exam_client(app_factory: Callable[..., Any], exam_bank: Bank) -> Iterator[TestClient]:
    app = app_factory()
    app.state.exam_bank = exam_bank
    app.state.exam_settings = ExamSettings(sweep_interval_seconds=0)
    with TestClient(app) as test_client:
        yield test_client


def paper_body(**overrides: Any) -> dict[str, Any]:
    """A paper; ``question_ids=`` or ``sections=`` set its content (default: FIXED_IDS)."""
    if "sections" in overrides:
        overrides["content"] = {"sections": overrides.pop("sections")}
    elif "question_ids" in overrides:
        overrides["content"] = {"question_ids": overrides.pop("question_ids")}
    body: dict[str, Any] = {
        "title": "新员工考核",
        "content": {"question_ids": FIXED_IDS},
        "time_limit_minutes": 30,
        "pass_percent": 60,
        "shuffle_questions": False,
        "shuffle_options": True,
    }
    return body | overrides


@dataclass
class Api:
    """Small helpers over the exam endpoints."""

    client: TestClient
    headers: Headers
    session: Session

    def create_paper(self, actor: User, **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            f"{API}/papers", json=paper_body(**overrides), headers=self.headers(actor)
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    def start(self, trainee: User, paper_id: int) -> dict[str, Any]:
        response = self.client.post(
            f"{API}/papers/{paper_id}/attempts", headers=self.headers(trainee)
        )
        assert response.status_code in (200, 201), response.text
        return dict(response.json())

    def save(self, trainee: User, attempt_id: int, no: int, answer: Any) -> Any:
        return self.client.put(
            f"{API}/attempts/{attempt_id}/answers/{no}",
            json={"answer": answer},
            headers=self.headers(trainee),
        )

    def answer_all(self, trainee: User, attempt: dict[str, Any], answers: dict[str, Any]) -> None:
        for q in attempt["questions"]:
            if q["question"]["id"] in answers:
                response = self.save(trainee, attempt["id"], q["no"], answers[q["question"]["id"]])
                assert response.status_code == 200, response.text

    def submit(self, trainee: User, attempt_id: int) -> dict[str, Any]:
        response = self.client.post(
            f"{API}/attempts/{attempt_id}/submit", headers=self.headers(trainee)
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    def get(self, user: User, path: str) -> Any:
        return self.client.get(f"{API}{path}", headers=self.headers(user))


@pytest.fixture
def api(exam_client: TestClient, auth_headers: Headers, session: Session) -> Api:
    return Api(exam_client, auth_headers, session)
