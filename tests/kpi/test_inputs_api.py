"""Bad input gets the one error shape (never a 500); the policy version a card was scored under."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from exam_api.core.config import REPO_ROOT
from tests.kpi.conftest import NINETY, Api, Org


@pytest.mark.parametrize(
    ("inputs", "error", "mentions"),
    [
        ({**NINETY, "cooperation": "优秀"}, "kpi_invalid_input", "部门沟通"),
        ({**NINETY, "attitude": "D"}, "kpi_invalid_input", "工作态度"),
        ({**NINETY, "qq_group": "many"}, "kpi_invalid_input", "客服加群"),
        ({**NINETY, "bogus": 1}, "kpi_invalid_input", "bogus"),
        ({k: v for k, v in NINETY.items() if k != "learning"}, "kpi_invalid_input", "学习能力"),
        ({**NINETY, "qq_group": -1}, "validation_error", "inputs"),
        ({**NINETY, "qq_group": True}, "validation_error", "inputs"),
        ({**NINETY, "qq_group": 2**40}, "validation_error", "inputs"),
        ({**NINETY, "profiles": 1.5}, "validation_error", "inputs"),
        ({**NINETY, "teamwork": "A\x00"}, "validation_error", "inputs"),
        ({**NINETY, "Bad Key": 1}, "validation_error", "inputs"),
    ],
)
def test_bad_inputs_are_422_naming_the_item(
    api: Api, org: Org, inputs: dict[str, Any], error: str, mentions: str
) -> None:
    response = api.draft(org.sup1, org.agent1, 2026, 9, inputs)
    assert response.status_code == 422, response.json()
    body = response.json()
    assert body["error"] == error
    assert mentions in body["detail"]
    assert set(body) == {"error", "detail", "rule"}


@pytest.mark.parametrize(
    "body",
    [
        {"year": 1999, "month": 1},
        {"year": 2026, "month": 13},
        {"year": 2026, "month": 0},
        {"user_id": 2**31},
        {"user_id": 0},
        {"surprise": True},
        {"attendance_override": {"grade": "E", "reason": "理由充分的说明"}},
        {"attendance_override": {"grade": "A", "reason": "有\x00理由的说明"}},
    ],
)
def test_bad_bodies_are_422(api: Api, org: Org, body: dict[str, Any]) -> None:
    full = {"user_id": org.agent1.id, "year": 2026, "month": 9, "inputs": NINETY, **body}
    response = api.client.post("/api/v1/kpi/scorecards", json=full, headers=api.headers(org.sup1))
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"


def test_a_month_that_has_not_started_cannot_be_scored(api: Api, org: Org) -> None:
    response = api.draft(org.sup1, org.agent1, 2100, 12, NINETY)
    assert (response.status_code, response.json()["rule"]) == (422, "kpi-period")


@pytest.mark.parametrize(
    "url",
    [
        "/scorecards/2147483648",
        "/scorecards/0",
        "/users/2147483648/history",
        "/teams/1/overview?year=2026",
        "/users/1/records?year=2026&month=99",
        "/export?year=2026&month=9&format=pdf",
    ],
)
def test_bad_paths_and_queries_are_422(api: Api, org: Org, url: str) -> None:
    response = api.client.get(f"/api/v1/kpi{url}", headers=api.headers(org.director))
    assert response.status_code == 422
    assert response.json()["error"] == "validation_error"


def test_missing_things_are_404(api: Api, org: Org) -> None:
    for url in ("/scorecards/999", "/users/999/history"):
        assert api.get(org.director, url).status_code == 404, url
    assert api.get(org.director, "/teams/999/overview", year=2026, month=1).status_code == 404
    assert api.confirm(org.director, 999).status_code == 404
    assert api.edit(org.director, 999, NINETY).status_code == 404


def test_a_card_records_the_policy_version_it_was_scored_under(
    api: Api, org: Org, app_factory: Callable[..., Any], tmp_path: Path, auth_headers: Any
) -> None:
    card = api.draft(org.sup1, org.agent1, 2026, 9, NINETY).json()
    assert card["policy_version"] == "2026.11.1"
    text = (REPO_ROOT / "handbook" / "policy.yaml").read_text(encoding="utf-8")
    text = re.sub(r'policy_version: "[^"]+"', 'policy_version: "2027.1.0"', text, count=1)
    text = text.replace("base_by_role: {agent: 300,", "base_by_role: {agent: 400,")
    changed = tmp_path / "policy.yaml"
    changed.write_text(text, encoding="utf-8")
    with TestClient(app_factory(policy_path=changed)) as new_client:
        later = Api(new_client, auth_headers)
        refused = later.confirm(org.director, card["id"])
        assert (refused.status_code, refused.json()["error"]) == (409, "kpi_card_rescored")
        confirmed = later.confirm(org.director, card["id"]).json()
    assert confirmed["policy_version"] == "2027.1.0"
    assert confirmed["bonus"] == "360.00"
    # The old app (old policy) shows the confirmed card as it was confirmed.
    assert api.get(org.agent1, f"/scorecards/{card['id']}").json()["bonus"] == "360.00"
