import secrets
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._common import swedish_errors
from checklists import staff


class Command(BaseCommand):
    help = (
        "Skapar en användare för tillsynsverktyget: en länsstyrelseanvändare med län "
        "(--county) eller en nationell granskare (--reviewer). Lösenordet läses från standard in "
        "med --password-stdin; annars skapas ett engångslösenord som visas en gång."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--county", help="Länsbokstaven, t.ex. AB för Stockholms län.")
        parser.add_argument(
            "--reviewer", action="store_true", help="Nationell granskare (utan län)."
        )
        parser.add_argument("--first-name", default=None)
        parser.add_argument("--last-name", default=None)
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Läs lösenordet från första raden på standard in.",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Ändra en befintlig användare i stället för att vägra.",
        )

    def handle(self, *args, **options):
        username, reviewer = options["username"], options["reviewer"]
        if reviewer and options["county"]:
            raise CommandError("En nationell granskare har inget län: ange inte --county.")
        if not reviewer and not options["county"]:
            raise CommandError("Ange länet med --county (t.ex. --county AB) eller --reviewer.")
        password = self._password_from_stdin(options) if options["password_stdin"] else None

        with swedish_errors():
            county = staff.county_by_code(code=options["county"]) if options["county"] else None
            existing = get_user_model().objects.filter(username=username).first()
            if existing is not None and not options["update"]:
                raise CommandError(
                    f"Användaren '{username}' finns redan. Använd --update för att ändra den."
                )
            if existing is not None:
                user = staff.county_user_update(
                    user=existing,
                    email=options["email"],
                    county=county,
                    reviewer=reviewer,
                    first_name=self._or(options["first_name"], existing.first_name),
                    last_name=self._or(options["last_name"], existing.last_name),
                    password=password,
                )
                self.stdout.write(self.style.SUCCESS(f"Användaren '{username}' är uppdaterad."))
                return
            generated = password is None
            if generated:
                password = secrets.token_urlsafe(15)
            user = staff.county_user_create(
                username=username,
                email=options["email"],
                county=county,
                reviewer=reviewer,
                first_name=options["first_name"] or "",
                last_name=options["last_name"] or "",
                password=password,
            )

        role = "nationell granskare" if reviewer else f"länsstyrelseanvändare i {county}"
        self.stdout.write(self.style.SUCCESS(f"Användaren '{user.username}' är skapad ({role})."))
        if generated:
            self.stdout.write(
                f"Engångslösenord (visas bara nu, lämna det till användaren på ett säkert sätt): "
                f"{password}"
            )
        self.stdout.write(
            "Vid första inloggningen på /konto/logga-in/ kopplar användaren en autentiseringsapp "
            "(TOTP) och får sina reservkoder."
        )

    @staticmethod
    def _or(value, current):
        return current if value is None else value

    @staticmethod
    def _password_from_stdin(options) -> str:
        stream = options.get("stdin") or sys.stdin
        password = stream.readline().rstrip("\r\n")
        if not password:
            raise CommandError("Inget lösenord på standard in (första raden var tom).")
        return password
