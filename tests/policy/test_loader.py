"""The policy file loads, and a broken one fails naming the key and the problem."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from exam_api.policy import PolicyError, load_policy, parse_policy
from exam_api.policy.loader import DEFAULT_POLICY_PATH

RAW: dict[str, Any] = yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))


def _mutated(change: Callable[[dict[str, Any]], None]) -> str:
    data = copy.deepcopy(RAW)
    change(data)
    return yaml.safe_dump(data, allow_unicode=True)


def test_real_policy_loads_with_version_and_rules() -> None:
    policy = load_policy()
    assert policy.policy_version
    assert policy.value("swap.quota.max_per_month") == RAW["swap"]["quota"]["max_per_month"]
    assert policy.rule_url("swap-quota") == "/handbook/leave/#swap-quota"
    assert sum(i["weight"] for i in policy.value("kpi.items.entries")) == 100


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, leaf = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[leaf]

    return change


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    *parents, leaf = path.split(".")

    def change(data: dict[str, Any]) -> None:
        node = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(leaf)] = value
        else:
            node[leaf] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_drop("swap.quota.max_per_month"), "swap.quota.max_per_month"),
        (_drop("policy_version"), "policy_version"),
        (_set("leave.long.notice_days", "一周"), "leave.long.notice_days"),
        (_set("leave.personal.approver", "boss"), "leave.personal.approver"),
        (_set("kpi.items.entries.0.weight", 11), "权重合计为 101"),
        (_set("kpi.bands.levels.0.min", 50), "档次必须按 min 从高到低"),
        (_set("swap.quota.rule", "no-such-rule"), "未登记的规则 'no-such-rule'"),
        (_set("rules.orphan-rule", {"page": "leave", "title": "x"}), "orphan-rule"),
        (_set("rules.swap-quota", {"page": "nowhere", "title": "x"}), "不存在的页面"),
        (_set("swap.quota.unexpected", 1), "swap.quota.unexpected"),
        (_set("product.withdrawal.limits.fee_tiers.1.from_amount", 29000), "首尾相接"),
        (_set("product.withdrawal.limits.cutoff_time", "25:00"), "cutoff_time"),
        (_set("kpi.items.entries.5.grades.0.points", 11), "超过其权重"),
    ],
)
def test_broken_policy_is_refused_naming_the_key(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(_mutated(change), Path("policy.yaml"))
    assert expected in str(info.value)


def test_yaml_syntax_error_and_missing_file_are_policy_errors(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="YAML"):
        parse_policy("a: [1, 2", Path("p.yaml"))
    with pytest.raises(PolicyError, match="无法读取"):
        load_policy(tmp_path / "missing.yaml")


def test_value_lookup_names_a_missing_path() -> None:
    policy = load_policy()
    assert policy.value("kpi.bands.levels.0.name") == RAW["kpi"]["bands"]["levels"][0]["name"]
    with pytest.raises(PolicyError) as info:
        policy.value("swap.quota.nope")
    assert info.value.key == "swap.quota.nope"
    with pytest.raises(PolicyError):
        policy.rule_url("no-such-rule")


def test_every_rule_is_owned_by_exactly_one_section() -> None:
    from exam_api.policy.schema import iter_rule_refs

    owners = [rule for _, rule in iter_rule_refs(RAW)]
    assert sorted(owners) == sorted(RAW["rules"])
