"""The question bank as the service sees it: loaded once per process through the engine.

The bank is validated against the department policy when it loads; an invalid bank is
refused whole (``BankLoadError``). Questions are frozen into attempts as JSON and thawed
back into engine models for grading, so an attempt keeps the exact version it was given.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter

from exam_api.bank.errors import BankError
from exam_api.bank.etiquette import EtiquetteRules, policy_rules
from exam_api.bank.loader import Bank, load_bank_with_policy
from exam_api.bank.models import Question
from exam_api.core.errors import KefuError
from exam_api.policy import Policy, get_policy

QUESTION: TypeAdapter[Question] = TypeAdapter(Question)


_LOAD_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_bank() -> Bank:
    bank = load_bank_with_policy(policy=get_policy())
    bank.pool  # noqa: B018 - index the bank for drawing once, here
    return bank


def get_bank() -> Bank:
    """The department bank (``question_bank/``), checked against the policy; loaded once per
    process (concurrent first requests wait for one load instead of each loading it)."""
    with _LOAD_LOCK:
        return _load_bank()


@lru_cache(maxsize=1)
def get_etiquette_rules() -> EtiquetteRules:
    return policy_rules(get_policy())


def freeze(question: Question) -> dict[str, Any]:
    """The exact question version as JSON (text, options, key, explanation, rubric …)."""
    return QUESTION.dump_python(question, mode="json")


def thaw(data: dict[str, Any]) -> Question:
    return QUESTION.validate_python(data)


def as_kefu_error(exc: BankError, status: int = 422) -> KefuError:
    """An engine error as the service's one error type."""
    return KefuError(exc.code, exc.detail, status, exc.rule)


def rule_link(policy: Policy, ref: str | None) -> tuple[str | None, str | None]:
    """(title, handbook url) of a rule id, or (None, None) when the id is unknown."""
    if not ref or ref not in policy.rules:
        return None, None
    return policy.rule_title(ref), policy.rule_url(ref)
