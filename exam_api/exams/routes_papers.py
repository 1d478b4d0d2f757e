"""Staff endpoints: papers, assignments, results, statistics, exports, essay grading."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from exam_api.core.db import SessionDep
from exam_api.core.errors import error_responses
from exam_api.core.models import MAX_ID
from exam_api.exams import marking, papers, reports
from exam_api.exams.access import get_paper_for_staff
from exam_api.exams.attempt_schemas import (
    AttemptSummary,
    EssayGraded,
    EssayGradeIn,
    EssayTask,
    PaperStats,
    TraineeAreas,
)
from exam_api.exams.deps import BankDep, ExamSettingsDep, PolicyDep, RulesDep
from exam_api.exams.schemas import (
    AssignmentIn,
    PaperContent,
    PaperCreate,
    PaperPublic,
    PaperUpdate,
    PreviewOut,
)
from exam_api.exams.submission import expire_due
from exam_api.exams.views import attempt_summary
from exam_api.users.deps import StaffUser

router = APIRouter(prefix="/exams", tags=["考试：出卷与统计"], responses=error_responses(401, 403))

PaperId = Annotated[int, Path(ge=1, le=MAX_ID, description="试卷编号")]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID, description="作答中题目的编号")]
UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="学员编号")]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV 文件"}
}


@router.post(
    "/preview",
    response_model=PreviewOut,
    summary="组卷预览：各节符合条件的题目数",
    responses=error_responses(422),
)
def preview_paper_content(actor: StaffUser, bank: BankDep, data: PaperContent) -> PreviewOut:
    """保存试卷前查看每一节有多少道题符合条件，以及能否组出整份试卷。"""
    return papers.preview(data, bank)


@router.post(
    "/papers",
    response_model=PaperPublic,
    status_code=201,
    summary="新建试卷",
    responses=error_responses(404, 409, 422),
)
def create_exam_paper(
    session: SessionDep, actor: StaffUser, bank: BankDep, policy: PolicyDep, data: PaperCreate
) -> PaperPublic:
    """客服主管或客服总监出卷：蓝图抽题或固定题目、时限、及格线、次数、复查设置与布置对象。"""
    paper = papers.create_paper(session, actor, data, bank, policy)
    return papers.paper_public(session, paper)


@router.get("/papers", response_model=list[PaperPublic], summary="列出试卷")
def list_exam_papers(session: SessionDep, actor: StaffUser) -> list[PaperPublic]:
    """客服总监看到全部试卷；客服主管看到自己出的和布置给本班组的试卷。"""
    return [papers.paper_public(session, p) for p in papers.list_papers_for_staff(session, actor)]


@router.get(
    "/papers/{paper_id}",
    response_model=PaperPublic,
    summary="查看试卷设置",
    responses=error_responses(404, 422),
)
def read_exam_paper(session: SessionDep, actor: StaffUser, paper_id: PaperId) -> PaperPublic:
    """查看一份试卷的全部设置与布置对象。"""
    return papers.paper_public(session, get_paper_for_staff(session, actor, paper_id))


@router.patch(
    "/papers/{paper_id}",
    response_model=PaperPublic,
    summary="修改试卷",
    responses=error_responses(404, 409, 422),
)
def update_exam_paper(
    session: SessionDep,
    actor: StaffUser,
    bank: BankDep,
    policy: PolicyDep,
    paper_id: PaperId,
    data: PaperUpdate,
) -> PaperPublic:
    """出卷人或客服总监修改试卷；已有人作答后不能再改题目、计分和乱序设置。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    paper = papers.update_paper(session, actor, paper, data, bank, policy)
    return papers.paper_public(session, paper)


@router.delete(
    "/papers/{paper_id}",
    status_code=204,
    summary="删除试卷",
    responses=error_responses(404, 409, 422),
)
def delete_exam_paper(session: SessionDep, actor: StaffUser, paper_id: PaperId) -> Response:
    """删除还没有人作答的试卷。"""
    papers.delete_paper(session, actor, get_paper_for_staff(session, actor, paper_id))
    return Response(status_code=204)


