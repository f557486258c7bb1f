"""Languages: translating through wagtail-localize in the admin, and the interface catalogue."""

import ast
import io
import tokenize
from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation.template import templatize
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from portal.models import StandardPage

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "portal/locale/en/LC_MESSAGES/django.po"
# What `make messages` reads: every app and the templates, not tests or the virtualenv.
SKIPPED_TOP = {".venv", "var", "tests", "bench", "tools", "content", "static", "docs", ".ci"}
# The gettext functions makemessages asks xgettext for: (context, msgid, plural) argument places.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser("redaktor", "r@example.invalid", "x")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_editor_translates_a_page_to_english_in_the_admin_and_publishes_it(
    client, editor, home_en, standard_page, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[standard_page.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 302

    page_en = standard_page.get_translation(english)
    assert not page_en.live  # a draft until the editor publishes it
    translation_obj = Translation.objects.get(target_locale=english)

    segment = StringSegment.objects.get(
        source=translation_obj.source, string__data=standard_page.title
    )
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation_obj.pk, segment.pk]),
        urlencode({"value": "About the portal"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)

    # wagtail-localize publishes when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page_en.pk]), {"action": "publish"}
        )
    assert response.status_code == 302

    page_en = StandardPage.objects.get(pk=page_en.pk)
    assert page_en.live and page_en.title == "About the portal"
    client.logout()
    public = client.get(page_en.url)
    document = BeautifulSoup(public.content, "html.parser")
    assert public.status_code == 200 and page_en.url.startswith("/en/")
    assert document.h1.get_text(strip=True) == "About the portal"
    assert document.html["lang"] == "en"


def _literal(parts):
    return "".join(parts) if parts and None not in parts else None


def _gettext_calls(text):
    """(context, msgid, plural) of every gettext call with literal arguments in Python text."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(text).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        if tokens[i - 1].string in (".", "def") or tokens[i + 1].string != "(":
            continue
        arguments, current, j = [], [], i + 2
        while j < len(tokens) and tokens[j].string not in (")",):
            if tokens[j].type == tokenize.STRING:
                current.append(ast.literal_eval(tokens[j].string))
            elif tokens[j].string == ",":
                arguments.append(_literal(current))
                current = []
            else:
                current.append(None)  # not a literal: xgettext skips it too
            j += 1
        arguments.append(_literal(current))
        context, msgid, plural = KEYWORDS[token.string]
        if len(arguments) <= msgid or arguments[msgid] is None:
            continue
        yield (
            arguments[context] if context is not None else None,
            arguments[msgid],
            arguments[plural] if plural is not None and len(arguments) > plural else None,
        )


def _source_messages():
    messages = {}
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in SKIPPED_TOP or path.suffix not in (".py", ".html", ".txt"):
            continue
        if "migrations" in relative.parts or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".py":
            # Blanked-out markup, one template line a line; indentation means nothing there.
            text = "\n".join(
                line.lstrip() for line in templatize(text, origin=str(path)).split("\n")
            )
        for message in _gettext_calls(text):
            messages.setdefault(message, str(relative))
    return messages


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 20
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_every_interface_string_has_an_english_entry():
    """A Swedish string marked for translation in code or a template is in the catalogue."""
    catalogue = polib.pofile(str(CATALOGUE))
    entries = {(e.msgctxt, e.msgid): e for e in catalogue}
    messages = _source_messages()
    assert len(messages) > 1000  # the extraction found the portal's strings
    missing = sorted(
        f"{where}: {msgid!r}"
        for (ctx, msgid, _plural), where in messages.items()
        if (ctx, msgid) not in entries
    )
    assert missing == []
    # One msgid cannot be both a plain string and a plural one: gettext keeps only one.
    clashes = sorted(
        msgid
        for (ctx, msgid, plural) in messages
        if bool(plural) != bool(entries[(ctx, msgid)].msgid_plural)
    )
    assert clashes == []


def test_interface_strings_switch_language():
    with translation.override("en"):
        assert translation.gettext("Sidan finns inte") == "Page not found"
    with translation.override("sv"):
        assert translation.gettext("Sidan finns inte") == "Sidan finns inte"
