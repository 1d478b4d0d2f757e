"""Logging in and out in Chromium; the login and home pages of every role."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LivePortal, log_in, log_out, shot

pytestmark = pytest.mark.browser


def test_login_page_renders_chinese_offline(portal_page: Page, live_portal: LivePortal) -> None:
    portal_page.goto(live_portal.url("/portal/"))
    expect(portal_page).to_have_url(live_portal.url("/portal/login?next=%2Fportal%2F"))
    expect(portal_page.get_by_role("heading", name="登录客服部门户")).to_be_visible()
    shot(portal_page, "login")


def test_wrong_password_is_explained(portal_page: Page, live_portal: LivePortal) -> None:
    portal_page.goto(live_portal.url("/portal/login"))
    portal_page.get_by_label("用户名").fill("xueyuan1")
    portal_page.get_by_label("密码").fill("wrong-password")
    portal_page.keyboard.press("Enter")
    expect(portal_page.get_by_role("alert")).to_have_text("用户名或密码错误")


@pytest.mark.parametrize(
    ("username", "role_label"),
    [("xueyuan1", "客服代表"), ("zhuguan1", "客服主管"), ("zongjian", "客服总监")],
)
def test_each_role_reaches_its_home_and_logs_out(
    portal_page: Page, live_portal: LivePortal, username: str, role_label: str
) -> None:
    log_in(portal_page, live_portal, username)
    expect(portal_page.locator(".whoami")).to_contain_text(role_label)
    shot(portal_page, f"home-{username}")
    log_out(portal_page)
    expect(portal_page.get_by_role("status")).to_have_text("您已安全退出登录")
    portal_page.goto(live_portal.url("/portal/"))
    expect(portal_page).to_have_url(live_portal.url("/portal/login?next=%2Fportal%2F"))


def test_phone_layout_menu_opens_with_the_keyboard(
    portal_page: Page, live_portal: LivePortal
) -> None:
    portal_page.set_viewport_size({"width": 390, "height": 844})
    log_in(portal_page, live_portal, "zhuguan1")
    portal_page.keyboard.press("Tab")
    expect(portal_page.get_by_text("跳到正文")).to_be_focused()
    portal_page.locator("summary").focus()
    portal_page.keyboard.press("Enter")
    expect(portal_page.get_by_role("navigation", name="主导航")).to_be_visible()
    shot(portal_page, "phone-menu-supervisor")
    portal_page.keyboard.press("Escape")
    expect(portal_page.get_by_role("navigation", name="主导航")).to_be_hidden()
