"""The layout's rules, from the source alone (docs/architecture.md, issue 18).

Every import of the library (top level, inside functions, under ``TYPE_CHECKING``) is mapped
to the package it points at; it must point at the same package or at an allowed lower one, and
the modules must import each other without a circle. Faces (``__init__.py``) only re-export.
No module is over 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kompetensi.core import config

PACKAGE = config.PROJECT_ROOT / "kompetensi"
ANALYSES = ("needs", "implementation", "evaluation", "impact", "stakeholders", "summary", "service")
BASE = {"core", "reference"}
# what each package may import, besides itself (privacy.disclosure: that module only)
ALLOWED: dict[str, set[str]] = {
    "reference": set(),
    "core": {"reference"},
    "privacy": BASE,
    "io": BASE,
    "clean": BASE | {"io", "privacy"},
    "processing": BASE | {"io", "clean", "privacy"},
    **{name: BASE | {"privacy.disclosure"} for name in ANALYSES},
    "report": {"core"},
    "pipeline": BASE | {"privacy.scan", "privacy.keys", "processing", "report"},
    "synth": BASE,
    "cli": {"*"},
    "": set(),  # kompetensi/__init__.py: the version only
}
MAX_LINES = 400
FACE_LINES = 40


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _target(name: str) -> str | None:
    """The longest library module that ``name`` (dotted) starts with."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def imports(module: str) -> set[str]:
    """Library modules that ``module`` imports anywhere in its source."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(t for a in node.names if (t := _target(a.name)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                target = full if full in MODULES else _target(base)
                if target:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {m: imports(m) for m in MODULES}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _allowed(source: str, target: str) -> bool:
    src, dst = package_of(source), package_of(target)
    rules = ALLOWED[src]
    if src == dst or "*" in rules or dst in rules or dst == "":  # "": the version only
        return True
    return any(target == f"kompetensi.{rule}" or target.startswith(f"kompetensi.{rule}.")
               for rule in rules if "." in rule)


def test_every_package_has_a_layer():
    assert {package_of(m) for m in MODULES} <= set(ALLOWED)


def test_imports_go_down_only():
    upward = sorted(f"{s} -> {t}" for s, targets in GRAPH.items() for t in targets
                    if not _allowed(s, t))
    assert not upward, "imports against the layers:\n" + "\n".join(upward)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_between_modules():
    # a face importing its own submodules is how it re-exports: not a circle by itself
    graph = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in GRAPH.items()}
    assert _cycles(graph) == []


def test_no_import_circle_between_packages():
    graph: dict[str, set[str]] = {}
    for source, targets in GRAPH.items():
        graph.setdefault(package_of(source), set()).update(
            package_of(t) for t in targets if package_of(t) != package_of(source))
    assert _cycles(graph) == []


# reference (data and their loader) and the synth wing (generators) are not layer faces
NOT_FACES = ("reference", "synth")


@pytest.mark.parametrize("face", sorted(p for p in PACKAGE.rglob("__init__.py") if p.parent !=
                                        PACKAGE and p.relative_to(PACKAGE).parts[0]
                                        not in NOT_FACES),
                         ids=lambda p: p.parent.relative_to(PACKAGE).as_posix())
def test_faces_only_re_export(face):
    tree = ast.parse(face.read_text(encoding="utf-8"))
    body = [n for n in tree.body if not (isinstance(n, ast.Expr)
                                         and isinstance(n.value, ast.Constant))
            and not (isinstance(n, ast.Assign) and n.targets[0].id == "__all__")]
    assert all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in body), face
    assert len(face.read_text(encoding="utf-8").splitlines()) <= FACE_LINES, face


def test_no_module_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_no_flat_module_but_the_command_line():
    assert sorted(p.name for p in PACKAGE.glob("*.py")) == ["__init__.py", "cli.py"]
