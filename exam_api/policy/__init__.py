"""The department's rules as data: `handbook/policy.yaml`, validated (pure, no web/db imports)."""

from exam_api.policy.loader import Policy, PolicyError, get_policy, load_policy, parse_policy

__all__ = ["Policy", "PolicyError", "get_policy", "load_policy", "parse_policy"]
