"""The standard new-hire paper of the demo data, drawn from the department bank."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from exam_api.bank.loader import Bank
from exam_api.core.models import utcnow
from exam_api.exams.bank import get_bank
from exam_api.exams.models import ExamPaper
from exam_api.exams.papers import create_paper
from exam_api.exams.review import EVERYTHING, ReviewOptions, ReviewPolicy
from exam_api.exams.schemas import AssignmentIn, BlueprintContent, PaperCreate, SectionIn
from exam_api.policy import get_policy
from exam_api.users.models import Team, User

STANDARD_SECTIONS = [
    SectionIn(name="单选题", type="single_choice", count=10, points=2),
    SectionIn(name="判断题", type="true_false", count=10, points=1),
    SectionIn(name="多选题", type="multiple_choice", count=5, points=2),
    SectionIn(name="填空题", type="fill_blank", count=3, points=2),
    SectionIn(name="数值题", type="numeric", count=3, points=2),
    SectionIn(name="投诉处理流程排序", area="complaints", type="ordering", count=1, points=4),
    SectionIn(name="匹配题", type="matching", count=2, points=3),
    SectionIn(name="书面回复", area="phrases", type="essay", count=1, points=10),
]


def add_standard_paper(
    session: Session, author: User, teams: list[Team], bank: Bank | None = None
) -> ExamPaper:
    """新员工入职考核（标准卷）: every type, open for two weeks, assigned to the teams."""
    data = PaperCreate(
        title="新员工入职考核（标准卷）",
        description="覆盖部门制度各主题的标准试卷：客观题交卷即判分，书面回复由主管批阅。",
        content=BlueprintContent(sections=STANDARD_SECTIONS),
        attempts_allowed=2,
        closes_at=utcnow() + timedelta(days=14),
        review=ReviewPolicy(
            after_submit=ReviewOptions(score=True, correctness=True), after_close=EVERYTHING
        ),
        assign=AssignmentIn(team_ids=[t.id for t in teams if t.id is not None]),
    )
    return create_paper(session, author, data, bank or get_bank(), get_policy())
