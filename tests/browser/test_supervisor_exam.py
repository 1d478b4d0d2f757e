"""A supervisor builds a paper in the editor (watching the live counts), a trainee takes it,
the supervisor grades the essay and reads the trainee's result and the statistics."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LivePortal, log_in, log_out, shot

pytestmark = pytest.mark.browser

TITLE = "回访与礼仪小测"


def browse_bank(page: Page) -> None:
    page.locator("details.menu > summary").click()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="题库").click()
    page.get_by_label("题型").select_option(label="简答题")
    page.get_by_label("手册主题").select_option("phrases")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("link", name="phrases-020")).to_be_visible()
    shot(page, "supervisor-question-bank")
    page.get_by_role("link", name="phrases-020").click()
    expect(page.locator("#staff-key .rule-link")).to_have_attribute(
        "href", re.compile(r"^/handbook/phrases/#")
    )
    shot(page, "supervisor-question-preview")


def build_paper(page: Page, portal: LivePortal) -> None:
    page.goto(portal.url("/portal/manage/papers"))
    page.get_by_role("link", name="新建试卷").click()
    page.get_by_label("试卷名称").fill(TITLE)
    page.get_by_label("时限（分钟）").fill("15")
    page.get_by_label("第 1 节题型").select_option("single_choice")
    page.get_by_label("第 1 节手册主题").select_option("callbacks")
    page.get_by_label("第 1 节题数").fill("2")
    expect(page.locator("#count-0")).to_have_text(re.compile(r"^符合 \d+ 道$"))
    page.get_by_role("button", name="添加一节").click()
    page.get_by_label("第 2 节题型").select_option("true_false")
    page.get_by_label("第 2 节题数").fill("200")
    expect(page.locator("#count-1")).to_have_text(re.compile(r"不足"))
    expect(page.locator("#preview-state")).to_contain_text("无法组卷")
    page.get_by_label("第 2 节题数").fill("1")
    page.get_by_role("button", name="添加一节").click()
    page.get_by_label("第 3 节名称").fill("书面回复")
    page.get_by_label("第 3 节手册主题").select_option("phrases")
    page.get_by_label("第 3 节题型").select_option("essay")
    page.get_by_label("第 3 节题数").fill("1")
    expect(page.locator("#preview-state")).to_have_text("可以组卷：共 4 道题。")
    page.get_by_label("张敏").check()
    shot(page, "supervisor-paper-editor")
    page.get_by_role("button", name="保存试卷").click()
    expect(page.get_by_role("status").first).to_have_text("试卷已保存。")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()


def take_paper(page: Page) -> None:
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("button", name="开始作答").click()
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^(14|15):\d\d$"))
    for box in page.locator("fieldset.question").all():
        kind = box.get_attribute("data-type")
        if kind == "single_choice":
            box.locator("label").first.click()
        elif kind == "true_false":
            box.get_by_text("正确").click()
        elif kind == "essay":
            box.locator("textarea").fill("您好，这个不行，我也不知道，请您稍后再来电。")
    expect(page.locator("#save-state")).to_have_text("所有答案已保存")
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("dialog").get_by_role("button", name="确认交卷").click()
    expect(page.get_by_role("status").first).to_have_text("已交卷。")


def grade_essay(page: Page, portal: LivePortal) -> None:
    page.goto(portal.url("/portal/manage/grading"))
    task = page.locator("section.grading-task").filter(has_text="张敏")
    expect(task.locator("mark.finding").first).to_be_visible()
    expect(task.locator(".findings .rule-link").first).to_have_attribute(
        "href", re.compile(r"^/handbook/phrases/#phrases-")
    )
    shot(page, "supervisor-grading-queue")
    for field in task.locator('input[type="number"]').all():
        field.fill("1")
    task.get_by_label("评语").fill("注意禁忌语")
    task.get_by_role("button", name="提交评分").click()
    expect(page.get_by_role("status").first).to_have_text("已保存评分。")


def test_supervisor_builds_a_paper_a_trainee_takes_it_and_the_results_show(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    log_in(page, live_portal, "zhuguan1")
    browse_bank(page)
    build_paper(page, live_portal)
    log_out(page)

    log_in(page, live_portal, "xueyuan3")
    page.goto(live_portal.url("/portal/exams"))
    take_paper(page)
    log_out(page)

    log_in(page, live_portal, "zhuguan1")
    grade_essay(page, live_portal)
    page.goto(live_portal.url("/portal/manage/papers"))
    shot(page, "supervisor-papers")
    page.get_by_role("link", name=TITLE).click()
    row = page.locator("#attempts-table tbody tr").filter(has_text="张敏")
    expect(row).to_contain_text("已评分")
    expect(row).to_contain_text(re.compile(r"\d+(\.\d+)?%"))
    expect(page.locator("#question-stats tbody tr")).to_have_count(4)
    expect(page.locator("#paper-summary")).to_contain_text("已出成绩人数")
    shot(page, "supervisor-paper-results")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出成绩（CSV）").click()
    assert download.value.suggested_filename.endswith("-results.csv")
    row.get_by_role("link", name="张敏").click()
    expect(page.locator("#areas-table tbody tr").first).to_contain_text("%")
    shot(page, "supervisor-trainee-areas")
