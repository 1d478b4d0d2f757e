"""Director pages: confirming the month's drafts (a confirmed card is immutable) and the
decision log scoped by role, each entry with its rule link and policy version."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.kpi.models import KpiScorecard
from exam_api.policy import get_policy
from tests.web.conftest import Cast, csrf_of, login
from tests.web.test_kpi_pages import draft, last_month


def month_text() -> str:
    year, month = last_month()
    return f"{year}-{month:02d}"


def test_director_confirms_a_draft_which_then_shows_as_immutable(
    client: TestClient, cast: Cast, session: Session
) -> None:
    card = draft(session, cast, cast.agent, last_month())
    login(client, cast.director.username)
    html = client.get(f"/portal/director/scorecards?month={month_text()}").text
    assert f'id="draft-{card.id}"' in html and "待确认（1）" in html
    response = client.post(
        f"/portal/director/scorecards/{card.id}/confirm", data={"csrf_token": csrf_of(html)}
    )
    assert response.status_code == 200
    assert "考核表已确认存档" in response.text and "待确认（0）" in response.text
    assert "已存档，不可修改" in response.text
    assert 'href="/handbook/kpi/#kpi-confirmation"' in response.text
    session.expire_all()
    stored = session.get(KpiScorecard, card.id)
    assert stored is not None and stored.status == "confirmed"
    again = client.post(
        f"/portal/director/scorecards/{card.id}/confirm",
        data={"csrf_token": csrf_of(response.text)},
    )
    assert again.status_code == 409
    assert "已确认存档，不能再修改" in again.text


def test_only_the_director_confirms(client: TestClient, cast: Cast, session: Session) -> None:
    card = draft(session, cast, cast.agent, last_month())
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/manage/kpi").text)
    assert client.get("/portal/director/scorecards").status_code == 403
    response = client.post(
        f"/portal/director/scorecards/{card.id}/confirm", data={"csrf_token": token}
    )
    assert response.status_code == 403
    session.expire_all()
    stored = session.get(KpiScorecard, card.id)
    assert stored is not None and stored.status == "draft"


def test_confirming_without_csrf_is_refused(
    client: TestClient, cast: Cast, session: Session
) -> None:
    card = draft(session, cast, cast.agent, last_month())
    login(client, cast.director.username)
    response = client.post(f"/portal/director/scorecards/{card.id}/confirm", data={})
    assert response.status_code == 403
    session.expire_all()
    assert session.exec(select(KpiScorecard)).one().status == "draft"


def test_decision_log_is_scoped_and_names_rule_and_policy_version(
    client: TestClient, cast: Cast, session: Session
) -> None:
    draft(session, cast, cast.agent, last_month())
    version = get_policy().policy_version
    login(client, cast.director.username)
    html = client.get("/portal/decisions").text
    assert "录入" in html and 'href="/handbook/kpi/#kpi-items"' in html
    assert f"<code>{version}</code>" in html
    filtered = client.get("/portal/decisions?outcome=refused").text
    assert "没有符合条件的记录" in filtered
    by_team = client.get(f"/portal/decisions?team_id={cast.team.id}&subject_type=kpi_scorecard")
    assert by_team.status_code == 200 and "kpi_scorecard_drafted" in by_team.text

    client.cookies.clear()
    login(client, cast.supervisor.username)
    assert "kpi_scorecard_drafted" in client.get("/portal/decisions").text
    client.cookies.clear()
    login(client, cast.other_supervisor.username)
    other = client.get("/portal/decisions").text
    assert not re.search(r'data-action="kpi_scorecard_drafted"', other)
    assert client.get(f"/portal/decisions?team_id={cast.team.id}").status_code == 403
    client.cookies.clear()
    login(client, cast.agent.username)
    assert client.get("/portal/decisions").status_code == 403
