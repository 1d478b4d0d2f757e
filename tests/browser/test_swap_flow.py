"""Swaps in Chromium: a third swap in a month is refused with the rule's message and link;
the supervisor approves one and reads the month's numbers on the quota dashboard."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, select

from exam_api.audit.decider import Decider
from exam_api.audit.deps import department_today
from exam_api.policy import get_policy
from exam_api.roster.models import ShiftAssignment, ShiftType
from exam_api.roster.service import find_assignment
from exam_api.swaps.models import SwapAccept, SwapCreate
from exam_api.swaps.service import accept_swap, create_swap
from exam_api.users.models import User
from tests.browser.conftest import LivePortal, log_in, log_out, shot

pytestmark = pytest.mark.browser


def next_month() -> date:
    today = department_today()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def user(session: Session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def label(session: Session, assignment: ShiftAssignment) -> str:
    shift = session.get(ShiftType, assignment.shift_type_id)
    assert shift is not None
    return f"{assignment.day:%m-%d} {shift.name}（{shift.start:%H:%M}–{shift.end:%H:%M}）"


def same_day_pairs(session: Session, me: User, partner: User) -> list[tuple[ShiftAssignment, ...]]:
    """Days of next month on which both work different shifts (a same-day swap is possible)."""
    first = next_month()
    pairs = []
    for offset in range(28):
        mine = find_assignment(session, me.id or 0, first + timedelta(days=offset))
        theirs = find_assignment(session, partner.id or 0, first + timedelta(days=offset))
        if mine and theirs and mine.shift_type_id != theirs.shift_type_id:
            pairs.append((mine, theirs))
    return pairs


def seed_two_swaps(portal: LivePortal) -> tuple[str, str]:
    """孙丽 (xueyuan5) files two swaps for next month on the demo roster; 张敏 accepts the first.
    Returns the labels of a third pair for the browser."""
    policy, today = get_policy(), department_today()
    with Session(portal.engine) as session:
        sun, zhang, chen = (user(session, n) for n in ("xueyuan5", "xueyuan3", "xueyuan1"))
        with_zhang = same_day_pairs(session, sun, zhang)
        with_chen = [
            p for p in same_day_pairs(session, sun, chen) if p[0].day != with_zhang[0][0].day
        ]
        asker = Decider(session, sun, policy, today)
        made = []
        for mine, theirs in (with_zhang[0], with_chen[0]):
            body = SwapCreate(
                requester_assignment_id=mine.id or 0,
                counterpart_assignment_id=theirs.id or 0,
                reason="家里有事" if theirs.user_id == zhang.id else "复诊",
                handover_notes="回访名单已交接",
            )
            made.append(create_swap(asker, body))
        accept_swap(
            Decider(session, zhang, policy, today),
            made[0].id or 0,
            SwapAccept(handover_confirmed=True),
        )
        third = next(p for p in with_zhang[1:] if p[0].day != with_chen[0][0].day)
        return label(session, third[0]), f"张敏 · {label(session, third[1])}"


def test_third_swap_is_refused_and_the_dashboard_shows_the_month(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    mine, theirs = seed_two_swaps(live_portal)
    month = f"{next_month():%Y-%m}"

    log_in(page, live_portal, "xueyuan5")
    page.goto(live_portal.url("/portal/swaps"))
    page.get_by_label("我让出的班次").select_option(label=mine)
    page.get_by_label("换取同事的班次").select_option(label=theirs)
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("不符合规定")
    expect(verdict).to_contain_text("每人每月换班不得超过 2 次")
    page.get_by_label("换班事由").fill("临时有事")
    page.get_by_label("交接事项").fill("无待办")
    page.get_by_role("button", name="提交换班申请").click()
    expect(verdict).to_contain_text("已有 2 次换班（含待处理），每人每月换班不得超过 2 次")
    expect(verdict).to_contain_text("依据：每月换班次数")
    expect(verdict.get_by_role("link", name="查看手册条款")).to_have_attribute(
        "href", "/handbook/leave/#swap-quota"
    )
    shot(page, "agent-swap-refused")
    log_out(page)

    log_in(page, live_portal, "zhuguan1")
    page.goto(live_portal.url("/portal/manage/swaps"))
    card = page.locator("section.card").filter(has_text="家里有事")
    expect(card).to_contain_text("对方已确认交接")
    shot(page, "supervisor-swap-inbox")
    card.get_by_role("button", name="批准换班").click()
    expect(page.get_by_role("status")).to_have_text("已处理。")

    page.goto(live_portal.url("/portal/manage/quota"))
    page.get_by_label("月份").fill(month)
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(f"month={month}"))

    def row(username: str) -> Locator:
        return page.locator(f'#quota-table tbody tr[data-user="{username}"]')

    sun = row("xueyuan5")
    expect(sun.locator("td.num")).to_have_text(["1", "1", "0"])
    expect(sun).to_have_class(re.compile("at-limit"))
    expect(sun).to_contain_text("已达上限")
    expect(row("xueyuan3").locator("td.num").first).to_have_text("1")
    expect(row("zhuguan1").locator("td.num")).to_have_text(["0", "0", "2"])
    expect(row("zhuguan1")).not_to_have_class(re.compile("at-limit"))
    shot(page, "supervisor-quota-dashboard")
