"""API conventions of the exam endpoints: schema, bounded ids, the one error shape, no 500."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exam_api.core.models import MAX_ID
from tests.exams.conftest import Api, Org

HAN = re.compile(r"[\u4e00-\u9fff]")
EXAMS = Path(__file__).resolve().parents[2] / "exam_api" / "exams"


def _operations(api: Api) -> list[tuple[str, str, dict[str, Any]]]:
    schema = api.client.get("/openapi.json").json()
    return [
        (method, path, op)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/v1/exams")
        for method, op in ops.items()
    ]


def test_every_exam_operation_is_documented(api: Api) -> None:
    operations = _operations(api)
    assert len(operations) >= 19
    for method, path, op in operations:
        assert HAN.search(op.get("summary", "")), (method, path)
        assert {"401", "403"} <= set(op["responses"]), (method, path)
        for param in op.get("parameters", []):
            if param["in"] == "path":
                assert param["schema"]["maximum"] == MAX_ID or param["name"] == "no"
                assert param["schema"]["minimum"] == 1


def test_path_ids_are_bounded(api: Api, org: Org) -> None:
    for bad in ("0", str(MAX_ID + 1), "abc", "-1"):
        response = api.get(org.agent1, f"/attempts/{bad}")
        assert response.status_code == 422, bad
        assert set(response.json()) == {"error", "detail", "rule"}
    assert api.get(org.agent1, f"/attempts/{MAX_ID}").status_code == 404
    assert api.get(org.sup1, f"/papers/{MAX_ID}").status_code == 404
    assert api.get(org.agent1, "/attempts/1/answers/201").status_code == 405


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=8,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(answer=json_values, no=st.integers(1, 7))
def test_any_answer_is_saved_or_refused_never_a_server_error(
    api: Api, org: Org, answer: Any, no: int
) -> None:
    if not hasattr(api, "attempt_id"):
        paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
        api.attempt_id = api.start(org.agent1, paper["id"])["id"]  # type: ignore[attr-defined]
    response = api.save(org.agent1, api.attempt_id, no, answer)  # type: ignore[attr-defined]
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert set(response.json()) == {"error", "detail", "rule"}


def test_non_finite_numbers_are_refused(api: Api, org: Org) -> None:
    paper = api.create_paper(org.sup1, assign={"user_ids": [org.agent1.id]})
    attempt = api.start(org.agent1, paper["id"])
    for raw in ('{"answer": Infinity}', '{"answer": NaN}', '{"answer": [1e999]}'):
        response = api.client.put(
            f"/api/v1/exams/attempts/{attempt['id']}/answers/5",
            content=raw,
            headers={**api.headers(org.agent1), "Content-Type": "application/json"},
        )
        assert response.status_code == 422, raw


def test_statistics_and_review_rules_stay_pure() -> None:
    for name in ("stats.py", "review.py"):
        tree = ast.parse((EXAMS / name).read_text(encoding="utf-8"))
        modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)] + [
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        ]
        assert not [m for m in modules if m.split(".")[0] in ("fastapi", "sqlmodel", "sqlalchemy")]
