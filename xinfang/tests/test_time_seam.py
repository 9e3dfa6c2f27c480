"""Only tests freeze the time seam: production code passes the moment it acts at (`at=`,
`today=`, `now=`) instead of calling `timesource.freeze`, which would change the time read by
every other request of the worker while it runs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
SEAM = "xinfang.lib.timesource"


def freeze_uses(source: str) -> list[int]:
    """The lines of `source` that use `timesource.freeze`, however the module is imported."""
    tree = ast.parse(source)
    modules: set[str] = set()  # local names bound to the seam module
    uses: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == SEAM and not node.level:
            uses += [node.lineno for alias in node.names if alias.name == "freeze"]
        elif isinstance(node, ast.ImportFrom) and node.module == "xinfang.lib":
            modules |= {a.asname or a.name for a in node.names if a.name == "timesource"}
        elif isinstance(node, ast.Import):
            modules |= {a.asname for a in node.names if a.name == SEAM and a.asname}
    for node in ast.walk(tree):
        seam = isinstance(node, ast.Attribute) and ast.unparse(node.value) in modules | {SEAM}
        if seam and node.attr == "freeze":
            uses.append(node.lineno)
    return sorted(uses)


def production_modules():
    """Every module of the package but tests (tests/ folders and conftest.py)."""
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "tests" not in relative.parts and path.name != "conftest.py":
            yield relative, path


def test_no_production_module_freezes_the_time_seam():
    found = [
        f"xinfang/{relative}:{line}"
        for relative, path in production_modules()
        for line in freeze_uses(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "production code passes the moment (at=, today=) instead of freezing"


def test_the_scan_covers_the_production_modules():
    names = {str(relative) for relative, _ in production_modules()}
    assert {"demo/build.py", "demo/workflow_run.py", "intake/actions.py"} <= names
    assert not any("tests" in name.split("/") or name.endswith("conftest.py") for name in names)


def test_the_scan_finds_freeze_however_the_seam_is_imported():
    sources = [
        "from xinfang.lib import timesource\nwith timesource.freeze(moment):\n    pass\n",
        "from xinfang.lib import timesource as time\ntime.freeze(moment)\n",
        "import xinfang.lib.timesource as seam\nseam.freeze(moment)\n",
        "import xinfang.lib.timesource\nxinfang.lib.timesource.freeze(moment)\n",
        "from xinfang.lib.timesource import freeze\n",
    ]
    assert [freeze_uses(source) for source in sources] == [[2], [2], [2], [2], [1]]


def test_the_scan_ignores_other_freezes():
    """openpyxl's freeze_panes and a freeze of another module are not the seam."""
    source = (
        "from xinfang.lib import timesource\n"
        "sheet.freeze_panes = 'A2'\n"
        "other.freeze(moment)\n"
        "timesource.now()\n"
    )
    assert freeze_uses(source) == []
