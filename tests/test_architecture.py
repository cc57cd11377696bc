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


# Queries live beside their use case in a domain's service or queries module, never in a route
# module: a call of anything imported from SQLAlchemy, or a statement run on a session.
QUERY_METHODS = frozenset({"execute", "scalar", "scalars", "stream", "stream_scalars"})


def _queries(source: str) -> list[int]:
    """Lines that build a SQL statement or run one."""
    tree = ast.parse(source)
    from_sqlalchemy = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy"
        for alias in node.names
    }
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            (isinstance(func, ast.Name) and func.id in from_sqlalchemy)
            or (isinstance(func, ast.Attribute) and func.attr in QUERY_METHODS)
            or (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and isinstance(func.value, ast.Name)
                and func.value.id == "session"
            )
        ):
            lines.append(node.lineno)
    return sorted(lines)


class TestNoQueriesInRoutes:
    def test_no_route_module_holds_a_query(self):
        offenders = [
            f"{path.relative_to(APP.parent)}:{line}"
            for path in _route_modules()
            for line in _queries(path.read_text())
        ]
        assert offenders == []

    @pytest.mark.parametrize(
        "line",
        [
            "rows = await session.execute(stmt)",
            "thread = await session.get(Thread, 1)",
            "n = await session.scalar(q)",
            "stmt = select(Thread)",
        ],
    )
    def test_the_checker_sees_a_query(self, line):
        source = f"from sqlalchemy import select\nasync def route(session, q, stmt):\n    {line}\n"
        assert _queries(source) == [3]


# The parts a route or a middleware uses come from the app's runtime (app/runtime.py) through
# typed dependencies or constructor arguments; only the composition touches the app's state.
def _state_reads(source: str) -> list[int]:
    """Lines that reach `app.state` (`request.app.state`, `scope["app"].state`, `app.state`)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or node.attr != "state":
            continue
        owner = node.value
        if (
            (isinstance(owner, ast.Name) and owner.id in ("app", "application"))
            or (isinstance(owner, ast.Attribute) and owner.attr == "app")
            or (
                isinstance(owner, ast.Subscript)
                and isinstance(owner.slice, ast.Constant)
                and owner.slice.value == "app"
            )
        ):
            lines.append(node.lineno)
    return lines


class TestExplicitWiring:
    def test_only_the_composition_touches_app_state(self):
        offenders = [
            f"{path.relative_to(APP.parent)}:{line}"
            for path in sorted(APP.rglob("*.py"))
            if _unit(_module_of(path)) != "composition"
            for line in _state_reads(path.read_text())
        ]
        assert offenders == []

    @pytest.mark.parametrize(
        "line",
        [
            "live = request.app.state.live",
            'key = scope["app"].state.secret_key',
            "settings = app.state.settings",
            'runtime = getattr(request.app.state, "identity", None)',
        ],
    )
    def test_the_checker_sees_a_state_read(self, line):
        assert _state_reads(f"def f(request, scope, app):\n    {line}\n") == [2]

    def test_a_subscription_state_is_no_app_state(self):
        assert _state_reads("x = subscription.state.value\n") == []


DOC = APP.parent / "docs" / "architecture.md"


def _documented(row_start: str) -> set[str]:
    """The backticked names in the first cell of the domains table's row starting so."""
    (row,) = [line for line in DOC.read_text().splitlines() if line.startswith(row_start)]
    first_cell = row.split("|")[1]
    return {name.strip("/") for name in re.findall(r"`([^`]+)`", first_cell)}


class TestDocumentedLayout:
    def test_the_core_list_is_the_code_s(self):
        code = {path.stem for path in APP.glob("*.py") if _unit(f"app.{path.stem}") == "core"}
        code |= CORE_PACKAGES
        assert _documented("| core:") == code - {"__init__"}

    def test_the_composition_list_is_the_code_s(self):
        assert _documented("| composition:") == COMPOSITION

    def test_every_domain_has_a_row(self):
        rows = {
            match.group(1)
            for line in DOC.read_text().splitlines()
            if (match := re.match(r"\| `(\w+)/`", line))
        }
        domains = {name for name in LAYERS if name not in ("core", "composition")}
        packages = {p.name for p in APP.iterdir() if (p / "__init__.py").exists()}
        assert rows == domains == packages - CORE_PACKAGES
