"""Question interchange formats: GIFT, Moodle XML, Aiken (Moodle's) and our JSON.

``export_bank(questions, fmt)`` returns the file text and warnings naming every
question or field the format cannot carry (nothing is dropped silently).
``import_text(text, fmt)`` returns our questions and warnings about what Moodle had
and we do not keep; a file with any error raises ``FormatError`` listing every problem
with its line or position, and nothing is imported.

What each format carries, and how GIFT follows Moodle's parser: ``README.md`` here.
"""

from __future__ import annotations

from collections.abc import Callable

from exam_api.bank.formats.aiken import export_aiken, import_aiken
from exam_api.bank.formats.errors import FormatError
from exam_api.bank.formats.gift import export_gift, import_gift
from exam_api.bank.formats.json_format import export_json, import_json
from exam_api.bank.formats.moodle_xml import export_moodle_xml, import_moodle_xml
from exam_api.bank.models import Question

Exporter = Callable[[list[Question]], tuple[str, list[str]]]
Importer = Callable[[str], tuple[list[Question], list[str]]]

EXPORTERS: dict[str, Exporter] = {
    "gift": export_gift,
    "moodle-xml": export_moodle_xml,
    "aiken": export_aiken,
    "json": export_json,
}
IMPORTERS: dict[str, Importer] = {
    "gift": import_gift,
    "moodle-xml": import_moodle_xml,
    "aiken": import_aiken,
    "json": import_json,
}
FORMATS = tuple(EXPORTERS)

__all__ = ["FORMATS", "FormatError", "export_bank", "import_text"]


def export_bank(
    questions: list[Question] | tuple[Question, ...], fmt: str
) -> tuple[str, list[str]]:
    if fmt not in EXPORTERS:
        raise FormatError(fmt, [f"不支持的格式：{fmt}（可用：{', '.join(FORMATS)}）"])
    return EXPORTERS[fmt](list(questions))


def import_text(text: str, fmt: str) -> tuple[list[Question], list[str]]:
    if fmt not in IMPORTERS:
        raise FormatError(fmt, [f"不支持的格式：{fmt}（可用：{', '.join(FORMATS)}）"])
    if "\x00" in text:
        raise FormatError(fmt, ["文件含有 NUL 字符"])
    return IMPORTERS[fmt](text)
