"""The wheel (`pip wheel .`) ships the four apps and the data they read (the demo plans, the
exchange schema), never the developer tools (`devtools/`: the benchmark, the sample plan),
Python that builds demo plans, or the tests (#20).

The files are those setuptools' `build_py` lays out from a copy of the checkout with the
project's own configuration (pyproject.toml): the wheel is that tree plus its metadata, file
for file (a pure-Python project; checked against `pip wheel` on 26 November 2026). `pip wheel`
itself would need the network for its isolated build environment, or the `wheel` package.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reporting.management.commands.load_demo import DEMO_FILES

ROOT = Path(__file__).resolve().parents[1]
APPS = ("helhedsplan", "plans", "activities", "reporting")
# Everything a checkout has that a build could pick up.
SOURCE = ("pyproject.toml", "README.md", "manage.py", *APPS, "devtools", "tests")


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("build")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "vendor")
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        else:
            shutil.copy2(path, source / name)
    subprocess.run(
        [sys.executable, "-W", "ignore", "-c", "import setuptools; setuptools.setup()",
         "--quiet", "build_py", "--build-lib", str(out)],
        cwd=source, check=True, capture_output=True, timeout=120,
    )
    return sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())


def test_the_wheel_holds_the_apps(wheel_names):
    for app in APPS:
        assert f"{app}/__init__.py" in wheel_names
    assert "reporting/management/commands/load_demo.py" in wheel_names


def test_no_developer_tool_benchmark_or_test_ships(wheel_names):
    top_level = {name.split("/", 1)[0] for name in wheel_names if "/" in name}
    assert "devtools" not in top_level
    assert "tests" not in top_level
    python = [name for name in wheel_names if name.endswith(".py")]
    assert [name for name in python if "bench" in name.rsplit("/", 1)[-1]] == []
    assert [name for name in python if name.endswith(("/sample.py", "/conftest.py"))] == []
    assert [name for name in python if name.rsplit("/", 1)[-1].startswith("test_")] == []


def test_the_demo_ships_as_data_only(wheel_names):
    """The demo plans are exchange files; the only demo Python is the small `load_demo`
    command (logins, memberships, the approval under way)."""
    assert [name for name in wheel_names if "/demo/" in name and name.endswith(".py")] == []
    for path in DEMO_FILES:
        assert path.relative_to(ROOT).as_posix() in wheel_names


def test_every_data_file_of_the_apps_ships(wheel_names):
    """JSON and Markdown beside the code (the exchange schema, the demo plans) are read at run
    time: `make run` loads the demo, an upload is checked against the schema."""
    data = [
        path.relative_to(ROOT).as_posix()
        for app in APPS
        for pattern in ("*.json", "*.md")
        for path in (ROOT / app).rglob(pattern)
    ]
    assert data
    assert [name for name in data if name not in wheel_names] == []
