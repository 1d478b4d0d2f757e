"""Request dependencies of the exam routers; tests may override each through ``app.state``.

The cheap ones are ``async``: FastAPI runs a sync dependency on its threadpool, a hop that
costs more than the lookup. The policy and the etiquette rules are loaded when the app starts
(``main.create_app``), so these never read a file on the event loop; the bank stays sync
because its first load takes a while.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from exam_api.bank.etiquette import EtiquetteRules
from exam_api.bank.loader import Bank
from exam_api.exams.bank import get_bank, get_etiquette_rules
from exam_api.exams.config import ExamSettings, get_exam_settings
from exam_api.policy import Policy, get_policy


def exam_bank(request: Request) -> Bank:
    """The question bank: ``app.state.exam_bank`` if set, else the department bank (cached)."""
    bank: Bank | None = getattr(request.app.state, "exam_bank", None)
    return bank if bank is not None else get_bank()


async def exam_settings(request: Request) -> ExamSettings:
    settings: ExamSettings | None = getattr(request.app.state, "exam_settings", None)
    return settings if settings is not None else get_exam_settings()


async def exam_policy() -> Policy:
    return get_policy()


async def etiquette_rules() -> EtiquetteRules:
    return get_etiquette_rules()


BankDep = Annotated[Bank, Depends(exam_bank)]
ExamSettingsDep = Annotated[ExamSettings, Depends(exam_settings)]
PolicyDep = Annotated[Policy, Depends(exam_policy)]
RulesDep = Annotated[EtiquetteRules, Depends(etiquette_rules)]
