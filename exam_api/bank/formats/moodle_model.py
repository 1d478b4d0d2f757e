"""Moodle's view of a question, shared by the GIFT and Moodle XML readers and writers.

Readers turn a file into ``MoodleQuestion`` objects exactly as Moodle would; ``to_kefu``
maps them to our questions and ``from_kefu`` maps ours back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass
class MoodleAnswer:
    text: str
    fraction: float = 0.0  # 1.0 = 100 %
    feedback: str = ""
    tolerance: float | None = None  # numerical only
    text_format: str = "moodle"


@dataclass
class MoodleQuestion:
    """One entry of a GIFT or Moodle XML file (``qtype`` uses Moodle's type names)."""

    qtype: str  # multichoice truefalse shortanswer numerical match essay description ordering
    name: str = ""
    text: str = ""
    text_format: str = "moodle"  # moodle | html | plain | markdown
    general_feedback: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    category: str | None = None  # the category in force when the question was read
    single: bool = True  # multichoice: one answer allowed
    answers: list[MoodleAnswer] = field(default_factory=list)
    subquestions: list[tuple[str, str]] = field(default_factory=list)  # match: (prompt, answer)
    correct: bool | None = None  # truefalse
    tf_feedback: tuple[str, str] = ("", "")  # truefalse: (feedback if true, if false)
    items: list[str] = field(default_factory=list)  # ordering, in the right order
    default_mark: float | None = None
    units: list[tuple[str, float]] = field(default_factory=list)  # numerical: (unit, multiplier)
    grader_info: str = ""  # essay
    response_template: str = ""  # essay
    meta: dict[str, Any] = field(default_factory=dict)  # our own extension (see meta.py)
    line: int | None = None  # first line in the file (GIFT, Aiken)
    position: int = 0  # 1-based position among the file's entries

    def label(self) -> str:
        return self.name or self.idnumber or self.text[:20]


_PHP_NUMBER = re.compile(r"^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$")


def php_number(text: str) -> float | None:
    """The value of ``text`` when PHP's ``is_numeric`` accepts it, else None."""
    if not _PHP_NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None
