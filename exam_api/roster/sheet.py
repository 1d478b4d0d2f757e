"""Read a roster sheet (CSV or .xlsx) into plain rows; no database here.

Columns (header row first, any order): 日期 (date), 用户名 (username), 班次 (shift).
A shift cell of 休 or 休息 means "no shift that day". Row numbers are the sheet's own
(the header is row 1), so an error points at the line a person sees in Excel.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl import load_workbook

MAX_ROWS = 5000
REST_WORDS = frozenset({"休", "休息"})
HEADERS = {
    "日期": "day",
    "date": "day",
    "用户名": "username",
    "username": "username",
    "班次": "shift",
    "shift": "shift",
}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d")


class SheetError(ValueError):
    """The file cannot be read as a roster sheet at all."""


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int
    day: object
    username: str
    shift: str


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def parse_day(value: object) -> date | None:
    """A date cell or text in YYYY-MM-DD (also / or . separators); None if not a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _columns(header: list[object]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = HEADERS.get(_text(cell).lower())
        if key is not None and key not in columns:
            columns[key] = index
    missing = [name for name, key in (("日期", "day"), ("用户名", "username"), ("班次", "shift"))]
    missing = [name for name in missing if HEADERS[name] not in columns]
    if missing:
        raise SheetError(f"第 1 行应为表头，缺少列：{'、'.join(missing)}")
    return columns


def _rows(table: list[list[object]]) -> list[SheetRow]:
    if not table:
        raise SheetError("文件中没有任何内容")
    columns = _columns(table[0])
    rows: list[SheetRow] = []
    for number, cells in enumerate(table[1:], start=2):
        if all(_text(cell) == "" for cell in cells):
            continue
        padded = [*cells, *[None] * (max(columns.values()) + 1 - len(cells))]
        rows.append(
            SheetRow(
                number=number,
                day=padded[columns["day"]],
                username=_text(padded[columns["username"]]),
                shift=_text(padded[columns["shift"]]),
            )
        )
        if len(rows) > MAX_ROWS:
            raise SheetError(f"一次最多导入 {MAX_ROWS} 行")
    if not rows:
        raise SheetError("表头下面没有数据行")
    return rows


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetError("无法识别 CSV 文件的编码，请另存为 UTF-8")


def _csv_table(content: bytes) -> list[list[object]]:
    text = _decode(content)
    if "\x00" in text:
        raise SheetError("CSV 文件中含有不允许的字符（NUL）")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise SheetError(f"CSV 格式不正确：{exc}") from None


def _xlsx_table(content: bytes) -> list[list[object]]:
    table: list[list[object]] = []
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                table.append(list(row))
                if len(table) > MAX_ROWS + 1:
                    raise SheetError(f"一次最多导入 {MAX_ROWS} 行")
        finally:
            workbook.close()
    except SheetError:
        raise
    except Exception:  # a damaged or foreign file can fail anywhere inside openpyxl
        raise SheetError("无法读取 Excel 文件，请确认是 .xlsx 格式") from None
    return table


def read_sheet(content: bytes) -> list[SheetRow]:
    """The data rows of a CSV or .xlsx file (an .xlsx is a zip: it starts with ``PK``)."""
    is_xlsx = content.startswith(b"PK\x03\x04")
    return _rows(_xlsx_table(content) if is_xlsx else _csv_table(content))


def is_rest(shift: str) -> bool:
    return shift in REST_WORDS
