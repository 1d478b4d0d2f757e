"""Trainee view: deterministic shuffles, no key, explanation, rubric or ref."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exam_api.bank.models import Question, TraineeQuestion
from exam_api.bank.render import render_for_trainee, render_paper
from tests.bank import factories as f

ALL = [f.single(), f.multiple(), f.true_false(), f.fill(), f.numeric(unit="次"), f.ordering(),
       f.matching(), f.essay()]  # fmt: skip


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
def test_trainee_view_has_no_key_or_feedback(question: Question) -> None:
    view = render_for_trainee(question, seed=7)
    dumped = view.model_dump()
    assert not {"key", "explanation", "rubric", "ref", "reference_answer"} & set(dumped)
    assert "解析" not in json.dumps(dumped, ensure_ascii=False)
    assert set(TraineeQuestion.model_fields) == {
        "id", "type", "stem", "points", "options", "prompts", "unit", "multiple",
    }  # fmt: skip


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.type)
def test_same_seed_same_order(question: Question) -> None:
    assert render_for_trainee(question, "s1") == render_for_trainee(question, "s1")


def test_options_are_a_permutation_and_seeds_differ() -> None:
    q = f.single()
    orders = {tuple(o.id for o in render_for_trainee(q, seed).options) for seed in range(30)}
    assert all(sorted(o) == ["a", "b", "c", "d"] for o in orders)
    assert len(orders) > 5


def test_no_shuffle_keeps_the_bank_order() -> None:
    view = render_for_trainee(f.matching(), 1, shuffle=False)
    assert [o.id for o in view.options] == ["a", "b", "c", "d", "e"]
    assert [p.id for p in view.prompts] == ["p1", "p2", "p3", "p4"]


@given(st.integers())
def test_ordering_never_shown_in_the_right_order(seed: int) -> None:
    for shuffle in (True, False):
        view = render_for_trainee(f.ordering(), seed, shuffle=shuffle)
        assert [o.id for o in view.options] != ["a", "b", "c", "d"]


def test_type_specific_fields_and_points_override() -> None:
    assert render_for_trainee(f.multiple(), 1).multiple is True
    assert render_for_trainee(f.single(), 1).multiple is False
    assert render_for_trainee(f.numeric(unit="次"), 1).unit == "次"
    assert render_for_trainee(f.true_false(), 1).options == ()
    assert render_for_trainee(f.single(), 1, points=5).points == 5
    assert [v.id for v in render_paper([f.single(), f.essay()], 3)] == ["t-single", "t-essay"]
