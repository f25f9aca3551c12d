"""Every dotted ``kompetensi.…`` name in the code, notebooks, captions and docs names a real
module or object, in the module that defines it or in its package face (issue 18: README,
docs, captions and ``SUMBER`` lines must not name dead paths after the move)."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from kompetensi.core import config

ROOT = config.PROJECT_ROOT
DOTTED = re.compile(r"\bkompetensi(?:\.[A-Za-z_]\w*)+")
FILE_SUFFIXES = (".py", ".csv", ".md", ".json", ".ipynb", ".lock")
FILES = sorted([*ROOT.glob("kompetensi/**/*.py"), *ROOT.glob("notebooks/*.ipynb"),
                *ROOT.glob("docs/*.md"), ROOT / "README.md", *ROOT.glob("benchmarks/*.py"),
                *ROOT.glob("data/raw/contoh/README.md")])


def problem(ref: str) -> str | None:
    """Why ``ref`` is not a good reference, or None."""
    parts = ref.split(".")
    for i in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        obj = module
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return f"{'.'.join(parts[:i])} has no {'.'.join(parts[i:])}"
            obj = getattr(obj, attr)
        if i == len(parts) - 1 and (inspect.isfunction(obj) or inspect.isclass(obj)):
            face = obj.__module__.rsplit(".", 1)[0]
            if module.__name__ not in (obj.__module__, face):
                return f"defined in {obj.__module__}"
        return None
    return "no such module"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_dotted_names_resolve(path):
    refs = {r.rstrip(".") for r in DOTTED.findall(path.read_text(encoding="utf-8"))}
    refs = {r for r in refs if not r.endswith(FILE_SUFFIXES)}
    bad = {r: why for r in sorted(refs) if (why := problem(r))}
    assert bad == {}
