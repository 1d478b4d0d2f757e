"""The built handbook: strict build, Chinese search, offline, rule anchors."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from exam_api.policy import load_policy
from tests.handbook.support import HANDBOOK, content_pages, markdown_pages, page_html, search_index

POLICY = load_policy(HANDBOOK / "policy.yaml")
MKDOCS = yaml.safe_load(
    (HANDBOOK.parent / "mkdocs.yml").read_text("utf-8").replace("!!python/name:", "")
)
SITE_HOST = urlsplit(MKDOCS["site_url"]).netloc
ATTR_URL = re.compile(r"""\b(?:src|href|srcset|poster|data)\s*=\s*["']\s*([^"'\s]+)""", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.I)
HAN = re.compile(r"[\u4e00-\u9fff]")

# term -> the page that defines it
KEY_TERMS = {
    "换班": "leave",
    "请假": "leave",
    "净值标": "faq",
    "提现": "faq",
    "首问负责制": "handover",
    "绩效考核": "kpi",
}


def test_strict_build_writes_every_nav_page(built_site: Path) -> None:
    pages = set(content_pages(built_site))
    expected = {path.stem for path in markdown_pages()} - {"index"}
    assert expected <= pages
    assert (built_site / "index.html").is_file()
    assert not (built_site / "policy.yaml").exists()
    assert not (built_site / "jieba_userdict.txt").exists()


def test_search_index_is_segmented_with_zero_width_spaces(built_site: Path) -> None:
    index = search_index(built_site)
    separator = index["config"]["separator"]
    assert "\u200b" in separator or "\\u200b" in separator
    han_docs = [doc for doc in index["docs"] if HAN.search(doc["text"])]
    assert han_docs
    assert all("\u200b" in doc["text"] for doc in han_docs)


@pytest.mark.parametrize(("term", "page"), sorted(KEY_TERMS.items()))
def test_key_terms_are_whole_tokens_on_their_page(built_site: Path, term: str, page: str) -> None:
    index = search_index(built_site)
    separator = re.compile(index["config"]["separator"])
    docs = [doc for doc in index["docs"] if doc["location"].split("/")[0] == page]
    assert docs, f"page {page} is not in the search index"
    tokens = {
        token
        for doc in docs
        for token in separator.split(re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"]))
    }
    assert term in tokens, f"{term} is not a whole search token on {page}"


def external_urls(text: str, pattern: re.Pattern[str]) -> list[str]:
    found = []
    for url in pattern.findall(text):
        parts = urlsplit(url)
        is_remote = parts.scheme in {"http", "https"} or url.startswith("//")
        if is_remote and parts.netloc != SITE_HOST:
            found.append(url)
    return found


def test_no_external_url_in_built_html_or_css(built_site: Path) -> None:
    offenders: list[str] = []
    for path in built_site.rglob("*.html"):
        for url in external_urls(path.read_text("utf-8"), ATTR_URL):
            offenders.append(f"{path.relative_to(built_site)}: {url}")
    for path in built_site.rglob("*.css"):
        for url in external_urls(path.read_text("utf-8"), CSS_URL):
            offenders.append(f"{path.relative_to(built_site)}: {url}")
    assert offenders == []


def test_mermaid_is_self_hosted_on_every_page(built_site: Path) -> None:
    assert (built_site / "assets" / "js" / "mermaid.min.js").stat().st_size > 1_000_000
    for page in content_pages(built_site):
        text = page_html(built_site, page)
        assert 'src="../assets/js/mermaid.min.js"' in text, page
        assert "unpkg.com" not in text and "cdn.jsdelivr" not in text, page


def test_no_google_fonts_and_no_generator_notice(built_site: Path) -> None:
    text = (built_site / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    assert "Made with" not in text


@pytest.mark.parametrize("rule_id", sorted(POLICY.rules))
def test_every_rule_has_its_anchor_on_its_page(built_site: Path, rule_id: str) -> None:
    page = POLICY.rules[rule_id].page
    assert f'id="{rule_id}"' in page_html(built_site, page), f"{rule_id} missing on {page}"


def test_every_explicit_heading_id_is_a_rule_id() -> None:
    stray = [
        f"{path.name}: {anchor}"
        for path in markdown_pages()
        for anchor in re.findall(r"\{\s*#([A-Za-z0-9_-]+)", path.read_text("utf-8"))
        if anchor not in POLICY.rules
    ]
    assert stray == []


def test_every_rule_is_anchored_on_the_page_the_policy_names() -> None:
    anchors: dict[str, list[str]] = {}
    for path in markdown_pages():
        for anchor in re.findall(r"\{\s*#([A-Za-z0-9_-]+)", path.read_text("utf-8")):
            anchors.setdefault(anchor, []).append(path.stem)
    misplaced = {
        rule_id: pages
        for rule_id, pages in anchors.items()
        if rule_id in POLICY.rules and pages != [POLICY.rules[rule_id].page]
    }
    assert misplaced == {}


def test_rule_index_links_every_rule(built_site: Path) -> None:
    text = page_html(built_site, "rules")
    for rule_id, ref in POLICY.rules.items():
        assert f'href="../{ref.page}/#{rule_id}"' in text, rule_id
