"""Monthly scorecards through the API: scoring from inputs and records, draft → confirmed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from exam_api.audit.models import DecisionLog
from tests.kpi.conftest import NINETY, PER_DAY, Api, Org, Records


def points(card: dict[str, object]) -> dict[str, str]:
    return {item["item_id"]: item["points"] for item in card["items"]}  # type: ignore[attr-defined,index]


def test_seed_example_ninety_points_on_a_300_base_is_270(
    api: Api, org: Org, records: Records
) -> None:
    records.roster(org.agent1, date(2026, 9, 1), 20)
    inputs = {**NINETY, "callbacks": PER_DAY * 20}
    response = api.draft(org.sup1, org.agent1, 2026, 9, inputs)
    assert response.status_code == 201, response.json()
    card = response.json()
    assert card["status"] == "draft"
    assert Decimal(card["total"]) == Decimal(90)
    assert card["band"] == "优秀"
    assert Decimal(card["base"]) == Decimal(300)
    assert card["bonus"] == "270.00"
    assert (card["rostered_days"], card["worked_days"]) == (20, 20)
    assert card["callback_target"] == PER_DAY * 20
    assert card["attendance"]["grade"] == "A"
    assert card["attendance"]["url"] == "/handbook/kpi/#kpi-attendance"


def test_every_item_is_scored_and_shown(api: Api, org: Org, records: Records) -> None:
    records.roster(org.agent1, date(2026, 9, 1), 20)
    inputs = {
        **NINETY,
        "qq_group": 37,
        "callbacks": PER_DAY * 16,  # exactly 80 % of the target
        "profiles": 74,
        "cooperation": "基本完成",
        "complaints": "有未完成",
        "attitude": "A",
        "learning": "C",
        "teamwork": "B",
    }
    card = api.draft(org.sup1, org.agent1, 2026, 9, inputs).json()
    assert points(card) == {
        "qq_group": "3.7",
        "callbacks": "13",
        "profiles": "14.8",
        "cooperation": "8",
        "complaints": "3",
        "attitude": "10",
        "learning": "0",
        "teamwork": "5",
        "attendance": "10",
    }
    assert Decimal(card["total"]) == Decimal("67.5")
    assert card["band"] == "合格"
    assert card["bonus"] == "202.50"


def test_attendance_and_target_come_from_leave_roster_and_events(
    api: Api, org: Org, records: Records
) -> None:
    records.roster(org.agent1, date(2026, 9, 1), 22)
    records.leave(org.agent1, date(2026, 8, 31), date(2026, 9, 2))  # 2 days fall in September
    records.leave(org.agent1, date(2026, 9, 10), date(2026, 9, 10), status="rejected")
    records.event(org.agent1, date(2026, 9, 5), "late")
    records.event(org.agent1, date(2026, 9, 6), "badge_missing", times=4)
    records.event(org.agent1, date(2026, 10, 1), "absence")  # next month: not counted
    seen = api.get(org.sup1, f"/users/{org.agent1.id}/records", year=2026, month=9).json()
    assert seen["rostered_days"] == 22
    assert seen["leave_days"] == 2
    assert seen["worked_days"] == 20
    assert seen["callback_target"] == PER_DAY * 20
    assert (seen["late"], seen["badge_missing"], seen["absences"]) == (1, 4, 0)
    assert seen["attendance_grade"] == "B"  # 2 leave + 1 late ≤ 3; 4 badges → B
    card = api.draft(org.sup1, org.agent1, 2026, 9, {**NINETY, "callbacks": PER_DAY * 20}).json()
    assert card["attendance"]["derived_grade"] == "B"
    assert points(card)["attendance"] == "5"
    assert points(card)["callbacks"] == "15"


def test_override_needs_a_reason_and_is_logged(
    api: Api, org: Org, records: Records, session: Session
) -> None:
    records.event(org.agent1, date(2026, 9, 3), "absence")
    inputs = {**NINETY}
    no_reason = api.draft(
        org.sup1, org.agent1, 2026, 9, inputs, attendance_override={"grade": "A", "reason": "  "}
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["error"] == "validation_error"
    override = {"grade": "B", "reason": "旷工系换班误登记，已核实"}
    card = api.draft(org.sup1, org.agent1, 2026, 9, inputs, attendance_override=override).json()
    assert card["attendance"]["derived_grade"] == "C"
    assert card["attendance"]["grade"] == "B"
    assert card["attendance"]["override_reason"] == override["reason"]
    assert points(card)["attendance"] == "5"
    logged = session.exec(
        select(DecisionLog).where(DecisionLog.action == "kpi_attendance_override")
    ).all()
    assert len(logged) == 1
    assert logged[0].rule == "kpi-attendance" and override["reason"] in logged[0].detail
    assert logged[0].actor_id == org.sup1.id


def test_attendance_cannot_be_entered_as_an_input(api: Api, org: Org) -> None:
    response = api.draft(org.sup1, org.agent1, 2026, 9, {**NINETY, "attendance": "A"})
    assert response.status_code == 422
    assert response.json()["rule"] == "kpi-attendance"


def test_a_draft_is_rescored_when_edited(api: Api, org: Org, records: Records) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    records.event(org.agent1, date(2026, 9, 8), "absence")
    edited = api.edit(org.sup1, card["id"], {**NINETY, "attitude": "C"})
    assert edited.status_code == 200, edited.json()
    body = edited.json()
    assert Decimal(body["total"]) == Decimal(75)  # attitude 0, attendance C → 0
    assert body["band"] == "合格"
    assert body["attendance"]["grade"] == "C"


def test_director_confirms_and_the_card_becomes_immutable(
    api: Api, org: Org, session: Session
) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    confirmed = api.confirm(org.director, card["id"])
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert body["status"] == "confirmed"
    assert body["confirmed_by"] == org.director.id
    assert body["policy_version"] == "2026.11.1"
    edit = api.edit(org.sup1, card["id"], NINETY)
    assert edit.status_code == 409
    assert edit.json()["rule"] == "kpi-confirmation"
    assert "/handbook/kpi/#kpi-confirmation" in edit.json()["detail"]
    again = api.confirm(org.director, card["id"])
    assert (again.status_code, again.json()["rule"]) == (409, "kpi-confirmation")
    delete = api.client.delete(
        f"/api/v1/kpi/scorecards/{card['id']}", headers=api.headers(org.director)
    )
    assert (delete.status_code, delete.json()["rule"]) == (409, "kpi-confirmation")
    refused = session.exec(select(DecisionLog).where(DecisionLog.outcome == "refused")).all()
    assert {r.action for r in refused} == {
        "kpi_scorecard_edit",
        "kpi_scorecard_confirm",
        "kpi_scorecard_delete",
    }


def test_confirmation_rescores_a_draft_whose_records_changed(
    api: Api, org: Org, records: Records
) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    records.event(org.agent1, date(2026, 9, 8), "absence")
    refused = api.confirm(org.director, card["id"])
    assert refused.status_code == 409
    assert refused.json()["error"] == "kpi_card_rescored"
    shown = api.get(org.director, f"/scorecards/{card['id']}").json()
    assert shown["status"] == "draft" and shown["attendance"]["grade"] == "C"
    assert Decimal(shown["total"]) == Decimal(80)
    assert api.confirm(org.director, card["id"]).status_code == 200


def test_only_the_director_confirms(api: Api, org: Org) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    for actor in (org.sup1, org.agent1):
        response = api.confirm(actor, card["id"])
        assert response.status_code == 403
        assert response.json()["error"] == "kpi_confirm_forbidden"


def test_one_card_per_person_and_month(api: Api, org: Org) -> None:
    assert api.draft(org.sup1, org.agent1, 2026, 9, NINETY).status_code == 201
    second = api.draft(org.director, org.agent1, 2026, 9, NINETY)
    assert (second.status_code, second.json()["error"]) == (409, "scorecard_exists")


def test_delete_a_draft(api: Api, org: Org) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    url = f"/api/v1/kpi/scorecards/{card['id']}"
    assert api.client.delete(url, headers=api.headers(org.sup1)).status_code == 204
    assert api.get(org.sup1, f"/scorecards/{card['id']}").status_code == 404
