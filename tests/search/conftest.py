import pytest

from tests.packs import SMALL_PACK as PACK  # noqa: F401 (for modules that load it again)


@pytest.fixture
def site(db, small_pack):
    """The small guidance pack (pages in sv and en, terms, rules, roles), indexed, by key."""
    from portal.models import ContentRecord

    return {
        r.key + (":" + r.language if r.language else ""): r for r in ContentRecord.objects.all()
    }


@pytest.fixture
def home(site):
    return site["home:sv"].page.specific


def guidance_page(parent, *, title, text, publish=True, **fields):
    """A guidance page with one paragraph of text, published unless told otherwise."""
    from tests.factories.guidance import GuidancePageFactory

    page = GuidancePageFactory.build(
        title=title,
        slug=None,
        summary=fields.pop("summary", ""),
        body=[("text", {"text": f"<p>{text}</p>", "citations": []})],
        live=False,
        **fields,
    )
    from django.utils.text import slugify

    page.slug = slugify(title)[:50] or "sida"
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


@pytest.fixture(autouse=True)
def indexing_never_fails(caplog):
    """Wagtail logs indexing errors instead of raising them; here they fail the test."""
    yield
    failures = [r.getMessage() for r in caplog.records if r.name.startswith("modelsearch")]
    assert [f for f in failures if "Exception raised" in f] == []
