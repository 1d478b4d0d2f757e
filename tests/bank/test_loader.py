"""Loading and validating bank files: every error names file, line and question id."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from exam_api.bank.errors import BankLoadError
from exam_api.bank.loader import AREAS, BankContext, load_bank, load_texts
from exam_api.bank.models import FillBlank, Numeric, SingleChoice
from tests.bank.conftest import FAKE_POLICY, RULES, fake_lookup

GOOD = """\
area: leave
questions:
  - id: leave-001
    type: single_choice
    stem: 事假最迟应在什么时候提交？
    options:
      - {id: a, text: 当天}
      - {id: b, text: "提前 {{ leave.personal.notice_days }} 天"}
    key: b
    ref: leave-personal
    explanation: "事假须提前 {{ leave.personal.notice_days }} 天提交。"
  - id: leave-002
    type: numeric
    stem: 每月最多换班几次？
    key: {policy: swap.quota.max_per_month}
    unit: 次
    ref: swap-quota
    explanation: 见换班制度。
  - id: leave-003
    type: fill_blank
    stem: 长假至少提前几天申请？
    key: [{policy: leave.long.notice_days}, "{{ leave.long.notice_days }}天"]
    ref: leave-long
    explanation: 见长假制度。
"""


def _issues(text: str, ctx: BankContext, name: str = "question_bank/leave.yaml") -> list[str]:
    with pytest.raises(BankLoadError) as info:
        load_texts([(name, text)], ctx)
    assert info.value.code == "bank_invalid"
    return [str(i) for i in info.value.issues]


def _question(body: str) -> str:
    return "area: leave\nquestions:\n" + textwrap.indent(textwrap.dedent(body), "  ")


def test_good_file_loads_and_resolves_policy_values(ctx: BankContext) -> None:
    bank = load_texts([("question_bank/leave.yaml", GOOD)], ctx)
    assert len(bank) == 3
    q1, q2, q3 = bank.questions
    assert isinstance(q1, SingleChoice) and q1.options[1].text == "提前 1 天"
    assert q1.explanation == "事假须提前 1 天提交。"
    assert q1.derived == ("leave.personal.notice_days",) and q1.area == "leave"
    assert isinstance(q2, Numeric) and q2.key.value == 2 and q2.key.tolerance == 0
    assert isinstance(q3, FillBlank) and q3.key == ("7", "7天")
    assert bank.get("leave-002") is q2 and bank.get("nope") is None
    assert bank.locations["leave-002"] == ("question_bank/leave.yaml", 12)


def test_changing_the_policy_changes_the_key() -> None:
    changed = {**FAKE_POLICY, "swap": {"quota": {"max_per_month": 3}}}
    bank = load_texts(
        [("question_bank/leave.yaml", GOOD)], BankContext(fake_lookup(changed), RULES)
    )
    q2 = bank.get("leave-002")
    assert isinstance(q2, Numeric) and q2.key.value == 3


def test_source_never_repeats_the_number() -> None:
    assert "max_per_month: 2" not in GOOD and "2 次" not in GOOD


CHOICE = """\
- id: leave-009
  type: single_choice
  stem: 题干
  options: [{id: a, text: 甲}, {id: b, text: 乙}]
  key: {key}
  ref: {ref}
  explanation: 解析
