"""Demo data for ``make run``: never loaded into a database that already has users."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from exam_api.core.errors import Conflict
from exam_api.exams.demo import add_standard_paper
from exam_api.kpi.demo import add_kpi_demo
from exam_api.roster.demo import add_workforce_demo
from exam_api.users import service
from exam_api.users.models import Role, Team, TeamCreate, User, UserCreate

DEMO_PASSWORD = "kefu-demo-2024"


@dataclass
class DemoData:
    """What :func:`load_demo` created; other domains extend the demo from it."""

    director: User
    supervisors: list[User]
    teams: list[Team]
    trainees: list[User]
    logins: list[tuple[str, str, str]] = field(default_factory=list)
    exam_paper_id: int | None = None  # the standard new-hire paper, assigned to both teams


def _add(session: Session, username: str, name: str, role: Role, team: Team | None) -> User:
    data = UserCreate(
        username=username,
        display_name=name,
        role=role,
        password=DEMO_PASSWORD,
        team_id=team.id if team else None,
    )
    return service.create_user(session, data)


def load_demo(session: Session) -> DemoData:
    """A director, two supervisors each with a team, six trainees. Refuses if users exist."""
    if service.count_users(session) > 0:
        raise Conflict("数据库中已有账号，拒绝载入演示数据", code="demo_refused")
    director = _add(session, "zongjian", "周总监", Role.director, None)
    teams: list[Team] = []
    supervisors: list[User] = []
    for login, name, team_name in [
        ("zhuguan1", "王主管", "客服一组"),
        ("zhuguan2", "李主管", "客服二组"),
    ]:
        supervisor = _add(session, login, name, Role.supervisor, None)
        team = service.create_team(session, TeamCreate(name=team_name, supervisor_id=supervisor.id))
        session.refresh(supervisor)
        teams.append(team)
        supervisors.append(supervisor)
    names = ["陈晓", "刘洋", "张敏", "赵磊", "孙丽", "吴昊"]
    trainees = [
        _add(session, f"xueyuan{i + 1}", name, Role.agent, teams[i % 2])
        for i, name in enumerate(names)
    ]
    demo = DemoData(director, supervisors, teams, trainees)
    demo.exam_paper_id = add_standard_paper(session, director, teams).id
    demo.logins = [
        (user.username, DEMO_PASSWORD, user.display_name)
        for user in [director, *supervisors, *trainees]
    ]
    add_workforce_demo(session, demo)  # before the KPI: last month's cards read the roster
    add_kpi_demo(session, demo)
    return demo
