"""Referral rewards (拉到投资客户的奖励), pure: kept apart from the monthly score.

Per DECISIONS: each customer can be claimed once; a verified customer who has invested at least
``praise_min_invest`` earns the agent a meeting praise; one whose cumulative investment reaches
``cash_min_cumulative`` earns the cash reward ``cash_amount``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from exam_api.policy import Policy

ZERO = Decimal("0.00")


def customer_key(account: str) -> str:
    """The claim key of a customer account: NFKC (full-width → half-width), no spaces, folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", account)).casefold()


def praise_due(verified: bool, invested: Decimal, policy: Policy) -> bool:
    return verified and invested >= policy.document.kpi.referral.praise_min_invest


def cash_reward(verified: bool, invested: Decimal, policy: Policy) -> Decimal:
    rules = policy.document.kpi.referral
    if verified and invested >= rules.cash_min_cumulative:
        return rules.cash_amount.quantize(ZERO)
    return ZERO
