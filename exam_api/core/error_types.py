"""The one error type of the project and its common kinds (pure: no web imports).

The pure core (policy, rules, bank engine, KPI scoring) raises these too; the service renders
every one of them as ``{"error": code, "detail": Chinese message, "rule": id | None}``
(see ``exam_api.core.errors`` for the handlers).
"""

from __future__ import annotations

from typing import Any


class KefuError(Exception):
    """An expected failure: a code, a Chinese message, an HTTP status and maybe a rule id."""

    def __init__(
        self,
        code: str,
        detail: str,
        status: int = 400,
        rule: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status
        self.rule = rule
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return {"error": self.code, "detail": self.detail, "rule": self.rule}


class Unauthorized(KefuError):
    def __init__(self, detail: str = "未登录或登录已失效，请重新登录", code: str = "unauthorized"):
        super().__init__(code, detail, 401, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(KefuError):
    def __init__(self, detail: str = "没有执行此操作的权限", code: str = "forbidden"):
        super().__init__(code, detail, 403)


class NotFound(KefuError):
    def __init__(self, detail: str = "请求的内容不存在", code: str = "not_found"):
        super().__init__(code, detail, 404)


class Conflict(KefuError):
    def __init__(self, detail: str, code: str = "conflict", rule: str | None = None):
        super().__init__(code, detail, 409, rule)


class RuleRefusal(KefuError):
    """A request refused by a department rule; always names the rule."""

    def __init__(self, code: str, detail: str, rule: str, status: int = 409):
        super().__init__(code, detail, status, rule)
