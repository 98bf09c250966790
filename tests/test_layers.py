"""The package's layers import only downward: a lower layer never reaches up.

The order is the README's "Layout of the code". `pipeline.errors` is the foundation every
layer may use. A module may import its own layer and any layer below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"

# Lowest first.
LAYERS = [
    "errors",
    "text",
    "store",
    "model",
    "tools",
    "site",
    "stages",
    "governance",
    "measure",
    "desk",
    "cli",
]


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "pipeline" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in LAYERS else None


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # `from pipeline import site` names a layer as the imported member.
            if node.module == "pipeline":
                found += [(node.lineno, f"pipeline.{alias.name}") for alias in node.names]
    return found


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE
    )


def test_every_module_belongs_to_a_layer() -> None:
    loose = [_module_name(p) for p in _modules() if _layer(_module_name(p)) is None]
    assert loose == [], f"modules outside the layers {LAYERS}: {loose}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: _module_name(p))
def test_imports_point_downward(path: Path) -> None:
    own = _layer(_module_name(path))
    assert own is not None
    upward = [
        f"line {line}: {target}"
        for line, target in _imports(path)
        if (layer := _layer(target)) is not None and LAYERS.index(layer) > LAYERS.index(own)
    ]
    assert upward == [], f"{_module_name(path)} ({own}) imports a higher layer: {upward}"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    # The rule itself: a model module importing a stage is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from pipeline.stages.review import Review\nimport pipeline.cli.app\n")
    targets = [t for _, t in _imports(bad)]
    assert [_layer(t) for t in targets] == ["stages", "cli"]
    assert all(LAYERS.index(_layer(t) or "errors") > LAYERS.index("model") for t in targets)
