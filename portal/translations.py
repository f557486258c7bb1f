"""Compiling the interface catalogues with polib, so a new machine needs no GNU gettext."""

from collections.abc import Iterable
from pathlib import Path

import polib


def compile_catalogues(locale_dirs: Iterable[Path | str]) -> int:
    """Write a .mo beside every .po that is newer than its .mo; return how many were written."""
    compiled = 0
    for locale_dir in locale_dirs:
        for po_path in Path(locale_dir).glob("*/LC_MESSAGES/*.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
    return compiled
