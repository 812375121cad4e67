"""Finds Danish text that reaches the user without passing through the catalogue.

Every user-facing string has an English msgid and its Danish translation in
locale/da/LC_MESSAGES/django.po, so that English chosen means English everywhere. A Danish
literal left in a template's text or in Python code shows up in Danish whatever the language.

What counts as Danish: a word with æ, ø or å, or one of a few common Danish words that English
never uses. What is skipped: text inside {% translate %} / {% blocktranslate %} and gettext calls
(those are msgids), comments and docstrings, template tags and variables, HTML attributes other
than the ones a user sees or hears (aria-label, title, placeholder, alt), and the data listed in
ALLOWED (demo plans, migrations, the rule sets' own texts, URL paths).
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
DANISH_WORDS = re.compile(
    r"\b(og|ikke|eller|skal|til|af|med|fra|ingen|også|kun|hvis|efter|alle|denne|dette|"
    r"gem|gemt|slet|slettet|rediger|tilføj|annuller|luk|tilbage|fejl|mangler|ukendt|vælg|side|"
    r"hent|kladde|godkendt|samarbejdsaftale|bestyrelsen|indsatsen|"
    r"beboerne|afdeling|afdelinger|kommunen|planen|aktivitet|aktiviteter|milepæl|budgettet)\b",
    re.IGNORECASE,
)

GETTEXT_CALLS = {
    "_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy",
    "npgettext", "npgettext_lazy", "gettext_noop", "_lazy",
}

# Python files (relative to the project root) whose strings are data, not interface text.
ALLOWED_FILES = {
    "devtools/sample.py": "the sample plan the bench and the layout tests fill, Danish data",
    "reporting/management/commands/load_demo.py": "the demo plans' people and texts, data",
    "devtools/management/commands/bench.py": "the bench's generated plans, data",
    "devtools/spreadsheets_bench.py": "the bench's workbook, written as a Danish user would",
    "devtools/exchange_bench.py": "the bench's exchange file, data",
    "devtools/queue_bench.py": "the queue bench's edits to a generated plan, data",
    "devtools/pdf_bench.py": "the PDF bench's edit to a generated plan, data",
    "devtools/lists_bench.py": "the list bench's generated plans, data",
}
ALLOWED_DIRS = ("/migrations/", "/tests/")
# A literal without spaces made of lower-case letters, digits and - _ / < > : . is a key, a
# slug, an anchor, a URL path or a file name (stored values and addresses stay Danish).
KEY_LIKE = re.compile(r"^[a-z0-9_\-/<>:.?=#]*$")


def is_danish(text: str) -> bool:
    return bool(DANISH_LETTERS.search(text) or DANISH_WORDS.search(text))


# --- Templates ---------------------------------------------------------------------------------

_BLOCKS = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<script\b.*?</script>", re.S | re.I),
    re.compile(r"<style\b.*?</style>", re.S | re.I),
]
_TAG = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_VISIBLE_ATTRIBUTE = re.compile(
    r"""\b(aria-label|title|placeholder|alt)\s*=\s*(["'])(.*?)\2""", re.S | re.I
)
_HTML_TAG = re.compile(r"<[^>]*>", re.S)


def template_literals(text: str) -> list[str]:
    """The text a template shows that is not translated: text nodes and visible attributes."""
    for block in _BLOCKS:
        text = block.sub(" ", text)
    found = []
    for match in _VISIBLE_ATTRIBUTE.finditer(text):
        value = _TAG.sub(" ", match.group(3)).strip()
        if value:
            found.append(value)
    body = _HTML_TAG.sub("\n", _TAG.sub(" ", text))
    found += [line.strip() for line in body.splitlines() if line.strip()]
    return [literal for literal in found if is_danish(literal)]


def template_findings(folder: Path = ROOT / "templates") -> list[str]:
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
            for literal in template_literals(path.read_text(encoding="utf-8")):
                findings.append(f"{path.relative_to(folder.parent)}: {literal[:80]!r}")
    return findings


# --- Python ------------------------------------------------------------------------------------


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def python_literals(source: str) -> list[tuple[int, str]]:
    """String constants that are neither msgids, docstrings nor dict keys of data."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in GETTEXT_CALLS:
            for arg in ast.walk(node):
                skip.add(id(arg))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and is_danish(node.value)
        ):
            found.append((node.lineno, node.value))
    return found


APPS = ("helhedsplan", "plans", "activities", "reporting", "devtools")


def python_findings(root: Path = ROOT, folders=APPS) -> list[str]:
    findings = []
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if relative in ALLOWED_FILES or any(part in f"/{relative}" for part in ALLOWED_DIRS):
                continue
            allowed = ALLOWED_LITERALS.get(relative, ())
            for line, literal in python_literals(path.read_text(encoding="utf-8")):
                if KEY_LIKE.match(literal) or any(literal in values for values in allowed):
                    continue
                findings.append(f"{relative}:{line}: {literal[:80]!r}")
    return findings


def _strings_in(path: str, name: str) -> set[str]:
    """Every string literal in the assignment to `name` in `path` (data kept in code)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            getattr(target, "id", None) == name for target in node.targets
        ):
            return {
                n.value for n in ast.walk(node.value)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)
            }
    raise LookupError(f"{name} not found in {path}")


# Literals that are data, by file and the name they are assigned to, with the reason.
ALLOWED_LITERALS: dict[str, tuple[set[str], ...]] = {
    # The statuses the housing law gives an area, suggested as values the plan states.
    "plans/models/plan.py": (_strings_in("plans/models/plan.py", "STATUS_SUGGESTIONS"),),
    # Danish letters spelled out for slugs (æ → ae).
    "plans/services.py": (_strings_in("plans/services.py", "_DANISH_LETTERS"),),
    # Words a Danish spreadsheet user types in a cell, read in either language.
    "reporting/exchange/sheets/cells.py": (
        _strings_in("reporting/exchange/sheets/cells.py", "YES"),
        _strings_in("reporting/exchange/sheets/cells.py", "NO"),
    ),
    "reporting/exchange/sheets/importers/budget.py": (
        _strings_in("reporting/exchange/sheets/importers/budget.py", "CROSS_CUTTING"),
    ),
    # The warm-up document (every face and letter the documents use), never shown.
    "reporting/pdf/render.py": (
        _strings_in("reporting/pdf/render.py", "_FORK_WARM_UP_HTML"),
    ),
}

# Catalogue msgids that name Danish data as an example for the user (names, the law's terms).
ALLOWED_MSGIDS = {
    "Free text, e.g. 'Baseline 2018: Værebro Park 75 %, hele Danmark 87 %'.",
    "The name of the area, e.g. Værebro Park.",
    "As the plan states it, e.g. særligt udsat boligområde. Leave empty if none.",
    "E.g. formand, or Repræsentant for beboerne.",
    "E.g. Repræsentant for afdelingsbestyrelsen.",
}
