"""Load and validate the policy file; look values up by dotted path."""

from __future__ import annotations

import os
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from exam_api.core.error_types import KefuError
from exam_api.policy.schema import PolicyDocument

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POLICY_PATH = REPO_ROOT / "handbook" / "policy.yaml"
HANDBOOK_BASE = "/handbook"


class PolicyError(KefuError, ValueError):
    """The policy file is missing, unreadable or invalid; the message names the key."""

    def __init__(self, detail: str, key: str | None = None) -> None:
        super().__init__("policy_invalid", f"{key}: {detail}" if key else detail, 500)
        self.key = key


def _plain(value: Any) -> Any:
    """Decimals back to int/float so templates and JSON print them naturally."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Policy:
    """The validated policy: typed sections plus plain data for dotted-path lookups."""

    def __init__(self, document: PolicyDocument, path: Path) -> None:
        self.document = document
        self.path = path
        self.data: dict[str, Any] = _plain(document.model_dump(by_alias=True))

    @property
    def policy_version(self) -> str:
        return self.document.policy_version

    @property
    def rules(self) -> dict[str, Any]:
        return self.document.rules

    def value(self, dotted: str) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise PolicyError("策略文件中没有这个参数", key=dotted)
        return node

    def rule_url(self, rule_id: str) -> str:
        ref = self.document.rules.get(rule_id)
        if ref is None:
            raise PolicyError("未登记的规则 id", key=rule_id)
        return f"{HANDBOOK_BASE}/{ref.page}/#{rule_id}"

    def rule_title(self, rule_id: str) -> str:
        ref = self.document.rules.get(rule_id)
        if ref is None:
            raise PolicyError("未登记的规则 id", key=rule_id)
        return ref.title


def _format_error(err: ValidationError) -> str:
    lines = []
    for item in err.errors():
        key = ".".join(str(p) for p in item["loc"]) or "(根)"
        lines.append(f"{key}: {item['msg']}")
    return "策略文件校验失败:\n" + "\n".join(lines)


def parse_policy(text: str, path: Path) -> Policy:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"YAML 语法错误: {exc}", key=str(path)) from exc
    if not isinstance(raw, dict):
        raise PolicyError("策略文件顶层必须是映射 (mapping)", key=str(path))
    try:
        document = PolicyDocument.model_validate(raw)
    except ValidationError as exc:
        raise PolicyError(_format_error(exc)) from exc
    return Policy(document, path)


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate the policy file (default: `$KEFU_POLICY_PATH` or handbook/policy.yaml)."""
    target = path or Path(os.environ.get("KEFU_POLICY_PATH", DEFAULT_POLICY_PATH))
    try:
        text = target.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"无法读取策略文件: {exc.strerror}", key=str(target)) from exc
    return parse_policy(text, target)


@lru_cache(maxsize=1)
def get_policy() -> Policy:
    """The process-wide policy, loaded once."""
    return load_policy()
