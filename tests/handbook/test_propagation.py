"""One policy value changed in a copy of the handbook changes the pages, and nothing else."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import build_handbook
from tests.handbook.support import HANDBOOK, content_pages, page_text

NEW = "7"
SETTING = re.compile(r"^(\s+max_per_month:\s*)2\s*$", re.M)  # swap.quota.max_per_month
CONTEXT = 6
NUMBER = re.compile(r"^[0-9.,]+$")


def copy_handbook(target: Path) -> Path:
    target.mkdir()
    shutil.copy(HANDBOOK.parent / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(HANDBOOK, target / "handbook")
    return target


def build(project: Path) -> Path:
    result = build_handbook(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The handbook built from an untouched copy and from a copy with the quota changed."""
    root = tmp_path_factory.mktemp("propagation")
    before = copy_handbook(root / "before")
    after = copy_handbook(root / "after")
    policy = after / "handbook" / "policy.yaml"
    text, count = SETTING.subn(rf"\g<1>{NEW}", policy.read_text("utf-8"))
    assert count == 1, "swap.quota.max_per_month: 2 not found exactly once in policy.yaml"
    policy.write_text(text, "utf-8")
    return build(before), build(after)


def changed_phrases(old: str, new: str) -> list[tuple[str, str, str]]:
    """(new value, old phrase, new phrase) around every place where the two texts differ.

    Only numbers may differ: the value itself and values the pages derive from it.
    """
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    phrases = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert NUMBER.match(old[i1:i2]) and NUMBER.match(new[j1:j2]), (
            f"unexpected change {old[i1 - 20 : i2 + 20]!r} -> {new[j1 - 20 : j2 + 20]!r}"
        )
        old_phrase = old[max(i1 - CONTEXT, 0) : i2 + CONTEXT]
        phrases.append((new[j1:j2], old_phrase, new[max(j1 - CONTEXT, 0) : j2 + CONTEXT]))
    return phrases


def test_leave_page_shows_the_new_quota(sites: tuple[Path, Path]) -> None:
    before, after = sites
    after_text = page_text(after, "leave")
    phrases = changed_phrases(page_text(before, "leave"), after_text)
    assert NEW in [value for value, _old, _new in phrases], "the quota did not change on leave"
    for _value, _old, new_phrase in phrases:
        assert new_phrase in after_text


def test_only_the_value_changes_and_no_page_keeps_the_old_phrasing(
    sites: tuple[Path, Path],
) -> None:
    before, after = sites
    old_phrases: set[str] = set()
    for page in content_pages(before):
        changes = changed_phrases(page_text(before, page), page_text(after, page))
        old_phrases.update(old for _value, old, _new in changes)
    assert old_phrases
    for page in content_pages(after):
        text = page_text(after, page)
        still = [phrase for phrase in old_phrases if phrase in text]
        assert still == [], f"{page} still shows {still}"
