"""Bank statistics, coverage and shortfalls."""

from __future__ import annotations

from exam_api.bank.stats import MIN_TOTAL, bank_stats, shortfalls, uncovered_rules
from tests.bank import factories as f


def test_stats_list_every_type_area_and_level() -> None:
    questions = [f.single(area="leave", difficulty=1), f.essay(area="kpi"), f.fill(area="leave")]
    stats = bank_stats(questions, ["leave", "kpi", "faq"])
    assert stats["total"] == 3
    assert stats["by_area"] == {"leave": 2, "kpi": 1, "faq": 0}
    assert stats["by_type"]["single_choice"] == 1 and stats["by_type"]["ordering"] == 0
    assert len(stats["by_type"]) == 8
    assert stats["by_difficulty"] == {"1": 1, "2": 2, "3": 0}


def test_areas_outside_the_list_are_still_counted() -> None:
    stats = bank_stats([f.single(area="extra")], ["leave"])
    assert stats["by_area"] == {"leave": 0, "extra": 1}


def test_uncovered_rules_in_registry_order() -> None:
    questions = [f.single(ref="b"), f.essay(ref="d")]
    assert uncovered_rules(questions, ["a", "b", "c", "d"]) == ["a", "c"]


def test_shortfalls_name_what_is_missing() -> None:
    found = shortfalls([f.single(area="leave", difficulty=1)], ["leave", "kpi"])
    assert f"题目总数 1，至少需要 {MIN_TOTAL}" in found
    assert "领域 kpi 只有 0 道题，至少需要 10" in found
    assert "题型 essay 只有 0 道题，至少需要 3" in found
    assert "难度 3 没有题目" in found
