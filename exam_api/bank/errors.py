"""Errors raised by the bank engine: kinds of the project's one error type, ``KefuError``."""

from __future__ import annotations

from dataclasses import dataclass

from exam_api.core.error_types import KefuError


class BankError(KefuError):
    """A clear engine error: a machine code, a Chinese message and optionally a rule id.

    Rendered as 422 when it reaches the API unmapped (the request named something invalid)."""

    def __init__(self, code: str, detail: str, rule: str | None = None) -> None:
        super().__init__(code, detail, 422, rule)


@dataclass(frozen=True)
class LoadIssue:
    """One problem found while loading the bank."""

    file: str
    line: int | None
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        qid = f" [{self.question_id}]" if self.question_id else ""
        return f"{where}{qid} {self.message}"


class BankLoadError(BankError):
    """The bank was refused whole; ``issues`` lists every problem found."""

    def __init__(self, issues: list[LoadIssue]) -> None:
        lines = "\n".join(str(i) for i in issues)
        super().__init__("bank_invalid", f"题库有 {len(issues)} 处错误：\n{lines}")
        self.issues = issues
