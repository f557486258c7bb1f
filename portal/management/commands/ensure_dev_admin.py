import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Skapar ett administratörskonto för lokal utveckling (bara i utvecklingsläge)."

    def handle(self, *args, **options):
        if not settings.PORTAL_DEV_ADMIN:
            raise CommandError("Utvecklingskontot skapas bara med utvecklingsinställningarna.")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(f"Utvecklingskontot '{USERNAME}' finns redan.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, "admin@example.invalid", password)
        credentials = Path(settings.VAR_DIR) / "dev-admin.txt"
        credentials.parent.mkdir(parents=True, exist_ok=True)
        credentials.write_text(f"användarnamn: {USERNAME}\nlösenord: {password}\n")
        credentials.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Utvecklingskonto skapat. Logga in på /admin/ med användarnamn '{USERNAME}' "
                f"och lösenord '{password}' (sparat i {credentials})."
            )
        )
