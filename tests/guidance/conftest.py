from pathlib import Path

import pytest

from portal.content_pack.loader import load_pack

PACK = Path(__file__).resolve().parents[1] / "fixtures" / "guidance_pack"


@pytest.fixture
def pack(db):
    """A small pack with one of every guidance item and page type, in both languages."""
    report = load_pack(PACK)
    assert report.conflicts == []
    return report
