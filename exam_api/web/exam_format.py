"""Answers and keys of exam questions in words (option ids → option texts)."""

from __future__ import annotations

from typing import Any

from exam_api.bank.models import TraineeQuestion

TRUE_FALSE = {True: "正确", False: "错误"}
TYPE_LABELS = {
    "single_choice": "单选题",
    "multiple_choice": "多选题",
    "true_false": "判断题",
    "fill_blank": "填空题",
    "numeric": "数值题",
    "ordering": "排序题",
    "matching": "匹配题",
    "essay": "简答题",
}


def _texts(question: TraineeQuestion) -> dict[str, str]:
    return {option.id: option.text for option in question.options}


def _numeric(value: Any, unit: str) -> str:
    if isinstance(value, dict):
        number = value.get("value")
        tolerance = value.get("tolerance") or 0
        text = f"{number:g}" if isinstance(number, int | float) else str(number)
        return f"{text}{unit}" + (f"（允许误差 ±{tolerance:g}）" if tolerance else "")
    return f"{value}{unit}"


def describe(question: TraineeQuestion, value: Any) -> str:
    """A trainee's answer or a key, as a reader sees it; empty answers read 未作答."""
    if value is None or value == "" or value == [] or value == {}:
        return "未作答"
    texts = _texts(question)
    kind = question.type
    if kind == "single_choice":
        return texts.get(str(value), str(value))
    if kind == "multiple_choice":
        return "；".join(texts.get(str(v), str(v)) for v in value)
    if kind == "true_false":
        return TRUE_FALSE.get(value, str(value)) if isinstance(value, bool) else str(value)
    if kind == "ordering":
        return " → ".join(texts.get(str(v), str(v)) for v in value)
    if kind == "matching" and isinstance(value, dict):
        prompts = {prompt.id: prompt.text for prompt in question.prompts}
        return "；".join(
            f"{prompts.get(p, p)} → {texts.get(str(o), '未选') if o else '未选'}"
            for p, o in value.items()
        )
    if kind == "fill_blank" and isinstance(value, list):
        return " / ".join(str(v) for v in value)
    if kind == "numeric":
        return _numeric(value, question.unit)
    return str(value)


def ordered_options(question: TraineeQuestion, answer: Any) -> list[Any]:
    """Ordering questions: the items in the trainee's saved order (else as shown)."""
    if question.type != "ordering" or not isinstance(answer, list):
        return list(question.options)
    by_id = {option.id: option for option in question.options}
    chosen = [by_id[i] for i in answer if i in by_id]
    return chosen + [o for o in question.options if o.id not in answer]
