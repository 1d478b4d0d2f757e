"""The pure core imports no web framework and no database layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "exam_api"
PURE = [
    PACKAGE / "policy",
    PACKAGE / "rules",
    PACKAGE / "bank",
    PACKAGE / "kpi" / "scoring.py",
    PACKAGE / "kpi" / "streaks.py",
    PACKAGE / "kpi" / "template.py",
    PACKAGE / "kpi" / "rewards.py",
]
FORBIDDEN = ("fastapi", "starlette", "sqlmodel", "sqlalchemy", "psycopg", "uvicorn", "jinja2")
FORBIDDEN_LOCAL = ("exam_api.core.db", "exam_api.main", "exam_api.web", "exam_api.users")


def _modules(target: Path) -> list[Path]:
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize(
    "path",
    [p for target in PURE for p in _modules(target)],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_pure_module_has_no_web_or_database_import(path: Path) -> None:
    bad = [
        name
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN or name.startswith(FORBIDDEN_LOCAL)
    ]
    assert bad == [], f"{path.name} imports {bad}"


def test_the_pure_targets_exist() -> None:
    assert all(target.exists() for target in PURE)


def test_importing_the_pure_core_loads_no_web_or_database_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import exam_api.policy, exam_api.rules.leave, exam_api.rules.swaps\n"
        "import exam_api.bank.loader, exam_api.bank.grading, exam_api.bank.draw\n"
        "import exam_api.bank.etiquette, exam_api.bank.formats\n"
        "import exam_api.kpi.scoring, exam_api.kpi.streaks\n"
        "import exam_api.kpi.template, exam_api.kpi.rewards\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
