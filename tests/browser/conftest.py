"""A live portal for browser tests: uvicorn in a thread on a free port, a migrated temp SQLite
database with the demo data, Debian's Chromium through Playwright.

Every test's page fails the test on a console error, an uncaught script error, or any request
to another host (route interception aborts it). ``shot(page, name)`` saves a screenshot under
test-artifacts/screenshots/.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from alembic import command
from alembic.config import Config
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Route
from sqlalchemy.engine import Engine

from exam_api.core.config import REPO_ROOT, load_settings
from exam_api.core.db import make_engine
from exam_api.demo import DEMO_PASSWORD, DemoData, load_demo
from exam_api.main import create_app
from tests.conftest import TEST_SECRET

ARTIFACTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LivePortal:
    base_url: str
    engine: Engine
    demo: DemoData
    password: str = DEMO_PASSWORD
    extras: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path


def migrate(database_url: str) -> None:
    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LivePortal]:
    from sqlmodel import Session

    database_url = f"sqlite:///{tmp_path_factory.mktemp('portal') / 'portal.db'}"
    migrate(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        demo = load_demo(session)
        for user in [demo.director, *demo.supervisors, *demo.trainees]:
            session.refresh(user)
            session.expunge(user)
        for team in demo.teams:
            session.refresh(team)
            session.expunge(team)
    settings = load_settings(
        env="test", secret_key=TEST_SECRET, database_url=database_url, site_dir=REPO_ROOT / "site"
    )
    port = free_port()
    config = uvicorn.Config(
        create_app(settings=settings, engine=engine),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the live portal did not start")
        time.sleep(0.05)
    yield LivePortal(base_url=f"http://127.0.0.1:{port}", engine=engine, demo=demo)
    server.should_exit = True
    thread.join(timeout=10)
    engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_portal: LivePortal) -> str:
    """Replaces the plugin's fixture (which pytest deprecates); pages may use relative URLs."""
    return live_portal.base_url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1280, "height": 900},
    }


@dataclass
class Watch:
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)


@pytest.fixture
def watch(context: BrowserContext, live_portal: LivePortal) -> Iterator[Watch]:
    """Abort and record requests to other hosts; the test fails on them or on console errors."""
    seen = Watch()
    origin = urlsplit(live_portal.base_url).netloc

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc != origin:
            seen.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.console_errors.append(f"{message.text} @ {message.location}")

    context.route("**/*", guard)
    context.on("console", on_console)
    context.on("weberror", lambda error: seen.console_errors.append(str(error.error)))
    yield seen
    assert seen.console_errors == [], "console errors on the page"
    assert seen.foreign_requests == [], "requests to other hosts"


@pytest.fixture
def portal_page(page: Page, watch: Watch) -> Page:
    page.set_default_timeout(10_000)
    return page


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page: Page, portal: LivePortal, username: str) -> None:
    page.goto(portal.url("/portal/login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(portal.password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(portal.url("/portal/**"))
    assert "/portal/login" not in page.url


def log_out(page: Page) -> None:
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/portal/login?out=1")
