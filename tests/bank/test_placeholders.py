"""Policy placeholders and ``{policy: path}`` values."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.bank.placeholders import RenderContext, format_value, resolve
from tests.bank.conftest import FAKE_POLICY, fake_lookup


def _ctx(data: dict[str, Any] | None = None) -> RenderContext:
    return RenderContext(fake_lookup(data or FAKE_POLICY))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2, "2"),
        (2.0, "2"),
        (2.5, "2.5"),
        (True, "是"),
        (["不行", "不知道"], "不行、不知道"),
        ("x", "x"),
    ],
)
def test_format_value(value: Any, text: str) -> None:
    assert format_value(value) == text


def test_resolve_replaces_texts_and_policy_mappings() -> None:
    ctx = _ctx()
    data = {
        "stem": "每月 {{swap.quota.max_per_month}} 次，提前{{ leave.long.notice_days }}天",
        "key": {"policy": "swap.quota.max_per_month", "tolerance": 0},
        "accepted": [{"policy": "fee"}, "{{ phrases.forbidden.words }}"],
    }
    assert resolve(data, ctx) == {
        "stem": "每月 2 次，提前7天",
        "key": {"value": 2, "tolerance": 0},
        "accepted": [2.5, "不行、不知道、不可以"],
    }
    assert ctx.used == {
        "swap.quota.max_per_month", "leave.long.notice_days", "fee", "phrases.forbidden.words",
    }  # fmt: skip
    assert ctx.errors == []


def test_errors_carry_their_location() -> None:
    ctx = _ctx()
    resolve({"options": [{"text": "ok"}, {"text": "{{ nope.x }}"}], "key": {"policy": "swap"}}, ctx)
    assert ctx.errors == [
        (("options", 1, "text"), "未知的政策路径 nope.x"),
        (("key", "policy"), "政策路径 swap 不是单个值或值的列表"),
    ]


@given(st.integers(min_value=-(10**6), max_value=10**6), st.text(alphabet="天次元 ", max_size=5))
def test_any_number_renders_where_the_placeholder_was(value: int, suffix: str) -> None:
    ctx = _ctx({"a": {"b": value}})
    assert resolve("共{{ a.b }}" + suffix, ctx) == f"共{value}{suffix}"
