"""Mount the portal's pages, static files and HTML error pages into the app."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from exam_api.web.errors import install_page_error_handlers
from exam_api.web.nav import PORTAL
from exam_api.web.pages import (
    auth,
    director_pages,
    exams_trainee,
    home,
    kpi_manage,
    kpi_pages,
    leave,
    roster_pages,
    swaps,
)
from exam_api.web.pages.manage_exams import exam_staff_router
from exam_api.web.templating import HERE

PAGE_ROUTERS = [auth.router, home.router, exams_trainee.router, leave.router, swaps.router]
PAGE_ROUTERS += [kpi_pages.router, kpi_manage.router, director_pages.router]
PAGE_ROUTERS += [roster_pages.router]
PAGE_ROUTERS += [exam_staff_router]


def mount_portal(app: FastAPI) -> None:
    paths: set[str] = set()
    for router in PAGE_ROUTERS:
        app.include_router(router, prefix=PORTAL)
        paths.update(
            PORTAL + route.path
            for route in router.routes
            if isinstance(route, APIRoute) and "GET" in route.methods
        )
    app.state.portal_paths = frozenset(paths)
    app.mount(f"{PORTAL}/static", StaticFiles(directory=HERE / "static"), name="portal-static")
    install_page_error_handlers(app)
