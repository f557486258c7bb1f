"""Which of Wagtail's admin strings no Swedish catalogue translates: Wagtail's own, or the
portal's supplement in portal/locale/sv/LC_MESSAGES/django.po.

    .venv/bin/python tools/wagtail_strings_sv.py            # what is missing, one per line
    .venv/bin/python tools/wagtail_strings_sv.py --json     # the same, for a script

Run it after an upgrade of Wagtail and translate what it lists into the portal's catalogue
(the editors work in Swedish). It reads the gettext calls in Wagtail's Python code and the
{% translate %} tags in its templates; strings built at run time are not found.
"""

import argparse
import ast
import json
import re
import sys
from pathlib import Path

import polib
import wagtail

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / "portal/locale/sv/LC_MESSAGES/django.po"
CALLS = {  # function name -> positions of (context, message, plural)
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
TEMPLATE_TAG = re.compile(r'{%\s*(?:trans|translate)\s+"([^"]+)"(?:\s+context\s+"([^"]+)")?')


def translated(package: Path) -> set[tuple[str | None, str]]:
    catalogues = [*package.glob("**/locale/sv/LC_MESSAGES/django.po"), OURS]
    return {
        (entry.msgctxt, entry.msgid)
        for path in catalogues
        if path.exists()
        for entry in polib.pofile(str(path))
        if entry.translated()
    }


def _skipped(relative: str) -> bool:
    return "/tests/" in relative or "/test/" in relative or relative.startswith("test")


def used(package: Path) -> dict[tuple[str | None, str], tuple[str | None, str]]:
    """(context, message) -> (plural, the file that uses it)."""
    found: dict[tuple[str | None, str], tuple[str | None, str]] = {}
    for path in package.glob("**/*.py"):
        relative = path.relative_to(package).as_posix()
        if _skipped(relative) or "migrations" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CALLS:
                continue
            texts = [
                arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                for arg in node.args
            ]
            context, message, plural = (
                texts[i] if i is not None and i < len(texts) else None for i in CALLS[name]
            )
            if message and message.strip():
                found.setdefault((context, message), (plural, relative))
    for path in package.glob("**/templates/**/*.html"):
        relative = path.relative_to(package).as_posix()
        if not _skipped(relative):
            for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
                found.setdefault((match.group(2), match.group(1)), (None, relative))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    package = Path(wagtail.__file__).resolve().parent
    done = translated(package)
    missing = sorted(
        ((key, value) for key, value in used(package).items() if key not in done),
        key=lambda item: (item[1][1], item[0][1]),
    )
    if args.json:
        json.dump([[c, m, p, w] for (c, m), (p, w) in missing], sys.stdout, ensure_ascii=False)
    else:
        for (_context, message), (_plural, where) in missing:
            print(f"{where}: {message}")
        print(f"# {len(missing)} of Wagtail {wagtail.__version__}'s strings have no Swedish")
    return 0


if __name__ == "__main__":
    sys.exit(main())
