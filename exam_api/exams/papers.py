"""Papers: create, preview, change, assign and find them; who may see which paper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, delete, select

from exam_api.bank.draw import Blueprint, Section, count_qualifying, draw_paper
from exam_api.bank.errors import BankError
from exam_api.bank.grading import GradingSettings
from exam_api.bank.loader import Bank
from exam_api.core.errors import Conflict, Forbidden, NotFound
from exam_api.exams.access import assignments_of, attempt_count, can_view_paper, ensure_can_edit
from exam_api.exams.models import ExamAssignment, ExamPaper, GradingMethod
from exam_api.exams.review import ReviewPolicy
from exam_api.exams.schemas import (
    MAX_PAPER_QUESTIONS,
    AssignmentIn,
    BlueprintContent,
    FixedContent,
    PaperContent,
    PaperCreate,
    PaperPublic,
    PaperUpdate,
    PreviewOut,
    ScoringIn,
    ScoringOut,
    SectionCount,
    SectionIn,
)
from exam_api.exams.timeutil import as_utc
from exam_api.policy import Policy
from exam_api.users import service as users
from exam_api.users.models import Role, User

STRUCTURAL = ("content", "scoring", "shuffle_questions", "shuffle_options")


def blueprint_of(sections: Sequence[dict[str, Any]] | Sequence[SectionIn]) -> Blueprint:
    raw = [s.model_dump() if isinstance(s, SectionIn) else dict(s) for s in sections]
    return Blueprint(sections=tuple(Section.model_validate(s) for s in raw))


def question_count(paper: ExamPaper) -> int:
    if paper.sections is not None:
        return sum(int(s["count"]) for s in paper.sections)
    return len(paper.question_ids or [])


def grading_settings(paper: ExamPaper) -> GradingSettings:
    return GradingSettings.model_validate(paper.scoring)


def review_policy(paper: ExamPaper) -> ReviewPolicy:
    return ReviewPolicy.model_validate(paper.review)


# --------------------------------------------------------------------------- preview


def preview(content: PaperContent, bank: Bank) -> PreviewOut:
    """How many questions qualify per section, and whether a whole paper can be drawn."""
    if isinstance(content, FixedContent):
        unknown = [qid for qid in content.question_ids if bank.get(qid) is None]
        return PreviewOut(
            sections=[],
            unknown_question_ids=unknown,
            question_count=len(content.question_ids),
            drawable=not unknown,
            problem=f"题库中没有这些题目：{'、'.join(unknown)}" if unknown else None,
        )
    blueprint = blueprint_of(content.sections)
    counts = [
        SectionCount(
            section=p.section,
            label=p.label,
            requested=p.requested,
            qualifying=p.qualifying,
            enough=p.enough,
        )
        for p in count_qualifying(blueprint, bank.pool)
    ]
    total = sum(s.requested for s in counts)
    problem = None
    if total > MAX_PAPER_QUESTIONS:
        problem = f"一份试卷最多 {MAX_PAPER_QUESTIONS} 道题，这份有 {total} 道"
    else:
        try:
            draw_paper(blueprint, bank.pool, seed="preview")
        except BankError as exc:
            problem = exc.detail
    return PreviewOut(
        sections=counts,
        unknown_question_ids=[],
        question_count=total,
        drawable=problem is None,
        problem=problem,
    )


def _require_drawable(content: PaperContent, bank: Bank) -> None:
    """Unknown question ids are 404; a blueprint the bank cannot fill conflicts with it (409)."""
    result = preview(content, bank)
    if result.unknown_question_ids:
        raise NotFound(result.problem or "", code="question_not_found")
    if not result.drawable:
        raise Conflict(f"按当前题库无法组卷：{result.problem}", code="paper_not_drawable")


def _check_window(paper: ExamPaper) -> None:
    opens, closes = as_utc(paper.opens_at), as_utc(paper.closes_at)
    if opens is not None and closes is not None and closes <= opens:
        raise Conflict("截止时间必须晚于开放时间", code="paper_window_invalid")


def _scoring(data: ScoringIn, policy: Policy) -> dict[str, str]:
    default = str(policy.value("onboarding.exams.multiple_choice_scoring"))
    return {
        "multiple_choice": data.multiple_choice or default,
        "ordering": data.ordering,
        "matching": data.matching,
    }


def _content_fields(content: PaperContent) -> dict[str, Any]:
    if isinstance(content, BlueprintContent):
        return {"sections": [s.model_dump() for s in content.sections], "question_ids": None}
    return {"sections": None, "question_ids": list(content.question_ids)}


def create_paper(
    session: Session, actor: User, data: PaperCreate, bank: Bank, policy: Policy
) -> ExamPaper:
    _require_drawable(data.content, bank)
    paper = ExamPaper(
        title=data.title,
        description=data.description,
        **_content_fields(data.content),
        time_limit_minutes=data.time_limit_minutes
        or int(policy.value("onboarding.exams.default_time_limit_minutes")),
        pass_percent=data.pass_percent
        if data.pass_percent is not None
        else float(policy.value("onboarding.exams.default_pass_percent")),
        attempts_allowed=data.attempts_allowed,
        grading_method=data.grading_method.value,
        opens_at=data.opens_at,
        closes_at=data.closes_at,
        shuffle_questions=data.shuffle_questions,
        shuffle_options=data.shuffle_options,
        scoring=_scoring(data.scoring, policy),
        review=data.review.model_dump(),
        created_by=actor.id,
    )
    _check_window(paper)
    session.add(paper)
    session.flush()
    _replace_assignments(session, actor, paper, data.assign)
    session.commit()
    session.refresh(paper)
    return paper


def update_paper(
    session: Session, actor: User, paper: ExamPaper, data: PaperUpdate, bank: Bank, policy: Policy
) -> ExamPaper:
    ensure_can_edit(actor, paper)
    changes = data.model_dump(exclude_unset=True)
    if any(changes.get(name) is not None for name in STRUCTURAL) and attempt_count(
        session, paper.id or 0
    ):
        raise Conflict("已有人作答：不能再修改题目、计分或乱序设置", code="paper_has_attempts")
    for name in ("title", "description", "time_limit_minutes", "pass_percent"):
        if changes.get(name) is not None:
            setattr(paper, name, changes[name])
    for name in ("attempts_allowed", "shuffle_questions", "shuffle_options"):
        if changes.get(name) is not None:
            setattr(paper, name, changes[name])
    if data.grading_method is not None:
        paper.grading_method = data.grading_method.value
    for name in ("opens_at", "closes_at"):
        if name in changes:  # an explicit null removes the limit
            setattr(paper, name, getattr(data, name))
    _check_window(paper)
    if data.scoring is not None:
        paper.scoring = _scoring(data.scoring, policy)
    if data.review is not None:
        paper.review = data.review.model_dump()
    if data.content is not None:
        _require_drawable(data.content, bank)
        for name, value in _content_fields(data.content).items():
            setattr(paper, name, value)
    session.add(paper)
    session.commit()
    session.refresh(paper)
    return paper


def delete_paper(session: Session, actor: User, paper: ExamPaper) -> None:
    ensure_can_edit(actor, paper)
    if attempt_count(session, paper.id or 0):
        raise Conflict("已有人作答的试卷不能删除", code="paper_has_attempts")
    session.delete(paper)
    session.commit()


# --------------------------------------------------------------------------- assignments


def _check_assignment(session: Session, actor: User, data: AssignmentIn) -> None:
    led = users.supervised_team_ids(session, actor) if actor.role != Role.director else None
    for team_id in data.team_ids:
        users.get_team(session, team_id)
        if led is not None and team_id not in led:
            raise Forbidden("只能把试卷布置给自己负责的班组")
    for user_id in data.user_ids:
        trainee = session.get(User, user_id)
        if trainee is None:
            raise NotFound(f"学员 {user_id} 不存在", code="user_not_found")
        if trainee.role != Role.agent:
            detail = f"{trainee.display_name} 不是客服代表，不能布置考试"
            raise Conflict(detail, code="not_a_trainee")
        if led is not None and trainee.team_id not in led:
            raise Forbidden("只能把试卷布置给自己班组的学员")


def _replace_assignments(
    session: Session, actor: User, paper: ExamPaper, data: AssignmentIn
) -> None:
    _check_assignment(session, actor, data)
    session.exec(delete(ExamAssignment).where(col(ExamAssignment.paper_id) == paper.id))
    for user_id in dict.fromkeys(data.user_ids):
        session.add(ExamAssignment(paper_id=paper.id or 0, user_id=user_id))
    for team_id in dict.fromkeys(data.team_ids):
        session.add(ExamAssignment(paper_id=paper.id or 0, team_id=team_id))


def set_assignments(session: Session, actor: User, paper: ExamPaper, data: AssignmentIn) -> None:
    ensure_can_edit(actor, paper)
    _replace_assignments(session, actor, paper, data)
    session.commit()


# --------------------------------------------------------------------------- views


def list_papers_for_staff(session: Session, actor: User) -> list[ExamPaper]:
    papers = session.exec(select(ExamPaper).order_by(col(ExamPaper.id))).all()
    return [p for p in papers if can_view_paper(session, actor, p)]


def paper_public(session: Session, paper: ExamPaper) -> PaperPublic:
    assigned = assignments_of(session, paper.id or 0)
    return PaperPublic(
        id=paper.id or 0,
        title=paper.title,
        description=paper.description,
        sections=[SectionIn.model_validate(s) for s in paper.sections] if paper.sections else None,
        question_ids=paper.question_ids,
        question_count=question_count(paper),
        time_limit_minutes=paper.time_limit_minutes,
        pass_percent=paper.pass_percent,
        attempts_allowed=paper.attempts_allowed,
        grading_method=GradingMethod(paper.grading_method),
        opens_at=as_utc(paper.opens_at),
        closes_at=as_utc(paper.closes_at),
        shuffle_questions=paper.shuffle_questions,
        shuffle_options=paper.shuffle_options,
        scoring=ScoringOut.model_validate(paper.scoring),
        review=review_policy(paper),
        assigned_user_ids=[a.user_id for a in assigned if a.user_id is not None],
        assigned_team_ids=[a.team_id for a in assigned if a.team_id is not None],
        created_by=paper.created_by,
        created_at=as_utc(paper.created_at) or paper.created_at,
        attempt_count=attempt_count(session, paper.id or 0),
    )
