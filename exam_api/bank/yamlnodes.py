"""YAML parsing that keeps line numbers: compose nodes, convert them, locate a path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's C parser when available (about 10x faster); both keep line marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(ValueError):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(f"重复的字段 {key}")
        self.line = line


def compose(text: str) -> Node | None:
    """Parse YAML text into a node tree (raises ``yaml.YAMLError`` with a mark)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def to_python(node: Node) -> Any:
    """Convert a node tree to plain data; duplicate mapping keys are an error."""
    constructor = yaml.SafeLoader("")
    try:
        return _convert(node, constructor)
    finally:
        constructor.dispose()


def _convert(node: Node, constructor: yaml.SafeLoader) -> Any:
    if isinstance(node, ScalarNode):
        return constructor.construct_object(node, deep=True)
    if isinstance(node, SequenceNode):
        return [_convert(child, constructor) for child in node.value]
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, constructor)
            if not isinstance(key, str | int | float | bool):
                raise DuplicateKeyError(str(key), line_of(key_node))
            if key in result:
                raise DuplicateKeyError(str(key), line_of(key_node))
            result[key] = _convert(value_node, constructor)
        return result
    raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover


def line_of(node: Node) -> int:
    """1-based line number of a node."""
    return int(node.start_mark.line) + 1


def child(node: Node, part: str | int) -> Node | None:
    """The value node under a mapping key or sequence index, if any."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == str(part):
                return value_node
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def locate(node: Node, path: Sequence[str | int]) -> int:
    """Line of the deepest node found along ``path`` below ``node``."""
    current = node
    for part in path:
        found = child(current, part)
        if found is None:
            break
        current = found
    return line_of(current)
