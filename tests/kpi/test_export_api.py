"""CSV and Excel export of a month: the file opens and carries the card's numbers."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.kpi.conftest import NINETY, Api, Org, P

ITEM_NAMES = [item.name for item in P.document.kpi.items.entries]


def export(api: Api, actor: object, fmt: str, **params: object) -> object:
    return api.client.get(
        "/api/v1/kpi/export",
        params={"year": 2026, "month": 9, "format": fmt, **params},
        headers=api.headers(actor),  # type: ignore[arg-type]
    )


def test_xlsx_opens_with_the_right_numbers(api: Api, org: Org) -> None:
    api.confirmed(org.sup1, org.director, org.agent1, 2026, 9)
    api.draft(org.sup1, org.agent2, 2026, 9, {**NINETY, "qq_group": 37})
    response = export(api, org.sup1, "xlsx")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.headers["content-disposition"].endswith('kpi-2026-09.xlsx"')  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(response.content)).active  # type: ignore[attr-defined]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:5] == ["姓名", "用户名", "班组", "岗位", "状态"]
    assert header[5 : 5 + len(ITEM_NAMES)] == ITEM_NAMES
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    chen = by_name["陈晓"]
    assert chen["状态"] == "已确认" and chen["班组"] == "一组"
    assert chen["合计"] == 90 and chen["绩效奖金"] == 270 and chen["额定绩效金额"] == 300
    assert chen["档次"] == "优秀" and chen["制度版本"] == P.policy_version
    assert chen["客服加群"] == 10 and chen["工作态度"] == 5
    liu = by_name["刘洋"]
    assert liu["状态"] == "草稿"
    assert liu["客服加群"] == 3.7 and liu["合计"] == 83.7 and liu["绩效奖金"] == 251.1


def test_csv_has_a_bom_and_the_same_rows(api: Api, org: Org) -> None:
    api.confirmed(org.sup1, org.director, org.agent1, 2026, 9)
    response = export(api, org.director, "csv")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/csv")  # type: ignore[attr-defined]
    text = response.content.decode("utf-8")  # type: ignore[attr-defined]
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 1
    assert (rows[0]["姓名"], rows[0]["合计"], rows[0]["绩效奖金"]) == ("陈晓", "90.00", "270.00")


def test_export_holds_only_the_actors_teams(api: Api, org: Org) -> None:
    api.draft(org.sup1, org.agent1, 2026, 9, NINETY)
    api.draft(org.sup2, org.agent3, 2026, 9, NINETY)
    text = export(api, org.sup1, "csv").content.decode("utf-8")  # type: ignore[attr-defined]
    assert "陈晓" in text and "张敏" not in text
    assert export(api, org.agent1, "csv").status_code == 403  # type: ignore[attr-defined]


def test_formula_like_names_are_neutralised(api: Api, org: Org, make_user: object) -> None:
    sneaky = make_user("sneaky", "agent", team=org.team1, display_name="=HYPERLINK(1)")  # type: ignore[operator]
    api.draft(org.sup1, sneaky, 2026, 9, NINETY)
    sheet = load_workbook(io.BytesIO(export(api, org.sup1, "xlsx").content)).active  # type: ignore[attr-defined]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["'=HYPERLINK(1)"]
