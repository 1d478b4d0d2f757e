"""Text-level rules of Moodle's GIFT parser (``question/format/gift/format.php``).

Moodle trims with PHP's ``trim`` (ASCII whitespace only, so a full-width space U+3000
stays), treats ``"0"`` as empty (PHP's ``empty``), and protects escaped control
characters with placeholders before splitting. We use private-use characters as the
placeholders (Moodle uses ``&&058;`` …, which would also turn a literal ``&&058;`` in a
text into ``:``).
"""

from __future__ import annotations

import re

from exam_api.bank.formats.errors import QuestionProblem

PHP_WS = " \t\n\r\0\x0b"
FORMATS = {"moodle", "html", "plain", "markdown"}
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%", re.ASCII)
_BACKSLASH = "\ue000"
_ESCAPED = {
    ":": "\ue001",
    "#": "\ue002",
    "=": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    "~": "\ue006",
}
_NEWLINE = "\ue007"
RESERVED = re.compile("[\ue000-\ue007]")


def php_trim(text: str) -> str:
    return text.strip(PHP_WS)


def php_empty(text: str) -> bool:
    return text in ("", "0")


def escape_pre(text: str) -> str:
    """Replace ``\\\\`` and the escapes ``\\: \\# \\= \\{ \\} \\~ \\n`` by placeholders."""
    text = text.replace("\\\\", _BACKSLASH)
    for char, holder in _ESCAPED.items():
        text = text.replace("\\" + char, holder)
    text = text.replace("\\n", _NEWLINE)
    return text.replace(_BACKSLASH, "\\")


def escape_post(text: str) -> str:
    for char, holder in _ESCAPED.items():
        text = text.replace(holder, char)
    return text.replace(_NEWLINE, "\n")


def escape(text: str) -> str:
    """Moodle's ``repchar``: escape ``\\ # = ~ { } :``, write newlines as ``\\n``."""
    text = text.replace("\\", "\\\\")
    for char in "#=~{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """``parse_text_with_format``: an optional ``[html]``-style prefix, then the text."""
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in FORMATS:
            fmt, text = name, text[end + 1 :]
    return php_trim(escape_post(text)), fmt


def split_comment(answer: str, default: str) -> tuple[str, str, str]:
    """``commentparser``: (answer text, its format, feedback) split at the first ``#``."""
    bits = answer.split("#", 1)
    text, fmt = with_format(php_trim(bits[0]), default)
    feedback = with_format(php_trim(bits[1]), default)[0] if len(bits) > 1 else ""
    return text, fmt, feedback


def take_weight(answer: str) -> tuple[float | None, str]:
    """``answerweightparser``: the ``%50%`` prefix as a fraction (None when absent)."""
    if not WEIGHT.match(answer):
        return None, answer
    rest = answer[1:]
    end = rest.find("%")
    raw = rest[:end]
    if not re.fullmatch(r"-?\d+(\.\d*)?", raw, re.ASCII):
        raise QuestionProblem(f"答案权重 %{raw}% 不是数字")
    return float(raw) / 100, rest[end + 1 :]


def drop_empty_first(parts: list[str]) -> list[str]:
    if parts:
        parts[0] = php_trim(parts[0])
        if php_empty(parts[0]):
            parts = parts[1:]
    return parts


def default_name(text: str) -> str:
    """``create_default_question_name``: the text without tags, shortened to 80."""
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", text)).strip()
    return plain if len(plain) <= 80 else plain[:77] + "..."