@router.put(
    "/papers/{paper_id}/assignments",
    response_model=PaperPublic,
    summary="布置试卷给学员或班组",
    responses=error_responses(404, 409, 422),
)
def assign_exam_paper(
    session: SessionDep, actor: StaffUser, paper_id: PaperId, data: AssignmentIn
) -> PaperPublic:
    """以给出的学员和班组替换原有的布置对象；客服主管只能布置给本班组。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    papers.set_assignments(session, actor, paper, data)
    return papers.paper_public(session, paper)


@router.get(
    "/papers/{paper_id}/attempts",
    response_model=list[AttemptSummary],
    summary="查看试卷的作答与成绩",
    responses=error_responses(404, 422),
)
def list_paper_attempts(
    session: SessionDep, actor: StaffUser, rules: RulesDep, paper_id: PaperId
) -> list[AttemptSummary]:
    """客服主管只看到本班组学员的作答；到时未交的试卷先自动提交。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    expire_due(session, rules=rules)
    users = reports.visible_users(session, actor)
    return [
        attempt_summary(session, a, actor)
        for a in reports.paper_attempts(session, paper.id or 0, users)
    ]


@router.get(
    "/papers/{paper_id}/stats",
    response_model=PaperStats,
    summary="试卷与试题统计",
    responses=error_responses(404, 422),
)
def read_paper_stats(
    session: SessionDep,
    actor: StaffUser,
    settings: ExamSettingsDep,
    rules: RulesDep,
    paper_id: PaperId,
) -> PaperStats:
    """人数、平均分、中位数、及格率、分数分布；每题的难度系数（得分率）与区分度。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    expire_due(session, rules=rules)
    return reports.paper_stats(session, actor, paper, settings)


@router.get(
    "/papers/{paper_id}/results.csv",
    summary="导出成绩（CSV）",
    response_class=Response,
    responses={**CSV, **error_responses(404, 422)},
)
def export_paper_results(
    session: SessionDep, actor: StaffUser, rules: RulesDep, paper_id: PaperId
) -> Response:
    """每位学员一行：作答次数、各次得分、按计分方式得出的成绩、是否及格。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    expire_due(session, rules=rules)
    body = reports.results_csv(session, actor, paper)
    return _csv_response(body, f"paper-{paper_id}-results.csv")


@router.get(
    "/papers/{paper_id}/question-stats.csv",
    summary="导出试题统计（CSV）",
    response_class=Response,
    responses={**CSV, **error_responses(404, 422)},
)
def export_question_stats(
    session: SessionDep, actor: StaffUser, settings: ExamSettingsDep, paper_id: PaperId
) -> Response:
    """每道题一行：作答次数、平均分、满分、难度系数、区分度、是否区分度偏低。"""
    paper = get_paper_for_staff(session, actor, paper_id)
    stats = reports.paper_stats(session, actor, paper, settings)
    return _csv_response(reports.question_stats_csv(stats), f"paper-{paper_id}-questions.csv")


def _csv_response(body: str, filename: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/grading", response_model=list[EssayTask], summary="简答题批阅队列")
def list_grading_queue(
    session: SessionDep,
    actor: StaffUser,
    paper_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="只看某份试卷")] = None,
) -> list[EssayTask]:
    """等待批阅的简答题（本班组学员），附礼仪检查发现的问题供参考。"""
    return marking.grading_queue(session, actor, paper_id)


@router.put(
    "/grading/{item_id}",
    response_model=EssayGraded,
    summary="批阅一道简答题",
    responses=error_responses(404, 409, 422),
)
def grade_essay_answer(
    session: SessionDep, actor: StaffUser, item_id: ItemId, data: EssayGradeIn
) -> EssayGraded:
    """给出得分与评语；所有简答题批完后，该次作答的成绩即确定。"""
    return marking.grade_essay(session, actor, item_id, data)


@router.get(
    "/trainees/{user_id}/areas",
    response_model=TraineeAreas,
    summary="学员的薄弱手册主题",
    responses=error_responses(404, 422),
)
def read_trainee_areas(
    session: SessionDep, actor: StaffUser, policy: PolicyDep, user_id: UserId
) -> TraineeAreas:
    """按手册主题统计学员已批完试卷的得分率，从低到高，并列出答错的规则及手册链接。"""
    return reports.trainee_areas(session, actor, user_id, policy)
