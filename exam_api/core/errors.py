"""One error type for the whole service and the handlers that render it.

Every API error has the shape ``{"error": code, "detail": Chinese message, "rule": id | None}``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from exam_api.core.error_types import (
    Conflict,
    Forbidden,
    KefuError,
    NotFound,
    RuleRefusal,
    Unauthorized,
)

__all__ = [
    "Conflict",
    "ErrorBody",
    "Forbidden",
    "KefuError",
    "NotFound",
    "RuleRefusal",
    "Unauthorized",
    "error_responses",
    "install_error_handlers",
]


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: str
    detail: str
    rule: str | None = None


HTTP_STATUS_TEXT: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式不正确"),
    401: ("unauthorized", "未登录或登录已失效，请重新登录"),
    403: ("forbidden", "没有执行此操作的权限"),
    404: ("not_found", "请求的内容不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    406: ("not_acceptable", "无法提供所请求的格式"),
    409: ("conflict", "请求与当前数据冲突"),
    413: ("payload_too_large", "请求内容过大"),
    415: ("unsupported_media_type", "不支持的请求内容类型"),
    422: ("validation_error", "请求参数不合法"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}

VALIDATION_TEXT: dict[str, str] = {
    "missing": "缺少必填项",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "string_pattern_mismatch": "格式不正确或含有不允许的字符",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为是/否",
    "less_than_equal": "数值过大",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "greater_than": "数值过小",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "date_parsing": "日期格式不正确",
    "date_from_datetime_parsing": "日期格式不正确",
    "datetime_parsing": "时间格式不正确",
    "datetime_from_date_parsing": "时间格式不正确",
    "json_invalid": "JSON 格式不正确",
    "model_attributes_type": "应为对象",
    "dict_type": "应为对象",
    "list_type": "应为列表",
    "extra_forbidden": "不允许的字段",
    "value_error": "取值不合法",
}

HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
LOCATION_TEXT = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}


def describe_validation_error(errors: list[Any]) -> str:
    """Chinese summary of pydantic errors, e.g. ``请求体 username：缺少必填项``."""
    parts: list[str] = []
    for err in errors[:5]:
        loc = [str(x) for x in err.get("loc", ())]
        where = LOCATION_TEXT.get(loc[0], loc[0]) if loc else ""
        field = ".".join(loc[1:])
        text = VALIDATION_TEXT.get(str(err.get("type", "")), "取值不合法")
        parts.append(f"{where} {field}：{text}".strip() if field else f"{where}：{text}")
    return "请求参数不合法：" + "；".join(parts) if parts else "请求参数不合法"


async def kefu_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KefuError)
    return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    body = {"error": "validation_error", "detail": describe_validation_error(list(exc.errors()))}
    return JSONResponse({**body, "rule": None}, status_code=422)


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, detail = HTTP_STATUS_TEXT.get(exc.status_code, ("http_error", "请求无法处理"))
    if exc.status_code >= 500:
        code, detail = "server_error", "服务器暂时无法处理请求"
    headers = dict(getattr(exc, "headers", None) or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request) or headers.get("Allow", "")
    return JSONResponse(
        {"error": code, "detail": detail, "rule": None},
        status_code=exc.status_code,
        headers=headers or None,
    )


def allowed_methods(request: Request) -> str:
    """Every method some route serves on this path (Starlette's 405 names only one route)."""
    routes = [route for route in request.app.router.routes if not isinstance(route, Mount)]
    allowed = [
        method
        for method in HTTP_METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] == Match.FULL for route in routes
        )
    ]
    return ", ".join(allowed)


async def unexpected_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": "internal_error", "detail": "服务器内部错误，请联系管理员", "rule": None},
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that render every error in the one shape."""
    app.add_exception_handler(KefuError, kefu_error_handler)
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.add_exception_handler(Exception, unexpected_error_handler)


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the error shape for the given statuses."""
    return {
        status: {"model": ErrorBody, "description": HTTP_STATUS_TEXT[status][1]}
        for status in statuses
    }
