"""Management commands behind `make setup`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings


@pytest.mark.django_db
class TestEnsureDevAdmin:
    def test_refuses_outside_development(self, settings):
        settings.PORTAL_DEV_ADMIN = False
        with pytest.raises(CommandError, match="utvecklingsinställningarna"):
            call_command("ensure_dev_admin")
        assert not get_user_model().objects.exists()

    def test_creates_once_and_prints_the_credentials(self, settings, tmp_path):
        settings.PORTAL_DEV_ADMIN, settings.VAR_DIR = True, tmp_path
        out = StringIO()
        call_command("ensure_dev_admin", stdout=out)
        user = get_user_model().objects.get(username="admin")
        password = (tmp_path / "dev-admin.txt").read_text().split("lösenord: ")[1].strip()
        assert user.is_superuser and user.check_password(password)
        assert password in out.getvalue()
        assert oct((tmp_path / "dev-admin.txt").stat().st_mode)[-3:] == "600"

        again = StringIO()
        call_command("ensure_dev_admin", stdout=again)
        assert "finns redan" in again.getvalue() and password not in again.getvalue()
        usernames = get_user_model().objects.values_list("username", flat=True)
        assert sorted(usernames) == ["admin", "lan-ab"]  # lan-ab: tests/accounts/test_commands.py


def test_compile_translations_writes_a_usable_catalogue(tmp_path):
    po_dir = tmp_path / "xx" / "LC_MESSAGES"
    po_dir.mkdir(parents=True)
    (po_dir / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Hej"\nmsgstr "Hello"\n',
        encoding="utf-8",
    )
    with override_settings(LOCALE_PATHS=[tmp_path]):
        out = StringIO()
        call_command("compile_translations", stdout=out)
        assert "1 filer" in out.getvalue()
        call_command("compile_translations", stdout=(second := StringIO()))
        assert "0 filer" in second.getvalue()  # up to date: nothing rewritten
    import gettext

    catalogue = gettext.GNUTranslations((po_dir / "django.mo").open("rb"))
    assert catalogue.gettext("Hej") == "Hello"
