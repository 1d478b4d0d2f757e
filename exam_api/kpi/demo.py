"""Demo scorecards for ``make run``: last month's cards for two trainees and one referral."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.kpi import referrals, service
from exam_api.kpi.schemas import ReferralCreate, ReferralUpdate, ScorecardCreate
from exam_api.policy import Policy, get_policy

if TYPE_CHECKING:
    from exam_api.demo import DemoData

CONFIRMED_INPUTS: dict[str, int | str] = {
    "qq_group": 85,
    "callbacks": 300,
    "profiles": 62,
    "cooperation": "较好完成",
    "complaints": "基本完成",
    "attitude": "A",
    "learning": "B",
    "teamwork": "A",
}
DRAFT_INPUTS: dict[str, int | str] = {
    **CONFIRMED_INPUTS,
    "qq_group": 40,
    "profiles": 30,
    "cooperation": "基本完成",
    "attitude": "B",
}


def previous_month(today: date) -> tuple[int, int]:
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def add_kpi_demo(
    session: Session, demo: DemoData, policy: Policy | None = None, today: date | None = None
) -> None:
    """A confirmed card (team 1) and a draft (team 2) for last month, and a verified referral."""
    policy = policy or get_policy()
    today = today or department_today()
    year, month = previous_month(today)
    first, second = demo.trainees[0], demo.trainees[1]
    sup_first, sup_second = demo.supervisors[0], demo.supervisors[1]
    assert first.id is not None and second.id is not None
    card = service.create_card(
        Decider(session, sup_first, policy, today),
        ScorecardCreate(user_id=first.id, year=year, month=month, inputs=CONFIRMED_INPUTS),
    )
    service.confirm_card(Decider(session, demo.director, policy, today), card.id or 0)
    service.create_card(
        Decider(session, sup_second, policy, today),
        ScorecardCreate(user_id=second.id, year=year, month=month, inputs=DRAFT_INPUTS),
    )
    claim = referrals.register_referral(
        Decider(session, first, policy, today),
        ReferralCreate(customer_account="demo-investor-01", customer_name="赵先生"),
    )
    referrals.update_referral(
        Decider(session, sup_first, policy, today),
        claim.id,
        ReferralUpdate(verified=True, invested=policy.document.kpi.referral.praise_min_invest),
    )
