"""The handbook in a real browser: Chinese search finds the rules, diagrams render offline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import LivePortal, shot


def test_searching_huanban_finds_the_leave_and_swap_rules(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    page.goto(live_portal.url("/handbook/?q=换班"))
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    links = [a.get_attribute("href") or "" for a in page.locator(".md-search-result a").all()]
    assert any("leave/" in href for href in links), links
    assert any("#swap-quota" in href for href in links), links
    shot(page, "handbook-search-huanban")


def test_process_diagrams_render_from_the_self_hosted_script(
    portal_page: Page, live_portal: LivePortal
) -> None:
    page = portal_page
    for path, name in [("/handbook/complaints/", "complaints"), ("/handbook/leave/", "leave")]:
        page.goto(live_portal.url(path))
        # Material swaps each <pre class="mermaid"> for a <div class="mermaid"> holding the
        # drawing (in a shadow root) once the self-hosted script has rendered it.
        expect(page.locator("div.mermaid").first).to_be_attached(timeout=15_000)
        expect(page.locator("pre.mermaid")).to_have_count(0)
        shot(page, f"handbook-{name}")


def test_rule_anchor_opens_at_the_rule(portal_page: Page, live_portal: LivePortal) -> None:
    page = portal_page
    page.goto(live_portal.url("/handbook/leave/#swap-quota"))
    heading = page.locator("h2#swap-quota")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("换班")
