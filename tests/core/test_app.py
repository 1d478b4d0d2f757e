from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from exam_api.main import create_app


def test_healthz_reports_the_database(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_gone(
    app_factory: Callable[..., Any], engine: Engine, tmp_path: Path
) -> None:
    from exam_api.core.db import make_engine

    app = app_factory()
    with TestClient(app) as test_client:
        app.state.engine = make_engine(f"sqlite:///{tmp_path}/missing-dir/x.db")
        response = test_client.get("/healthz")
        app.state.engine = engine
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_root_redirects_to_the_handbook(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == "/handbook/"


def test_docs_and_openapi_are_served_with_chinese_summaries(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "客服部制度与培训考试平台"
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in operation["summary"]), operation


def test_openapi_documents_422_in_the_error_shape(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    for path in schema["paths"].values():
        for operation in path.values():
            if "422" in operation["responses"]:
                content = operation["responses"]["422"]["content"]["application/json"]
                assert content["schema"] == ref


def test_openapi_documents_400_for_every_request_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ref = {"$ref": "#/components/schemas/ErrorBody"}
    with_body = [op for path in schema["paths"].values() for op in path.values()]
    with_body = [op for op in with_body if "requestBody" in op]
    assert with_body
    for operation in with_body:
        assert operation["responses"]["400"]["content"]["application/json"]["schema"] == ref


def test_undecodable_body_is_400_in_the_shape(client: TestClient) -> None:
    headers = {"Content-Type": "application/json"}
    response = client.post("/api/v1/teams", content=b"\xff\xfe{", headers=headers)
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "detail": "请求格式不正确", "rule": None}


def test_unknown_api_path_is_404_in_the_shape(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_the_built_handbook_is_served_under_handbook(
    built_site: Path, app_settings: Any, engine: Engine
) -> None:
    app = create_app(
        settings=app_settings.model_copy(update={"site_dir": built_site}), engine=engine
    )
    with TestClient(app) as test_client:
        page = test_client.get("/handbook/")
        assert page.status_code == 200
        assert "客服部制度与培训考试平台" in page.text
        assert test_client.get("/handbook/leave/").status_code == 200
        assert test_client.get("/handbook/search/search_index.json").status_code == 200
        missing = test_client.get("/handbook/no-such-page/")
        assert missing.status_code == 404
        assert test_client.get("/healthz").json()["status"] == "ok"


def test_handbook_not_built_is_a_clear_503(app_factory: Callable[..., Any], tmp_path: Path) -> None:
    with TestClient(app_factory(site_dir=tmp_path / "no-site")) as test_client:
        response = test_client.get("/handbook/")
    assert response.status_code == 503
    assert response.json()["error"] == "handbook_not_built"
