"""The layering rules, checked by reading the source (``ast``), never by importing it.

Why the rules exist:

* The rules (``bot/core/`` and every feature package ``bot/<feature>/``) stay free of
  Slack: no ``slack_bolt``, no ``slack_sdk``, nothing from ``handlers``. That way they can
  be tested alone and reused as they are by the scheduler and the CLI.
* Listener modules (``handlers/<feature>/commands.py``, ``actions.py``, ``views.py``) go
  through the runner: they never open a unit of work or a session, nor query the database.
* No import cycles between project modules, so the layers stay layers.
* No import-time registration: no registry globals filled by decorators as modules are
  imported, no imports made only for their side effects, no ``importlib.import_module``.
  Registration is explicit, from the feature list in ``bot/features.py``.

New feature packages (``bot/posts/``, ``bot/crisis/``, ``handlers/<feature>/``) are picked
up automatically: every list of files below is computed by walking the tree.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROJECT_PACKAGES: tuple[str, ...] = ("bot", "handlers", "scheduler", "storage")
EXCLUDED_TREES: tuple[Path, ...] = (ROOT / "storage" / "migrations" / "versions",)

# Composition / adapter places under bot/: everything else under bot/ is a rule module.
BOT_ADAPTER_FILES: frozenset[str] = frozenset({"bot/app.py", "bot/features.py", "bot/web.py", "bot/__init__.py"})
BOT_ADAPTER_DIRS: tuple[str, ...] = ("bot/cli/", "bot/devtools/")

SLACK_FREE_FORBIDDEN: tuple[str, ...] = ("slack_bolt", "slack_sdk", "handlers")

LISTENER_FILES: tuple[str, ...] = ("commands.py", "actions.py", "views.py")
LISTENER_FORBIDDEN_IMPORTS: tuple[str, ...] = ("sqlalchemy", "storage.db")
SESSION_FACTORIES: frozenset[str] = frozenset({"Session", "sessionmaker"})

REGISTRATION_TREES: tuple[str, ...] = ("bot", "handlers", "scheduler")
REGISTRY_GLOBALS: frozenset[str] = frozenset({"KINDS", "PERIODIC", "_subscribers", "_collectors", "DEPLOYMENT"})
NOQA_F401 = re.compile(r"#\s*noqa\s*:[^#]*\bF401\b", re.IGNORECASE)


# ---------------------------------------------------------------------------
# Reading the source
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRef:
    """One imported name: ``import module`` (name is None) or ``from module import name``."""

    path: Path
    line: int
    module: str  # absolute, relative imports already resolved; "" if resolved above the root
    name: str | None
    statement: str

    @property
    def where(self) -> str:
        return f"{rel(self.path)}:{self.line}"

    def targets(self) -> tuple[str, ...]:
        """The dotted names this import may refer to: the module, and module.name for a from-import."""
        if self.name is None or self.name == "*":
            return (self.module,)
        full = f"{self.module}.{self.name}" if self.module else self.name
        return (self.module, full) if self.module else (full,)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _excluded(path: Path) -> bool:
    return any(path.is_relative_to(tree) for tree in EXCLUDED_TREES)


def py_files(*trees: str) -> list[Path]:
    """Every ``.py`` file under the given top-level directories (migration versions excluded)."""
    found: list[Path] = []
    for tree in trees:
        found.extend(p for p in (ROOT / tree).rglob("*.py") if not _excluded(p))
    return sorted(found)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(path: Path) -> str:
    """The package that relative imports in this file are resolved against."""
    name = module_name(path)
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


@cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def tree_of(path: Path) -> ast.Module:
    return ast.parse(source(path), filename=str(path))


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = package_of(path).split(".")
    keep = len(parts) - (node.level - 1)
    base = parts[: max(keep, 0)]
    if node.module:
        base.extend(node.module.split("."))
    return ".".join(base)


def imports_of(path: Path) -> Iterator[ImportRef]:
    """Every import in the file: module level, inside functions, under ``if TYPE_CHECKING:``."""
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Import):
            text = ast.unparse(node)
            for alias in node.names:
                yield ImportRef(path, node.lineno, alias.name, None, text)
        elif isinstance(node, ast.ImportFrom):
            text = ast.unparse(node)
            base = _resolve(path, node)
            for alias in node.names:
                yield ImportRef(path, node.lineno, base, alias.name, text)


def is_under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _by_file_and_line(offender: str) -> tuple[str, int, str]:
    path, _, rest = offender.partition(":")
    line, _, what = rest.partition(":")
    return (path, int(line), what) if line.isdigit() else (path, 0, rest)


def report(title: str, offenders: Iterable[str]) -> str:
    lines = sorted(set(offenders), key=_by_file_and_line)
    return f"{title} ({len(lines)}):\n  " + "\n  ".join(lines)


# ---------------------------------------------------------------------------
# Which files are which
# ---------------------------------------------------------------------------


def rule_modules() -> list[Path]:
    """Every .py under bot/ except the composition/adapter places."""
    chosen: list[Path] = []
    for path in py_files("bot"):
        name = rel(path)
        if name in BOT_ADAPTER_FILES or name.startswith(BOT_ADAPTER_DIRS):
            continue
        chosen.append(path)
    return chosen


def listener_modules() -> list[Path]:
    # A feature in parts (handlers/crisis/opening/…) has its listeners one level down.
    top = ROOT / "handlers"
    return sorted(p for name in LISTENER_FILES for p in top.rglob(name) if p.parent != top)


# ---------------------------------------------------------------------------
# 1. The rules import no Slack
# ---------------------------------------------------------------------------


def test_rule_modules_are_found() -> None:
    rules = {rel(p) for p in rule_modules()}
    assert "bot/core/config.py" in rules
    assert not rules & BOT_ADAPTER_FILES
    assert not any(r.startswith(BOT_ADAPTER_DIRS) for r in rules)


def test_rules_import_no_slack() -> None:
    offenders = [
        f"{ref.where}: {ref.statement}"
        for path in rule_modules()
        for ref in imports_of(path)
        if any(is_under(t, f) for t in ref.targets() for f in SLACK_FREE_FORBIDDEN)
    ]
    assert not offenders, report(
        "Rule modules must not import slack_bolt, slack_sdk or handlers (move the Slack part to handlers/)",
        offenders,
    )


# ---------------------------------------------------------------------------
# 2. Listener modules open no session
# ---------------------------------------------------------------------------


def _call_name(call: ast.Call) -> tuple[str | None, bool]:
    """The called name, and whether it was reached as an attribute (``x.name(...)``)."""
    if isinstance(call.func, ast.Name):
        return call.func.id, False
    if isinstance(call.func, ast.Attribute):
        return call.func.attr, True
    return None, False


def session_uses(path: Path) -> Iterator[str]:
    where = rel(path)
    for ref in imports_of(path):
        if any(is_under(t, f) for t in ref.targets() for f in LISTENER_FORBIDDEN_IMPORTS):
            yield f"{ref.where}: {ref.statement}"
    for node in ast.walk(tree_of(path)):
        if not isinstance(node, ast.Call):
            continue
        name, is_attr = _call_name(node)
        if (name == "uow" and is_attr) or name in SESSION_FACTORIES or name == "select":
            yield f"{where}:{node.lineno}: {ast.unparse(node.func)}(...)"


def test_listener_modules_are_found() -> None:
    assert listener_modules(), "no handlers/<feature>/commands.py found: has the layout changed?"


def test_listener_modules_open_no_session() -> None:
    offenders = [use for path in listener_modules() for use in session_uses(path)]
    assert not offenders, report(
        "Listener modules must go through the runner: no .uow(), Session(), sessionmaker(), select(), "
        "nor imports from sqlalchemy / storage.db",
        offenders,
    )


# ---------------------------------------------------------------------------
# 3. No import cycles
# ---------------------------------------------------------------------------

Edges = dict[str, dict[str, list[str]]]  # module -> imported module -> ["file:line", ...]


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for p in py_files(*PROJECT_PACKAGES)}


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a project module (None if outside the project)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_target(ref: ImportRef, modules: dict[str, Path]) -> str | None:
    """The project module an import depends on: ``from pkg import name`` is ``pkg.name`` if that
    is a module, else ``pkg``; ``import a.b.c`` is ``a.b.c`` (not its parent packages)."""
    if ref.name is not None and ref.name != "*":
        full = f"{ref.module}.{ref.name}" if ref.module else ref.name
        if full in modules:
            return full
    return _known(ref.module, modules) if ref.module else None


def import_graph() -> Edges:
    modules = project_modules()
    graph: Edges = {name: {} for name in modules}
    for name, path in modules.items():
        for ref in imports_of(path):
            target = import_target(ref, modules)
            if target is not None and target != name:
                places = graph[name].setdefault(target, [])
                if ref.where not in places:
                    places.append(ref.where)
    return graph


def strongly_connected(graph: Edges) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on deep import chains)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, {})))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                found.append(sorted(component))
    return found


def cycles(graph: Edges) -> list[list[str]]:
    return sorted(c for c in strongly_connected(graph) if len(c) > 1)


def describe_cycle(component: list[str], graph: Edges) -> str:
    members = set(component)
    edges = [
        f"    {src} -> {dst}  ({', '.join(graph[src][dst])})"
        for src in component
        for dst in sorted(graph[src])
        if dst in members
    ]
    return "  cycle: " + ", ".join(component) + "\n" + "\n".join(edges)


def test_cycle_detector_finds_a_planted_cycle() -> None:
    graph: Edges = {"a": {"b": ["a.py:1"]}, "b": {"c": ["b.py:1"]}, "c": {"a": ["c.py:1"]}, "d": {"a": ["d.py:1"]}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": []}, "b": {}}) == []


def test_no_import_cycles() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, f"Import cycles between project modules ({len(found)}):\n" + "\n".join(
        describe_cycle(c, graph) for c in found
    )


# ---------------------------------------------------------------------------
# 4. No import-time registration
# ---------------------------------------------------------------------------


def _bound_names(target: ast.expr) -> Iterator[ast.Name]:
    if isinstance(target, ast.Name):
        yield target
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _bound_names(element)
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)


def module_level_definitions(body: list[ast.stmt]) -> Iterator[tuple[str, int]]:
    """Names bound at module level (also inside module-level if/try/with/for), not in defs or classes."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield stmt.name, stmt.lineno
            continue
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                yield from ((n.id, n.lineno) for n in _bound_names(target))
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
            yield from ((n.id, n.lineno) for n in _bound_names(stmt.target))
        for field in ("body", "orelse", "finalbody"):
            nested = getattr(stmt, field, None)
            if isinstance(nested, list) and all(isinstance(s, ast.stmt) for s in nested):
                yield from module_level_definitions(nested)
        if isinstance(stmt, ast.Try | ast.TryStar):
            for handler in stmt.handlers:
                yield from module_level_definitions(handler.body)
        if isinstance(stmt, ast.Match):
            for case in stmt.cases:
                yield from module_level_definitions(case.body)


def registration_offenders(path: Path) -> Iterator[str]:
    where = rel(path)
    tree = tree_of(path)
    for defined, line in module_level_definitions(tree.body):
        if defined in REGISTRY_GLOBALS:
            yield f"{where}:{line}: module-level registry {defined}"
    for token in tokenize.generate_tokens(io.StringIO(source(path)).readline):
        if token.type == tokenize.COMMENT and NOQA_F401.search(token.string):
            yield f"{where}:{token.start[0]}: side-effect import ({token.string.strip()})"
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            called, _ = _call_name(node)
            if called in ("import_module", "__import__"):
                yield f"{where}:{node.lineno}: {ast.unparse(node)}"


def test_no_import_time_registration() -> None:
    offenders = [o for path in py_files(*REGISTRATION_TREES) for o in registration_offenders(path)]
    assert not offenders, report(
        "Registration must be explicit from the feature list in bot/features.py: no registry globals, "
        "no '# noqa: F401' side-effect imports, no importlib.import_module",
        offenders,
    )
