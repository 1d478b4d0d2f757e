"""Etiquette checker for a written reply (规范用语检查), callable on its own.

Finds forbidden phrases (不行、不知道、不可以), absolute words (肯定、保证、绝对) and negative
sentences with their character offsets, rule id and better wording; checks for a greeting near
the start and a closing near the end; flags 你 where 您 is expected. Every phrase and rule id
comes from the policy's ``phrases`` section (``rules_from_policy``); the checker itself works
on plain data.

你 vs 您: each 你 counts once, except in 你们 (a plural address; 您们 is not standard usage).
Compound words that merely contain a phrase are not findings: 不行使、不行动、行不行、
可不可以、保证金、绝对值、肯定句 (see ``DEFAULT_EXCEPTIONS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Kind = Literal["forbidden", "absolute", "negative", "greeting", "closing", "address"]

DEFAULT_EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "不行": ("不行使", "不行动", "行不行"),
    "不可以": ("可不可以",),
    "保证": ("保证金",),
    "绝对": ("绝对值",),
    "肯定": ("肯定句",),
}
DEFAULT_DEDUCTIONS: dict[str, int] = {
    "forbidden": 15,
    "absolute": 10,
    "negative": 10,
    "greeting": 10,
    "closing": 10,
    "address": 5,
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PhraseRule(_Frozen):
    phrase: str
    kind: Literal["forbidden", "absolute", "negative"]
    rule: str
    better: str
    exceptions: tuple[str, ...] = ()


class EtiquetteRules(_Frozen):
    phrases: tuple[PhraseRule, ...]
    greetings: tuple[str, ...]
    greeting_rule: str
    closings: tuple[str, ...]
    closing_rule: str
    avoid_address: str = "你"
    better_address: str = "您"
    address_rule: str
    greeting_window: int = 10  # a greeting must start within the first N characters
    closing_window: int = 30  # a closing marker must start within the last N characters
    deductions: dict[str, int] = DEFAULT_DEDUCTIONS


class Finding(_Frozen):
    kind: Kind
    text: str
    start: int | None  # character offsets into the reply; None for a missing greeting/closing
    end: int | None
    rule: str
    better: str
    message: str


class EtiquetteReport(_Frozen):
    findings: tuple[Finding, ...]
    score: int  # 0..100
    has_greeting: bool
    has_closing: bool
    address_count: int  # how many 你 (outside 你们)


_MESSAGES = {
    "forbidden": "服务禁忌语",
    "absolute": "说话过于绝对，凡事留余地",
    "negative": "负面说法",
}


def rules_from_policy(phrases: Mapping[str, Any]) -> EtiquetteRules:
    """Build checker rules from the policy's ``phrases`` section (``policy.value("phrases")``)."""
    forbidden, absolute = phrases["forbidden"], phrases["absolute"]
    items: list[PhraseRule] = [
        PhraseRule(phrase=w, kind="forbidden", rule=forbidden["rule"], better=forbidden["better"])
        for w in forbidden["words"]
    ]
    items += [
        PhraseRule(
            phrase=w, kind="absolute", rule=absolute["rule"],
            better="改用：" + "、".join(absolute["better_words"]),
        )
        for w in absolute["words"]
    ]  # fmt: skip
    negative = phrases["negative"]
    items += [
        PhraseRule(phrase=s["says"], kind="negative", rule=negative["rule"], better=s["better"])
        for s in negative["sentences"]
    ]
    items = [
        i.model_copy(update={"exceptions": DEFAULT_EXCEPTIONS.get(i.phrase, ())}) for i in items
    ]
    address = phrases["address"]
    return EtiquetteRules(
        phrases=tuple(items),
        greetings=tuple(phrases["greetings"]),
        greeting_rule=phrases["phone_opening"]["rule"],
        closings=tuple(phrases["closing"]["markers"]),
        closing_rule=phrases["closing"]["rule"],
        avoid_address=address["avoid"],
        better_address=address["prefer"][0],
        address_rule=address["rule"],
    )


def _excepted(text: str, start: int, phrase: str, exceptions: tuple[str, ...]) -> bool:
    for word in exceptions:
        offset = word.find(phrase)
        begin = start - offset
        if offset >= 0 and begin >= 0 and text[begin : begin + len(word)] == word:
            return True
    return False


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + len(needle))
    return found


def _phrase_findings(reply: str, rules: EtiquetteRules) -> list[Finding]:
    findings = []
    for item in rules.phrases:
        for start in _occurrences(reply, item.phrase):
            if _excepted(reply, start, item.phrase, item.exceptions):
                continue
            findings.append(
                Finding(
                    kind=item.kind, text=item.phrase, start=start, end=start + len(item.phrase),
                    rule=item.rule, better=item.better,
                    message=f"{_MESSAGES[item.kind]}：“{item.phrase}”",
                )
            )  # fmt: skip
    return findings


def _address_findings(reply: str, rules: EtiquetteRules) -> list[Finding]:
    avoid, findings = rules.avoid_address, []
    for start in _occurrences(reply, avoid):
        if reply[start + len(avoid) : start + len(avoid) + 1] == "们":
            continue
        findings.append(
            Finding(
                kind="address", text=avoid, start=start, end=start + len(avoid),
                rule=rules.address_rule, better=rules.better_address,
                message=f"称呼客户请用“{rules.better_address}”，不用“{avoid}”",
            )
        )  # fmt: skip
    return findings


def _frame_findings(reply: str, rules: EtiquetteRules) -> tuple[list[Finding], bool, bool]:
    body = reply.strip()
    has_greeting = any(0 <= body.find(g) < rules.greeting_window for g in rules.greetings)
    tail_from = max(0, len(body) - rules.closing_window)
    has_closing = any(body.find(m, tail_from) >= 0 for m in rules.closings)
    findings = []
    if not has_greeting:
        findings.append(
            Finding(
                kind="greeting", text="", start=None, end=None, rule=rules.greeting_rule,
                better=rules.greetings[0] if rules.greetings else "",
                message="开头缺少问候语",
            )
        )  # fmt: skip
    if not has_closing:
        findings.append(
            Finding(
                kind="closing", text="", start=None, end=None, rule=rules.closing_rule,
                better="、".join(rules.closings), message="结尾缺少结束语（感谢、祝福或道别）",
            )
        )  # fmt: skip
    return findings, has_greeting, has_closing


def check_reply(reply: str, rules: EtiquetteRules) -> EtiquetteReport:
    """Check a written reply; findings are ordered by position (missing frame parts last)."""
    located = _phrase_findings(reply, rules) + _address_findings(reply, rules)
    located.sort(key=lambda f: (f.start or 0, f.kind))
    frame, has_greeting, has_closing = _frame_findings(reply, rules)
    findings = located + frame
    penalty = sum(rules.deductions.get(f.kind, 0) for f in findings)
    return EtiquetteReport(
        findings=tuple(findings),
        score=max(0, 100 - penalty),
        has_greeting=has_greeting,
        has_closing=has_closing,
        address_count=sum(1 for f in located if f.kind == "address"),
    )


def policy_rules(policy: Any = None) -> EtiquetteRules:
    """Checker rules from an ``exam_api.policy.Policy`` (default: the department policy)."""
    if policy is None:
        from exam_api.policy import get_policy

        policy = get_policy()
    return rules_from_policy(policy.value("phrases"))
