"""Roster pages: the month's table per team and the import with row-numbered errors."""

from __future__ import annotations

from datetime import time

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftTypeCreate
from exam_api.roster.service import create_shift_type
from tests.web.conftest import Cast, csrf_of, login


def month_text() -> str:
    return f"{department_today():%Y-%m}"


def early_shift(session: Session, cast: Cast) -> None:
    decider = Decider(session, cast.supervisor, get_policy(), department_today())
    create_shift_type(decider, ShiftTypeCreate(name="早班", start=time(8), end=time(16)))


def upload(client: TestClient, cast: Cast, token: str, body: str) -> object:
    return client.post(
        "/portal/manage/roster/import",
        data={"csrf_token": token, "team_id": str(cast.team.id), "month": month_text()},
        files={"file": ("roster.csv", body.encode("utf-8"), "text/csv")},
    )


def test_import_fills_the_month_table(client: TestClient, cast: Cast, session: Session) -> None:
    early_shift(session, cast)
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/manage/roster").text)
    first = f"{month_text()}-01"
    body = f"日期,用户名,班次\n{first},chenxiao,早班\n{first},liuyang,休\n"
    response = upload(client, cast, token, body)
    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert "已导入 2 行：新增 1" in html
    assert 'id="roster-table"' in html and "陈晓" in html and "刘洋" in html
    assert ">早班<" in html
    assert len(session.exec(select(ShiftAssignment)).all()) == 1


def test_a_bad_file_lists_rows_and_imports_nothing(
    client: TestClient, cast: Cast, session: Session
) -> None:
    early_shift(session, cast)
    login(client, cast.supervisor.username)
    token = csrf_of(client.get("/portal/manage/roster").text)
    first = f"{month_text()}-01"
    body = f"日期,用户名,班次\n{first},chenxiao,早班\n2024-13-40,nobody,夜班\n"
    response = upload(client, cast, token, body)
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert 'id="import-errors"' in html and "未写入任何排班" in html
    assert "<li>第 3 行：日期" in html and "第 3 行：用户名 nobody" in html
    assert session.exec(select(ShiftAssignment)).first() is None


def test_roster_is_staff_only_and_scoped_to_their_team(client: TestClient, cast: Cast) -> None:
    login(client, cast.other_supervisor.username)
    html = client.get("/portal/manage/roster").text
    assert "陈晓" not in html
    assert client.get(f"/portal/manage/roster?team_id={cast.team.id}").status_code == 403
    refused = upload(client, cast, csrf_of(html), "日期,用户名,班次\n")
    assert refused.status_code == 403  # type: ignore[attr-defined]
    client.cookies.clear()
    login(client, cast.agent.username)
    assert client.get("/portal/manage/roster").status_code == 403


def test_import_without_csrf_is_refused(client: TestClient, cast: Cast, session: Session) -> None:
    early_shift(session, cast)
    login(client, cast.supervisor.username)
    body = f"日期,用户名,班次\n{month_text()}-01,chenxiao,早班\n"
    assert upload(client, cast, "0" * 64, body).status_code == 403  # type: ignore[attr-defined]
    assert session.exec(select(ShiftAssignment)).first() is None
