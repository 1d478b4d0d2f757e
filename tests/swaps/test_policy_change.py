"""Changing the policy file changes the behaviour, with no code change: the swap quota 2 → 3
through ``settings.policy_path`` (env ``KEFU_POLICY_PATH``), and a quota lowered while requests
are open is enforced again at acceptance and at approval."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from exam_api.audit.deps import get_today
from exam_api.core.config import load_settings
from exam_api.main import create_app
from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import User
from tests.conftest import TEST_SECRET
from tests.roster.support import TODAY, Headers, Org, day, write_policy

URL = "/api/v1/swaps"
Assign = Callable[[User, date, ShiftType], ShiftAssignment]
DEFAULT_LIMIT = get_policy().document.swap.quota.max_per_month
RAISED = DEFAULT_LIMIT + 1


@pytest.fixture
def raised_policy(tmp_path: Path) -> Path:
    return write_policy(tmp_path, {"swap.quota.max_per_month": RAISED})


@pytest.fixture
def raised_api(app_factory: Callable[..., Any], raised_policy: Path) -> Iterator[TestClient]:
    app = app_factory(policy_path=raised_policy)
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app) as test_client:
        yield test_client


def request(
    api: TestClient, headers: dict[str, str], mine: ShiftAssignment, theirs: ShiftAssignment
) -> Any:
    body = {
        "requester_assignment_id": mine.id,
        "counterpart_assignment_id": theirs.id,
        "reason": "有事",
        "handover_notes": "已交接",
    }
    return api.post(URL, json=body, headers=headers)


def test_raising_the_quota_in_the_policy_file_allows_one_more_swap(
    api: TestClient,
    raised_api: TestClient,
    org: Org,
    auth_headers: Headers,
    assign: Assign,
) -> None:
    partners = [org.a2, org.a3, org.sup1]
    pairs = [
        (assign(org.a1, day(i + 1), org.early), assign(p, day(i + 1), org.late))
        for i, p in enumerate(partners)
    ]
    for mine, theirs in pairs[:DEFAULT_LIMIT]:
        assert request(api, auth_headers(org.a1), mine, theirs).status_code == 201
    over = request(api, auth_headers(org.a1), *pairs[DEFAULT_LIMIT])
    assert over.status_code == 409 and f"不得超过 {DEFAULT_LIMIT} 次" in over.json()["detail"]
    allowed = request(raised_api, auth_headers(org.a1), *pairs[DEFAULT_LIMIT])
    assert allowed.status_code == 201, allowed.text
    quota = raised_api.get(
        f"{URL}/quota/me", params={"month": "2026-11"}, headers=auth_headers(org.a1)
    )
    assert (quota.json()["limit"], quota.json()["remaining"]) == (RAISED, 0)
    fourth = (assign(org.a1, day(9), org.early), assign(org.a2, day(9), org.late))
    refused = request(raised_api, auth_headers(org.a1), *fourth)
    assert refused.status_code == 409 and f"不得超过 {RAISED} 次" in refused.json()["detail"]


def test_lowered_quota_is_enforced_at_acceptance_and_approval(
    api: TestClient,
    raised_api: TestClient,
    org: Org,
    auth_headers: Headers,
    assign: Assign,
) -> None:
    """Requests filed under the raised quota; the policy goes back to the default: the extra one
    cannot be accepted, and an accepted one past the quota cannot be approved."""
    partners = [org.a2, org.a3, org.sup1]
    swaps = []
    for i, partner in enumerate(partners[:RAISED]):
        mine, theirs = assign(org.a1, day(i + 1), org.early), assign(partner, day(i + 1), org.late)
        created = request(raised_api, auth_headers(org.a1), mine, theirs)
        assert created.status_code == 201, created.text
        swaps.append((created.json()["id"], partner))
    first_id, first_partner = swaps[0]
    accepted = raised_api.post(
        f"{URL}/{first_id}/accept",
        json={"handover_confirmed": True},
        headers=auth_headers(first_partner),
    )
    assert accepted.status_code == 200
    last_id, last_partner = swaps[-1]
    refused = api.post(
        f"{URL}/{last_id}/accept",
        json={"handover_confirmed": True},
        headers=auth_headers(last_partner),
    )
    assert refused.status_code == 409 and refused.json()["rule"] == "swap-quota"
    approver = org.director if first_partner.id == org.sup1.id else org.sup1
    blocked = api.post(f"{URL}/{first_id}/approve", json={}, headers=auth_headers(approver))
    assert blocked.status_code == 409 and blocked.json()["rule"] == "swap-quota"
    withdrawn = api.post(f"{URL}/{last_id}/withdraw", headers=auth_headers(org.a1))
    assert withdrawn.status_code == 200
    approved = api.post(f"{URL}/{first_id}/approve", json={}, headers=auth_headers(approver))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_kefu_policy_path_reaches_the_app(
    monkeypatch: pytest.MonkeyPatch,
    raised_policy: Path,
    engine: Engine,
    org: Org,
    auth_headers: Headers,
) -> None:
    monkeypatch.setenv("KEFU_POLICY_PATH", str(raised_policy))
    settings = load_settings(env="test", secret_key=TEST_SECRET)
    assert settings.policy_path == raised_policy
    with TestClient(create_app(settings=settings, engine=engine)) as client:
        quota = client.get(
            f"{URL}/quota/me", params={"month": "2026-11"}, headers=auth_headers(org.a1)
        )
    assert quota.json()["limit"] == RAISED
