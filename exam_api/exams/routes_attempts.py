"""Trainee endpoints: my papers, start or resume, autosave, submit, review.

Nothing returned here holds a key, right/wrong or an explanation unless the paper's review
policy allows it at that moment (``tests/exams/test_no_leak.py`` walks every route).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from exam_api.core.db import SessionDep
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.exams import attempts, submission, views
from exam_api.exams.attempt_schemas import AnswerIn, AnswerSaved, AttemptSummary, AttemptView
from exam_api.exams.deps import BankDep, PolicyDep, RulesDep
from exam_api.exams.schemas import MAX_PAPER_QUESTIONS, MyPaper
from exam_api.users.deps import CurrentUser

router = APIRouter(prefix="/exams", tags=["考试：作答"], responses=error_responses(401, 403))

PaperId = Annotated[int, Path(ge=1, le=MAX_ID, description="试卷编号")]
AttemptId = Annotated[int, Path(ge=1, le=MAX_ID, description="作答编号")]
QuestionNo = Annotated[int, Path(ge=1, le=MAX_PAPER_QUESTIONS, description="题号（从 1 开始）")]


@router.get("/my/papers", response_model=list[MyPaper], summary="我的考试")
def list_my_papers(session: SessionDep, user: CurrentUser, rules: RulesDep) -> list[MyPaper]:
    """布置给我（或我所在班组）的试卷，含开放状态、已用次数和未交卷的作答。"""
    submission.expire_due(session, user_id=user.id, rules=rules)
    return views.my_papers(session, user)


@router.get("/my/attempts", response_model=list[AttemptSummary], summary="我的作答记录")
def list_my_attempts(
    session: SessionDep, user: CurrentUser, rules: RulesDep
) -> list[AttemptSummary]:
    """我的全部作答；成绩只在复查设置允许时显示。"""
    submission.expire_due(session, user_id=user.id, rules=rules)
    return [
        views.attempt_summary(session, a, user) for a in attempts.attempts_of_user(session, user)
    ]


@router.post(
    "/papers/{paper_id}/attempts",
    response_model=AttemptView,
    status_code=201,
    summary="开始作答（或继续未交卷的作答）",
    responses={
        200: {"model": AttemptView, "description": "已有未交卷的作答，继续作答"},
        **error_responses(404, 409, 422),
    },
)
def start_exam_attempt(
    session: SessionDep,
    user: CurrentUser,
    bank: BankDep,
    policy: PolicyDep,
    paper_id: PaperId,
    response: Response,
) -> AttemptView:
    """按试卷抽题并固定题目版本，服务器开始计时；已有未交卷的作答时返回它（断线重连）。"""
    started = attempts.start_attempt(session, user, paper_id, bank, policy)
    if not started.created:
        response.status_code = 200
    return views.attempt_view(session, started.attempt, user, policy, started.items, started.paper)


@router.get(
    "/attempts/{attempt_id}",
    response_model=AttemptView,
    summary="查看作答（作答中或复查）",
    responses=error_responses(404, 422),
)
def read_exam_attempt(
    session: SessionDep,
    user: CurrentUser,
    policy: PolicyDep,
    rules: RulesDep,
    attempt_id: AttemptId,
) -> AttemptView:
    """题目、已保存的答案和剩余时间；交卷后按复查设置显示成绩、对错、答案和解析。"""
    attempt = submission.get_attempt(session, user, attempt_id, rules)
    return views.attempt_view(session, attempt, user, policy)


@router.put(
    "/attempts/{attempt_id}/answers/{no}",
    response_model=AnswerSaved,
    summary="保存一道题的答案（自动保存）",
    responses=error_responses(404, 409, 422),
)
def save_exam_answer(
    session: SessionDep,
    user: CurrentUser,
    rules: RulesDep,
    attempt_id: AttemptId,
    no: QuestionNo,
    data: AnswerIn,
) -> AnswerSaved:
    """保存或修改答案，重复保存同一答案无副作用；截止时间一到即拒绝（409）。"""
    saved = submission.save_answer(session, user, attempt_id, no, data.answer, rules)
    return AnswerSaved(
        attempt_id=saved.attempt_id,
        no=saved.no,
        answered=saved.answered,
        saved_at=saved.saved_at,
        deadline=saved.deadline,
        remaining_seconds=max(0, int((saved.deadline - saved.saved_at).total_seconds())),
    )


@router.post(
    "/attempts/{attempt_id}/submit",
    response_model=AttemptView,
    summary="交卷",
    responses=error_responses(404, 422),
)
def submit_exam_attempt(
    session: SessionDep,
    user: CurrentUser,
    policy: PolicyDep,
    rules: RulesDep,
    attempt_id: AttemptId,
) -> AttemptView:
    """交卷并自动判分（简答题等待主管批阅）；重复交卷只判一次分。"""
    attempt, graded = submission.submit_attempt(session, user, attempt_id, rules)
    if graded is None:
        return views.attempt_view(session, attempt, user, policy)
    return views.attempt_view(session, attempt, user, policy, graded.items, graded.paper)
