"""Helpers for reading the built handbook."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from exam_api.core.config import REPO_ROOT

HANDBOOK = REPO_ROOT / "handbook"
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
REVISION_DATE = re.compile(r'<aside class="md-source-file">.*?</aside>', re.S)
TAG = re.compile(r"<[^>]+>")


def page_html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def page_text(site: Path, page: str) -> str:
    """The visible article text of a page (no navigation, no last-updated date)."""
    match = ARTICLE.search(page_html(site, page))
    assert match, f"no article in {page}"
    body = REVISION_DATE.sub("", match.group(1))
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", body))).strip()


def content_pages(site: Path) -> list[str]:
    return sorted(p.parent.name for p in site.glob("*/index.html") if p.parent.name != "search")


def search_index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return data


def markdown_pages() -> list[Path]:
    return sorted(HANDBOOK.glob("*.md"))
