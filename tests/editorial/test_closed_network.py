"""The portal works on a closed network: no admin or public screen makes the browser load
anything from another host (issue 16). Links a person clicks may go anywhere; scripts, styles,
fonts, images, frames and the like must come from the portal itself.
"""

import re
from urllib.parse import urljoin, urlsplit

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse
from wagtail.models import Page

from checklists.models import ChecklistPage
from guidance.models import GuidancePage
from portal.models import HomePage, StandardPage
from tests.factories import PAGE_FACTORIES

pytestmark = pytest.mark.django_db

OWN_HOSTS = {"", "testserver"}
# <link rel=…> values that make the browser fetch something (canonical, alternate: links only).
LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "mask-icon",
    "manifest",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
}
# Elements and the attributes by which they load something.
LOADING_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")
ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def foreign(url: str, base: str) -> bool:
    url = url.strip()
    if not url or url.startswith(("data:", "blob:", "#", "about:")):
        return False
    return urlsplit(urljoin(base, url)).hostname not in OWN_HOSTS | {None}


def css_references(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def loaded_resources(html: str, base: str) -> list[str]:
    """Every URL the page makes the browser fetch by itself, as written in the page."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for element in soup.find_all(True):
        names = LOADING_ATTRIBUTES.get(element.name, ())
        if element.name == "link":
            rels = {rel.lower() for rel in element.get("rel", [])}
            if rels & LOADING_RELS:
                names = ("href", "imagesrcset")
        for name in names:
            value = element.get(name)
            if not value:
                continue
            if name.endswith("srcset"):
                found += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
            else:
                found.append(value)
        found += css_references(element.get("style", ""))
        # Settings the admin's scripts fetch from (e.g. Wagtail's update check URL).
        for name, value in element.attrs.items():
            if (
                name.startswith("data-")
                and "url" in name
                and isinstance(value, str)
                and ABSOLUTE.match(value)
            ):
                found.append(value)
    for style in soup.find_all("style"):
        found += css_references(style.get_text())
    # The portal's and Wagtail's own style sheets, with the fonts and images they load.
    for link in soup.find_all("link", rel="stylesheet"):
        href = urlsplit(link.get("href", "")).path
        if href.startswith("/static/"):
            path = finders.find(href.removeprefix("/static/"))
            if path:
                found += [
                    ref
                    for ref in css_references(open(path, encoding="utf-8").read())  # noqa: SIM115
                    if ABSOLUTE.match(ref)
                ]
    return [url for url in found if foreign(url, base)]


def csp_hosts(response) -> list[str]:
    policy = response.get("Content-Security-Policy", "")
    sources = [s for directive in policy.split(";") for s in directive.split()[1:]]
    return [s for s in sources if not s.startswith("'") and s not in {"data:", "blob:"}]


@pytest.fixture
def pages(home):
    """One live page of every page type, each under a parent that may hold it."""
    made = {type(home): home}
    waiting = [model for model in PAGE_FACTORIES if model not in made]
    while waiting:
        placed = False
        for model in list(waiting):
            parents = [p for m, p in made.items() if model.can_create_at(p)]
            if parents:
                made[model] = PAGE_FACTORIES[model](parent=parents[0])
                waiting.remove(model)
                placed = True
        assert placed, f"no parent for {[m.__name__ for m in waiting]}"
    # An image (renditions in a srcset) and a link to another site in the text.
    image = wagtail_factories.ImageFactory(title="Ombud", description="Ett ombud")
    standard = made[StandardPage]
    standard.body = [
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Ett ombud", "decorative": False},
        },
        {"type": "paragraph", "value": '<p><a href="https://www.riksdagen.se/">Riksdagen</a></p>'},
    ]
    standard.save_revision().publish()
    return made


def test_the_checker_finds_what_would_load_from_elsewhere():
    html = """<html><head>
        <link rel="stylesheet" href="https://cdn.example.com/a.css">
        <link rel="alternate" hreflang="en" href="https://elsewhere.example/en/">
        <style>body { background: url("//img.example.com/b.png") }</style></head><body>
        <img src="/static/ok.png" srcset="/media/x.jpg 1x, https://www.gravatar.com/avatar/1 2x">
        <script src="http://testserver/static/own.js"></script>
        <iframe src="https://www.youtube.com/embed/x"></iframe>
        <div data-w-upgrade-url-value="https://releases.example.org/latest.txt"></div>
        <span style="background-image: url('https://x.example/y.png')"></span>
        <a href="https://www.riksdagen.se/">a link is fine</a>
        <form action="https://example.org/"></form>
        <img src="data:image/png;base64,AAAA"></body></html>"""
    assert loaded_resources(html, "http://testserver/sv/") == [
        "https://cdn.example.com/a.css",
        "https://www.gravatar.com/avatar/1",
        "https://www.youtube.com/embed/x",
        "https://releases.example.org/latest.txt",
        "https://x.example/y.png",
        "//img.example.com/b.png",
    ]


def test_every_public_page_type_loads_only_from_the_portal(client, pages):
    failures = []
    for model, page in pages.items():
        url = page.get_url()
        response = client.get(url)
        assert response.status_code == 200, (model.__name__, url, response.status_code)
        if model is StandardPage:
            html = response.content.decode()
            assert "/media/images/" in html and "https://www.riksdagen.se/" in html
        foreign_loads = loaded_resources(response.content.decode(), "http://testserver" + url)
        if foreign_loads or csp_hosts(response):
            failures.append((model.__name__, foreign_loads, csp_hosts(response)))
        assert "Content-Security-Policy" in response
    assert failures == []


def admin_screens(pages, image) -> list[str]:
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[pages[HomePage].pk]),
        reverse("wagtailadmin_pages:search") + "?q=ombud",
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[image.pk]),
        reverse("wagtailimages:add"),
        reverse("wagtaildocs:index"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailadmin_workflows:index"),
    ]
    # The editor of a few page types (the frame around the fields is the same for all).
    for model in (HomePage, StandardPage, GuidancePage, ChecklistPage):
        urls.append(reverse("wagtailadmin_pages:edit", args=[pages[model].pk]))
    parent = pages[HomePage]
    urls.append(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk]))
    urls.append(reverse("wagtailadmin_pages:add", args=["portal", "standardpage", parent.pk]))
    return urls


def test_the_admins_main_screens_load_only_from_the_portal(admin_client, admin_user, pages):
    admin_user.email = "redaktor@example.se"  # with an address, Wagtail would ask gravatar.com
    admin_user.save()
    image = wagtail_factories.ImageFactory(title="Ombud", description="Ett ombud")
    failures = []
    for url in admin_screens(pages, image):
        response = admin_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        foreign_loads = loaded_resources(response.content.decode(), "http://testserver" + url)
        if foreign_loads:
            failures.append((url, foreign_loads))
    assert failures == []


def test_the_admins_avatar_is_the_portals_own(admin_client, admin_user):
    admin_user.email = "redaktor@example.se"
    admin_user.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    avatars = BeautifulSoup(html, "html.parser").select("img.avatar, .avatar img")
    assert avatars
    assert all(img["src"].startswith("/static/") for img in avatars)
    assert "gravatar" not in html


def test_with_wagtails_default_the_check_would_find_gravatar(admin_client, admin_user, settings):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = "//www.gravatar.com/avatar"
    admin_user.email = "redaktor@example.se"
    admin_user.save()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert any(
        url.startswith("//www.gravatar.com/avatar/")
        for url in loaded_resources(html, "http://testserver/admin/")
    )


def test_pages_the_admin_knows_of_are_all_covered(pages):
    assert set(pages) == set(PAGE_FACTORIES)
    assert all(page.live for page in pages.values())
    assert Page.objects.live().count() >= len(PAGE_FACTORIES)
