"""A trainee takes a timed exam end to end in Chromium, reloading in the middle."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from exam_api.exams.models import ExamPaper
from tests.browser.conftest import LivePortal, log_in, shot
from tests.web.test_exam_pages import ONE_OF_EACH, make_paper

pytestmark = pytest.mark.browser


def create_paper(portal: LivePortal, trainee_index: int, title: str) -> ExamPaper:
    with Session(portal.engine) as session:
        supervisor = session.merge(portal.demo.supervisors[trainee_index % 2])
        trainee = session.merge(portal.demo.trainees[trainee_index])
        return make_paper(session, supervisor, trainee, title=title, question_ids=ONE_OF_EACH)


def test_trainee_takes_a_timed_exam_with_a_reload_in_the_middle(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    create_paper(live_portal, 0, "回访制度入职测验")
    log_in(page, live_portal, "xueyuan1")
    page.get_by_role("link", name="我的考试").first.click()
    expect(page.get_by_role("cell", name="回访制度入职测验")).to_be_visible()
    shot(page, "trainee-my-exams")
    row = page.get_by_role("row").filter(has_text="回访制度入职测验")
    row.get_by_role("button", name="开始作答").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^(29|30):\d\d$"))
    saved = page.locator("#save-state")

    q1 = page.locator("#question-1")
    q1.locator("label").first.click()
    q2 = page.locator("#question-2")
    q2.locator("label").nth(0).click()
    q2.locator("label").nth(1).click()
    page.locator("#question-3").get_by_text("正确").click()
    page.locator("#question-4 input").fill("回访")
    page.locator("#question-5 input").fill("2")
    page.locator("#question-6").get_by_role("button", name="下移").first.click()
    for select in page.locator("#question-7 select").all():
        select.select_option(index=1)
    expect(saved).to_have_text("所有答案已保存")
    shot(page, "trainee-taking-exam")

    page.reload()
    expect(page.locator("#question-4 input")).to_have_value("回访")
    expect(page.locator("#question-5 input")).to_have_value("2")
    expect(page.locator("#question-1 input:checked")).to_have_count(1)
    expect(page.locator("#question-2 input:checked")).to_have_count(2)
    expect(page.locator("#question-3 input[value=true]")).to_be_checked()
    expect(page.locator("#question-6 .q-state")).to_have_text("已保存")

    page.get_by_role("button", name="交卷").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("还有 1 道题未作答")
    expect(dialog.get_by_role("link", name="第 8 题")).to_be_visible()
    shot(page, "trainee-submit-confirmation")
    dialog.get_by_role("button", name="确认交卷").click()
    expect(page.get_by_role("status").first).to_have_text("已交卷。")
    expect(page.locator("#question-1 .rule-link")).to_have_attribute(
        "href", re.compile(r"^/handbook/[a-z]+/#[a-z0-9-]+$")
    )
    expect(page.get_by_text("我的答案：未作答")).to_be_visible()
    shot(page, "trainee-exam-review")
