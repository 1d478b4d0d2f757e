"""Roster import (CSV and .xlsx): all rows checked first, errors by row number, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from openpyxl import Workbook
from sqlmodel import Session, col, select

from exam_api.roster.models import ShiftAssignment
from exam_api.roster.sheet import SheetError, parse_day, read_sheet
from tests.roster.support import Headers, Org, day


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    return "\n".join(",".join(row) for row in rows).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(
    api: TestClient, org: Org, headers: dict[str, str], content: bytes, name: str
) -> Response:
    url = f"/api/v1/roster/teams/{org.team1.id}/import"
    return api.post(url, files={"file": (name, content)}, headers=headers)


def assignments(session: Session) -> list[tuple[int, date, int]]:
    session.expire_all()
    rows = session.exec(select(ShiftAssignment).order_by(col(ShiftAssignment.day))).all()
    return [(r.user_id, r.day, r.shift_type_id) for r in rows]


def test_csv_import_creates_updates_and_removes(
    api: TestClient,
    org: Org,
    auth_headers: Headers,
    session: Session,
    assign: Callable[..., ShiftAssignment],
) -> None:
    assign(org.a1, day(1), org.late)
    assign(org.a2, day(2), org.early)
    content = csv_bytes(
        [
            ["日期", "用户名", "班次"],
            [str(day(1)), "a1", "早班"],  # updated
            [str(day(1)), "a2", "晚班"],  # created
            [str(day(2)), "a2", "休"],  # removed
            ["", "", ""],  # blank lines are skipped
            [day(3).strftime("%Y/%m/%d"), "sup1", "早班"],
        ]
    )
    response = upload(api, org, auth_headers(org.sup1), content, "roster.csv")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "rows": 4,
        "created": 2,
        "updated": 1,
        "removed": 1,
        "unchanged": 0,
    }
    assert assignments(session) == [
        (org.a1.id, day(1), org.early.id),
        (org.a2.id, day(1), org.late.id),
        (org.sup1.id, day(3), org.early.id),
    ]


def test_xlsx_import_with_date_cells(
    api: TestClient, org: Org, auth_headers: Headers, session: Session
) -> None:
    content = xlsx_bytes(
        [["用户名", "班次", "日期"], ["a1", "早班", day(5)], ["a3", "晚班", str(day(5))]]
    )
    response = upload(api, org, auth_headers(org.sup1), content, "排班.xlsx")
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2
    assert len(assignments(session)) == 2


def test_bad_rows_are_reported_by_number_and_nothing_is_written(
    api: TestClient,
    org: Org,
    auth_headers: Headers,
    session: Session,
    assign: Callable[..., ShiftAssignment],
) -> None:
    assign(org.a1, day(1), org.late)
    content = csv_bytes(
        [
            ["日期", "用户名", "班次"],
            [str(day(1)), "a1", "早班"],  # fine, but must not be applied
            ["2026-13-01", "a2", "早班"],  # row 3: bad date
            [str(day(2)), "b1", "早班"],  # row 4: another team
            [str(day(2)), "a3", "夜宵班"],  # row 5: unknown shift
            [str(day(1)), "a1", "晚班"],  # row 6: duplicate of row 2
            [str(day(3)), "a2", ""],  # row 7: no shift
        ]
    )
    response = upload(api, org, auth_headers(org.sup1), content, "roster.csv")
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "roster_import_invalid"
    detail = body["detail"]
    assert "未写入任何排班" in detail
    for row, words in [
        (3, "日期"),
        (4, "b1"),
        (5, "夜宵班"),
        (6, "与第 2 行重复"),
        (7, "缺少班次"),
    ]:
        assert f"第 {row} 行" in detail and words in detail
    assert "第 2 行：" not in detail
    assert assignments(session) == [(org.a1.id, day(1), org.late.id)]


def test_import_access_and_file_problems(api: TestClient, org: Org, auth_headers: Headers) -> None:
    good = csv_bytes([["日期", "用户名", "班次"], [str(day(1)), "a1", "早班"]])
    assert upload(api, org, auth_headers(org.sup2), good, "r.csv").status_code == 403
    assert upload(api, org, auth_headers(org.a1), good, "r.csv").status_code == 403
    for content, words in [
        (b"", "没有任何内容"),
        (csv_bytes([["name", "x"], ["a", "b"]]), "缺少列"),
        (csv_bytes([["日期", "用户名", "班次"]]), "没有数据行"),
        (b"PK\x03\x04not really a zip", "Excel"),
        (b"\xff\xfe\x00\x00garbage\x00", ""),
    ]:
        response = upload(api, org, auth_headers(org.sup1), content, "r.csv")
        assert response.status_code == 422, content
        assert words in response.json()["detail"]
    missing = api.post(
        "/api/v1/roster/teams/9999/import",
        files={"file": ("r.csv", good)},
        headers=auth_headers(org.sup1),
    )
    assert missing.status_code == 404


def test_gbk_csv_from_chinese_excel(api: TestClient, org: Org, auth_headers: Headers) -> None:
    content = csv_bytes([["日期", "用户名", "班次"], [str(day(1)), "a1", "早班"]], "gb18030")
    response = upload(api, org, auth_headers(org.sup1), content, "r.csv")
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-16", date(2026, 11, 16)),
        ("2026/1/5", date(2026, 1, 5)),
        ("2026.01.05", date(2026, 1, 5)),
        (date(2026, 2, 1), date(2026, 2, 1)),
        ("2026-02-30", None),
        ("明天", None),
        (None, None),
    ],
)
def test_parse_day(value: object, expected: date | None) -> None:
    assert parse_day(value) == expected


def test_sheet_reader_limits() -> None:
    rows = [["日期", "用户名", "班次"], *[[str(day(1)), "a1", "早班"]] * 5001]
    with pytest.raises(SheetError, match="最多"):
        read_sheet(csv_bytes(rows))
    assert (
        len(read_sheet(xlsx_bytes([["date", "username", "shift"], ["2026-11-16", "a1", "早班"]])))
        == 1
    )
