"""mkdocs-macros module: the policy file rendered into the handbook.

Pages see ``policy`` (the validated policy data as a dict), ``policy_version`` and the macro
``rule_link(rule_id, text=None)``. The policy is read from ``<docs_dir>/policy.yaml`` so a copy
of the handbook renders its own policy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from exam_api.policy import PolicyError, load_policy


def define_env(env: Any) -> None:
    policy = load_policy(Path(env.conf["docs_dir"]) / "policy.yaml")
    env.variables["policy"] = policy.data
    env.variables["policy_version"] = policy.policy_version

    @env.macro  # type: ignore[untyped-decorator]
    def rule_link(rule_id: str, text: str | None = None) -> str:
        """A Markdown link to the rule's anchor: ``[title](page.md#rule-id)``."""
        ref = policy.rules.get(rule_id)
        if ref is None:
            raise PolicyError("页面引用了未登记的规则 id", key=rule_id)
        return f"[{text or ref.title}]({ref.page}.md#{rule_id})"
