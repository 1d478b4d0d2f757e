"""``kefu bank check`` and ``kefu bank stats`` on the real bank and on broken banks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from exam_api.bank.cli import bank_app, question_to_yaml_data
from exam_api.bank.loader import AREAS, DEFAULT_BANK_DIR, load_bank_with_policy
from exam_api.bank.models import QUESTION_TYPES
from exam_api.cli import app

runner = CliRunner()

BROKEN = """\
area: leave
questions:
  - id: leave-001
    type: single_choice
    stem: 题干
    options: [{id: a, text: 甲}, {id: b, text: 乙}]
    key: c
    ref: leave-personal
    explanation: 解析
  - id: leave-002
    type: numeric
    stem: 题干
    key: {policy: swap.quota.nope}
    ref: no-such-rule
    explanation: 解析
"""


def test_check_passes_on_the_real_bank() -> None:
    result = runner.invoke(bank_app, ["check"])
    assert result.exit_code == 0, result.output
    assert "题库检查通过" in result.output


def test_root_app_has_the_bank_commands() -> None:
    result = runner.invoke(app, ["bank", "--help"])
    assert result.exit_code == 0
    for command in ("check", "stats", "export", "import"):
        assert command in result.output


def test_check_prints_every_error_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "leave.yaml").write_text(BROKEN, encoding="utf-8")
    result = runner.invoke(bank_app, ["check", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    name = f"{tmp_path.name}/leave.yaml"
    assert f"{name}:7 [leave-001] key: 答案 c 不在选项中" in result.output
    assert f"{name}:13 [leave-002] 未知的政策路径 swap.quota.nope" in result.output
    assert f"{name}:14 [leave-002] ref: 未知的规则编号 no-such-rule" in result.output
    assert "共 3 处错误" in result.output


def test_strict_check_fails_on_shortfalls(tmp_path: Path) -> None:
    good = BROKEN.split("  - id: leave-002")[0].replace("key: c", "key: a")
    (tmp_path / "leave.yaml").write_text(good, encoding="utf-8")
    assert runner.invoke(bank_app, ["check", "--dir", str(tmp_path)]).exit_code == 0
    result = runner.invoke(bank_app, ["check", "--dir", str(tmp_path), "--strict"])
    assert result.exit_code == 1
    assert "题目总数 1，至少需要 240" in result.output
    assert "条规则还没有题目" in result.output


def test_stats_json_counts_the_real_bank() -> None:
    result = runner.invoke(bank_app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert set(stats) == {"total", "by_type", "by_area", "by_difficulty"}
    bank = load_bank_with_policy(DEFAULT_BANK_DIR)
    assert stats["total"] == len(bank)
    assert list(stats["by_type"]) == list(QUESTION_TYPES)
    assert list(stats["by_area"])[: len(AREAS)] == list(AREAS)
    assert sum(stats["by_type"].values()) == sum(stats["by_area"].values()) == stats["total"]
    assert sum(stats["by_difficulty"].values()) == stats["total"]


def test_stats_text_output() -> None:
    result = runner.invoke(bank_app, ["stats"])
    assert result.exit_code == 0 and "题型" in result.output


def test_unknown_export_format_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(bank_app, ["export", "--format", "docx", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2


def test_question_yaml_data_round_trips_through_the_loader(tmp_path: Path) -> None:
    bank = load_bank_with_policy(DEFAULT_BANK_DIR)
    by_area: dict[str, list[dict[str, object]]] = {}
    for question in bank.questions:
        data = question_to_yaml_data(question)
        assert "area" not in data and "derived" not in data
        by_area.setdefault(question.area or "", []).append(data)
    for area, items in by_area.items():
        text = yaml.safe_dump({"area": area, "questions": items}, allow_unicode=True)
        (tmp_path / f"{area}.yaml").write_text(text, encoding="utf-8")
    again = load_bank_with_policy(tmp_path)
    strip = {"derived"}
    before = {q.id: q.model_dump(exclude=strip) for q in bank.questions}
    assert {q.id: q.model_dump(exclude=strip) for q in again.questions} == before


GIFT_SAMPLE = """\
::Q1:: 每人每月最多换班几次？ {#2}

::Q2:: 客服可以对客户说“不知道”。 {F}

::Q3:: 请选择服务禁忌语 {=不行 ~您好 ~谢谢}
"""


def test_export_then_import_json_gives_the_same_questions(tmp_path: Path) -> None:
    out = tmp_path / "out" / "bank.json"
    result = runner.invoke(bank_app, ["export", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "已导出" in result.output
    result = runner.invoke(
        bank_app, ["import", str(out), "--format", "json", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.stdout)
    bank = load_bank_with_policy(DEFAULT_BANK_DIR)
    assert [q["id"] for q in parsed] == [q.id for q in bank.questions]
    assert {q["type"] for q in parsed} <= set(QUESTION_TYPES)


def test_import_writes_a_reviewable_bank_file(tmp_path: Path) -> None:
    source = tmp_path / "bank.json"
    assert runner.invoke(bank_app, ["export", "--format", "json", "-o", str(source)]).exit_code == 0
    target = tmp_path / "draft" / "leave.yaml"
    result = runner.invoke(bank_app, ["import", str(source), "--format", "json", "-o", str(target)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(bank_app, ["check", "--dir", str(target.parent)])
    assert check.exit_code == 0, check.output


def test_import_without_output_or_dry_run_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bank.json"
    assert runner.invoke(bank_app, ["export", "--format", "json", "-o", str(source)]).exit_code == 0
    result = runner.invoke(bank_app, ["import", str(source), "--format", "json"])
    assert result.exit_code == 1 and "请用 -o" in result.output


def test_import_gift_dry_run_json(tmp_path: Path) -> None:
    source = tmp_path / "sample.gift"
    source.write_text(GIFT_SAMPLE, encoding="utf-8")
    result = runner.invoke(
        bank_app, ["import", str(source), "--format", "gift", "--dry-run", "--json"]
    )
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.stdout)
    assert [q["type"] for q in parsed] == ["numeric", "true_false", "single_choice"]


def test_import_of_a_broken_file_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gift"
    broken.write_text("::Q1:: 题干 {=甲 ~乙\n", encoding="utf-8")
    result = runner.invoke(bank_app, ["import", str(broken), "--format", "gift", "--dry-run"])
    assert result.exit_code == 1
    assert "无法导入" in result.output


def test_a_broken_policy_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "policy.yaml"
    broken.write_text("policy_version: [\n", encoding="utf-8")
    monkeypatch.setenv("KEFU_POLICY_PATH", str(broken))
    result = runner.invoke(bank_app, ["check"])
    assert result.exit_code == 1 and "策略文件有误" in result.output
