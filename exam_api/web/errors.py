"""Errors on pages render as Chinese HTML; the API keeps its JSON shape.

Page paths are under /portal except /portal/api/ (the pages' own JSON endpoints).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from exam_api.core.errors import (
    HTTP_STATUS_TEXT,
    KefuError,
    Unauthorized,
    describe_validation_error,
)
from exam_api.web.deps import LoginRequired
from exam_api.web.nav import PORTAL
from exam_api.web.templating import render

logger = logging.getLogger(__name__)
TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持的操作",
    409: "无法办理",
    422: "填写有误",
    500: "服务器出错",
}


def is_page(request: Request) -> bool:
    path = request.url.path
    return (path == PORTAL or path.startswith(PORTAL + "/")) and not path.startswith(
        PORTAL + "/api/"
    )


def error_page(request: Request, status: int, detail: str, rule: str | None = None) -> Response:
    title = TITLES.get(status, "请求无法处理")
    context = {"title": title, "status": status, "detail": detail, "rule": rule}
    return render(request, "error.html", context, status_code=status)


def login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"{PORTAL}/login?next={quote(target, safe='')}", status_code=303)


def install_page_error_handlers(app: FastAPI) -> None:
    """Wrap the JSON handlers: on page paths render HTML, elsewhere defer to them."""
    json_handlers = dict(app.exception_handlers)

    async def on_kefu_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, KefuError)
        if not is_page(request):
            return await json_handlers[KefuError](request, exc)
        return error_page(request, exc.status, exc.detail, exc.rule)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not is_page(request):
            return await json_handlers[StarletteHTTPException](request, exc)
        _, detail = HTTP_STATUS_TEXT.get(exc.status_code, ("", "请求无法处理"))
        return error_page(request, exc.status_code, detail)

    async def on_validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not is_page(request):
            return await json_handlers[RequestValidationError](request, exc)
        return error_page(request, 422, describe_validation_error(list(exc.errors())))

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await json_handlers[Exception](request, exc)
        logger.exception("page error", exc_info=exc)
        return error_page(request, 500, "服务器内部错误，请稍后重试或联系管理员")

    async def on_login_required(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await json_handlers[KefuError](request, Unauthorized())
        return login_redirect(request)

    app.add_exception_handler(KefuError, on_kefu_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(Exception, on_unexpected)
    app.add_exception_handler(LoginRequired, on_login_required)
