"""Statistics and exports of a paper's results (figures computed by ``stats``)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from exam_api.core.errors import Forbidden, NotFound
from exam_api.exams.access import led_member_ids
from exam_api.exams.attempt_schemas import (
    AreaOut,
    BinOut,
    PaperStats,
    QuestionStatOut,
    RuleLink,
    TraineeAreas,
)
from exam_api.exams.bank import rule_link
from exam_api.exams.config import ExamSettings
from exam_api.exams.models import AttemptItem, AttemptStatus, ExamAttempt, ExamPaper
from exam_api.exams.stats import (
    AttemptMarks,
    ItemMark,
    Score,
    final_score,
    paper_summary,
    passed,
    question_stats,
    weakest_areas,
)
from exam_api.policy import Policy
from exam_api.users.models import Role, Team, User

GRADED = AttemptStatus.graded.value


def visible_users(session: Session, actor: User) -> set[int] | None:
    """Whose results the actor sees: ``None`` = everyone (director); else their teams."""
    return None if actor.role == Role.director else led_member_ids(session, actor)


def paper_attempts(session: Session, paper_id: int, users: set[int] | None) -> list[ExamAttempt]:
    stmt = select(ExamAttempt).where(ExamAttempt.paper_id == paper_id)
    if users is not None:
        stmt = stmt.where(col(ExamAttempt.user_id).in_(users or {0}))
    stmt = stmt.order_by(col(ExamAttempt.user_id), col(ExamAttempt.number))
    return list(session.exec(stmt).all())


def _items(session: Session, attempt_ids: Sequence[int]) -> dict[int, list[AttemptItem]]:
    grouped: dict[int, list[AttemptItem]] = defaultdict(list)
    if not attempt_ids:
        return grouped
    stmt = select(AttemptItem).where(col(AttemptItem.attempt_id).in_(attempt_ids))
    for item in session.exec(stmt.order_by(col(AttemptItem.position))).all():
        grouped[item.attempt_id].append(item)
    return grouped


def _finals(attempts: Iterable[ExamAttempt], method: str) -> dict[int, Score]:
    scores: dict[int, list[Score]] = defaultdict(list)
    for a in attempts:
        if a.status == GRADED and a.score is not None:
            scores[a.user_id].append(Score(a.score, a.max_score))
    finals = {uid: final_score(s, method) for uid, s in scores.items()}
    return {uid: f for uid, f in finals.items() if f is not None}


def paper_stats(
    session: Session, actor: User, paper: ExamPaper, settings: ExamSettings
) -> PaperStats:
    attempts = paper_attempts(session, paper.id or 0, visible_users(session, actor))
    graded = [a for a in attempts if a.status == GRADED and a.score is not None]
    finals = _finals(graded, paper.grading_method)
    summary = paper_summary(
        list(finals.values()), len(graded), paper.pass_percent, settings.distribution_bins
    )
    return PaperStats(
        paper_id=paper.id or 0,
        grading_method=paper.grading_method,
        pass_percent=paper.pass_percent,
        trainees=summary.trainees,
        attempts=summary.attempts,
        awaiting_grading=sum(a.status == AttemptStatus.awaiting_grading.value for a in attempts),
        mean_score=_r(summary.mean_score),
        median_score=_r(summary.median_score),
        mean_percent=_r(summary.mean_percent),
        median_percent=_r(summary.median_percent),
        pass_rate=_r(summary.pass_rate),
        distribution=[
            BinOut(low_percent=b.low, high_percent=b.high, count=b.count)
            for b in summary.distribution
        ],
        poor_discrimination_below=settings.poor_discrimination,
        questions=_question_stats(session, graded, settings.poor_discrimination),
    )


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _question_stats(
    session: Session, graded: Sequence[ExamAttempt], poor_below: float
) -> list[QuestionStatOut]:
    items = _items(session, [a.id or 0 for a in graded])
    marks = []
    meta: dict[str, AttemptItem] = {}
    for attempt in graded:
        rows = items.get(attempt.id or 0, [])
        for item in rows:
            meta.setdefault(item.question_id, item)
        marks.append(
            AttemptMarks(
                total=attempt.score or 0.0,
                marks={i.question_id: (i.awarded or 0.0, i.max_points) for i in rows},
            )
        )
    return [
        QuestionStatOut(
            question_id=s.question_id,
            area=meta[s.question_id].area,
            type=meta[s.question_id].qtype,
            ref=meta[s.question_id].ref,
            attempts=s.attempts,
            mean_mark=round(s.mean_mark, 4),
            max_mark=round(s.max_mark, 4),
            facility=_r(s.facility),
            discrimination=_r(s.discrimination),
            poor_discrimination=s.poor,
        )
        for s in sorted(question_stats(marks, poor_below), key=lambda s: s.question_id)
    ]


# --------------------------------------------------------------------------- CSV


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """UTF-8 CSV with a byte-order mark so spreadsheet programs read the Chinese text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return "\ufeff" + buffer.getvalue()


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula in a spreadsheet
    return value


