"""Every public page of the real content is under the weight budget and works without
JavaScript (portal/weight.py; bench/page_weight.py prints the same numbers)."""

import pytest
from django.test import Client

from portal.weight import BUDGET, gzipped, measure_public_pages, read_page, weigh_assets

# In the `db` group, so pytest-django runs these before the browser tests empty the tables.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pages(real_pack_in_db, django_db_blocker):
    """The real pack's public pages, weighed once for this module."""
    with django_db_blocker.unblock():
        return measure_public_pages(Client())


def test_the_walk_covers_both_languages_and_the_search_page(pages):
    urls = {page.url for page in pages}
    assert {"http://testserver/sv/", "http://testserver/en/"} <= urls
    assert {"http://testserver/sv/om-portalen/", "http://testserver/en/about/"} <= urls
    assert {"/sv/sok/?q=personligt+ombud", "/en/search/?q=personligt+ombud"} <= urls
    assert len(pages) > 50


def test_every_public_page_answers_and_is_under_the_budget(pages):
    assert [(p.url, p.status) for p in pages if p.status != 200] == []
    assert [p.url for p in pages if "/static/css/portal.css" not in p.assets] == []
    assert [(p.url, p.missing) for p in pages if p.missing] == []
    assert [(p.url, p.total) for p in pages if p.total >= BUDGET] == []


def test_every_public_page_works_without_javascript(pages):
    assert [(p.url, p.problems) for p in pages if p.problems] == []


# The checks themselves, on pages made up to fail them.

GOOD = """<html><head><link rel="stylesheet" href="/static/css/portal.css"></head><body>
<form action="/sv/sok/" method="get"><input name="q"><button>Sök</button></form>
<main><h1>Rubrik</h1><p>Text.</p><a href="#main">Till innehållet</a></main></body></html>"""


def test_a_page_with_content_and_real_forms_passes():
    assets, problems = read_page(GOOD)
    assert assets == ["/static/css/portal.css"]
    assert problems == []


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<main><p>Bara text.</p></main>", "no <h1> with text in <main>"),
        ("<h1>Rubrik</h1><main></main>", "no <h1> with text in <main>"),
        ("<main><h1>Rubrik</h1></main>", "no <main> with content in the HTML"),
        ('<main><h1>R</h1><a href="#">Öppna</a></main>', '<a href="#">'),
        ('<main><h1>R</h1><a href="javascript:go()">Gå</a></main>', '<a href="javascript:go()">'),
        ('<main><h1>R</h1><p onclick="go()">Gå</p></main>', "inline handlers ['onclick']"),
        ('<main><h1>R</h1><button type="button">Visa</button></main>', '<button type="button">'),
        (
            '<main><h1>R</h1><form action="/s/"><input name="q">'
            '<button type="button">Sök</button></form></main>',
            'action="/s/"> has no submit button',
        ),
        (
            '<main><h1>R</h1><form action="javascript:send()"><button>Skicka</button></form>'
            "</main>",
            "needs JavaScript",
        ),
    ],
)
def test_what_needs_javascript_is_found(html, problem):
    _assets, problems = read_page(html)
    assert any(problem in found for found in problems), problems


def test_scripts_styles_and_their_fonts_count_once_and_images_not(settings, tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "fonts").mkdir()
    css = b'@font-face{src:url("../fonts/a.woff2")}body{background:url(bg.png)}' * 20
    (tmp_path / "css" / "site.css").write_bytes(css)
    (tmp_path / "fonts" / "a.woff2").write_bytes(b"\x00font" * 500)
    settings.STATICFILES_DIRS = [tmp_path]
    html = """<link rel="stylesheet" href="/static/css/site.css">
        <link rel="preload" as="font" href="/static/fonts/a.woff2">
        <link rel="preload" as="image" href="/static/img/big.png">
        <link rel="stylesheet" href="/static/css/site.css" media="print">
        <script src="/static/js/gone.js"></script><img src="/static/img/big.png">"""

    hrefs, _problems = read_page(html)
    assets, missing = weigh_assets(hrefs, base_url="/sv/")

    assert assets == {
        "/static/css/site.css": gzipped(css),
        "/static/fonts/a.woff2": gzipped(b"\x00font" * 500),
    }
    assert missing == ["/static/js/gone.js"]
