"""Leave form, emergency, approval route and cover rules (table-driven from the seed text)."""

from __future__ import annotations

import pytest

from exam_api.policy import get_policy
from exam_api.rules.leave import (
    LeaveKind,
    LeaveStatus,
    approval_route,
    check_cover,
    check_emergency,
    check_form,
    role_title,
    step_index,
)

P = get_policy()
FIELDS = P.document.leave.long.form_fields
FULL_FORM = {name: "已填写" for name in FIELDS}


@pytest.mark.parametrize(
    ("kind", "form", "cover", "allowed"),
    [
        (LeaveKind.personal, {}, "", True),  # 事假 needs no written form
        (LeaveKind.long, FULL_FORM, "小刘代班", True),
        (LeaveKind.long, FULL_FORM, "", False),  # the cover arrangement is required
        (LeaveKind.long, {**FULL_FORM, FIELDS[-1]: "  "}, "小刘代班", False),
        (LeaveKind.long, {}, "小刘代班", False),
    ],
)
def test_long_leave_needs_the_written_form(
    kind: LeaveKind, form: dict[str, str], cover: str, allowed: bool
) -> None:
    decision = check_form(kind, form, cover, P)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "leave-long"
        assert "、".join(FIELDS) in decision.message  # the policy's own field list


def test_missing_form_fields_are_named() -> None:
    form = dict(FULL_FORM)
    del form[FIELDS[0]]
    decision = check_form(LeaveKind.long, form, "有人代班", P)
    assert decision.message.split("缺少：")[1].startswith(FIELDS[0])


@pytest.mark.parametrize(
    ("emergency_kind", "phoned", "code"),
    [
        (P.document.leave.emergency.kinds[0], True, None),
        (P.document.leave.emergency.kinds[-1], True, None),
        (P.document.leave.emergency.kinds[0], False, "leave_emergency_not_phoned"),
        ("出去玩", True, "leave_emergency_kind"),
        (None, True, "leave_emergency_kind"),
    ],
)
def test_emergency_leave_is_phoned_in(
    emergency_kind: str | None, phoned: bool, code: str | None
) -> None:
    decision = check_emergency(LeaveKind.emergency, emergency_kind, phoned, P)
    assert decision.allowed is (code is None)
    if code:
        assert (decision.code, decision.rule) == (code, "leave-emergency")
    assert check_emergency(LeaveKind.personal, None, False, P).allowed


@pytest.mark.parametrize(
    ("kind", "escalate", "route"),
    [
        (LeaveKind.personal, False, ["supervisor"]),
        (LeaveKind.emergency, False, ["supervisor"]),
        (LeaveKind.long, False, ["supervisor", "director"]),
        # a supervisor's own request goes to the director, who takes the long chain in one step
        (LeaveKind.personal, True, ["director"]),
        (LeaveKind.long, True, ["director"]),
    ],
)
def test_approval_route(kind: LeaveKind, escalate: bool, route: list[str]) -> None:
    assert approval_route(kind, escalate, P) == route


def test_step_index_and_titles() -> None:
    assert step_index(LeaveStatus.pending) == 0
    assert step_index(LeaveStatus.reviewed) == 1
    assert step_index(LeaveStatus.approved) is None
    assert role_title("director", P) == P.document.roles.director.title


@pytest.mark.parametrize(
    ("kind", "step", "cover", "allowed"),
    [
        (LeaveKind.long, 0, None, False),
        (LeaveKind.long, 0, 7, True),
        (LeaveKind.long, 1, None, True),  # the director's step: the cover is already recorded
        (LeaveKind.personal, 0, None, True),
    ],
)
def test_first_long_leave_step_records_the_cover(
    kind: LeaveKind, step: int, cover: int | None, allowed: bool
) -> None:
    decision = check_cover(kind, step, cover, P)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.rule == "leave-long"
        assert P.document.roles.supervisor.title in decision.message
