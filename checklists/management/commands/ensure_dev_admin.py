import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from checklists import staff

USERNAME = "admin"
COUNTY_USERNAME = "lan-ab"
COUNTY_CODE = "AB"


class Command(BaseCommand):
    help = (
        "Skapar ett administratörskonto och en länsstyrelseanvändare (Stockholms län) för lokal "
        "utveckling (bara i utvecklingsläge)."
    )

    def handle(self, *args, **options):
        if not settings.PORTAL_DEV_ADMIN:
            raise CommandError("Utvecklingskontot skapas bara med utvecklingsinställningarna.")
        self._ensure_admin()
        self._ensure_county_user()

    def _ensure_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Utvecklingskontot '{USERNAME}' finns redan.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, "admin@example.invalid", password)
        credentials = self._save_credentials(USERNAME, password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Utvecklingskonto skapat. Logga in på /admin/ med användarnamn '{USERNAME}' "
                f"och lösenord '{password}' (sparat i {credentials})."
            )
        )

    def _ensure_county_user(self) -> None:
        if get_user_model().objects.filter(username=COUNTY_USERNAME).exists():
            self.stdout.write(f"Utvecklingskontot '{COUNTY_USERNAME}' finns redan.")
            return
        password = secrets.token_urlsafe(12)
        county = staff.county_by_code(code=COUNTY_CODE)
        staff.county_user_create(
            username=COUNTY_USERNAME,
            email=f"{COUNTY_USERNAME}@example.invalid",
            county=county,
            password=password,
        )
        credentials = self._save_credentials(COUNTY_USERNAME, password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Länsstyrelseanvändare skapad ({county}). Logga in på /konto/logga-in/ med "
                f"användarnamn '{COUNTY_USERNAME}' och lösenord '{password}' (sparat i "
                f"{credentials}). Vid första inloggningen kopplar du en autentiseringsapp (TOTP) "
                "i telefonen, t.ex. FreeOTP eller Microsoft Authenticator."
            )
        )

    @staticmethod
    def _save_credentials(username: str, password: str) -> Path:
        name = "dev-admin.txt" if username == USERNAME else f"dev-{username}.txt"
        credentials = Path(settings.VAR_DIR) / name
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"användarnamn: {username}\nlösenord: {password}\n")
        credentials.chmod(0o600)
        return credentials