RESULT_HEADER = (
    "user_id",
    "username",
    "display_name",
    "team",
    "attempts",
    "attempt_scores",
    "final_score",
    "max_score",
    "percent",
    "passed",
    "grading_method",
    "awaiting_grading",
)


def results_csv(session: Session, actor: User, paper: ExamPaper) -> str:
    """One row per trainee: attempts, the final score by the paper's method, pass/fail."""
    attempts = paper_attempts(session, paper.id or 0, visible_users(session, actor))
    finals = _finals(attempts, paper.grading_method)
    by_user: dict[int, list[ExamAttempt]] = defaultdict(list)
    for a in attempts:
        by_user[a.user_id].append(a)
    teams = {t.id: t.name for t in session.exec(select(Team)).all()}
    rows = []
    for uid, mine in by_user.items():
        user = session.get(User, uid)
        assert user is not None
        final = finals.get(uid)
        rows.append(
            (
                uid,
                user.username,
                user.display_name,
                teams.get(user.team_id, ""),
                len(mine),
                ";".join(_score_text(a) for a in mine),
                None if final is None else final.points,
                None if final is None else final.max_points,
                None if final is None else round(final.percent, 2),
                None if final is None else ("yes" if passed(final, paper.pass_percent) else "no"),
                paper.grading_method,
                sum(a.status == AttemptStatus.awaiting_grading.value for a in mine),
            )
        )
    return _csv(RESULT_HEADER, rows)


def _score_text(attempt: ExamAttempt) -> str:
    if attempt.status == GRADED and attempt.score is not None:
        return f"{attempt.score:g}"
    return attempt.status


QUESTION_HEADER = (
    "question_id",
    "area",
    "type",
    "ref",
    "attempts",
    "mean_mark",
    "max_mark",
    "facility",
    "discrimination",
    "poor_discrimination",
)


def question_stats_csv(stats: PaperStats) -> str:
    rows = [
        (
            q.question_id,
            q.area,
            q.type,
            q.ref,
            q.attempts,
            q.mean_mark,
            q.max_mark,
            q.facility,
            q.discrimination,
            "yes" if q.poor_discrimination else "no",
        )
        for q in stats.questions
    ]
    return _csv(QUESTION_HEADER, rows)


# --------------------------------------------------------------------------- trainee areas


def trainee_areas(session: Session, actor: User, user_id: int, policy: Policy) -> TraineeAreas:
    """A trainee's handbook areas by share of points earned over graded attempts, weakest first."""
    trainee = session.get(User, user_id)
    if trainee is None:
        raise NotFound("学员不存在", code="user_not_found")
    users = visible_users(session, actor)
    if users is not None and user_id not in users:
        raise Forbidden("只能查看本班组学员的考试情况")
    stmt = (
        select(AttemptItem)
        .join(ExamAttempt, col(ExamAttempt.id) == AttemptItem.attempt_id)
        .where(ExamAttempt.user_id == user_id, ExamAttempt.status == GRADED)
    )
    items = [
        ItemMark(i.area, i.ref, i.awarded or 0.0, i.max_points) for i in session.exec(stmt).all()
    ]
    pages = policy.value("pages")
    areas = []
    for stat in weakest_areas(items):
        links = []
        for ref in stat.missed_refs:
            title, url = rule_link(policy, ref)
            links.append(RuleLink(rule=ref, title=title, url=url))
        areas.append(
            AreaOut(
                area=stat.area,
                title=pages.get(stat.area),
                earned=round(stat.earned, 4),
                possible=round(stat.possible, 4),
                percent=round(stat.percent, 2),
                questions=stat.questions,
                missed_rules=links,
            )
        )
    return TraineeAreas(user_id=user_id, display_name=trainee.display_name, areas=areas)
