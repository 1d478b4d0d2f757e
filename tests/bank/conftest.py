"""Shared fixtures for the bank engine tests: a small fake policy and a loader context."""

from __future__ import annotations

from typing import Any

import pytest

from exam_api.bank.loader import BankContext

FAKE_POLICY: dict[str, Any] = {
    "swap": {"quota": {"max_per_month": 2, "counts_for": "both"}},
    "leave": {"personal": {"notice_days": 1}, "long": {"notice_days": 7, "min_days": 3}},
    "kpi": {"bands": {"list": [{"name": "优秀", "min": 80}]}},
    "phrases": {"forbidden": {"words": ["不行", "不知道", "不可以"]}},
    "fee": 2.5,
}
RULES = frozenset({"leave-personal", "leave-long", "swap-quota", "kpi-bands", "phrases-forbidden"})


def fake_lookup(data: dict[str, Any]) -> Any:
    def lookup(path: str) -> Any:
        node: Any = data
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(path)
            node = node[part]
        return node

    return lookup


@pytest.fixture
def ctx() -> BankContext:
    return BankContext(fake_lookup(FAKE_POLICY), RULES)
