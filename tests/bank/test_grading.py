"""Grading per type, following shared/DECISIONS.md (table-driven and property tests)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.bank.errors import BankError
from exam_api.bank.grading import GradingSettings, check_answer, grade, normalise
from exam_api.bank.models import Question
from tests.bank import factories as f

PARTIAL = GradingSettings(multiple_choice="partial", ordering="partial", matching="partial")
ALL = GradingSettings()

CASES: list[tuple[str, Question, Any, GradingSettings, float]] = [
    ("single right", f.single("b"), "b", ALL, 1.0),
    ("single wrong", f.single("b"), "a", ALL, 0.0),
    ("multi exact", f.multiple(("a", "c")), ["c", "a"], ALL, 1.0),
    ("multi duplicate choices", f.multiple(("a", "c")), ["a", "c", "a"], ALL, 1.0),
    ("multi subset all-or-nothing", f.multiple(("a", "c")), ["a"], ALL, 0.0),
    ("multi subset partial", f.multiple(("a", "c")), ["a"], PARTIAL, 0.5),
    ("multi one right one wrong", f.multiple(("a", "c")), ["a", "b"], PARTIAL, 0.0),
    ("multi two right one wrong", f.multiple(("a", "b", "c")), ["a", "b", "d"], PARTIAL, 1 / 3),
    ("multi all options floor 0", f.multiple(("a",)), ["a", "b", "c", "d"], PARTIAL, 0.0),
    ("multi exact partial", f.multiple(("a", "c")), ["a", "c"], PARTIAL, 1.0),
    ("tf right", f.true_false(False), False, ALL, 1.0),
    ("tf wrong", f.true_false(False), True, ALL, 0.0),
    ("fill exact", f.fill("首问负责制"), "首问负责制", ALL, 1.0),
    ("fill spaces", f.fill("首问负责制"), "  首问负责制\t", ALL, 1.0),
    ("fill full-width", f.fill("QQ 群"), "ＱＱ　群", ALL, 1.0),
    ("fill case", f.fill("VIP会员"), "vip会员", ALL, 1.0),
    ("fill inner spaces", f.fill("T+1 提现"), "t+1    提现", ALL, 1.0),
    ("fill second accepted", f.fill("首问负责制", "首问责任制"), "首问责任制", ALL, 1.0),
    ("fill wrong", f.fill("首问负责制"), "首问制", ALL, 0.0),
    ("numeric exact", f.numeric(2), 2, ALL, 1.0),
    ("numeric text", f.numeric(2), " ２ ", ALL, 1.0),
    ("numeric off", f.numeric(2), 3, ALL, 0.0),
    ("numeric within tolerance", f.numeric(80, 0.5), 80.5, ALL, 1.0),
    ("numeric outside tolerance", f.numeric(80, 0.5), 80.6, ALL, 0.0),
    ("numeric thousands", f.numeric(50000), "50,000", ALL, 1.0),
    ("ordering right", f.ordering(), ["a", "b", "c", "d"], ALL, 1.0),
    ("ordering swapped pair", f.ordering(), ["b", "a", "c", "d"], ALL, 0.0),
    ("ordering swapped pair partial", f.ordering(), ["b", "a", "c", "d"], PARTIAL, 0.5),
    ("ordering short partial", f.ordering(), ["a", "b"], PARTIAL, 0.5),
    ("ordering reversed partial", f.ordering(), ["d", "c", "b", "a"], PARTIAL, 0.0),
    ("matching right", f.matching(), {"p1": "a", "p2": "b", "p3": "c", "p4": "d"}, ALL, 1.0),
    ("matching one wrong", f.matching(), {"p1": "a", "p2": "b", "p3": "c", "p4": "e"}, ALL, 0.0),
    ("matching one wrong partial", f.matching(), {"p1": "a", "p2": "b", "p3": "c", "p4": "e"},
     PARTIAL, 0.75),
    ("matching partly answered", f.matching(), {"p1": "a", "p2": None}, PARTIAL, 0.25),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "answer", "settings", "fraction"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_grade_table(
    question: Question, answer: Any, settings: GradingSettings, fraction: float
) -> None:
    result = grade(question, answer, settings, points=4)
    assert result.fraction == pytest.approx(fraction)
    assert result.points == pytest.approx(round(4 * fraction, 4))
    assert result.max_points == 4
    assert result.correct is (fraction == 1.0)
    assert result.answered and not result.needs_manual
    assert result.ref == "swap-quota" and result.explanation == "解析"


EMPTY = [None, "", "   ", [], {}]
OBJECTIVE = [
    f.single(),
    f.multiple(),
    f.true_false(),
    f.fill(),
    f.numeric(),
    f.ordering(),
    f.matching(),
]


@pytest.mark.parametrize("question", OBJECTIVE, ids=lambda q: q.type)
@pytest.mark.parametrize("answer", EMPTY, ids=repr)
def test_empty_answer_scores_zero(question: Question, answer: Any) -> None:
    result = grade(question, answer, PARTIAL)
    assert (result.points, result.correct, result.answered) == (0.0, False, False)


INVALID: list[tuple[Question, Any, str]] = [
    (f.single(), "z", "answer_unknown_option"),
    (f.single(), ["a"], "answer_invalid"),
    (f.multiple(), ["a", "z"], "answer_unknown_option"),
    (f.multiple(), "a", "answer_invalid"),
    (f.true_false(), "true", "answer_invalid"),
    (f.fill(), 5, "answer_invalid"),
    (f.numeric(), "两", "answer_invalid"),
    (f.numeric(), "nan", "answer_invalid"),
    (f.numeric(), True, "answer_invalid"),
    (f.ordering(), ["a", "a", "b", "c"], "answer_invalid"),
    (f.ordering(), ["a", "x"], "answer_unknown_option"),
    (f.matching(), {"p9": "a"}, "answer_unknown_option"),
    (f.matching(), {"p1": "zz"}, "answer_unknown_option"),
    (f.matching(), ["a"], "answer_invalid"),
    (f.essay(), ["text"], "answer_invalid"),
]


@pytest.mark.parametrize(("question", "answer", "code"), INVALID, ids=lambda v: repr(v)[:30])
def test_bad_answers_raise_clear_errors(question: Question, answer: Any, code: str) -> None:
    with pytest.raises(BankError) as info:
        grade(question, answer)
    assert info.value.code == code
    assert question.id in info.value.detail
    with pytest.raises(BankError):
        check_answer(question, answer)


def test_check_answer_accepts_good_and_empty_answers() -> None:
    check_answer(f.single(), "a")
    check_answer(f.single(), None)
    check_answer(f.essay(), "您好")


def test_essay_needs_manual_grading_with_etiquette(etiquette_rules: Any) -> None:
    result = grade(f.essay(), "你好，这个不行。", etiquette_rules=etiquette_rules, points=10)
    assert result.needs_manual and result.correct is None and result.points == 0
    assert result.max_points == 10
    assert result.etiquette is not None
    assert {x.kind for x in result.etiquette.findings} >= {"forbidden", "address"}


def test_essay_without_etiquette_flag_has_no_report(etiquette_rules: Any) -> None:
    result = grade(f.essay(etiquette=False), "你好", etiquette_rules=etiquette_rules)
    assert result.needs_manual and result.etiquette is None


def test_empty_essay_scores_zero_without_manual_grading() -> None:
    result = grade(f.essay(), "  ")
    assert (result.needs_manual, result.correct, result.points) == (False, False, 0.0)


@given(st.text(max_size=30))
def test_normalise_is_idempotent_and_ignores_outer_space(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert normalise(f"  {text}\u3000") == once
    assert "  " not in once


@given(st.sets(st.sampled_from("abcd")), st.sets(st.sampled_from("abcd"), min_size=1))
def test_partial_multiple_choice_properties(chosen: set[str], key: set[str]) -> None:
    q = f.multiple(tuple(sorted(key)))
    partial = grade(q, sorted(chosen), PARTIAL).fraction
    strict = grade(q, sorted(chosen), ALL).fraction
    assert 0.0 <= partial <= 1.0
    assert (partial == 1.0) == (chosen == key) == (strict == 1.0)
    expected = (len(chosen & key) - len(chosen - key)) / len(key)
    assert partial == pytest.approx(max(0.0, expected))


@given(st.permutations(["a", "b", "c", "d"]))
def test_ordering_partial_counts_items_in_place(order: list[str]) -> None:
    q = f.ordering()
    in_place = sum(1 for got, want in zip(order, "abcd", strict=True) if got == want)
    assert grade(q, order, PARTIAL).fraction == pytest.approx(in_place / 4)
    assert grade(q, order, ALL).correct is (in_place == 4)


@given(st.floats(min_value=-1e6, max_value=1e6), st.floats(min_value=0, max_value=100))
def test_numeric_tolerance_property(answer: float, tolerance: float) -> None:
    q = f.numeric(10, tolerance)
    assert grade(q, answer).correct is (abs(answer - 10) <= tolerance + 1e-9)


@given(st.dictionaries(st.sampled_from(["p1", "p2", "p3", "p4"]), st.sampled_from("abcde")))
def test_matching_partial_share(answer: dict[str, str]) -> None:
    q = f.matching()
    right = sum(1 for p, o in answer.items() if q.key[p] == o)
    result = grade(q, answer, PARTIAL)
    assert result.fraction == pytest.approx(right / 4)
    assert result.points <= result.max_points
