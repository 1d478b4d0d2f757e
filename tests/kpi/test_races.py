"""Races: an edit against a confirmation, and two claims of one customer."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from exam_api.audit.decider import Decider
from exam_api.core.errors import Conflict, RuleRefusal
from exam_api.kpi import referrals, service
from exam_api.kpi.models import KpiReferral, KpiScorecard
from exam_api.kpi.schemas import ReferralCreate, ScorecardCreate, ScorecardEdit
from exam_api.users.models import User
from tests.kpi.conftest import NINETY, Org, P

TODAY = date(2026, 11, 23)


def fresh(session: Session, user: User) -> User:
    found = session.get(User, user.id)
    assert found is not None
    return found


def test_an_edit_loses_to_a_confirmation_that_committed_first(engine: Engine, org: Org) -> None:
    with Session(engine) as setup:
        data = ScorecardCreate(user_id=org.agent1.id or 0, year=2026, month=9, inputs=NINETY)
        card_id = service.create_card(Decider(setup, fresh(setup, org.sup1), P, TODAY), data).id
    assert card_id is not None
    with Session(engine) as editing, Session(engine) as confirming:
        editor = Decider(editing, fresh(editing, org.sup1), P, TODAY)
        stale = service.get_card(editing, card_id)  # the editor has read the draft
        assert stale.status == "draft"
        service.confirm_card(
            Decider(confirming, fresh(confirming, org.director), P, TODAY), card_id
        )
        with pytest.raises((Conflict, RuleRefusal)):
            service.update_card(editor, card_id, ScorecardEdit(inputs={**NINETY, "attitude": "C"}))
    with Session(engine) as check:
        card = check.get(KpiScorecard, card_id)
        assert card is not None
        assert (card.status, card.total_x100) == ("confirmed", 9000)


def test_a_claim_that_loses_the_race_is_refused(
    engine: Engine, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as first:
        referrals.register_referral(
            Decider(first, fresh(first, org.agent1), P, TODAY),
            ReferralCreate(customer_account="race-1"),
        )
    calls = iter([None])  # the loser's first look finds nothing; the insert then collides
    original = referrals._existing_id
    monkeypatch.setattr(referrals, "_existing_id", lambda s, k: next(calls, None) or original(s, k))
    with Session(engine) as second, pytest.raises(RuleRefusal) as refused:
        referrals.register_referral(
            Decider(second, fresh(second, org.agent2), P, TODAY),
            ReferralCreate(customer_account="RACE-1"),
        )
    assert refused.value.rule == "kpi-referral"
    with Session(engine) as check:
        assert len(check.exec(select(KpiReferral)).all()) == 1
