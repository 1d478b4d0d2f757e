"""Load and validate the question bank: every error names the file, the line and the id.

A bank with any error is refused whole (``BankLoadError`` carries every issue).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from yaml.nodes import MappingNode, Node, SequenceNode

from exam_api.bank.draw import QuestionPool
from exam_api.bank.errors import BankLoadError, LoadIssue
from exam_api.bank.models import Question
from exam_api.bank.placeholders import RenderContext, ValueLookup, resolve
from exam_api.bank.yamlnodes import DuplicateKeyError, child, compose, line_of, locate, to_python

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BANK_DIR = REPO_ROOT / "question_bank"
AREAS: tuple[str, ...] = (
    *("mission", "roles", "duty", "meetings", "handover", "escalation", "leave"),
    *("confidentiality", "phrases", "complaints", "callbacks", "customers", "daily"),
    *("kpi", "points", "faq", "onboarding"),
)
QUESTION_ADAPTER: TypeAdapter[Question] = TypeAdapter(Question)
_ENGINE_FIELDS = ("area", "derived")  # set by the loader, never written in a file

_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段",
    "union_tag_not_found": "缺少 type（题型）",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不对（题目编号用小写字母、数字和连字符，选项编号如 a、b、c）",
    "bool_parsing": "必须是 true 或 false",
    "bool_type": "必须是 true 或 false",
    "float_parsing": "必须是数字",
    "float_type": "必须是数字",
    "string_type": "必须是文字",
}


@dataclass(frozen=True)
class BankContext:
    """What the loader needs from the policy (plain callables and sets, easy to fake)."""

    value_lookup: ValueLookup
    rule_ids: frozenset[str]
    areas: frozenset[str] = frozenset(AREAS)


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    locations: Mapping[str, tuple[str, int]] = field(default_factory=dict)

    @cached_property
    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def get(self, question_id: str) -> Question | None:
        return self.by_id.get(question_id)

    def __len__(self) -> int:
        return len(self.questions)

    @cached_property
    def pool(self) -> QuestionPool:
        """The questions indexed for drawing papers (built once per loaded bank)."""
        return QuestionPool(self.questions)


@dataclass
class _FileParse:
    name: str
    ctx: BankContext
    issues: list[LoadIssue] = field(default_factory=list)
    found: list[Question] = field(default_factory=list)
    ids: list[tuple[str, int]] = field(default_factory=list)  # every id seen, valid or not

    def issue(self, line: int | None, qid: str | None, message: str) -> None:
        self.issues.append(LoadIssue(self.name, line, qid, message))


def _message(err: Mapping[str, Any]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "union_tag_invalid":
        return f"未知的题型 {ctx.get('tag')}，应为 {ctx.get('expected_tags')}"
    if kind == "literal_error":
        return f"取值必须是 {ctx.get('expected')}"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项"
    if kind in ("greater_than", "greater_than_equal"):
        return f"必须不小于 {ctx.get('gt', ctx.get('ge'))}" if "ge" in ctx else "必须大于 0"
    return _MESSAGES.get(kind, str(err["msg"]))


def _report_validation(
    parse: _FileParse, exc: ValidationError, node: Node, raw: dict[str, Any], skip: list[Any]
) -> None:
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    for err in exc.errors():
        loc = list(err["loc"])
        if loc and loc[0] == raw.get("type"):
            loc = loc[1:]
        if any(tuple(loc[: len(s)]) == tuple(s) for s in skip):
            continue  # already reported as a policy-path error
        if loc and isinstance(loc[-1], str) and loc[-1].startswith("function-"):
            loc = loc[:-1]
        if not loc and child(node, "key") is not None and err["type"] == "value_error":
            loc = ["key"]  # cross-field checks are all about the key
        label = ".".join(str(p) for p in loc)
        prefix = f"{label}: " if label else ""
        parse.issue(locate(node, loc), qid, prefix + _message(err))


def _check_ref(parse: _FileParse, raw: dict[str, Any], node: Node, qid: str | None) -> bool:
    ok = True
    ref = raw.get("ref")
    if not ref:
        parse.issue(line_of(node), qid, "缺少 ref（所考规则的编号）")
        ok = False
    elif not isinstance(ref, str) or ref not in parse.ctx.rule_ids:
        parse.issue(locate(node, ["ref"]), qid, f"ref: 未知的规则编号 {ref}")
        ok = False
    if not str(raw.get("explanation") or "").strip():
        parse.issue(line_of(node), qid, "缺少 explanation（答案解析）")
        ok = False
    return ok


def _parse_question(parse: _FileParse, node: Node, area: str) -> None:
    try:
        raw = to_python(node)
    except DuplicateKeyError as exc:
        parse.issue(exc.line, None, str(exc))
        return
    if not isinstance(raw, dict):
        parse.issue(line_of(node), None, "每道题必须是一个映射（字段: 值）")
        return
    qid = raw.get("id") if isinstance(raw.get("id"), str) else None
    if qid:
        parse.ids.append((qid, line_of(node)))
    ok = _check_ref(parse, raw, node, qid)
    for name in _ENGINE_FIELDS:
        if name in raw:
            parse.issue(locate(node, [name]), qid, f"{name}: 由加载程序设定，不要写在题目里")
            ok = False
    render = RenderContext(parse.ctx.value_lookup)
    resolved = resolve(raw, render)
    for where, message in render.errors:
        parse.issue(locate(node, where), qid, message)
    skip = [[p for p in where if p != "policy"] for where, _ in render.errors]
    resolved.update(area=area, derived=sorted(render.used))
    try:
        question = QUESTION_ADAPTER.validate_python(resolved)
    except ValidationError as exc:
        _report_validation(parse, exc, node, raw, skip)
        return
    if ok and not render.errors:
        parse.found.append(question)


def _parse_root(parse: _FileParse, root: Node | None) -> tuple[str, SequenceNode] | None:
    if not isinstance(root, MappingNode):
        parse.issue(1, None, "文件顶层必须是映射，含 area 与 questions")
        return None
    for key_node, _ in root.value:
        if key_node.value not in ("area", "questions"):
            parse.issue(line_of(key_node), None, f"不认识的顶层字段 {key_node.value}")
    area_node, questions = child(root, "area"), child(root, "questions")
    stem = Path(parse.name).stem
    area = area_node.value if area_node is not None else None
    if area_node is None or area != stem:
        parse.issue(line_of(area_node or root), None, f"area 必须与文件名一致：{stem}")
    elif area not in parse.ctx.areas:
        parse.issue(line_of(area_node), None, f"未知的手册页面 {area}")
    if not isinstance(questions, SequenceNode):
        parse.issue(line_of(questions or root), None, "questions 必须是题目列表")
        return None
    return stem, questions


def parse_file(name: str, text: str, ctx: BankContext) -> _FileParse:
    """Parse one bank file; problems are collected, not raised."""
    parse = _FileParse(name, ctx)
    try:
        root = compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        parse.issue(line, None, f"YAML 语法错误：{getattr(exc, 'problem', None) or exc}")
        return parse
    found = _parse_root(parse, root)
    if found is not None:
        area, questions = found
        for item in questions.value:
            _parse_question(parse, item, area)
    return parse


def load_texts(files: Iterable[tuple[str, str]], ctx: BankContext) -> Bank:
    """Load a bank from ``(file name, YAML text)`` pairs; raise ``BankLoadError`` on any error."""
    issues: list[LoadIssue] = []
    questions: list[Question] = []
    locations: dict[str, tuple[str, int]] = {}
    for name, text in files:
        parse = parse_file(name, text, ctx)
        issues.extend(parse.issues)
        for qid, line in parse.ids:
            if qid in locations:
                first = "{}:{}".format(*locations[qid])
                issues.append(LoadIssue(name, line, qid, f"题目编号重复（已见于 {first}）"))
            else:
                locations[qid] = (name, line)
        questions.extend(parse.found)
    if issues:
        issues.sort(key=lambda i: (i.file, i.line or 0))
        raise BankLoadError(issues)
    return Bank(tuple(questions), locations)


def load_bank(ctx: BankContext, directory: Path = DEFAULT_BANK_DIR) -> Bank:
    """Load every ``<area>.yaml`` under ``directory``."""
    paths = sorted(directory.glob("*.yaml"))
    files = [(f"{directory.name}/{p.name}", p.read_text(encoding="utf-8")) for p in paths]
    return load_texts(files, ctx)


def policy_context(policy: Any) -> BankContext:
    """A loader context from an ``exam_api.policy.Policy``."""
    pages = policy.value("pages")
    return BankContext(policy.value, frozenset(policy.rules), frozenset(pages))


def load_bank_with_policy(directory: Path = DEFAULT_BANK_DIR, policy: Any = None) -> Bank:
    """Load the bank against the department policy (default: ``load_policy()``)."""
    if policy is None:
        from exam_api.policy import load_policy

        policy = load_policy()
    return load_bank(policy_context(policy), directory)
