"""KPI in Chromium: the supervisor scores a member for the month, the director confirms it,
the agent finds it in their history; the roster and decision log pages are shot on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from exam_api.audit.deps import department_today
from exam_api.users.models import User
from tests.browser.conftest import LivePortal, log_in, log_out, shot

pytestmark = pytest.mark.browser

ENTRIES = {
    "客服加群（10 分）": "85",
    "客户回访电话（15 分）": "400",
    "后台客户资料完善（15 分）": "62",
}
CHOICES = {
    "部门沟通（协调配合）（10 分）": "较好完成（10 分）",
    "投诉案例解决效率（10 分）": "基本完成（8 分）",
}
GRADES = {"工作态度（10 分）": "A", "学习能力（10 分）": "B", "团队精神（10 分）": "A"}


def member_id(portal: LivePortal, username: str) -> int:
    with Session(portal.engine) as session:
        person = session.exec(select(User).where(User.username == username)).one()
        return person.id or 0


def score_member(page: Page, portal: LivePortal, member: int, month: str) -> None:
    page.goto(portal.url(f"/portal/manage/kpi?month={month}"))
    form = page.locator(f"#member-{member}")
    expect(form.locator(".derived-grade")).to_have_text("A")
    for label, value in ENTRIES.items():
        form.get_by_label(label).fill(value)
    for label, option in CHOICES.items():
        form.get_by_label(label).select_option(label=option)
    for label, grade in GRADES.items():
        form.get_by_label(label).select_option(value=grade)
    shot(page, "supervisor-kpi-entry")
    form.get_by_role("button", name="保存考核表").click()
    expect(page.get_by_role("status")).to_contain_text("考核表已保存")
    expect(page.locator(f'#kpi-overview tr[data-user="{member}"]')).to_contain_text("草稿")
    shot(page, "supervisor-kpi-overview")


def test_supervisor_scores_director_confirms_agent_sees_it(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    month = f"{department_today():%Y-%m}"
    member = member_id(live_portal, "xueyuan3")

    log_in(page, live_portal, "zhuguan1")
    score_member(page, live_portal, member, month)
    page.goto(live_portal.url(f"/portal/manage/roster?month={month}"))
    expect(page.locator("#roster-table")).to_contain_text("张敏")
    shot(page, "supervisor-roster")
    log_out(page)

    log_in(page, live_portal, "zongjian")
    page.goto(live_portal.url(f"/portal/director/scorecards?month={month}"))
    shot(page, "director-scorecards")
    page.get_by_role("button", name="确认张敏的考核表").click()
    expect(page.get_by_role("status")).to_have_text("考核表已确认存档。")
    expect(page.get_by_role("button", name="确认张敏的考核表")).to_have_count(0)
    page.goto(live_portal.url("/portal/decisions?subject_type=kpi_scorecard"))
    confirmed = page.locator('#decision-log tr[data-action="kpi_scorecard_confirmed"]').first
    expect(confirmed).to_contain_text("张敏")
    expect(confirmed.get_by_role("link", name="考核确认与存档")).to_have_attribute(
        "href", "/handbook/kpi/#kpi-confirmation"
    )
    shot(page, "director-decision-log")
    log_out(page)

    log_in(page, live_portal, "xueyuan3")
    page.goto(live_portal.url("/portal/kpi"))
    year, mon = month.split("-")
    card = page.locator("section.kpi-card").filter(has_text=f"{int(year)} 年 {int(mon)} 月")
    expect(card).to_contain_text("已确认")
    expect(card).to_contain_text("客服加群")
    expect(card.get_by_role("link", name="考核档次").first).to_have_attribute(
        "href", "/handbook/kpi/#kpi-bands"
    )
    shot(page, "agent-kpi-history")
