"""The referral register: one claim per customer, praise and cash thresholds from the policy."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from exam_api.audit.models import DecisionLog
from tests.kpi.conftest import Api, Org, P

REF = P.document.kpi.referral


def register(api: Api, actor: Any, account: str, **extra: Any) -> Any:
    body = {"customer_account": account, **extra}
    return api.client.post("/api/v1/kpi/referrals", json=body, headers=api.headers(actor))


def verify(api: Api, actor: Any, referral_id: int, **body: Any) -> Any:
    url = f"/api/v1/kpi/referrals/{referral_id}"
    return api.client.patch(url, json=body, headers=api.headers(actor))


def test_an_agent_claims_a_customer_once(api: Api, org: Org, session: Session) -> None:
    first = register(api, org.agent1, "Investor88", customer_name="赵先生")
    assert first.status_code == 201, first.json()
    assert first.json()["agent_id"] == org.agent1.id
    assert first.json()["url"] == "/handbook/kpi/#kpi-referral"
    # The same account written differently (full-width, case, spaces) is the same customer.
    second = register(api, org.agent2, " ＩＮＶＥＳＴＯＲ８８ ")
    assert second.status_code == 409
    assert second.json()["rule"] == "kpi-referral"
    assert second.json()["error"] == "kpi_referral_claimed"
    refused = session.exec(select(DecisionLog).where(DecisionLog.outcome == "refused")).all()
    assert [(r.action, r.rule, r.actor_id) for r in refused] == [
        ("kpi_referral_claim", "kpi-referral", org.agent2.id)
    ]


def test_praise_and_cash_follow_the_policy_thresholds(api: Api, org: Org) -> None:
    referral = register(api, org.agent1, "wang-001").json()
    assert (referral["praise"], referral["cash_reward"]) == (False, "0.00")
    below = str(REF.praise_min_invest - 1)
    unverified = verify(api, org.sup1, referral["id"], invested=str(REF.praise_min_invest))
    assert unverified.json()["praise"] is False  # not verified yet
    assert (
        verify(api, org.sup1, referral["id"], verified=True, invested=below).json()["praise"]
        is False
    )
    praised = verify(api, org.sup1, referral["id"], invested=str(REF.praise_min_invest)).json()
    assert praised["praise"] is True and praised["cash_reward"] == "0.00"
    almost = verify(api, org.sup1, referral["id"], invested=str(REF.cash_min_cumulative - 1))
    assert almost.json()["cash_reward"] == "0.00"
    cash = verify(api, org.sup1, referral["id"], invested=str(REF.cash_min_cumulative)).json()
    assert cash["cash_reward"] == f"{REF.cash_amount:.2f}"
    summary = api.get(org.agent1, "/referral-summary").json()
    assert summary == [
        {
            "agent_id": org.agent1.id,
            "agent_name": "陈晓",
            "customers": 1,
            "invested_total": f"{REF.cash_min_cumulative:.2f}",
            "praises": 1,
            "cash_rewards": 1,
            "cash_total": f"{REF.cash_amount:.2f}",
            "rule": "kpi-referral",
            "url": "/handbook/kpi/#kpi-referral",
        }
    ]


def test_who_may_register_and_verify(api: Api, org: Org) -> None:
    for_other = register(api, org.agent1, "c-1", agent_id=org.agent2.id)
    assert for_other.status_code == 403
    by_supervisor = register(api, org.sup1, "c-2", agent_id=org.agent2.id)
    assert by_supervisor.status_code == 201
    assert register(api, org.sup1, "c-3", agent_id=org.agent3.id).status_code == 403
    own = register(api, org.agent1, "c-4").json()
    assert verify(api, org.agent1, own["id"], verified=True).status_code == 403
    assert verify(api, org.sup2, own["id"], verified=True).status_code == 404
    sup_own = register(api, org.sup1, "c-5").json()
    assert verify(api, org.sup1, sup_own["id"], verified=True).status_code == 403
    assert verify(api, org.director, sup_own["id"], verified=True).status_code == 200


def test_agents_list_only_their_own_claims(api: Api, org: Org) -> None:
    register(api, org.agent1, "a-1")
    register(api, org.agent2, "a-2")
    register(api, org.agent3, "a-3")
    mine = api.get(org.agent1, "/referrals").json()
    assert [r["customer_account"] for r in mine] == ["a-1"]
    team = api.get(org.sup1, "/referrals").json()
    assert sorted(r["customer_account"] for r in team) == ["a-1", "a-2"]
    assert len(api.get(org.director, "/referrals").json()) == 3


def test_bad_referral_input(api: Api, org: Org) -> None:
    assert register(api, org.agent1, "   ").status_code == 422
    assert register(api, org.agent1, "x\x00y").status_code == 422
    ok = register(api, org.agent1, "fine").json()
    for bad in ({"invested": "-1"}, {"invested": "0.001"}, {"invested": "1e20"}, {"x": 1}):
        response = verify(api, org.sup1, ok["id"], **bad)
        assert response.status_code == 422, bad
        assert response.json()["error"] == "validation_error"
