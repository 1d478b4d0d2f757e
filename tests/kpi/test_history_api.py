"""Streak flags, each person's history and the team overview, through the API."""

from __future__ import annotations

from typing import Any

from tests.kpi.conftest import NINETY, Api, Org, P

EXCELLENT = P.document.kpi.streaks.excellent
POOR = P.document.kpi.streaks.poor
# 31 points: callbacks 15 (no roster, no target), attendance 10, 3 + 3 for the levels.
POOR_INPUTS: dict[str, Any] = {
    "qq_group": 0,
    "profiles": 0,
    "cooperation": "有未完成",
    "complaints": "有未完成",
    "attitude": "C",
    "learning": "C",
    "teamwork": "C",
}


def texts(flags: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    return [(f["year"], f["month"], f["text"]) for f in flags]


def test_three_excellent_months_fire_in_the_third_month(api: Api, org: Org) -> None:
    cards = [api.confirmed(org.sup1, org.director, org.agent1, 2026, m) for m in (1, 2, 3)]
    assert [c["flags"] for c in cards[:2]] == [[], []]
    assert texts(cards[2]["flags"]) == [(2026, 3, EXCELLENT.flag)]
    flag = cards[2]["flags"][0]
    assert flag["rule"] == "kpi-streak-excellent"
    assert flag["url"] == "/handbook/kpi/#kpi-streak-excellent"
    assert flag["streak"] == 3
    history = api.get(org.agent1, f"/users/{org.agent1.id}/history").json()
    assert [c["month"] for c in history["cards"]] == [1, 2, 3]
    assert texts(history["flags"]) == [(2026, 3, EXCELLENT.flag)]


def test_a_month_without_a_confirmed_card_breaks_the_streak(api: Api, org: Org) -> None:
    api.confirmed(org.sup1, org.director, org.agent1, 2026, 1)
    api.confirmed(org.sup1, org.director, org.agent1, 2026, 2)
    draft = api.draft(org.sup1, org.agent1, 2026, 3, NINETY).json()  # never confirmed
    fourth = api.confirmed(org.sup1, org.director, org.agent1, 2026, 4)
    assert fourth["flags"] == []
    history = api.get(org.director, f"/users/{org.agent1.id}/history").json()
    assert history["flags"] == []
    assert [c["status"] for c in history["cards"]] == [
        "confirmed",
        "confirmed",
        "draft",
        "confirmed",
    ]
    # Confirming March completes the run: the flag fires in March, not again in April.
    assert api.confirm(org.director, draft["id"]).status_code == 200
    history = api.get(org.director, f"/users/{org.agent1.id}/history").json()
    assert texts(history["flags"]) == [(2026, 3, EXCELLENT.flag)]


def test_six_poor_months_criticism_freeze_and_year_end_cut(api: Api, org: Org) -> None:
    cards = [
        api.confirmed(org.sup1, org.director, org.agent1, 2026, m, **POOR_INPUTS)
        for m in range(1, 7)
    ]
    assert {c["band"] for c in cards} == {POOR.band}
    assert texts(cards[2]["flags"]) == [(2026, 3, POOR.flag)]
    sixth = texts(cards[5]["flags"])
    assert sixth[0] == (2026, 6, POOR.flag)
    assert [t for _, _, t in sixth[1:]] == [
        f"{POOR.freeze_months}个月内无升职加薪资格",
        f"年终奖扣除{POOR.year_end_cut_percent}%",
    ]
    assert {f["rule"] for f in cards[5]["flags"]} == {"kpi-streak-poor"}
    history = api.get(org.sup1, f"/users/{org.agent1.id}/history").json()
    assert history["frozen_months"] == ["2026-07", "2026-08", "2026-09", "2026-10"]


def test_team_overview_of_a_month(api: Api, org: Org) -> None:
    for m in (1, 2, 3):
        api.confirmed(org.sup1, org.director, org.agent1, 2026, m)
    api.draft(org.sup1, org.agent2, 2026, 3, {**NINETY, **POOR_INPUTS})
    api.confirmed(org.sup2, org.director, org.agent3, 2026, 3)  # another team
    response = api.get(org.sup1, f"/teams/{org.team1.id}/overview", year=2026, month=3)
    assert response.status_code == 200
    body = response.json()
    rows = {row["display_name"]: row for row in body["rows"]}
    assert set(rows) == {"王主管", "陈晓", "刘洋"}  # the supervisor is scored too
    assert rows["陈晓"]["status"] == "confirmed" and rows["陈晓"]["bonus"] == "270.00"
    assert texts(rows["陈晓"]["flags"]) == [(2026, 3, EXCELLENT.flag)]
    assert rows["刘洋"]["status"] == "draft"
    assert rows["王主管"]["card_id"] is None
    assert (body["confirmed"], body["drafts"], body["missing"]) == (1, 1, 1)
    assert body["band_counts"][EXCELLENT.band] == 1
    assert body["bonus_total"] == "270.00"


def test_overview_is_for_staff_of_that_team(api: Api, org: Org) -> None:
    url = f"/teams/{org.team2.id}/overview"
    assert api.get(org.sup1, url, year=2026, month=3).status_code == 403
    assert api.get(org.agent3, url, year=2026, month=3).status_code == 403
    assert api.get(org.director, url, year=2026, month=3).status_code == 200
