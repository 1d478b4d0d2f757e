"""Who sees and who scores whose cards: agents their own, supervisors their team, the director."""

from __future__ import annotations

from tests.kpi.conftest import NINETY, Api, Org


def owners(response_json: list[dict[str, object]]) -> set[object]:
    return {card["user_id"] for card in response_json}


def seed_cards(api: Api, org: Org) -> dict[str, int]:
    ids = {}
    for name, sup, person in (
        ("agent1", org.sup1, org.agent1),
        ("agent2", org.sup1, org.agent2),
        ("agent3", org.sup2, org.agent3),
        ("sup1", org.director, org.sup1),
    ):
        response = api.draft(sup, person, 2026, 9, NINETY)
        assert response.status_code == 201, response.json()
        ids[name] = response.json()["id"]
    return ids


def test_an_agent_sees_only_their_own_cards(api: Api, org: Org) -> None:
    ids = seed_cards(api, org)
    listed = api.get(org.agent1, "/scorecards").json()
    assert owners(listed) == {org.agent1.id}
    assert api.get(org.agent1, f"/scorecards/{ids['agent1']}").status_code == 200
    other = api.get(org.agent1, f"/scorecards/{ids['agent2']}")
    assert (other.status_code, other.json()["error"]) == (404, "scorecard_not_found")
    history = api.get(org.agent1, f"/users/{org.agent2.id}/history")
    assert history.status_code == 403
    records = api.get(org.agent1, f"/users/{org.agent2.id}/records", year=2026, month=9)
    assert records.status_code == 403


def test_a_supervisor_sees_only_their_team(api: Api, org: Org) -> None:
    ids = seed_cards(api, org)
    listed = api.get(org.sup1, "/scorecards", year=2026, month=9).json()
    assert owners(listed) == {org.agent1.id, org.agent2.id, org.sup1.id}
    assert api.get(org.sup1, f"/scorecards/{ids['agent3']}").status_code == 404
    assert api.get(org.director, "/scorecards").status_code == 200
    assert len(api.get(org.director, "/scorecards").json()) == 4


def test_a_supervisor_scores_only_agents_of_their_team(api: Api, org: Org) -> None:
    other_team = api.draft(org.sup1, org.agent3, 2026, 8, NINETY)
    assert other_team.status_code == 403
    own_card = api.draft(org.sup1, org.sup1, 2026, 8, NINETY)
    assert (own_card.status_code, own_card.json()["error"]) == (403, "kpi_self_scoring")
    peer = api.draft(org.sup1, org.sup2, 2026, 8, NINETY)
    assert peer.status_code == 403


def test_agents_cannot_draft_edit_or_delete(api: Api, org: Org) -> None:
    ids = seed_cards(api, org)
    assert api.draft(org.agent1, org.agent2, 2026, 8, NINETY).status_code == 403
    assert api.edit(org.agent1, ids["agent1"], NINETY).status_code == 403
    url = f"/api/v1/kpi/scorecards/{ids['agent1']}"
    assert api.client.delete(url, headers=api.headers(org.agent1)).status_code == 403


def test_supervisor_cannot_edit_another_teams_draft(api: Api, org: Org) -> None:
    ids = seed_cards(api, org)
    assert api.edit(org.sup1, ids["agent3"], NINETY).status_code == 404
    assert api.edit(org.sup2, ids["agent3"], NINETY).status_code == 200


def test_the_director_scores_supervisors_but_not_directors(
    api: Api, org: Org, make_user: object
) -> None:
    assert api.draft(org.director, org.sup2, 2026, 8, NINETY).status_code == 201
    own = api.draft(org.director, org.director, 2026, 8, NINETY)
    assert own.status_code == 403
    other_director = make_user("director2", "director")  # type: ignore[operator]
    unscored = api.draft(org.director, other_director, 2026, 8, NINETY)
    assert (unscored.status_code, unscored.json()["rule"]) == (422, "kpi-period")


def test_nobody_confirms_their_own_card(api: Api, org: Org, make_user: object) -> None:
    second = make_user("director2", "director")  # type: ignore[operator]
    card = api.draft(org.director, org.sup1, 2026, 8, NINETY).json()
    assert api.confirm(org.sup1, card["id"]).status_code == 403
    assert api.confirm(second, card["id"]).status_code == 200


def test_unauthenticated_requests_are_refused(api: Api) -> None:
    for url in ("/api/v1/kpi/template", "/api/v1/kpi/scorecards", "/api/v1/kpi/referrals"):
        response = api.client.get(url)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
