"""Our own metadata carried beside Moodle's fields, and ids for imported questions.

Moodle has no field for a question's difficulty, rule reference (``ref``), policy paths,
essay rubric or our option ids. GIFT carries them in one comment line
``// kefu: {...}`` and Moodle XML in a comment ``<!-- kefu: {...} -->`` inside the
question: Moodle ignores both, our importer reads them back, so a round trip is exact.
"""

from __future__ import annotations

import json
import re
from typing import Any

from exam_api.bank.models import Essay, Matching, Numeric, Ordering

META_PREFIX = "kefu:"
QUESTION_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
META_KEYS = frozenset(
    {
        "points",
        "difficulty",
        "ref",
        "derived",
        "unit",
        "rubric",
        "reference_answer",
        "etiquette",
        "option_ids",
        "prompt_ids",
        "option_order",
    }
)


def option_ids(count: int) -> list[str]:
    """Default option ids: a … z, then o27, o28 …"""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [letters[i] if i < 26 else f"o{i + 1}" for i in range(count)]


def prompt_ids(count: int) -> list[str]:
    return [f"p{i + 1}" for i in range(count)]


def encode(meta: dict[str, Any]) -> str:
    return META_PREFIX + " " + json.dumps(meta, ensure_ascii=False, sort_keys=True)


def decode(comment: str) -> dict[str, Any] | None:
    """The metadata in a comment body (text after ``//`` or inside ``<!-- -->``), if any."""
    body = comment.strip()
    if not body.startswith(META_PREFIX):
        return None
    try:
        data = json.loads(body[len(META_PREFIX) :])
    except json.JSONDecodeError as exc:
        raise ValueError(f"kefu 元数据不是合法的 JSON：{exc.msg}") from exc
    if not isinstance(data, dict):
        raise ValueError("kefu 元数据必须是一个 JSON 对象")
    unknown = sorted(set(data) - META_KEYS)
    if unknown:
        raise ValueError(f"kefu 元数据有未知字段：{', '.join(unknown)}")
    return data


def meta_for(question: Any, native: frozenset[str], file_option_ids: list[str]) -> dict[str, Any]:
    """Fields of ``question`` the format cannot hold natively (defaults left out)."""
    meta: dict[str, Any] = {}
    if "points" not in native and question.points != 1.0:
        meta["points"] = question.points
    if question.difficulty != 2:
        meta["difficulty"] = question.difficulty
    if question.ref:
        meta["ref"] = question.ref
    if question.derived:
        meta["derived"] = list(question.derived)
    if isinstance(question, Numeric) and question.unit and "unit" not in native:
        meta["unit"] = question.unit
    if isinstance(question, Essay):
        _essay_meta(question, native, meta)
    if file_option_ids and file_option_ids != option_ids(len(file_option_ids)):
        meta["option_ids"] = file_option_ids
    if isinstance(question, Matching):
        ids = [p.id for p in question.prompts]
        if ids != prompt_ids(len(ids)):
            meta["prompt_ids"] = ids
    if isinstance(question, Ordering | Matching):
        order = question.option_ids()
        if order != file_option_ids:
            meta["option_order"] = order
    return meta


def _essay_meta(question: Essay, native: frozenset[str], meta: dict[str, Any]) -> None:
    if question.rubric:
        meta["rubric"] = [r.model_dump() for r in question.rubric]
    if question.etiquette:
        meta["etiquette"] = True
    if question.reference_answer and "reference_answer" not in native:
        meta["reference_answer"] = question.reference_answer


def apply(data: dict[str, Any], meta: dict[str, Any]) -> None:
    """Apply decoded metadata to the draft ``data`` of a question being imported."""
    for key in ("points", "difficulty", "ref", "derived", "unit", "rubric", "etiquette"):
        if key in meta:
            data[key] = meta[key]
    if "reference_answer" in meta:
        data["reference_answer"] = meta["reference_answer"]
    if "option_ids" in meta:
        _rename(data, "options", meta["option_ids"])
    if "prompt_ids" in meta:
        _rename(data, "prompts", meta["prompt_ids"])
    if "option_order" in meta:
        _reorder(data, meta["option_order"])


def _rename(data: dict[str, Any], field: str, new_ids: Any) -> None:
    items = data.get(field)
    if not isinstance(items, list) or not isinstance(new_ids, list) or len(new_ids) != len(items):
        raise ValueError(f"kefu 元数据中的编号个数与{_FIELD_NAMES[field]}个数不一致")
    mapping = {item["id"]: str(new) for item, new in zip(items, new_ids, strict=True)}
    for item in items:
        item["id"] = mapping[item["id"]]
    key = data.get("key")
    if field == "options" and isinstance(key, str):
        data["key"] = mapping.get(key, key)
    elif field == "options" and isinstance(key, list):
        data["key"] = [mapping.get(k, k) for k in key]
    elif isinstance(key, dict):
        if field == "prompts":
            data["key"] = {mapping.get(k, k): v for k, v in key.items()}
        else:
            data["key"] = {k: mapping.get(v, v) for k, v in key.items()}


_FIELD_NAMES = {"options": "选项", "prompts": "题干项"}


def _reorder(data: dict[str, Any], order: Any) -> None:
    options = data.get("options") or []
    by_id = {o["id"]: o for o in options}
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(by_id):
        raise ValueError("kefu 元数据中的选项顺序与选项不一致")
    data["options"] = [by_id[str(i)] for i in order]


def assign_ids(candidates: list[tuple[int, str]], prefix: str) -> tuple[list[str], list[str]]:
    """Question ids: a valid, unique Moodle idnumber, else ``<prefix>-<nnn>`` (nnn = position).

    ``candidates`` holds (position in the file, idnumber or "") per imported question.
    """
    warnings: list[str] = []
    taken: set[str] = set()
    explicit: list[str | None] = []
    for pos, cand in candidates:
        if cand and QUESTION_ID.match(cand) and len(cand) <= 64 and cand not in taken:
            explicit.append(cand)
            taken.add(cand)
            continue
        if cand:
            warnings.append(
                f"第 {pos} 题的 idnumber「{cand}」不能作为题目编号（重复或格式不符），已自动编号"
            )
        explicit.append(None)
    result: list[str] = []
    for (pos, _), given in zip(candidates, explicit, strict=True):
        if given is None:
            given, n = f"{prefix}-{pos:03d}", 1
            while given in taken:
                n += 1
                given = f"{prefix}-{pos:03d}-{n}"
            taken.add(given)
        result.append(given)
    return result, warnings
