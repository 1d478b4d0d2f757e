"""The one error an import raises: every problem found, each naming its question."""

from __future__ import annotations

from exam_api.bank.errors import BankError


class FormatError(BankError):
    """A file that cannot be imported. The import is refused whole (nothing is kept).

    ``issues`` lists every problem, each starting with where it is, e.g.
    ``GIFT 第 12 行（第 3 题 Q5）：数值题的答案不是数字：abc``.
    """

    def __init__(self, fmt: str, issues: list[str]) -> None:
        lines = "\n".join(issues)
        super().__init__(
            "import_invalid", f"{fmt} 文件无法导入，共 {len(issues)} 处错误：\n{lines}"
        )
        self.fmt = fmt
        self.issues = issues


class QuestionProblem(ValueError):
    """Raised inside a reader for one question; collected into a ``FormatError``."""
