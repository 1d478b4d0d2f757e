"""Accounts and teams: SQLModel tables and their API shapes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String
from sqlmodel import Field, SQLModel

from exam_api.core.models import MAX_ID, NO_NUL_PATTERN, utcnow

USERNAME_PATTERN = r"^[A-Za-z0-9_.-]+$"


class Role(StrEnum):
    agent = "agent"
    supervisor = "supervisor"
    director = "director"


ROLE_LABELS = {Role.agent: "客服代表", Role.supervisor: "客服主管", Role.director: "客服总监"}


class TeamBase(SQLModel):
    name: str = Field(
        min_length=1, max_length=64, schema_extra={"pattern": NO_NUL_PATTERN}, unique=True
    )


class Team(TeamBase, table=True):
    __tablename__ = "teams"

    id: int | None = Field(default=None, primary_key=True)
    # Circular with users.team_id: created by ALTER after both tables exist.
    supervisor_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("users.id", use_alter=True, ondelete="SET NULL"), nullable=True
        ),
    )


class TeamCreate(TeamBase):
    supervisor_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class TeamPublic(TeamBase):
    id: int
    supervisor_id: int | None


class UserBase(SQLModel):
    username: str = Field(
        min_length=2,
        max_length=32,
        schema_extra={"pattern": USERNAME_PATTERN},
        unique=True,
        index=True,
    )
    display_name: str = Field(min_length=1, max_length=64, schema_extra={"pattern": NO_NUL_PATTERN})
    role: Role = Field(default=Role.agent, sa_type=String(16))
    team_id: int | None = Field(default=None, foreign_key="teams.id", ondelete="SET NULL")


class User(UserBase, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class UserCreate(UserBase):
    password: str = Field(min_length=8, max_length=128, schema_extra={"pattern": NO_NUL_PATTERN})
    team_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class UserPublic(UserBase):
    id: int
    is_active: bool


class Token(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
