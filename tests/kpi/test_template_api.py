"""The scorecard template from the policy, for everyone logged in; pure helpers stay pure."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import exam_api.kpi
from tests.kpi.conftest import Api, Org, P


def test_everyone_logged_in_reads_the_template(api: Api, org: Org) -> None:
    response = api.get(org.agent1, "/template")
    assert response.status_code == 200
    body = response.json()
    assert body["policy_version"] == P.policy_version
    entries = body["items"]["entries"]
    assert sum(item["weight"] for item in entries) == body["total_points"] == 100
    modes = {item["id"]: (item["mode"], item["input"]) for item in entries}
    assert modes["qq_group"] == ("per_unit", "count")
    assert modes["callbacks"] == ("target_ratio", "count")
    assert modes["cooperation"] == ("level", "level")
    assert modes["attitude"] == ("grade", "grade")
    assert modes["attendance"] == ("derived_grade", "derived")
    qq = entries[0]
    assert (qq["points_per_unit"], qq["cap"]) == (0.1, 10)
    levels = next(i for i in entries if i["id"] == "cooperation")["levels"]
    assert [(lv["level"], lv["points"]) for lv in levels] == [
        ("较好完成", 10),
        ("基本完成", 8),
        ("有未完成", 3),
    ]
    assert [(b["name"], b["min"]) for b in body["bands"]["levels"]] == [
        ("优秀", 80),
        ("合格", 60),
        ("需鼓励", 0),
    ]
    assert body["bonus"]["base_by_role"] == {"agent": 300, "supervisor": 300}
    assert body["bands"]["url"] == "/handbook/kpi/#kpi-bands"
    assert [s["rule"] for s in body["streaks"]] == ["kpi-streak-excellent", "kpi-streak-poor"]
    assert body["referral"]["cash_min_cumulative"] == 1000


@pytest.mark.parametrize("name", ["template.py", "rewards.py", "scoring.py", "streaks.py"])
def test_pure_kpi_modules_import_no_web_or_database(name: str) -> None:
    path = Path(exam_api.kpi.__file__).parent / name
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not roots & {"fastapi", "starlette", "sqlmodel", "sqlalchemy"}
