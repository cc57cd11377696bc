"""The house rules of docs/architecture.md, checked on the source: domains import downward only,
and one module writes comment rows."""

import ast
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

# Higher layers may import lower ones; packages on one layer never import each other.
LAYERS: dict[str, int] = {
    "core": 0,
    "sites": 1,
    "admission": 2,
    "identity": 2,
    "comments": 3,
    "moderation": 4,
    "porting": 4,
    "notifications": 4,
    "live": 4,
    "web": 4,
    "composition": 5,
}
CORE_PACKAGES = {"db", "observability"}
COMPOSITION = {"main", "cli", "serve", "openapi", "models", "assembly"}


def _unit(module: str) -> str:
    """app.comments.writes -> 'comments'; app.config -> 'core'; app.main -> 'composition'."""
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "app":
        return "external"
    name = parts[1]
    if name in COMPOSITION and (APP / f"{name}.py").exists():
        return "composition"
    if (APP / name).is_dir() and name not in CORE_PACKAGES:
        return name
    return "core"


def _module_of(path: Path) -> str:
    relative = path.relative_to(APP.parent).with_suffix("")
    return ".".join(relative.parts).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return found


def _violations() -> list[str]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        source = _unit(_module_of(path))
        for line, module in _imports(path):
            target = _unit(module)
            if target in ("external", source) or (source == "core" and target == "core"):
                continue
            if source not in LAYERS or target not in LAYERS:
                found.append(f"{path}:{line}: {module} (unknown domain: add it to LAYERS)")
            elif LAYERS[target] >= LAYERS[source]:
                found.append(f"{path}:{line}: {source} imports {target} ({module})")
    return found


class TestImportDirection:
    def test_domains_import_downward_only(self):
        assert _violations() == []

    def test_the_checker_sees_a_forbidden_import(self, tmp_path, monkeypatch):
        fake = tmp_path / "app"
        (fake / "sites").mkdir(parents=True)
        (fake / "comments").mkdir()
        (fake / "sites" / "bad.py").write_text("from app.comments.models import Comment\n")
        (fake / "config.py").write_text("from app.sites.models import Site\n")
        monkeypatch.setattr(f"{__name__}.APP", fake)
        assert _violations() == [
            f"{fake / 'config.py'}:1: core imports sites (app.sites.models)",
            f"{fake / 'sites' / 'bad.py'}:1: sites imports comments (app.comments.models)",
        ]


# Statements that create or change comment rows. The import writer's bulk insert is the one
# sanctioned exception (it renders with the same sanitizer and bumps every thread it touches).
WRITES = [
    re.compile(r"\b(update|insert|delete)\((Comment|COMMENTS)\b"),
    re.compile(r"\bComment\((site_id|\*\*)"),
    re.compile(r"\b(comment|locked|row)\.(status|body|body_html|score|edited_at)\s*=[^=]"),
]
WRITERS = {APP / "comments" / "writes.py", APP / "porting" / "writer.py"}


class TestOneWriter:
    def test_only_comments_writes_changes_comment_rows(self):
        offenders = [
            f"{path.relative_to(APP.parent)}:{number}: {line.strip()}"
            for path in sorted(APP.rglob("*.py"))
            if path not in WRITERS
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if any(pattern.search(line) for pattern in WRITES)
        ]
        assert offenders == []

    @pytest.mark.parametrize(
        "line",
        [
            "await session.execute(update(Comment).values(status=s))",
            "comment.status = CommentStatus.spam",
            "session.add(Comment(site_id=site.id))",
        ],
    )
    def test_the_patterns_catch_a_write(self, line):
        assert any(pattern.search(line) for pattern in WRITES)


# A role compared anywhere but identity/access.py is a permission decided outside its one place.
ROLE_CHECK = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)|\brole\s*(==|!=)\s*[\"']")
ACCESS = APP / "identity" / "access.py"


class TestPermissionsInOnePlace:
    def test_roles_are_compared_only_in_access(self):
        offenders = [
            f"{path.relative_to(APP.parent)}:{number}: {line.strip()}"
            for path in sorted(APP.rglob("*.py"))
            if path != ACCESS
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if ROLE_CHECK.search(line)
        ]
        assert offenders == []

    @pytest.mark.parametrize(
        "line",
        [
            'if admin.role == "moderator":',
            "if viewer.role != 'owner':",
            "if admin.role in ('root', 'owner'):",
        ],
    )
    def test_the_pattern_catches_a_role_check(self, line):
        assert ROLE_CHECK.search(line)


# A route module is one that builds an APIRouter. Its routes parse, call one domain function and
# present: the domain function owns the write transaction and its commit (docs/architecture.md,
# "Transactions and the network"), so a route can never forget a step or commit after a yield.
WRITE_CALLS = frozenset({"commit", "write_transaction", "write_sessions"})


def _route_modules() -> list[Path]:
    return [path for path in sorted(APP.rglob("*.py")) if "APIRouter(" in path.read_text()]


def _write_calls(source: str) -> list[int]:
    """Lines that commit or open a write session/transaction."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITE_CALLS
    ]


class TestRoutesNeverCommit:
    def test_no_route_module_commits_or_opens_a_write_transaction(self):
        offenders = [
            f"{path.relative_to(APP.parent)}:{line}"
            for path in _route_modules()
            for line in _write_calls(path.read_text())
        ]
        assert offenders == []

    def test_the_routers_are_found(self):
        names = {path.name for path in _route_modules()}
        assert {"router.py", "pages.py", "mail_actions.py", "admin_login.py"} <= names

    @pytest.mark.parametrize(
        "line",
        [
            "await session.commit()",
            "async with database.write_transaction() as session: pass",
            "async with request.app.state.database.write_sessions() as s: pass",
        ],
    )
    def test_the_checker_sees_a_commit(self, line):
        source = f"async def route(session, database, request):\n    {line}\n"
        assert _write_calls(source) == [2]
