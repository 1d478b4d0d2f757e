from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
from fastapi import FastAPI, Path, Query
from fastapi.testclient import TestClient

from exam_api.core.errors import (
    Conflict,
    Forbidden,
    KefuError,
    NotFound,
    RuleRefusal,
    Unauthorized,
    describe_validation_error,
    install_error_handlers,
)


@pytest.fixture
def error_client() -> Iterator[TestClient]:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refuse/{kind}")
    def refuse(kind: str) -> None:
        errors: dict[str, KefuError] = {
            "rule": RuleRefusal("swap_quota_exceeded", "本月换班次数已用完", rule="swap-quota"),
            "conflict": Conflict("已存在"),
            "forbidden": Forbidden(),
            "missing": NotFound(),
            "login": Unauthorized(),
            "plain": KefuError("bad", "不行", 400),
        }
        raise errors[kind]

    @app.get("/items/{item_id}")
    def read_item(
        item_id: Annotated[int, Path(le=2**31 - 1)], q: Annotated[str, Query(max_length=3)] = ""
    ) -> dict[str, int]:
        return {"id": item_id}

    @app.post("/items/{item_id}")
    def replace_item(item_id: Annotated[int, Path(le=2**31 - 1)]) -> dict[str, int]:
        return {"id": item_id}

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("unexpected")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize(
    ("kind", "status", "code", "rule"),
    [
        ("rule", 409, "swap_quota_exceeded", "swap-quota"),
        ("conflict", 409, "conflict", None),
        ("forbidden", 403, "forbidden", None),
        ("missing", 404, "not_found", None),
        ("login", 401, "unauthorized", None),
        ("plain", 400, "bad", None),
    ],
)
def test_kefu_errors_render_in_the_one_shape(
    error_client: TestClient, kind: str, status: int, code: str, rule: str | None
) -> None:
    response = error_client.get(f"/refuse/{kind}")
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error", "detail", "rule"}
    assert body["error"] == code and body["rule"] == rule
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])


def test_unauthorized_asks_for_a_bearer_token(error_client: TestClient) -> None:
    assert error_client.get("/refuse/login").headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("url", ["/items/abc", "/items/2147483648", "/items/1?q=toolong"])
def test_validation_errors_are_422_in_the_shape_with_chinese_detail(
    error_client: TestClient, url: str
) -> None:
    response = error_client.get(url)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error" and body["rule"] is None
    assert body["detail"].startswith("请求参数不合法")


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [("get", "/nowhere", 404, "not_found"), ("delete", "/items/1", 405, "method_not_allowed")],
)
def test_framework_http_errors_use_the_shape(
    error_client: TestClient, method: str, url: str, status: int, code: str
) -> None:
    response = error_client.request(method, url)
    assert response.status_code == status
    assert response.json() == {"error": code, "detail": response.json()["detail"], "rule": None}
    assert response.json()["detail"]


def test_405_allow_header_names_every_method_of_the_path(error_client: TestClient) -> None:
    response = error_client.request("PATCH", "/items/1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


def test_unexpected_errors_are_500_in_the_shape_without_internals(
    error_client: TestClient,
) -> None:
    response = error_client.get("/boom")
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert "unexpected" not in response.text


def test_validation_description_names_location_field_and_problem() -> None:
    errors = [{"loc": ("body", "username"), "type": "missing"}]
    assert describe_validation_error(errors) == "请求参数不合法：请求体 username：缺少必填项"
