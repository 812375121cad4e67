"""Dependencies point one way (reporting → activities → plans), URL names too: a lower app
never names an upper app's pages, and nothing routes rows from a registry filled at start-up."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A namespaced URL name as `reverse`, `redirect`, `{% url %}`, `pattern_name` … take it: a
# string literal that starts with the namespace and a colon.
_NAME = r"""["']{namespace}:\w*"""

UPPER = {
    "plans": ("activities", "reporting", "spreadsheets", "exchange"),
    "activities": ("reporting", "spreadsheets", "exchange"),
}


def _names_of_upper_apps(app: str, root: Path = ROOT) -> list[str]:
    pattern = re.compile("|".join(_NAME.format(namespace=ns) for ns in UPPER[app]))
    found = []
    for path in sorted((root / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("app", sorted(UPPER))
def test_a_lower_app_names_no_url_of_an_upper_app(app):
    assert _names_of_upper_apps(app) == []


def test_the_scan_finds_an_upper_url_name(tmp_path):
    """The scan itself can fail: a module that reverses an upper name is reported."""
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "pages.py").write_text(
        'url = reverse("activities:plan_detail", args=[slug])\n'
    )

    assert _names_of_upper_apps("plans", tmp_path) == [
        'plans/pages.py:1: url = reverse("activities:plan_detail", args=[slug])'
    ]


def test_no_app_fills_a_registry_of_routes_at_start_up():
    """Every URL is written in its app's urls.py; `ready()` wires signals at most."""
    for app in ("plans", "activities", "reporting"):
        source = (ROOT / app / "apps.py").read_text()
        assert "register_parts" not in source, app
    assert not (ROOT / "plans" / "parts.py").exists()


def test_app_ready_methods_only_connect_signals():
    """No registry is filled at start-up: each `ready()` calls only functions that connect
    signals (named connect_*), so nothing depends on the order the apps start in."""
    import ast

    for app in ("plans", "activities", "reporting"):
        tree = ast.parse((ROOT / app / "apps.py").read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "ready":
                calls = [n.func for n in ast.walk(node) if isinstance(n, ast.Call)]
                names = [c.id if isinstance(c, ast.Name) else c.attr for c in calls]
                assert all(name.startswith("connect") for name in names), (app, names)


def test_the_year_lock_reads_the_dated_models_from_the_models():
    from django.apps import apps

    from plans.yearlock import dated_of

    dated = {model.__name__ for model in apps.get_models() if dated_of(model)}
    assert dated == {"FinancingAmount", "BudgetAmount", "Measurement", "Milestone"}
