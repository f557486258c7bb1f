"""Page weight and script-free use of the public pages, measured over the sitemap.

What a first visit (empty browser cache) transfers, gzipped at level 6: the HTML and every
stylesheet, script and font it loads. Images are left out. The same walk checks that each page
works without JavaScript. Used by `bench/page_weight.py` and `tests/portal/test_page_weight.py`.
"""

import gzip
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from posixpath import normpath
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

BUDGET = 150 * 1024  # bytes, gzipped, per page on a first visit

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
LOADED_KINDS = ("font", "script", "style")  # preloads counted; images are outside the budget
FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""")


@dataclass(frozen=True)
class PageWeight:
    url: str
    status: int
    html: int = 0  # gzipped bytes
    assets: dict[str, int] = field(default_factory=dict)  # static URL -> gzipped bytes
    missing: tuple[str, ...] = ()  # linked static files that could not be found
    problems: tuple[str, ...] = ()  # what would not work without JavaScript

    @property
    def total(self) -> int:
        return self.html + sum(self.assets.values())

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.total < BUDGET and not self.missing


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def sitemap_urls(client: Client) -> list[str]:
    """Every URL in /sitemap.xml with its hreflang alternates, each once, in sitemap order."""
    response = client.get("/sitemap.xml")
    if response.status_code != 200:
        raise RuntimeError(f"/sitemap.xml answered {response.status_code}")
    tree = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, not user input
    urls: dict[str, None] = {}
    for entry in tree.findall("s:url", SITEMAP_NS):
        urls[entry.findtext("s:loc", namespaces=SITEMAP_NS).strip()] = None
        for link in entry.findall("x:link", SITEMAP_NS):
            urls[link.get("href")] = None
    return list(urls)


def search_urls() -> list[str]:
    """The search page with results, in each language: public, but not a page in the sitemap."""
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            urls.append(reverse("search") + "?q=personligt+ombud")
    return urls


class _PageParser(HTMLParser):
    """Collects the assets a page loads and what in it needs JavaScript."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.assets: list[str] = []
        self.problems: list[str] = []
        self.h1_text: list[str] = []
        self.main_text: list[str] = []
        self.forms: list[dict] = []
        self._open: list[str] = []  # h1/main/form currently open

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        rel = attrs.get("rel", "").lower().split()
        loads = (
            (tag == "link" and "stylesheet" in rel)
            or (tag == "link" and "preload" in rel and attrs.get("as") in LOADED_KINDS)
            or tag == "script"
        )
        href = attrs.get("src" if tag == "script" else "href")
        if loads and href:
            self.assets.append(href)
        self._check_script_free(tag, attrs)
        if tag in ("h1", "main"):
            self._open.append(tag)
        elif tag == "form":
            self.forms.append({**attrs, "submit": False})
            self._open.append(tag)
        elif tag in ("button", "input") and "form" in self._open:
            kind = attrs.get("type", "submit" if tag == "button" else "text").lower()
            if kind in ("submit", "image"):
                self.forms[-1]["submit"] = True

    def _check_script_free(self, tag, attrs):
        href = attrs.get("href", "").strip()
        if tag == "a" and (href == "#" or href.lower().startswith("javascript:")):
            self.problems.append(f'<a href="{href}"> does nothing without JavaScript')
        handlers = sorted(name for name in attrs if name.startswith("on"))
        if handlers:
            self.problems.append(f"<{tag}> has inline handlers {handlers}")
        if tag == "button" and attrs.get("type", "").lower() == "button":
            self.problems.append('<button type="button"> works only with JavaScript')

    def handle_endtag(self, tag):
        if tag in ("h1", "main", "form") and tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data):
        if "h1" in self._open and "main" in self._open:
            self.h1_text.append(data)
        if "main" in self._open:
            self.main_text.append(data)

    def close(self):
        super().close()
        heading = " ".join("".join(self.h1_text).split())
        main = " ".join("".join(self.main_text).split())
        if not heading:
            self.problems.append("no <h1> with text in <main>")
        if not main or main == heading:
            self.problems.append("no <main> with content in the HTML")
        for form in self.forms:
            action = form.get("action", "")
            if action.strip().lower().startswith("javascript:"):
                self.problems.append(f'<form action="{action}"> needs JavaScript')
            if form.get("method", "get").lower() not in ("get", "post"):
                self.problems.append(f'<form method="{form["method"]}"> cannot be sent')
            if not form["submit"]:
                self.problems.append(f'<form action="{action}"> has no submit button')


def static_file(url: str) -> str | None:
    """The path of the static file behind a URL of this site, or None if there is none."""
    parts = urlsplit(url)
    if parts.netloc or not parts.path.startswith(settings.STATIC_URL):
        return None
    name = normpath(parts.path.removeprefix(settings.STATIC_URL))
    return None if name.startswith("..") else finders.find(name)


def _css_references(css: str, base_url: str) -> list[str]:
    """Fonts and imported stylesheets a stylesheet loads (its images are not counted)."""
    found = [m.group(2) for m in CSS_IMPORT.finditer(css)]
    for match in CSS_URL.finditer(css):
        target = match.group(2).strip()
        if urlsplit(target).path.lower().endswith((*FONT_EXTENSIONS, ".css")):
            found.append(target)
    return [urljoin(base_url, target) for target in found if not target.startswith("data:")]


def read_page(html: str) -> tuple[list[str], list[str]]:
    """The stylesheets, scripts and fonts a page links to, and what in it needs JavaScript."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.assets, parser.problems


def weigh_assets(hrefs: list[str], *, base_url: str) -> tuple[dict[str, int], list[str]]:
    """Gzipped size of each linked static file and of the fonts and stylesheets those load,
    each counted once (the browser's cache holds it for the rest of the page); and the URLs
    that are not static files of the portal."""
    assets: dict[str, int] = {}
    missing: list[str] = []
    queue = [urljoin(base_url, href) for href in hrefs]
    while queue:
        asset = queue.pop(0)
        if asset in assets or asset in missing:
            continue
        path = static_file(asset)
        if path is None:
            missing.append(asset)
            continue
        with open(path, "rb") as file:
            data = file.read()
        assets[asset] = gzipped(data)
        if urlsplit(asset).path.endswith(".css"):
            queue += _css_references(data.decode("utf-8"), asset)
    return assets, missing


def measure_page(client: Client, url: str) -> PageWeight:
    """GET one page as an anonymous first visit and weigh it with everything it loads."""
    parts = urlsplit(url)
    client.cookies.clear()  # a first visit: no session, no consent or progress cookies
    host = {"HTTP_HOST": parts.netloc} if parts.netloc else {}
    response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""), **host)
    if response.status_code != 200:
        return PageWeight(url=url, status=response.status_code)
    hrefs, problems = read_page(response.content.decode(response.charset or "utf-8"))
    assets, missing = weigh_assets(hrefs, base_url=parts.path)
    return PageWeight(
        url=url,
        status=response.status_code,
        html=gzipped(response.content),
        assets=assets,
        missing=tuple(missing),
        problems=tuple(problems),
    )


def measure_public_pages(client: Client) -> list[PageWeight]:
    """Weigh every page in the sitemap (both languages) and the search page, each page as a
    first visit."""
    return [measure_page(client, url) for url in [*sitemap_urls(client), *search_urls()]]
