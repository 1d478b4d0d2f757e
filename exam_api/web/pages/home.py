"""The home page of each role."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from exam_api.web.deps import AnyUser
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("")
def redirect_portal_root() -> Response:
    return RedirectResponse(f"{PORTAL}/", status_code=307)


@router.get("/")
def show_home_page(request: Request, user: AnyUser) -> Response:
    return render(request, "home.html", {"title": "首页"})
