"""The scene of the privacy tests (tests/portal/privacy): a public page with a child, a section
listing it, a page linking it and a document; the surfaces that could show any of it; and the
editor's ways of making it private, through the admin."""

from dataclasses import dataclass

from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Collection, Page

from portal.pagecache.middleware import HEADER
from search.models import SearchDocument

SECRET = "Hemlighetsfull"
DOCUMENT_SECRET = "Sekretessbelagt"
PAGE_PASSWORD = "ledningsgruppens-lösen"
GROUP = "Ledningsgrupp Jämtland"
VERIFY = "/konto/tvastegsverifiering/"


@dataclass
class Scene:
    section: Page
    page: Page
    child: Page
    linker: Page
    document: object
    collection: Collection


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@dataclass
class Visitors:
    anonymous: Client
    password_only: Client
    outside_group: Client
    member: Client


DOCUMENT_BYTES = "%PDF-1.4 protokoll"
# Surfaces that say nothing of the content itself but may name its address (a password form
# sends the reader back there): for the others, the address alone is a leak.
GATES = {"page", "child page", "document", "document in media"}


def surfaces(client: Client, scene: Scene) -> dict[str, str]:
    """What each public surface shows this visitor (status and text)."""
    page, child = scene.page, scene.child

    def text(url: str) -> str:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        return f"{response.status_code} {body.decode(errors='replace')}"

    return {
        "page": text(page.url),
        "child page": text(child.url),
        "section list": text(scene.section.url),
        "linking page": text(scene.linker.url),
        "sitemap": text("/sitemap.xml"),
        "search": text("/sv/sok/?q=hemlighetsfull"),
        "search, misspelt": text("/sv/sok/?q=hemlighetsfyll"),
        "search, English falls back to Swedish": text("/en/search/?q=hemlighetsfull"),
        "search API": text("/api/search/?q=hemlighetsfull"),
        "search API, lang=en": text("/api/search/?q=hemlighetsfull&lang=en"),
        "search API, documents": text("/api/search/?q=sekretessbelagt&type=dokument"),
        "search, documents": text("/sv/sok/?q=sekretessbelagt"),
        "suggestions": text("/api/search/suggest/?q=hemlig&lang=sv"),
        "pages API": text("/api/v2/pages/?fields=title&limit=20"),
        "pages API search": text("/api/v2/pages/?search=hemlighetsfull"),
        "pages API detail": text(f"/api/v2/pages/{page.pk}/"),
        "child in pages API": text(f"/api/v2/pages/{child.pk}/"),
        "document": text(scene.document.url),
        "document in media": text(f"/media/{scene.document.file.name}"),
    }


def leaks(client: Client, scene: Scene, *, only: set[str] | None = None) -> list[str]:
    """The surfaces that show anything of the private page, its child or the document."""
    found = []
    paths = (scene.page.url, scene.document.url)
    for name, shown in surfaces(client, scene).items():
        if only is not None and name not in only:
            continue
        markers = [SECRET, DOCUMENT_SECRET, DOCUMENT_BYTES, *([] if name in GATES else paths)]
        if any(marker in shown for marker in markers):
            found.append(name)
    return found


def password_form_action(response) -> str:
    document = BeautifulSoup(response.content, "html.parser")
    return document.find("input", attrs={"name": "password"}).find_parent("form")["action"]


def _set_privacy(editor: Client, url: str, kind: str, group: Group | None) -> None:
    """As an editor does: the privacy dialogue in the admin, for a page or a collection."""
    data = {"restriction_type": kind, "password": PAGE_PASSWORD if kind == "password" else ""}
    if kind == "groups":
        data["groups"] = [group.pk]
    response = editor.post(url, data)
    assert response.status_code == 200
    assert '"step": "set_privacy_done"' in response.content.decode()


def make_page_private(editor: Client, page: Page, kind: str, group: Group | None = None):
    _set_privacy(editor, f"/admin/pages/{page.pk}/privacy/", kind, group)


def make_collection_private(editor: Client, collection, kind: str, group: Group | None = None):
    _set_privacy(editor, f"/admin/collections/{collection.pk}/privacy/", kind, group)


def warm_up(scene: Scene) -> None:
    """An anonymous visitor opens everything: the page cache holds it, search found it."""
    visitor = Client()
    shown = surfaces(visitor, scene)
    for name in ("page", "child page", "section list", "linking page", "search"):
        assert SECRET in shown[name], name
    for name in ("document", "search, documents", "search API, documents"):
        assert DOCUMENT_SECRET in shown[name] or DOCUMENT_BYTES in shown[name], name
    assert scene.page.url in shown["sitemap"]
    assert visitor.get(scene.page.url)[HEADER] == "hit"
    assert SearchDocument.objects.filter(title__startswith=SECRET).count() == 2
    assert SearchDocument.objects.filter(title__startswith=DOCUMENT_SECRET).count() == 1


ALL_SURFACES = None
PAGE_SURFACES = {
    "page",
    "child page",
    "section list",
    "linking page",
    "sitemap",
    "search",
    "search, misspelt",
    "search, English falls back to Swedish",
    "search API",
    "search API, lang=en",
    "suggestions",
    "pages API",
    "pages API search",
    "pages API detail",
    "child in pages API",
}
DOCUMENT_SURFACES = {"document", "document in media", "search API, documents", "search, documents"}
