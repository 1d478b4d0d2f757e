"""The demo has last month's scorecards: one confirmed, one draft, and a praised referral."""

from __future__ import annotations

from sqlmodel import Session, select

from exam_api.demo import load_demo
from exam_api.kpi.models import KpiReferral, KpiScorecard


def test_demo_has_a_confirmed_card_a_draft_and_a_referral(session: Session) -> None:
    demo = load_demo(session)
    cards = session.exec(select(KpiScorecard).order_by(KpiScorecard.id)).all()
    assert [(c.user_id, c.status) for c in cards] == [
        (demo.trainees[0].id, "confirmed"),
        (demo.trainees[1].id, "draft"),
    ]
    assert cards[0].confirmed_by == demo.director.id
    assert cards[0].team_id == demo.teams[0].id and cards[1].team_id == demo.teams[1].id
    referral = session.exec(select(KpiReferral)).one()
    assert referral.verified and referral.agent_id == demo.trainees[0].id
