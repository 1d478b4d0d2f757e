"""Shared fixtures for the bank engine tests: a small fake policy and a loader context."""

from __future__ import annotations

from typing import Any

import pytest

from exam_api.bank.etiquette import EtiquetteRules, rules_from_policy
from exam_api.bank.loader import BankContext

FAKE_POLICY: dict[str, Any] = {
    "swap": {"quota": {"max_per_month": 2, "counts_for": "both"}},
    "leave": {"personal": {"notice_days": 1}, "long": {"notice_days": 7, "min_days": 3}},
    "kpi": {"bands": {"list": [{"name": "优秀", "min": 80}]}},
    "phrases": {"forbidden": {"words": ["不行", "不知道", "不可以"]}},
    "fee": 2.5,
}
# The shape of the policy's ``phrases`` section (handbook/policy.yaml), trimmed.
POLICY_PHRASES: dict[str, Any] = {
    "phone_opening": {"rule": "phrases-phone-opening"},
    "greetings": ["您好", "早上好", "下午好", "晚上好"],
    "closing": {"rule": "phrases-closing", "markers": ["感谢", "谢谢", "祝您", "再会", "再见"]},
    "forbidden": {
        "rule": "phrases-forbidden",
        "words": ["不行", "不知道", "不可以"],
        "better": "您看这样好不好？我帮您查询一下，稍后给您答复。",
    },
    "absolute": {
        "rule": "phrases-absolute",
        "words": ["肯定", "保证", "绝对"],
        "better_words": ["尽量", "争取", "努力"],
    },
    "negative": {
        "rule": "phrases-negative",
        "sentences": [{"says": "这不是我应该做的", "better": "我很愿意为您做，请稍等。"}],
    },
    "address": {"rule": "phrases-address", "prefer": ["您", "咱们"], "avoid": "你"},
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


@pytest.fixture
def etiquette_rules() -> EtiquetteRules:
    return rules_from_policy(POLICY_PHRASES)
