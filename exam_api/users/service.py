"""Account operations; no FastAPI here."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from exam_api.core.errors import Conflict, Forbidden, KefuError, NotFound
from exam_api.users.models import Role, Team, TeamCreate, User, UserCreate
from exam_api.users.security import dummy_hash, hash_password, verify_password


def get_user_by_username(session: Session, username: str) -> User | None:
    if "\x00" in username:
        return None
    return session.exec(select(User).where(User.username == username)).first()


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or ``None``; same cost whether or not they exist."""
    user = get_user_by_username(session, username)
    if user is None or not user.is_active:
        verify_password(password, dummy_hash())
        return None
    if not verify_password(password, user.hashed_password):
        return None
    return user


def get_team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound("班组不存在", code="team_not_found")
    return team


def get_team_by_name(session: Session, name: str) -> Team | None:
    return session.exec(select(Team).where(Team.name == name)).first()


def create_user(session: Session, data: UserCreate) -> User:
    """Create an account; usernames are unique, supervisors and agents may belong to a team."""
    if get_user_by_username(session, data.username) is not None:
        raise Conflict(f"用户名 {data.username} 已被使用", code="username_taken")
    if data.team_id is not None:
        get_team(session, data.team_id)
    if data.role == Role.director and data.team_id is not None:
        raise KefuError("director_no_team", "客服总监不属于任何班组", 422)
    user = User.model_validate(
        data.model_dump(exclude={"password"}),
        update={"hashed_password": hash_password(data.password)},
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return user


def create_team(session: Session, data: TeamCreate) -> Team:
    """Create a team, optionally led by an existing supervisor (who then joins it)."""
    if get_team_by_name(session, data.name) is not None:
        raise Conflict(f"班组 {data.name} 已存在", code="team_name_taken")
    team = Team(name=data.name)
    session.add(team)
    session.flush()
    if data.supervisor_id is not None:
        assign_supervisor(session, team, data.supervisor_id)
    session.commit()
    session.refresh(team)
    return team


def assign_supervisor(session: Session, team: Team, supervisor_id: int) -> None:
    supervisor = session.get(User, supervisor_id)
    if supervisor is None:
        raise NotFound("主管不存在", code="user_not_found")
    if supervisor.role != Role.supervisor:
        raise KefuError("not_a_supervisor", "只能指定客服主管为班组负责人", 422)
    team.supervisor_id = supervisor.id
    supervisor.team_id = team.id
    session.add_all([team, supervisor])


def list_teams(session: Session) -> Sequence[Team]:
    return session.exec(select(Team).order_by(col(Team.id))).all()


def list_team_members(session: Session, team_id: int) -> Sequence[User]:
    stmt = select(User).where(User.team_id == team_id).order_by(col(User.id))
    return session.exec(stmt).all()


def list_users(session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(col(User.id))).all()


def supervised_team_ids(session: Session, user: User) -> set[int]:
    """Teams this supervisor leads (by ``teams.supervisor_id`` or their own team)."""
    led = session.exec(select(Team.id).where(Team.supervisor_id == user.id)).all()
    ids = {team_id for team_id in led if team_id is not None}
    if user.role == Role.supervisor and user.team_id is not None:
        ids.add(user.team_id)
    return ids


def can_manage_team(session: Session, actor: User, team_id: int) -> bool:
    """Directors manage every team; supervisors only the teams they lead."""
    if actor.role == Role.director:
        return True
    return actor.role == Role.supervisor and team_id in supervised_team_ids(session, actor)


def ensure_can_manage_team(session: Session, actor: User, team_id: int) -> None:
    if not can_manage_team(session, actor, team_id):
        raise Forbidden("只能查看和管理自己负责的班组")


def count_users(session: Session) -> int:
    return len(session.exec(select(User.id)).all())
