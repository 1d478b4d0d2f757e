"""Every page for every role: 200 for the roles it serves, 403 for the others, login for none."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from exam_api.main import create_app
from tests.web.conftest import Cast, login

ALL = {"agent", "supervisor", "director"}
STAFF = {"supervisor", "director"}

# path -> roles that may open it. Pages with ids in the path are tested with their domain.
PAGES: dict[str, set[str]] = {
    "/portal/": ALL,
    "/portal/exams": {"agent"},
    "/portal/leave": ALL,
    "/portal/manage/leave": STAFF,
    "/portal/director/leave": {"director"},
    "/portal/swaps": ALL,
    "/portal/manage/swaps": STAFF,
    "/portal/manage/quota": STAFF,
    "/portal/manage/bank": STAFF,
    "/portal/manage/papers": STAFF,
    "/portal/manage/papers/new": STAFF,
    "/portal/manage/grading": STAFF,
    "/portal/kpi": ALL,
    "/portal/manage/kpi": STAFF,
    "/portal/manage/kpi/export": STAFF,
    "/portal/director/scorecards": {"director"},
    "/portal/decisions": STAFF,
    "/portal/manage/roster": STAFF,
}


def test_every_mounted_page_is_in_the_access_table(app_settings: object) -> None:
    app = create_app(settings=app_settings)  # type: ignore[arg-type]
    mounted = {path for path in app.state.portal_paths if "{" not in path and path != "/portal"}
    assert mounted - {"/portal/login"} == set(PAGES)


@pytest.mark.parametrize("path", sorted(PAGES))
def test_anonymous_visitors_are_sent_to_log_in(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/portal/login?next=")


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_gets_its_pages_and_403_elsewhere(
    client: TestClient, cast: Cast, role: str
) -> None:
    login(client, cast.by_role(role).username)
    for path, roles in PAGES.items():
        response = client.get(path, follow_redirects=False)
        expected = 200 if role in roles else 403
        assert response.status_code == expected, (path, role, response.text[:300])
        if expected == 403:
            assert "没有权限" in response.text
