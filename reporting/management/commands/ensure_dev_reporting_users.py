import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from checklists.management.commands.ensure_dev_admin import Command as DevAdminCommand
from checklists.models import Programme
from reporting import services
from reporting.choices import ProgrammeRole

USERS = (("ombud-dev", ProgrammeRole.OMBUD), ("ledning-dev", ProgrammeRole.STEERING))
COUNTY_CODE = "AB"


class Command(BaseCommand):
    help = (
        "Skapar ett personligt ombud och en ledamot i ledningsgruppen för den första verksamheten "
        "i Stockholms län, för att prova rapporteringen lokalt (bara i utvecklingsläge)."
    )

    def handle(self, *args, **options):
        if not settings.PORTAL_DEV_ADMIN:
            raise CommandError("Utvecklingskontona skapas bara med utvecklingsinställningarna.")
        programme = Programme.objects.filter(county__code=COUNTY_CODE).order_by("name").first()
        if programme is None:
            self.stdout.write("Ingen verksamhet i Stockholms län i registret; inga konton skapade.")
            return
        for username, role in USERS:
            if get_user_model().objects.filter(username=username).exists():
                self.stdout.write(f"Utvecklingskontot '{username}' finns redan.")
                continue
            password = secrets.token_urlsafe(12)
            services.programme_user_create(
                username=username,
                email=f"{username}@example.invalid",
                password=password,
                programmes=[programme],
                role=role,
            )
            credentials = DevAdminCommand._save_credentials(username, password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{ProgrammeRole(role).label} i {programme} skapad. Logga in på "
                    f"/konto/logga-in/ med användarnamn '{username}' och lösenord '{password}' "
                    f"(sparat i {credentials})."
                )
            )
