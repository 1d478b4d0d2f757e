"""The FastAPI application: API under /api/v1, the built handbook under /handbook/."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from exam_api.audit.deps import policy_at
from exam_api.audit.router import decisions_router
from exam_api.core.config import Settings, get_settings
from exam_api.core.db import make_engine, ping
from exam_api.core.errors import ErrorBody, install_error_handlers
from exam_api.core.limits import InFlightLimit
from exam_api.exams.bank import get_etiquette_rules
from exam_api.exams.router import exams_router
from exam_api.kpi.router import router as kpi_router
from exam_api.leave.router import attendance_router, leave_router
from exam_api.policy import get_policy
from exam_api.roster.router import roster_router
from exam_api.swaps.router import swaps_router
from exam_api.users.router import auth_router, teams_router, users_router
from exam_api.web.app import mount_portal

API_PREFIX = "/api/v1"
TITLE = "客服部制度与培训考试平台"
DESCRIPTION = "客服部的制度手册、培训考试、请假换班与绩效考核接口。错误一律返回 error/detail/rule。"


def build_api_router() -> APIRouter:
    """Every domain's router under /api/v1 (each domain adds its include line here).

    Routes are matched in the order included, one path pattern at a time, so the exam
    routers come first: an exam day sends them hundreds of requests a second (the others
    would cost every autosave a walk over about a hundred patterns). Prefixes do not overlap,
    so the order changes nothing else."""
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(exams_router)
    api.include_router(auth_router)
    api.include_router(users_router)
    api.include_router(teams_router)
    for router in (roster_router, leave_router, attendance_router, swaps_router):
        api.include_router(router)
    api.include_router(decisions_router)
    api.include_router(kpi_router)
    return api


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the app; tests pass their own settings and engine."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_engine = engine is None
        warm_policies(settings)
        app.state.engine = engine or make_engine(settings.database_url)
        try:
            yield
        finally:
            if own_engine:
                app.state.engine.dispose()

    app = FastAPI(title=TITLE, description=DESCRIPTION, version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    if engine is not None:
        app.state.engine = engine
    install_error_handlers(app)
    app.add_middleware(InFlightLimit)  # requests at once ≤ database pool (no pool deadlock)
    app.include_router(build_api_router())
    add_service_routes(app)
    mount_portal(app)  # web pages under /portal, HTML error pages there
    add_handbook(app, settings)
    app.openapi = lambda: error_shaped_openapi(app)  # type: ignore[method-assign]
    return app


def warm_policies(settings: Settings) -> None:
    """Load the policy and the rules derived from it before the first request, so the async
    dependencies that hand them out never read a file on the event loop."""
    policy_at(settings.policy_path)
    get_policy()
    get_etiquette_rules()


def add_service_routes(app: FastAPI) -> None:
    @app.get(
        "/healthz",
        summary="健康检查",
        tags=["运维"],
        responses={200: {"description": "服务与数据库正常"}, 503: {"description": "数据库不可用"}},
    )
    def read_health() -> JSONResponse:
        """数据库可用时返回 ok，否则返回 503。"""
        try:
            ping(app.state.engine)
        except SQLAlchemyError:
            body = {"status": "error", "database": "unavailable"}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    @app.get("/", include_in_schema=False)
    def redirect_home() -> RedirectResponse:
        return RedirectResponse("/handbook/", status_code=307)


def add_handbook(app: FastAPI, settings: Settings) -> None:
    """Serve the built site at /handbook/ (API routes win; its 404 page for missing pages)."""
    if (settings.site_dir / "index.html").is_file():
        app.frontend("/handbook", directory=settings.site_dir, check_dir=False)
        return

    @app.get("/handbook/{path:path}", include_in_schema=False)
    def handbook_not_built(path: str) -> JSONResponse:
        body = {"error": "handbook_not_built", "detail": "手册尚未构建：请先运行 make handbook"}
        return JSONResponse({**body, "rule": None}, status_code=503)


def error_shaped_openapi(app: FastAPI) -> dict[str, Any]:
    """OpenAPI where every 422 response documents the one error shape."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorBody"] = ErrorBody.model_json_schema()
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "requestBody" in operation:  # a body that is not even text/JSON/form
                responses.setdefault("400", {"description": "请求格式不正确"})
                responses["400"]["content"] = {"application/json": {"schema": ref}}
            if "422" in responses:
                responses["422"]["content"] = {"application/json": {"schema": ref}}
                responses["422"]["description"] = "请求参数不合法"
    components.pop("HTTPValidationError", None)
    components.pop("ValidationError", None)
    app.openapi_schema = schema
    return schema
