import pytest

from tests.packs import SMALL_PACK as PACK  # noqa: F401 (for modules that load it again)


@pytest.fixture
def pack(db, small_pack):
    """A small pack with one of every guidance item and page type, in both languages."""
    return small_pack
