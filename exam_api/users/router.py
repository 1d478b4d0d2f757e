"""Login, the current user, and account/team management."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.security import OAuth2PasswordRequestForm

from exam_api.core.db import SessionDep
from exam_api.core.errors import Unauthorized, error_responses
from exam_api.core.models import MAX_ID
from exam_api.core.state import SettingsDep
from exam_api.users import service
from exam_api.users.deps import CurrentUser, DirectorUser, StaffUser
from exam_api.users.models import (
    Role,
    TeamCreate,
    TeamPublic,
    Token,
    User,
    UserCreate,
    UserPublic,
)
from exam_api.users.security import create_access_token

auth_router = APIRouter(prefix="/auth", tags=["登录"])
users_router = APIRouter(prefix="/users", tags=["账号"], responses=error_responses(401, 403))
teams_router = APIRouter(prefix="/teams", tags=["班组"], responses=error_responses(401, 403))

TeamId = Annotated[int, Path(ge=1, le=MAX_ID, description="班组编号")]


@auth_router.post(
    "/token",
    response_model=Token,
    summary="登录并获取访问令牌",
    responses=error_responses(401, 422),
)
def create_access_token_for_login(
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """用户名与密码登录（OAuth2 密码表单），返回短期有效的 Bearer 令牌。"""
    user = service.authenticate(session, form.username, form.password)
    if user is None or user.id is None:
        raise Unauthorized("用户名或密码错误", code="invalid_credentials")
    token = create_access_token(user.id, settings)
    return Token(access_token=token, expires_in=settings.access_token_minutes * 60)


@users_router.get("/me", response_model=UserPublic, summary="查看当前登录账号")
def read_current_user(user: CurrentUser) -> User:
    """返回当前令牌对应的账号信息。"""
    return user


@users_router.get(
    "", response_model=list[UserPublic], summary="列出账号", responses=error_responses(404, 422)
)
def list_users_for_staff(
    session: SessionDep,
    actor: StaffUser,
    team_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="只看某班组")] = None,
) -> list[User]:
    """客服总监可查看全部账号；客服主管只能查看自己负责班组的成员。"""
    if team_id is not None:
        service.get_team(session, team_id)
        service.ensure_can_manage_team(session, actor, team_id)
        return list(service.list_team_members(session, team_id))
    if actor.role == Role.director:
        return list(service.list_users(session))
    members: list[User] = []
    for led in sorted(service.supervised_team_ids(session, actor)):
        members.extend(service.list_team_members(session, led))
    return members


@users_router.post(
    "",
    response_model=UserPublic,
    status_code=201,
    summary="新建账号（仅客服总监）",
    responses=error_responses(404, 409, 422),
)
def create_user_account(session: SessionDep, actor: DirectorUser, data: UserCreate) -> User:
    """客服总监新建客服代表、客服主管或客服总监账号。"""
    return service.create_user(session, data)


@teams_router.get("", response_model=list[TeamPublic], summary="列出班组")
def list_teams_for_staff(session: SessionDep, actor: StaffUser) -> list[TeamPublic]:
    """客服总监看到全部班组；客服主管看到自己负责的班组。"""
    teams = service.list_teams(session)
    allowed = None if actor.role == Role.director else service.supervised_team_ids(session, actor)
    return [
        TeamPublic.model_validate(team) for team in teams if allowed is None or team.id in allowed
    ]


@teams_router.post(
    "",
    response_model=TeamPublic,
    status_code=201,
    summary="新建班组（仅客服总监）",
    responses=error_responses(404, 409, 422),
)
def create_team_for_director(
    session: SessionDep, actor: DirectorUser, data: TeamCreate
) -> TeamPublic:
    """新建班组，可同时指定负责的客服主管。"""
    return TeamPublic.model_validate(service.create_team(session, data))


@teams_router.get(
    "/{team_id}/members",
    response_model=list[UserPublic],
    summary="列出班组成员",
    responses=error_responses(404, 422),
)
def list_team_members_for_staff(
    session: SessionDep, actor: StaffUser, team_id: TeamId
) -> list[User]:
    """客服主管只能查看自己负责的班组；客服总监可查看任意班组。"""
    service.get_team(session, team_id)
    service.ensure_can_manage_team(session, actor, team_id)
    return list(service.list_team_members(session, team_id))
