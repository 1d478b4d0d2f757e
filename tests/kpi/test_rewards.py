"""Referral reward rules (pure): claim key, praise and cash thresholds from the policy."""

from __future__ import annotations

from decimal import Decimal

import pytest

from exam_api.kpi.rewards import cash_reward, customer_key, praise_due
from exam_api.policy import get_policy

P = get_policy()
REF = P.document.kpi.referral


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Investor88", "investor88"),
        ("ＩＮＶＥＳＴＯＲ８８", "investor88"),
        (" 138 0013 8000 ", "13800138000"),
        ("张三\u3000", "张三"),
    ],
)
def test_the_same_customer_written_differently_has_one_key(a: str, b: str) -> None:
    assert customer_key(a) == customer_key(b)


@pytest.mark.parametrize(
    ("verified", "invested", "praise", "cash"),
    [
        (False, REF.cash_min_cumulative, False, Decimal("0.00")),
        (True, Decimal(0), False, Decimal("0.00")),
        (True, REF.praise_min_invest - Decimal("0.01"), False, Decimal("0.00")),
        (True, REF.praise_min_invest, True, Decimal("0.00")),
        (True, REF.cash_min_cumulative - Decimal("0.01"), True, Decimal("0.00")),
        (True, REF.cash_min_cumulative, True, REF.cash_amount),
        (True, REF.cash_min_cumulative * 5, True, REF.cash_amount),  # once per customer
    ],
)
def test_thresholds(verified: bool, invested: Decimal, praise: bool, cash: Decimal) -> None:
    assert praise_due(verified, invested, P) is praise
    assert cash_reward(verified, invested, P) == cash
