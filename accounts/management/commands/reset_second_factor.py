from django.core.management.base import BaseCommand

from accounts import services
from accounts.management.commands._common import user_by_username


class Command(BaseCommand):
    help = (
        "Tar bort en användares autentiseringsapp och reservkoder, t.ex. när telefonen har "
        "tappats bort. Vid nästa inloggning kopplar användaren en ny app."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)

    def handle(self, *args, **options):
        user = user_by_username(options["username"])
        removed = services.second_factor_reset(user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Tog bort {removed} enheter för '{user.username}'. Användaren kopplar en ny "
                "autentiseringsapp vid nästa inloggning."
            )
        )
