"""Provisioning from the command line: create_county_user, assign_county, reset_second_factor."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from checklists.choices import COUNTY_STAFF_GROUP, REVIEWER_GROUP
from checklists.management.commands.create_county_user import Command as CreateCountyUser
from checklists.models import StaffProfile
from tests.factories.accounts import PASSWORD, county_user, reviewer_user, totp_device

pytestmark = pytest.mark.django_db
User = get_user_model()


def run(*args, stdin=None) -> str:
    out = StringIO()
    options = {"stdout": out}
    if stdin is not None:
        options["stdin"] = StringIO(stdin)
    call_command(*args, **options)
    return out.getvalue()


def groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


class TestCreateCountyUser:
    def test_creates_a_county_user_with_a_one_time_password_shown_once(self):
        out = run(
            "create_county_user",
            "--username=karin",
            "--email=karin@lansstyrelsen.example",
            "--county=ab",
            "--first-name=Karin",
            "--last-name=Ek",
        )
        user = User.objects.get(username="karin")
        password = re.search(r"Engångslösenord[^:]*: (\S+)", out).group(1)
        assert user.check_password(password) and len(password) >= 16
        assert groups(user) == {COUNTY_STAFF_GROUP}
        assert user.tillsyn_profile.county.name == "Stockholms län"
        assert (user.first_name, user.last_name, user.email) == (
            "Karin",
            "Ek",
            "karin@lansstyrelsen.example",
        )
        assert not user.is_staff and not user.is_superuser
        assert "autentiseringsapp" in out

    def test_reads_the_password_from_stdin_and_never_prints_it(self):
        out = run(
            "create_county_user",
            "--username=karin",
            "--email=k@example.invalid",
            "--county=Z",
            "--password-stdin",
            stdin="Ett-långt-lösenord-2026\n",
        )
        user = User.objects.get(username="karin")
        assert user.check_password("Ett-långt-lösenord-2026")
        assert "Ett-långt" not in out and "Engångslösenord" not in out
        assert user.tillsyn_profile.county.code == "Z"

    def test_a_weak_password_from_stdin_is_refused_in_swedish(self):
        with pytest.raises(CommandError, match="för kort|för vanligt"):
            run(
                "create_county_user",
                "--username=karin",
                "--email=k@example.invalid",
                "--county=AB",
                "--password-stdin",
                stdin="abc\n",
            )
        assert not User.objects.filter(username="karin").exists()

    def test_an_empty_stdin_is_refused(self):
        with pytest.raises(CommandError, match="Inget lösenord"):
            run(
                "create_county_user",
                "--username=k",
                "--email=k@example.invalid",
                "--county=AB",
                "--password-stdin",
                stdin="",
            )

    def test_creates_a_national_reviewer_without_county(self):
        run("create_county_user", "--username=nils", "--email=n@example.invalid", "--reviewer")
        user = User.objects.get(username="nils")
        assert groups(user) == {REVIEWER_GROUP}
        assert user.tillsyn_profile.county is None

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--county=QQ"], "Det finns inget län med länsbokstaven 'QQ'"),
            ([], "Ange länet med --county"),
            (["--county=AB", "--reviewer"], "En nationell granskare har inget län"),
            (["--county=AB", "--email=inte-en-adress"], "giltig mejladress"),
        ],
    )
    def test_refuses_bad_input_in_swedish_and_creates_nothing(self, args, message):
        with pytest.raises(CommandError, match=message):
            run("create_county_user", "--username=karin", "--email=k@example.invalid", *args)
        assert not User.objects.filter(username="karin").exists()
        assert not StaffProfile.objects.exists()

    def test_an_unknown_county_exits_with_an_error_code(self, capsys):
        with pytest.raises(SystemExit) as exit_:
            CreateCountyUser().run_from_argv(
                [
                    "manage.py",
                    "create_county_user",
                    "--username=karin",
                    "--email=k@example.invalid",
                    "--county=QQ",
                ]
            )
        assert exit_.value.code != 0
        assert "Det finns inget län med länsbokstaven 'QQ'" in capsys.readouterr().err

    def test_refuses_an_existing_username(self, anna):
        with pytest.raises(CommandError, match="finns redan. Använd --update"):
            run("create_county_user", "--username=anna", "--email=a@example.invalid", "--county=Z")
        anna.refresh_from_db()
        assert anna.tillsyn_profile.county.code == "AB" and anna.check_password(PASSWORD)

    def test_update_changes_role_and_county_but_keeps_the_password(self, anna):
        out = run(
            "create_county_user",
            "--username=anna",
            "--email=ny@example.invalid",
            "--reviewer",
            "--update",
        )
        anna.refresh_from_db()
        assert "uppdaterad" in out and "Engångslösenord" not in out
        assert groups(anna) == {REVIEWER_GROUP}
        assert anna.tillsyn_profile.county is None
        assert anna.email == "ny@example.invalid" and anna.first_name == "Anna"
        assert anna.check_password(PASSWORD)

        run("create_county_user", "--username=anna", "--email=a@example.invalid", "--county=Z",
            "--update")  # fmt: skip
        anna.refresh_from_db()
        assert groups(anna) == {COUNTY_STAFF_GROUP}
        assert anna.tillsyn_profile.county.code == "Z"


class TestAssignCounty:
    def test_moves_a_user_to_another_county(self, anna):
        out = run("assign_county", "--username=anna", "--county=Z")
        anna.refresh_from_db()
        assert anna.tillsyn_profile.county.name == "Jämtlands län"
        assert "Jämtlands län" in out and "Obs" not in out

    def test_unknown_county_or_user(self, anna):
        with pytest.raises(CommandError, match="inget län med länsbokstaven 'ÖÖ'"):
            run("assign_county", "--username=anna", "--county=ÖÖ")
        with pytest.raises(CommandError, match="ingen användare med användarnamnet 'ingen'"):
            run("assign_county", "--username=ingen", "--county=AB")
        anna.refresh_from_db()
        assert anna.tillsyn_profile.county.code == "AB"

    def test_warns_when_the_user_cannot_assess(self):
        user = reviewer_user(username="nils")
        out = run("assign_county", "--username=nils", "--county=AB")
        assert "Obs" in out and COUNTY_STAFF_GROUP in out
        assert StaffProfile.objects.get(user=user).county.code == "AB"


class TestResetSecondFactor:
    def test_removes_the_app_and_the_backup_codes(self, client, anna):
        totp_device(anna)
        services.backup_codes_replace(user=anna)
        other = county_user(username="bertil")
        totp_device(other)
        out = run("reset_second_factor", "--username=anna")
        assert "Tog bort 2 enheter" in out
        assert not TOTPDevice.objects.filter(user=anna).exists()
        assert not StaticDevice.objects.filter(user=anna).exists()
        assert TOTPDevice.objects.filter(user=other).exists()
        response = client.post("/konto/logga-in/", {"username": "anna", "password": PASSWORD})
        assert response["Location"].startswith("/konto/aktivera-tvastegs/")

    def test_unknown_user(self):
        with pytest.raises(CommandError, match="ingen användare"):
            run("reset_second_factor", "--username=ingen")


class TestEnsureDevAdmin:
    def test_also_creates_a_county_user_for_stockholm(self, settings, tmp_path):
        settings.PORTAL_DEV_ADMIN, settings.VAR_DIR = True, tmp_path
        out = run("ensure_dev_admin")
        user = User.objects.get(username="lan-ab")
        password = (tmp_path / "dev-lan-ab.txt").read_text().split("lösenord: ")[1].strip()
        assert user.check_password(password) and password in out
        assert oct((tmp_path / "dev-lan-ab.txt").stat().st_mode)[-3:] == "600"
        assert user.tillsyn_profile.county.name == "Stockholms län"
        assert groups(user) == {COUNTY_STAFF_GROUP}
        assert "autentiseringsapp (TOTP)" in out and "/konto/logga-in/" in out

        again = run("ensure_dev_admin")
        assert "'lan-ab' finns redan" in again and password not in again

    def test_adds_the_county_user_to_an_existing_dev_database(self, settings, tmp_path):
        settings.PORTAL_DEV_ADMIN, settings.VAR_DIR = True, tmp_path
        User.objects.create_superuser("admin", "admin@example.invalid", "x")
        out = run("ensure_dev_admin")
        assert "'admin' finns redan" in out
        assert User.objects.filter(username="lan-ab").exists()
