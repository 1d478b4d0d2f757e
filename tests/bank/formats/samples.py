"""One or more questions of every type, with Chinese text and characters GIFT escapes."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from exam_api.bank.models import Question

ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
TRICKY = "{括号} 冒号: 井号# 等号= 波浪~ 反斜杠\\ [方括号] %50% -> 箭头"


def _opts(*texts: str) -> list[dict[str, str]]:
    return [{"id": "abcdefgh"[i], "text": t} for i, t in enumerate(texts)]


RAW: list[dict[str, Any]] = [
    {
        "id": "leave-001",
        "type": "single_choice",
        "stem": f"事假最迟何时提交？{TRICKY}",
        "options": _opts("休假当天", "%50%前一个日历日", "[html]提前一个月"),
        "key": "b",
        "points": 2,
        "difficulty": 1,
        "tags": ["事假", "时限]"],
        "ref": "leave-personal",
        "explanation": "事假须提前一个日历日。\n\n第二段：由主管审批。",
        "area": "leave",
        "derived": ["leave.personal.notice_days"],
    },
    {
        "id": "leave-002",
        "type": "multiple_choice",
        "stem": "哪些属于长假的要求？",
        "options": _opts("提前 7 天", "主管审核", "总监批准", "口头申请即可"),
        "key": ["a", "b", "c"],
        "area": "leave",
    },
    {
        "id": "swap-001",
        "type": "true_false",
        "stem": "同事本月第三次换班，可以批准。",
        "key": False,
        "explanation": "每月最多两次。",
        "difficulty": 3,
        "area": "duty",
    },
    {"id": "swap-002", "type": "true_false", "stem": "换班需双方交待清楚。", "key": True},
    {
        "id": "duty-001",
        "type": "fill_blank",
        "stem": "客户来电由第一位接听者负责，称为_____制。",
        "key": ["首问负责", "首问责任"],
        "tags": ["首问"],
    },
    {
        "id": "duty-002",
        "type": "fill_blank",
        "stem": "填写缩写（英文）：",
        "key": ["KPI", "k.p.i:#"],
    },
    {
        "id": "kpi-001",
        "type": "numeric",
        "stem": "优秀的分数线是多少？",
        "key": {"value": 80},
        "unit": "分",
        "points": 1.5,
    },
    {
        "id": "kpi-002",
        "type": "numeric",
        "stem": "π 约等于？",
        "key": {"value": -3.1415, "tolerance": 0.0005},
    },
    {
        "id": "complaints-001",
        "type": "ordering",
        "stem": "把投诉处理步骤排序：",
        "options": _opts("倾听", "道歉 = 表态", "记录#编号", "解决: 方案", "回访 ~ 确认", "总结"),
        "key": ["a", "b", "c", "d", "e", "f"],
    },
    {
        "id": "complaints-002",
        "type": "ordering",
        "stem": "排序（选项乱序）",
        "options": _opts("第三步", "第一步", "第二步"),
        "key": ["b", "c", "a"],
    },
    {
        "id": "customers-001",
        "type": "matching",
        "stem": "投资人类型与对待方式配对",
        "prompts": [
            {"id": "p1", "text": "保守型"},
            {"id": "p2", "text": "激进型: 高收益"},
            {"id": "p3", "text": "新手"},
        ],
        "options": _opts("耐心讲解", "提示风险 {重点}", "稳健产品", "不予理睬"),
        "key": {"p1": "c", "p2": "b", "p3": "a"},
    },
    {
        "id": "customers-002",
        "type": "matching",
        "stem": "同一答案可配多项",
        "prompts": [{"id": "q1", "text": "甲"}, {"id": "q2", "text": "乙"}],
        "options": [{"id": "x", "text": "对"}, {"id": "y", "text": "错"}],
        "key": {"q1": "x", "q2": "x"},
    },
    {
        "id": "phrases-001",
        "type": "essay",
        "stem": "客户因提现延迟发火，请写出你的答复。",
        "rubric": [{"points": 3, "text": "问候与致歉"}, {"points": 2, "text": "说明原因 {时限}"}],
        "reference_answer": "您好，非常抱歉……",
        "etiquette": True,
        "points": 5,
    },
    {"id": "phrases-002", "type": "essay", "stem": "简述首问负责制。"},
]
QUESTIONS: list[Question] = [ADAPTER.validate_python(d) for d in RAW]
