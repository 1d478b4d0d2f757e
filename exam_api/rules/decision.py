"""An explained decision: allowed or refused, by which rule, in words a person can act on."""

from __future__ import annotations

from dataclasses import dataclass

from exam_api.policy import Policy


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    code: str
    message: str
    rule: str | None = None
    url: str | None = None
    policy_version: str | None = None

    @classmethod
    def ok(cls, policy: Policy, message: str = "符合规定") -> Decision:
        return cls(True, "ok", message, policy_version=policy.policy_version)

    @classmethod
    def refuse(cls, policy: Policy, code: str, rule: str, message: str) -> Decision:
        title = policy.rule_title(rule)
        return cls(
            False,
            code,
            f"{message}（依据：{title}）",
            rule=rule,
            url=policy.rule_url(rule),
            policy_version=policy.policy_version,
        )


def first_refusal(*decisions: Decision) -> Decision | None:
    return next((d for d in decisions if not d.allowed), None)
