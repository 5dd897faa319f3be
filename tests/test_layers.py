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

``KNOWN`` lists the edges that broke them when this test was written (issue 10 removes them):
a new edge fails the test, and so does an entry of ``KNOWN`` that no longer exists, so the list
only ever shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {
    "app",
    "settings",
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

# The edges that still break the rules (importing module, imported module), and why each layer has them;
# issue 10 empties this
WHY = {
    "pages": "layouts get their options from a per-version catalog, not from the core",
}
KNOWN = {}


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


def layer_of(path: Path) -> str:
    rel = path.relative_to(ROOT)
    if rel.name == "__main__.py":
        return ENTRY
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def violations() -> dict[tuple[str, str], str]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in (".venv", "tests", "bench", "instance") or rel.parts[0].startswith("."):
            continue
        layer = layer_of(path)
        banned = FORBIDDEN.get(layer, set())
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in banned and not (name == top and any(n.startswith(top + ".") for n in imports_of(path))):
                out[(rel.as_posix(), name)] = f"{layer} must not import {top}"
    return out


def test_no_module_breaks_the_layers():
    found = violations()
    new = {edge: why for edge, why in found.items() if edge not in KNOWN}
    assert not new, "imports that break the layers: " + "; ".join(f"{a} imports {b} ({w})" for (a, b), w in new.items())


def test_the_known_exceptions_only_shrink():
    assert {module.split("/")[0] for module, _ in KNOWN} <= set(WHY), "every known exception says why"
    gone = set(KNOWN) - set(violations())
    assert not gone, f"remove these from KNOWN, they no longer exist: {sorted(gone)}"


def test_the_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import os\n\ndef f():\n    from olap import engine\n    import data.warehouse\n")
    assert {"os", "olap", "olap.engine", "data.warehouse"} <= imports_of(module)


def test_a_command_is_an_entry_point_whatever_package_it_is_in():
    assert layer_of(ROOT / "data" / "importer" / "__main__.py") == ENTRY
    assert layer_of(ROOT / "data" / "importer" / "core.py") == "data"
