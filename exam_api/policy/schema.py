"""The whole policy document: sections, the rule registry and the cross-references."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import Field, model_validator

from exam_api.policy.kpi import Kpi
from exam_api.policy.models import (
    AgentRequirements,
    Attendance,
    Confidentiality,
    Duty,
    Escalation,
    Handover,
    Leave,
    Meetings,
    Mission,
    Resignation,
    Roles,
    RuleRef,
    Strict,
    Swap,
)
from exam_api.policy.sections import (
    Callbacks,
    Complaints,
    Customers,
    Daily,
    Onboarding,
    Phone,
    Phrases,
    Points,
    Product,
)

RULE_ID_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"


def iter_rule_refs(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (dotted path of the owning section, rule id) for every `rule:` key."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if key == "rule" and isinstance(value, str):
                yield path, value
            else:
                yield from iter_rule_refs(value, here)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_rule_refs(value, f"{path}.{index}")


class PolicyDocument(Strict):
    policy_version: str = Field(min_length=1)
    pages: dict[str, str] = Field(min_length=1)
    rules: dict[str, RuleRef] = Field(min_length=1)
    mission: Mission
    agent_requirements: AgentRequirements
    roles: Roles
    duty: Duty
    meetings: Meetings
    handover: Handover
    escalation: Escalation
    leave: Leave
    attendance: Attendance
    swap: Swap
    resignation: Resignation
    confidentiality: Confidentiality
    phone: Phone
    phrases: Phrases
    complaints: Complaints
    callbacks: Callbacks
    customers: Customers
    daily: Daily
    kpi: Kpi
    points: Points
    product: Product
    onboarding: Onboarding

    @model_validator(mode="after")
    def _registry_consistent(self) -> PolicyDocument:
        import re

        for rule_id, ref in self.rules.items():
            if not re.match(RULE_ID_PATTERN, rule_id):
                raise ValueError(f"规则 id {rule_id!r} 必须是小写 ASCII kebab-case (rules)")
            if ref.page not in self.pages:
                raise ValueError(
                    f"规则 {rule_id} 指向不存在的页面 {ref.page!r} (rules.{rule_id}.page)"
                )
        owners: dict[str, str] = {}
        for path, rule_id in iter_rule_refs(self.model_dump(by_alias=True)):
            if rule_id not in self.rules:
                raise ValueError(f"{path}.rule 引用了未登记的规则 {rule_id!r}")
            if rule_id in owners:
                raise ValueError(f"规则 {rule_id} 同时属于 {owners[rule_id]} 和 {path}")
            owners[rule_id] = path
        orphans = sorted(set(self.rules) - set(owners))
        if orphans:
            raise ValueError(f"规则已登记但没有任何参数段引用: {', '.join(orphans)}")
        return self
