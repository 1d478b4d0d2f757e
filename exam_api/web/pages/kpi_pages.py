"""My KPI history: every month's scorecard with item points, total, band, bonus and flags."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session

from exam_api.audit.deps import PolicyDep
from exam_api.core.db import SessionDep
from exam_api.kpi import history, service
from exam_api.kpi.models import CARD_STATUS_LABELS, CardStatus, KpiScorecard
from exam_api.policy import Policy
from exam_api.users.models import User
from exam_api.web.deps import AnyUser
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)
BAND_KINDS = {"优秀": "ok", "合格": "", "需鼓励": "warn"}


def card_view(session: Session, card: KpiScorecard, policy: Policy) -> dict[str, Any]:
    """A scorecard as the card template shows it (flags only on a confirmed card)."""
    return {
        "card": card,
        "status_label": CARD_STATUS_LABELS[CardStatus(card.status)],
        "confirmed": card.status == CardStatus.confirmed,
        "flags": history.card_flags(session, card, policy),
        "band_kind": BAND_KINDS.get(card.band, ""),
    }


def people_names(session: Session, ids: set[int]) -> dict[int, str]:
    found = (session.get(User, i) for i in ids)
    return {u.id or 0: u.display_name for u in found if u is not None}


def kpi_rules(policy: Policy) -> dict[str, str]:
    """The rule ids a scorecard refers to, by part."""
    kpi = policy.document.kpi
    return {
        "period": kpi.period.rule,
        "items": kpi.items.rule,
        "attendance": kpi.attendance.rule,
        "bands": kpi.bands.rule,
        "bonus": kpi.bonus.rule,
        "confirmation": kpi.confirmation.rule,
    }


@router.get("/kpi")
def show_my_kpi(
    request: Request, session: SessionDep, user: AnyUser, policy: PolicyDep
) -> Response:
    mine = history.person_history(session, user, user.id or 0, policy)
    cards = sorted(
        service.list_cards(session, user, user_id=user.id),
        key=lambda c: (c.year, c.month),
        reverse=True,
    )
    names = people_names(
        session, {c.drafted_by for c in cards} | {c.confirmed_by or 0 for c in cards}
    )
    context = {
        "title": "我的绩效",
        "cards": [card_view(session, card, policy) for card in cards],
        "flags": mine.flags,
        "frozen_months": mine.frozen_months,
        "names": names,
        "rules": kpi_rules(policy),
        "scored": user.role in set(policy.document.kpi.period.applies_to),
    }
    return render(request, "kpi/my_kpi.html", context)