"""

CASES = [
    # (name, item yaml, expected fragment of the single issue)
    (
        "key not among options",
        CHOICE.replace("{key}", "c").replace("{ref}", "leave-personal"),
        "leave.yaml:7 [leave-009] key: 答案 c 不在选项中",
    ),
    (
        "unknown ref",
        CHOICE.replace("{key}", "a").replace("{ref}", "leave-nope"),
        "leave.yaml:8 [leave-009] ref: 未知的规则编号 leave-nope",
    ),
    (
        "missing ref",
        "- id: leave-009\n  type: true_false\n  stem: s\n  key: true\n  explanation: e\n",
        "leave.yaml:3 [leave-009] 缺少 ref",
    ),
    (
        "missing explanation",
        "- id: leave-009\n  type: true_false\n  stem: s\n  key: true\n  ref: leave-long\n",
        "leave.yaml:3 [leave-009] 缺少 explanation",
    ),
    (
        "unknown type",
        "- id: leave-009\n  type: essayx\n  stem: s\n  ref: leave-long\n  explanation: e\n",
        "leave.yaml:3 [leave-009] 未知的题型 essayx",
    ),
    (
        "unknown field",
        "- id: leave-009\n  type: true_false\n  stem: s\n  key: true\n"
        "  ref: leave-long\n  explanation: e\n  colour: red\n",
        "leave.yaml:9 [leave-009] colour: 不认识的字段",
    ),
    (
        "missing key",
        "- id: leave-009\n  type: true_false\n  stem: s\n  ref: leave-long\n  explanation: e\n",
        "leave.yaml:3 [leave-009] key: 缺少必填字段",
    ),
    (
        "bad difficulty",
        "- id: leave-009\n  type: true_false\n  stem: s\n  key: true\n"
        "  difficulty: 5\n  ref: leave-long\n  explanation: e\n",
        "leave.yaml:7 [leave-009] difficulty: 取值必须是",
    ),
    (
        "unknown policy path in text",
        "- id: leave-009\n  type: true_false\n"
        '  stem: "{{ swap.quota.nope }} 次"\n  key: true\n  ref: leave-long\n  explanation: e\n',
        "leave.yaml:5 [leave-009] 未知的政策路径 swap.quota.nope",
    ),
    (
        "unknown policy path as key",
        "- id: leave-009\n  type: numeric\n  stem: s\n"
        "  key: {policy: swap.nope}\n  ref: leave-long\n  explanation: e\n",
        "leave.yaml:6 [leave-009] 未知的政策路径 swap.nope",
    ),
    (
        "path to a mapping",
        "- id: leave-009\n  type: numeric\n  stem: s\n"
        "  key: {policy: swap.quota}\n  ref: leave-long\n  explanation: e\n",
        "不是单个值或值的列表",
    ),
    (
        "bad placeholder",
        '- id: leave-009\n  type: true_false\n  stem: "{{ a b }}"\n'
        "  key: true\n  ref: leave-long\n  explanation: e\n",
        "占位符格式错误",
    ),
    (
        "duplicate option id",
        "- id: leave-009\n  type: single_choice\n  stem: s\n"
        "  options: [{id: a, text: x}, {id: a, text: y}]\n  key: a\n  ref: leave-long\n"
        "  explanation: e\n",
        "leave.yaml:6 [leave-009] options: 编号重复：a",
    ),
    (
        "ordering not a permutation",
        "- id: leave-009\n  type: ordering\n  stem: s\n"
        "  options: [{id: a, text: x}, {id: b, text: y}]\n  key: [a, a]\n  ref: leave-long\n"
        "  explanation: e\n",
        "key: 答案必须恰好把每个项目排列一次",
    ),
    (
        "matching answer unknown",
        "- id: leave-009\n  type: matching\n  stem: s\n"
        "  prompts: [{id: p1, text: x}, {id: p2, text: y}]\n"
        "  options: [{id: a, text: x}, {id: b, text: y}]\n  key: {p1: a, p2: z}\n"
        "  ref: leave-long\n  explanation: e\n",
        "key: 答案 z 不在选项中",
    ),
    (
        "multiple choice key unknown",
        "- id: leave-009\n  type: multiple_choice\n  stem: s\n"
        "  options: [{id: a, text: x}, {id: b, text: y}]\n  key: [a, q]\n  ref: leave-long\n"
        "  explanation: e\n",
        "key: 答案 q 不在选项中",
    ),
    (
        "engine field in file",
        "- id: leave-009\n  type: true_false\n  stem: s\n  key: true\n"
        "  area: kpi\n  ref: leave-long\n  explanation: e\n",
        "area: 由加载程序设定",
    ),
    (
        "duplicate yaml key",
        "- id: leave-009\n  type: true_false\n  stem: s\n  stem: t\n",
        "leave.yaml:6 重复的字段 stem",
    ),
    (
        "bad id",
        "- id: Leave_9\n  type: true_false\n  stem: s\n  key: true\n  ref: leave-long\n"
        "  explanation: e\n",
        "[Leave_9] id: 格式不对",
    ),
    ("item not a mapping", "- just text\n", "leave.yaml:3 每道题必须是一个映射"),
]


@pytest.mark.parametrize(("item", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_error_names_file_line_and_id(ctx: BankContext, item: str, expected: str) -> None:
    issues = _issues(_question(item), ctx)
    assert len(issues) == 1, issues
    assert expected in issues[0]
    assert issues[0].startswith("question_bank/leave.yaml:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("area: leave\nquestions: [\n", "leave.yaml:3 YAML 语法错误"),
        ("- a\n", "leave.yaml:1 文件顶层必须是映射"),
        ("area: kpi\nquestions: []\n", "area 必须与文件名一致：leave"),
        ("area: leave\nquestions: {}\n", "questions 必须是题目列表"),
        ("area: leave\nquestions: []\nextra: 1\n", "leave.yaml:3 不认识的顶层字段 extra"),
    ],
)
def test_file_level_errors(ctx: BankContext, text: str, expected: str) -> None:
    issues = _issues(text, ctx)
    assert any(expected in i for i in issues), issues


def test_unknown_area_file(ctx: BankContext) -> None:
    issues = _issues("area: lunch\nquestions: []\n", ctx, "question_bank/lunch.yaml")
    assert issues == ["question_bank/lunch.yaml:1 未知的手册页面 lunch"]


def test_duplicate_ids_across_files_and_whole_bank_refused(ctx: BankContext) -> None:
    other = GOOD.replace("area: leave", "area: kpi").replace("leave-002", "kpi-001")
    with pytest.raises(BankLoadError) as info:
        load_texts([("qb/leave.yaml", GOOD), ("qb/kpi.yaml", other)], ctx)
    issues = [str(i) for i in info.value.issues]
    assert issues == [
        "qb/kpi.yaml:3 [leave-001] 题目编号重复（已见于 qb/leave.yaml:3）",
        "qb/kpi.yaml:19 [leave-003] 题目编号重复（已见于 qb/leave.yaml:19）",
    ]
    assert "题库有 2 处错误" in info.value.detail


def test_all_errors_reported_together(ctx: BankContext) -> None:
    text = GOOD.replace("key: b", "key: z").replace("ref: leave-long", "ref: x")
    issues = _issues(text, ctx)
    assert [i.split(" ")[0] for i in issues] == [
        "question_bank/leave.yaml:9",
        "question_bank/leave.yaml:23",
    ]


def test_load_bank_reads_a_directory(ctx: BankContext, tmp_path: Path) -> None:
    (tmp_path / "leave.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("not yaml", encoding="utf-8")
    bank = load_bank(ctx, tmp_path)
    assert [q.id for q in bank.questions] == ["leave-001", "leave-002", "leave-003"]
    assert bank.locations["leave-001"][0] == f"{tmp_path.name}/leave.yaml"


def test_areas_are_the_handbook_pages() -> None:
    assert len(AREAS) == 17 and "onboarding" in AREAS
