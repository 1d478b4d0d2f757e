"""The navigation of the portal, per role. Each page module adds its entries here."""

from __future__ import annotations

from dataclasses import dataclass

from exam_api.users.models import Role

PORTAL = "/portal"
EVERYONE = frozenset(Role)
STAFF = frozenset({Role.supervisor, Role.director})
SUPERVISOR = frozenset({Role.supervisor})
DIRECTOR = frozenset({Role.director})
AGENT = frozenset({Role.agent})


@dataclass(frozen=True, slots=True)
class NavItem:
    label: str
    href: str
    roles: frozenset[Role]
    group: str


NAV: list[NavItem] = [
    NavItem("首页", f"{PORTAL}/", EVERYONE, "我的"),
    NavItem("我的考试", f"{PORTAL}/exams", AGENT, "我的"),
    NavItem("我的请假", f"{PORTAL}/leave", EVERYONE, "我的"),
    NavItem("我的换班", f"{PORTAL}/swaps", EVERYONE, "我的"),
    NavItem("我的绩效", f"{PORTAL}/kpi", EVERYONE, "我的"),
    NavItem("题库", f"{PORTAL}/manage/bank", STAFF, "培训考试"),
    NavItem("试卷", f"{PORTAL}/manage/papers", STAFF, "培训考试"),
    NavItem("阅卷", f"{PORTAL}/manage/grading", STAFF, "培训考试"),
    NavItem("请假审批", f"{PORTAL}/manage/leave", STAFF, "班组管理"),
    NavItem("换班审批", f"{PORTAL}/manage/swaps", STAFF, "班组管理"),
    NavItem("换班额度", f"{PORTAL}/manage/quota", STAFF, "班组管理"),
    NavItem("排班", f"{PORTAL}/manage/roster", STAFF, "班组管理"),
    NavItem("绩效评分", f"{PORTAL}/manage/kpi", STAFF, "班组管理"),
    NavItem("长假审批", f"{PORTAL}/director/leave", DIRECTOR, "总监"),
    NavItem("绩效确认", f"{PORTAL}/director/scorecards", DIRECTOR, "总监"),
    NavItem("决策记录", f"{PORTAL}/decisions", STAFF, "总监"),
]


def nav_for(role: Role, mounted: frozenset[str]) -> list[NavItem]:
    """The entries this role may open, among the pages the app actually serves."""
    return [item for item in NAV if role in item.roles and item.href in mounted]
