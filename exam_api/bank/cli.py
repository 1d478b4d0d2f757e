"""``kefu bank``: check, count, export and import the question bank (no web or database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml

from exam_api.bank.errors import BankError, BankLoadError
from exam_api.bank.loader import AREAS, DEFAULT_BANK_DIR, Bank, load_bank_with_policy
from exam_api.bank.stats import bank_stats, shortfalls, uncovered_rules

bank_app = typer.Typer(help="题库：检查、统计、导出与导入", no_args_is_help=True)

DirOption = typer.Option(DEFAULT_BANK_DIR, "--dir", help="题库目录", file_okay=False)
EXPORT_FORMATS = ("gift", "moodle-xml", "aiken", "json")
IMPORT_FORMATS = ("gift", "moodle-xml", "aiken", "json")


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code=1)


def _load(directory: Path) -> tuple[Bank, Any]:
    from exam_api.policy import PolicyError, load_policy

    try:
        policy = load_policy()
        return load_bank_with_policy(directory, policy), policy
    except BankLoadError as exc:
        for issue in exc.issues:
            typer.echo(str(issue), err=True)
        raise _fail(f"题库检查未通过：共 {len(exc.issues)} 处错误") from None
    except PolicyError as exc:
        raise _fail(f"策略文件有误：{exc}") from None


@bank_app.command("check")
def check_bank(
    directory: Path = DirOption,
    strict: bool = typer.Option(False, "--strict", help="题量不足或有规则未出题也算错误"),
) -> None:
    """校验整个题库（任何错误都以非零状态退出，并列出每一处错误）。"""
    bank, policy = _load(directory)
    stats = bank_stats(bank.questions, AREAS)
    files = len({file for file, _ in bank.locations.values()})
    typer.echo(f"题库检查通过：共 {stats['total']} 道题，{files} 个文件")
    typer.echo("题型：" + "，".join(f"{t} {n}" for t, n in stats["by_type"].items()))
    typer.echo("领域：" + "，".join(f"{a} {n}" for a, n in stats["by_area"].items()))
    typer.echo("难度：" + "，".join(f"{d} 级 {n}" for d, n in stats["by_difficulty"].items()))
    gaps = shortfalls(bank.questions, AREAS)
    missing = uncovered_rules(bank.questions, list(policy.rules))
    if missing:
        gaps.append(f"{len(missing)} 条规则还没有题目：{'、'.join(missing)}")
    for gap in gaps:
        typer.echo(f"提示：{gap}", err=strict)
    if strict and gaps:
        raise typer.Exit(code=1)


@bank_app.command("stats")
def bank_statistics(
    directory: Path = DirOption,
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """题库统计：总数、按题型、按领域、按难度。"""
    bank, _ = _load(directory)
    stats = bank_stats(bank.questions, AREAS)
    if as_json:
        typer.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    typer.echo(f"共 {stats['total']} 道题")
    for title, key in (("题型", "by_type"), ("领域", "by_area"), ("难度", "by_difficulty")):
        typer.echo(f"{title}：")
        for name, n in stats[key].items():
            typer.echo(f"  {name:<16} {n}")


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"无法写入 {path}：{exc.strerror}") from None


def _choice(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"只支持 {' / '.join(allowed)}")
    return value


@bank_app.command("export")
def export_command(
    fmt: str = typer.Option(..., "--format", help=" / ".join(EXPORT_FORMATS)),
    output: Path = typer.Option(..., "-o", "--output", help="输出文件", dir_okay=False),
    directory: Path = DirOption,
) -> None:
    """把题库导出为 GIFT、Moodle XML、Aiken 或 JSON；格式表达不了的内容逐条报告。"""
    _choice(fmt, EXPORT_FORMATS)
    from exam_api.bank.formats import export_bank

    bank, _ = _load(directory)
    try:
        text, warnings = export_bank(list(bank.questions), fmt)
    except BankError as exc:
        raise _fail(exc.detail) from None
    _write(output, text)
    for warning in warnings:
        typer.echo(f"提示：{warning}", err=True)
    typer.echo(f"已导出 {len(bank)} 道题到 {output}（{len(warnings)} 条提示）")


def question_to_yaml_data(question: Any) -> dict[str, Any]:
    """A question in the bank file format (engine fields dropped), for review."""
    data = question.model_dump(mode="json", exclude={"area", "derived"}, exclude_defaults=True)
    data = {"id": question.id, "type": question.type, **data}
    return data


@bank_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="要导入的文件"),
    fmt: str = typer.Option(..., "--format", help=" / ".join(IMPORT_FORMATS)),
    dry_run: bool = typer.Option(False, "--dry-run", help="只解析并报告，不写文件"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 列表输出解析出的题目"),
    output: Path | None = typer.Option(None, "-o", "--output", help="写出待审阅的题库 YAML"),
) -> None:
    """导入 GIFT、Moodle XML 或 Aiken 文件；--dry-run --json 打印解析出的题目。"""
    _choice(fmt, IMPORT_FORMATS)
    from exam_api.bank.formats import import_text

    try:
        questions, warnings = import_text(file.read_text(encoding="utf-8"), fmt)
    except BankError as exc:
        raise _fail(exc.detail) from None
    for warning in warnings:
        typer.echo(f"提示：{warning}", err=True)
    if as_json:
        typer.echo(
            json.dumps([q.model_dump(mode="json") for q in questions], ensure_ascii=False, indent=2)
        )
    else:
        typer.echo(f"解析出 {len(questions)} 道题（{len(warnings)} 条提示）")
    if dry_run:
        return
    if output is None:
        raise _fail("请用 -o 指定输出的 YAML 文件（导入的题目须补上 ref 并经审阅后放入题库）")
    data = {"area": output.stem, "questions": [question_to_yaml_data(q) for q in questions]}
    _write(output, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    typer.echo(f"已写出 {output}")
