"""The layers hold: what each part of the code may import (ARCHITECTURE.md, docs/architecture.md).

Every module's syntax tree is read, imports inside functions included (a lazy import is still an
edge). The rules:

- the core (``olap``, ``mining``, ``crm``, ``data``, ``i18n``) never imports ``pages``,
  ``callbacks``, ``components`` or ``jobs``;
- ``jobs`` (the post-load steps and other work across the core) never imports ``pages``,
  ``callbacks`` or ``components``;
- ``__main__.py`` modules are entry points, the outer shell like ``app.py`` (a command wires the
  layers together, as the app does): they may import any layer but ``pages``, ``callbacks`` and
  ``components``;
- ``data`` never imports ``olap``, ``mining`` or ``crm``;
- ``i18n`` imports nothing of the project;
- ``pages`` never import ``data``, ``olap`` or ``mining``.

There is no allow-list: an import that breaks a rule fails the test (issue 10 removed the 46 that
did when the rules were written down).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {
    "app",
    "settings",
    "serving",
    "errors",
    "auth",
    "pages",
    "callbacks",
    "components",
    "olap",
    "mining",
    "crm",
    "data",
    "i18n",
    "jobs",
    "background",
    "worker",
}
CORE = {"olap", "mining", "crm", "data", "i18n"}
SCREENS = {"pages", "callbacks", "components"}
ENTRY = "__main__"  # the layer of every __main__.py: a command is an entry point, like app.py
FORBIDDEN = {
    **{layer: SCREENS | {"jobs"} for layer in CORE},
    "jobs": SCREENS,
    ENTRY: SCREENS,
    "data": SCREENS | {"jobs", "olap", "mining", "crm"},
    "i18n": PROJECT - {"i18n"},
    "pages": {"data", "olap", "mining"},
}


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # "from olap import engine" imports olap.engine
            found.update(f"{node.module}.{alias.name}" for alias in node.names if node.module in PROJECT)
    return found


def layer_of(path: Path, root: Path = ROOT) -> str:
    rel = path.relative_to(root)
    if rel.name == "__main__.py":
        return ENTRY
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def violations(root: Path = ROOT) -> dict[tuple[str, str], str]:
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in (".venv", "tests", "bench", "instance") or rel.parts[0].startswith("."):
            continue
        layer = layer_of(path, root)
        banned = FORBIDDEN.get(layer, set())
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in banned and not (name == top and any(n.startswith(top + ".") for n in imports_of(path))):
                out[(rel.as_posix(), name)] = f"{layer} must not import {top}"
    return out


def test_no_module_breaks_the_layers():
    found = violations()
    assert not found, "imports that break the layers: " + "; ".join(
        f"{a} imports {b} ({w})" for (a, b), w in found.items()
    )


def test_the_checker_finds_a_broken_rule(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "pages" / "p.py").write_text(
        "from components.page import page_context\n\ndef layout():\n    from olap import engine\n"
    )
    (tmp_path / "data" / "d.py").write_text("import i18n\nfrom crm.segments import member_ids\n")
    assert set(violations(tmp_path)) == {("pages/p.py", "olap.engine"), ("data/d.py", "crm.segments")}


def test_the_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from olap import engine\n    import data.warehouse\n")
    assert {"os", "olap", "olap.engine", "data.warehouse"} <= imports_of(module)


def test_a_command_is_an_entry_point_whatever_package_it_is_in():
    assert layer_of(ROOT / "data" / "importer" / "__main__.py") == ENTRY
    assert layer_of(ROOT / "data" / "importer" / "core.py") == "data"
