"""Etiquette checker: positions, rule ids, better wording, frame checks and score."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.bank.etiquette import EtiquetteRules, check_reply, policy_rules

DEPARTMENT_RULES = policy_rules()
GOOD_REPLY = (
    "您好，您的提现申请已受理，我帮您查询一下进度，稍后给您答复。感谢您的耐心，祝您生活快乐！"
)


def test_a_good_reply_scores_100(etiquette_rules: EtiquetteRules) -> None:
    report = check_reply(GOOD_REPLY, etiquette_rules)
    assert report.findings == ()
    assert report.score == 100 and report.has_greeting and report.has_closing


@pytest.mark.parametrize(
    ("reply", "kind", "text", "rule"),
    [
        ("您好，这个不行。谢谢", "forbidden", "不行", "phrases-forbidden"),
        ("您好，我不知道。谢谢", "forbidden", "不知道", "phrases-forbidden"),
        ("您好，现在不可以提现。谢谢", "forbidden", "不可以", "phrases-forbidden"),
        ("您好，肯定今天到账。谢谢", "absolute", "肯定", "phrases-absolute"),
        ("您好，我保证没问题。谢谢", "absolute", "保证", "phrases-absolute"),
        ("您好，绝对安全。谢谢", "absolute", "绝对", "phrases-absolute"),
        ("您好，这不是我应该做的。谢谢", "negative", "这不是我应该做的", "phrases-negative"),
        ("您好，你的款项已到账。谢谢", "address", "你", "phrases-address"),
    ],
)
def test_findings_have_position_rule_and_better_wording(
    etiquette_rules: EtiquetteRules, reply: str, kind: str, text: str, rule: str
) -> None:
    report = check_reply(reply, etiquette_rules)
    assert len(report.findings) == 1, report.findings
    finding = report.findings[0]
    assert (finding.kind, finding.text, finding.rule) == (kind, text, rule)
    assert finding.start is not None and finding.end is not None
    assert reply[finding.start : finding.end] == text
    assert finding.better and finding.message


@pytest.mark.parametrize(
    "reply",
    [
        "您好，股东不行使表决权的情况我帮您记录。谢谢",
        "您好，您看这样行不行？谢谢",
        "您好，可不可以留一个电话？谢谢",
        "您好，风险保证金由平台提取。谢谢",
        "您好，这是绝对值的计算。谢谢",
        "您好，你们公司的联系人是哪位？谢谢",
    ],
)
def test_no_false_positives_in_compound_words(etiquette_rules: EtiquetteRules, reply: str) -> None:
    assert check_reply(reply, etiquette_rules).findings == ()


def test_missing_greeting_and_closing(etiquette_rules: EtiquetteRules) -> None:
    report = check_reply("提现已经到账了。", etiquette_rules)
    kinds = [f.kind for f in report.findings]
    assert kinds == ["greeting", "closing"]
    assert report.findings[0].rule == "phrases-phone-opening"
    assert report.findings[1].rule == "phrases-closing"
    assert report.findings[0].start is None
    assert report.score == 80 and not report.has_greeting and not report.has_closing


def test_greeting_must_be_near_the_start_and_closing_near_the_end(
    etiquette_rules: EtiquetteRules,
) -> None:
    late_greeting = "关于您上周提交的那一笔提现申请的情况，您好。" + "款项已处理。" * 8 + "谢谢"
    early_thanks = "您好，谢谢您的来电。" + "您的款项正在处理中。" * 5
    assert not check_reply(late_greeting, etiquette_rules).has_greeting
    assert not check_reply(early_thanks, etiquette_rules).has_closing
    assert check_reply("  王先生，您好！款项已到账，祝您生活快乐！", etiquette_rules).score == 100


def test_several_findings_are_ordered_and_counted(etiquette_rules: EtiquetteRules) -> None:
    reply = "你好，你这个不行，我保证。"
    report = check_reply(reply, etiquette_rules)
    located = [(f.kind, f.start) for f in report.findings if f.start is not None]
    assert located == [("address", 0), ("address", 3), ("forbidden", 6), ("absolute", 10)]
    assert report.address_count == 2
    # 2×5 (你) + 15 (不行) + 10 (保证) + 10 (greeting) + 10 (closing) deducted
    assert report.score == 100 - 55


def test_score_never_below_zero(etiquette_rules: EtiquetteRules) -> None:
    assert check_reply("不行！" * 20, etiquette_rules).score == 0


@given(st.text(max_size=60))
def test_any_text_gives_a_consistent_report(text: str) -> None:
    report = check_reply(text, DEPARTMENT_RULES)
    assert 0 <= report.score <= 100
    for finding in report.findings:
        if finding.start is not None:
            assert text[finding.start : finding.end] == finding.text


def test_rules_come_from_the_department_policy() -> None:
    rules = policy_rules()
    words = {p.phrase: p for p in rules.phrases}
    assert {"不行", "不知道", "不可以", "肯定", "保证", "绝对"} <= set(words)
    assert words["不行"].rule == "phrases-forbidden"
    assert "您好" in rules.greetings and rules.avoid_address == "你"
    assert check_reply(GOOD_REPLY, rules).score == 100
