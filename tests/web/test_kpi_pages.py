"""KPI pages: my history, the supervisor's entry and team overview, exports, role checks."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.kpi import service
from exam_api.kpi.models import KpiScorecard
from exam_api.kpi.schemas import ScorecardCreate
from exam_api.policy import get_policy
from exam_api.users.models import User
from tests.web.conftest import Cast, csrf_of, login

INPUTS: dict[str, int | str] = {
    "qq_group": 85,
    "callbacks": 0,
    "profiles": 62,
    "cooperation": "较好完成",
    "complaints": "基本完成",
    "attitude": "A",
    "learning": "B",
    "teamwork": "A",
}


def last_month() -> tuple[int, int]:
    today = department_today()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def draft(session: Session, cast: Cast, person: User, when: tuple[int, int]) -> KpiScorecard:
    decider = Decider(session, cast.supervisor, get_policy(), department_today())
    data = ScorecardCreate(user_id=person.id or 0, year=when[0], month=when[1], inputs=INPUTS)
    return service.create_card(decider, data)


def confirm(session: Session, cast: Cast, card: KpiScorecard) -> KpiScorecard:
    decider = Decider(session, cast.director, get_policy(), department_today())
    return service.confirm_card(decider, card.id or 0)


def form_for(token: str, user: User, month: str, **extra: str) -> dict[str, str]:
    data = {"csrf_token": token, "user_id": str(user.id), "month": month}
    data |= {f"item_{k}": str(v) for k, v in INPUTS.items()}
    return data | extra


def test_my_kpi_shows_cards_with_items_band_bonus_and_rule_links(
    client: TestClient, cast: Cast, session: Session
) -> None:
    card = confirm(session, cast, draft(session, cast, cast.agent, last_month()))
    draft(session, cast, cast.agent2, last_month())
    login(client, cast.agent.username)
    page = client.get("/portal/kpi")
    assert page.status_code == 200
    html = page.text
    assert f'id="card-{card.id}"' in html
    assert "已确认" in html and card.band in html and str(card.bonus) in html
    assert "客服加群" in html and str(card.total) in html
    for anchor in ("#kpi-items", "#kpi-bands", "#kpi-bonus", "#kpi-attendance"):
        assert f'href="/handbook/kpi/{anchor}"' in html
    assert f"制度版本 {card.policy_version}" in html
    # Only my own card: the colleague's draft is not listed.
    assert html.count('class="card kpi-card"') == 1


def test_director_sees_no_card_of_their_own(client: TestClient, cast: Cast) -> None:
    login(client, cast.director.username)
    html = client.get("/portal/kpi").text
    assert "您的岗位不参加月度考核" in html
    assert 'href="/portal/kpi"' in html  # in the menu


def test_anonymous_visitor_is_sent_to_log_in(client: TestClient) -> None:
    response = client.get("/portal/kpi", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/portal/login?next=")


def test_supervisor_scores_a_member_and_sees_the_overview(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.supervisor.username)
    year, month = last_month()
    text = f"{year}-{month:02d}"
    page = client.get(f"/portal/manage/kpi?month={text}")
    assert page.status_code == 200
    html = page.text
    assert f'id="member-{cast.agent.id}"' in html and 'class="derived-grade">A<' in html
    response = client.post(
        "/portal/manage/kpi/score", data=form_for(csrf_of(html), cast.agent, text)
    )
    assert response.status_code == 200
    assert "考核表已保存" in response.text
    card = session.exec(select(KpiScorecard).where(KpiScorecard.user_id == cast.agent.id)).one()
    assert (card.year, card.month, card.status) == (year, month, "draft")
    assert card.inputs["cooperation"] == "较好完成"
    # The other team's supervisor cannot pick this team; an agent cannot open the page.
    csv = client.get(f"/portal/manage/kpi/export?month={text}&team_id={cast.team.id}&format=csv")
    assert csv.status_code == 200 and "陈晓" in csv.content.decode("utf-8-sig")
    xlsx = client.get(f"/portal/manage/kpi/export?month={text}&format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_override_without_a_reason_is_refused_and_nothing_saved(
    client: TestClient, cast: Cast, session: Session
) -> None:
    login(client, cast.supervisor.username)
    year, month = last_month()
    text = f"{year}-{month:02d}"
    token = csrf_of(client.get(f"/portal/manage/kpi?month={text}").text)
    data = form_for(token, cast.agent, text, override_grade="C", override_reason="")
    response = client.post("/portal/manage/kpi/score", data=data)
    assert response.status_code == 422
    assert "须写明理由" in response.text
    assert session.exec(select(KpiScorecard)).first() is None
    data = form_for(token, cast.agent, text, override_grade="C", override_reason="当月多次脱岗")
    assert client.post("/portal/manage/kpi/score", data=data).status_code == 200
    card = session.exec(select(KpiScorecard)).one()
    assert (card.derived_grade, card.override_grade) == ("A", "C")


def test_supervisor_sees_only_their_team_and_agents_are_refused(
    client: TestClient, cast: Cast
) -> None:
    login(client, cast.other_supervisor.username)
    html = client.get("/portal/manage/kpi").text
    assert "陈晓" not in html
    assert client.get(f"/portal/manage/kpi?team_id={cast.team.id}").status_code == 403
    export = client.get(f"/portal/manage/kpi/export?team_id={cast.team.id}&format=csv")
    assert export.status_code == 403
    client.cookies.clear()
    login(client, cast.agent.username)
    assert client.get("/portal/manage/kpi").status_code == 403
    assert client.get("/portal/manage/kpi/export").status_code == 403


def test_scoring_without_csrf_is_refused(client: TestClient, cast: Cast, session: Session) -> None:
    login(client, cast.supervisor.username)
    year, month = last_month()
    data = form_for("0" * 64, cast.agent, f"{year}-{month:02d}")
    response = client.post("/portal/manage/kpi/score", data=data)
    assert response.status_code == 403
    assert session.exec(select(KpiScorecard)).first() is None


def test_future_month_is_refused_with_the_rule(client: TestClient, cast: Cast) -> None:
    login(client, cast.supervisor.username)
    today = department_today()
    ahead = date(today.year + 1, 1, 1)
    text = f"{ahead:%Y-%m}"
    token = csrf_of(client.get(f"/portal/manage/kpi?month={text}").text)
    response = client.post("/portal/manage/kpi/score", data=form_for(token, cast.agent, text))
    assert response.status_code == 422
    assert 'href="/handbook/kpi/#kpi-period"' in response.text
