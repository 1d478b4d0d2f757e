"""Shared fixtures for the roster, leave, swap and audit tests: an organisation, shift types,
assignments, an API client whose "today" is fixed, and a service-level Decider."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlmodel import Session

from exam_api.audit.decider import Decider
from exam_api.audit.deps import get_today
from exam_api.policy import Policy, get_policy
from exam_api.policy.loader import DEFAULT_POLICY_PATH
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.users.models import Role, Team, User

TODAY = date(2026, 11, 16)  # a Monday
Headers = Callable[[User], dict[str, str]]


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@dataclass
class Org:
    director: User
    sup1: User
    sup2: User
    team1: Team
    team2: Team
    a1: User
    a2: User
    a3: User
    b1: User
    early: ShiftType
    late: ShiftType


@pytest.fixture
def org(session: Session, make_user: Callable[..., User], make_team: Callable[..., Team]) -> Org:
    director = make_user("director", Role.director, display_name="周总监")
    sup1 = make_user("sup1", Role.supervisor, display_name="王主管")
    sup2 = make_user("sup2", Role.supervisor, display_name="李主管")
    team1 = make_team("一组", supervisor=sup1)
    team2 = make_team("二组", supervisor=sup2)
    a1 = make_user("a1", Role.agent, team=team1, display_name="陈晓")
    a2 = make_user("a2", Role.agent, team=team1, display_name="刘洋")
    a3 = make_user("a3", Role.agent, team=team1, display_name="张敏")
    b1 = make_user("b1", Role.agent, team=team2, display_name="赵磊")
    early = ShiftType(name="早班", start=time(8), end=time(16))
    late = ShiftType(name="晚班", start=time(16), end=time(0))
    session.add_all([early, late])
    session.commit()
    for row in (sup1, sup2, early, late):
        session.refresh(row)
    return Org(director, sup1, sup2, team1, team2, a1, a2, a3, b1, early, late)


@pytest.fixture
def assign(session: Session) -> Callable[..., ShiftAssignment]:
    """Factory: ``assign(user, day(3), org.early)`` puts a person on a shift (direct DB write)."""

    def create(user: User, when: date, shift: ShiftType) -> ShiftAssignment:
        row = ShiftAssignment(user_id=user.id or 0, day=when, shift_type_id=shift.id or 0)
        session.add(row)
        session.commit()
        session.refresh(row)
        return row

    return create


@pytest.fixture
def api(app_factory: Callable[..., Any]) -> Iterator[TestClient]:
    """The API with the department's date fixed at TODAY."""
    app = app_factory()
    app.dependency_overrides[get_today] = lambda: TODAY
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def decider(session: Session) -> Callable[..., Decider]:
    """Factory for service-level calls: ``decider(user)`` (policy and TODAY by default)."""

    def build(user: User, policy: Policy | None = None, today: date = TODAY) -> Decider:
        return Decider(session, user, policy or get_policy(), today)

    return build


@pytest.fixture
def make_swap(session: Session) -> Callable[..., Any]:
    """Factory: a swap row written directly, e.g. ``make_swap(mine, theirs, "approved")``."""
    from exam_api.swaps.service import new_swap

    def create(mine: ShiftAssignment, theirs: ShiftAssignment, status: str = "pending") -> Any:
        requester = session.get(User, mine.user_id)
        assert requester is not None
        row = new_swap(requester, mine, theirs, "事先安排", "已交接")
        row.status = status
        session.add(row)
        session.commit()
        session.refresh(row)
        return row

    return create


def write_policy(directory: Path, changes: dict[str, Any]) -> Path:
    """A copy of the policy file with dotted-path values changed, e.g.
    ``{"swap.quota.max_per_month": 3}``; the version is marked so logs show which one ruled."""
    data = yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
    for dotted, value in changes.items():
        node = data
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node[part]
        node[leaf] = value
    data["policy_version"] = f"{data['policy_version']}-test"
    path = directory / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
