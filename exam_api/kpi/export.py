"""A month's scorecards as CSV (UTF-8 with BOM, opens in Excel) or .xlsx (openpyxl)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, col, select

from exam_api.kpi import service
from exam_api.kpi.history import confirmed_bands, flags_in_month
from exam_api.kpi.models import CARD_STATUS_LABELS, CardStatus
from exam_api.policy import Policy
from exam_api.users.models import ROLE_LABELS, Role, Team, User

Cell = str | int | Decimal | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def month_table(
    session: Session,
    actor: User,
    year: int,
    month: int,
    policy: Policy,
    team_id: int | None = None,
) -> tuple[list[str], list[list[Cell]]]:
    """Header and one row per visible card of the month, numbers kept as numbers."""
    items = policy.document.kpi.items.entries
    header = ["姓名", "用户名", "班组", "岗位", "状态"]
    header += [item.name for item in items]
    header += ["合计", "档次", "额定绩效金额", "绩效奖金", "平常考核", "出勤天数", "回访目标"]
    header += ["制度版本", "连续考核提示"]
    cards = service.list_cards(session, actor, year=year, month=month, team_id=team_id)
    people = {
        u.id: u
        for u in session.exec(select(User).where(col(User.id).in_([c.user_id for c in cards])))
    }
    teams = {t.id: t.name for t in session.exec(select(Team))}
    histories = confirmed_bands(session, [c.user_id for c in cards])
    rows: list[list[Cell]] = []
    for card in cards:
        person = people[card.user_id]
        points = {entry["item_id"]: Decimal(entry["points"]) for entry in card.items}
        flags = (
            flags_in_month(histories.get(card.user_id, []), (year, month), policy)
            if card.status == CardStatus.confirmed
            else []
        )
        row: list[Cell] = [
            safe_text(person.display_name),
            safe_text(person.username),
            safe_text(teams.get(card.team_id, "")) if card.team_id else "",
            ROLE_LABELS.get(Role(card.role), card.role),
            CARD_STATUS_LABELS[CardStatus(card.status)],
        ]
        row += [points.get(item.id) for item in items]
        row += [card.total, card.band, card.base, card.bonus, card.attendance_grade]
        row += [card.worked_days, card.callback_target, card.policy_version]
        row.append("；".join(flag.text for flag in flags))
        rows.append(row)
    return header, rows


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_value(cell: Cell) -> str | int | float | None:
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    return cell


def to_xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(cell) for cell in row])
    money = {header.index(name) + 1 for name in ("额定绩效金额", "绩效奖金")}
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            if cell.column in money:
                cell.number_format = "0.00"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
