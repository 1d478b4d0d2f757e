"""Policy-derived keys on the real bank: change a policy value and the keys follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exam_api.bank.loader import DEFAULT_BANK_DIR, load_bank_with_policy
from exam_api.bank.models import FillBlank, Numeric
from exam_api.policy import load_policy
from exam_api.policy.loader import DEFAULT_POLICY_PATH


def _policy_with(tmp_path: Path, pattern: str, replacement: str) -> Path:
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    changed, n = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert n == 1, pattern
    path = tmp_path / "policy.yaml"
    path.write_text(changed, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("path", "pattern", "replacement", "new"),
    [
        ("swap.quota.max_per_month", r"^(\s+max_per_month:) 2$", r"\1 4", 4),
        ("leave.long.notice_days", r"^(\s+notice_days:) 7$", r"\1 10", 10),
        ("leave.long.min_days", r"^(\s+min_days:) 3$", r"\1 5", 5),
    ],
)
def test_changing_a_policy_value_changes_the_keys(
    tmp_path: Path, path: str, pattern: str, replacement: str, new: float
) -> None:
    before = load_bank_with_policy(DEFAULT_BANK_DIR, load_policy())
    policy = load_policy(_policy_with(tmp_path, pattern, replacement))
    assert policy.value(path) == new
    after = load_bank_with_policy(DEFAULT_BANK_DIR, policy)
    derived = [q for q in before.questions if path in q.derived]
    assert derived, f"no question derives from {path}"
    keyed = 0
    for question in derived:
        changed = after.get(question.id)
        assert changed is not None and changed != question
        if isinstance(changed, Numeric) and isinstance(question, Numeric):
            assert changed.key.value == new
            keyed += 1
        if isinstance(changed, FillBlank):
            keyed += any(str(new) in k for k in changed.key)
    assert keyed or any(str(new) in q.stem + q.explanation for q in after.questions)
