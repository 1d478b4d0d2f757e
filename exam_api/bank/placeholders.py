"""Policy-derived values in bank files: ``{{ a.b.c }}`` in texts, ``{policy: a.b.c}`` as values.

Works on plain data with a ``value_lookup`` callable so it can be tested with a fake policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\s*\}\}")
ValueLookup = Callable[[str], Any]
Path = tuple[str | int, ...]


@dataclass
class RenderContext:
    lookup: ValueLookup
    used: set[str] = field(default_factory=set)
    errors: list[tuple[Path, str]] = field(default_factory=list)

    def value(self, path: str, where: Path) -> Any:
        try:
            value = self.lookup(path)
        except Exception:
            self.errors.append((where, f"未知的政策路径 {path}"))
            return None
        if not _is_plain(value):
            self.errors.append((where, f"政策路径 {path} 不是单个值或值的列表"))
            return None
        self.used.add(path)
        return value


def _is_plain(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(isinstance(v, str | int | float | bool) for v in value)
    return isinstance(value, str | int | float | bool)


def format_value(value: Any) -> str:
    """Text form of a policy value: lists joined with 、, whole floats without .0."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return "、".join(format_value(v) for v in value)
    return str(value)


def render_text(text: str, ctx: RenderContext, where: Path) -> str:
    """Replace every ``{{ path }}``; a stray ``{{`` or ``}}`` is an error."""

    def replace(match: re.Match[str]) -> str:
        value = ctx.value(match.group(1), where)
        return "" if value is None else format_value(value)

    rendered = PLACEHOLDER.sub(replace, text)
    leftover = PLACEHOLDER.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        ctx.errors.append((where, "占位符格式错误，应为 {{ 政策路径 }}"))
    return rendered


def resolve(data: Any, ctx: RenderContext, where: Path = ()) -> Any:
    """Render placeholders in every string and replace ``{policy: path}`` mappings.

    ``{policy: p}`` alone becomes the value itself; with other entries (e.g. a numeric
    key's ``tolerance``) the ``policy`` entry is replaced by ``value``.
    """
    if isinstance(data, str):
        return render_text(data, ctx, where)
    if isinstance(data, list):
        return [resolve(v, ctx, (*where, i)) for i, v in enumerate(data)]
    if isinstance(data, dict):
        if "policy" in data and isinstance(data["policy"], str):
            value = ctx.value(data["policy"], (*where, "policy"))
            rest = {k: resolve(v, ctx, (*where, k)) for k, v in data.items() if k != "policy"}
            return value if not rest else {"value": value, **rest}
        return {k: resolve(v, ctx, (*where, k)) for k, v in data.items()}
    return data
