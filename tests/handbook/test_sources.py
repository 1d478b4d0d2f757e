"""The Markdown sources: rule values are never typed by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.handbook.support import markdown_pages

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#%.*?%#\}", re.S)
ANCHOR = re.compile(r"\{\s*#[A-Za-z0-9_-]+[^}]*\}")
ORDERED_ITEM = re.compile(r"^(\s*)\d+\.(\s)", re.M)


def stray_digits(source: str) -> list[str]:
    """Lines that still hold an ASCII digit once macros, anchors and list markers are gone."""
    text = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    text = ANCHOR.sub("", text)
    text = ORDERED_ITEM.sub(r"\1\2", text)
    return [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if re.search(r"[0-9]", line)
    ]


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda path: path.name)
def test_no_number_is_typed_by_hand(path: Path) -> None:
    assert stray_digits(path.read_text("utf-8")) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("最多 {{ policy.swap.quota.max_per_month }} 次", []),
        ("## 换班额度 {#swap-quota}", []),
        ("1. 第一步\n2. 第二步", []),
        ("{% set n = 3 %}\n文字", []),
        ("{#% 注释 9 %#}", []),
        ("每月最多 2 次", ["line 1: 每月最多 2 次"]),
        ("{{ a }} 与 5 元", ["line 1: 与 5 元"]),
    ],
)
def test_stray_digit_detection(source: str, expected: list[str]) -> None:
    assert stray_digits(source) == expected
