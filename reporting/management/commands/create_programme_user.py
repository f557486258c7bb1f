import secrets
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._common import swedish_errors
from checklists.models import Programme
from reporting import services
from reporting.choices import ProgrammeRole


def programmes_by_id(ids: list[int]) -> list[Programme]:
    found = {p.pk: p for p in Programme.objects.filter(pk__in=ids)}
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise CommandError(
            f"Det finns ingen verksamhet med id {', '.join(missing)} i registret. Id:t står i "
            "adressen till verksamhetens sida i tillsynsverktyget eller i administrationen."
        )
    return [found[pk] for pk in ids]


class Command(BaseCommand):
    help = (
        "Skapar ett konto för rapporteringen: ett personligt ombud (--role ombud) eller en "
        "ledamot i ledningsgruppen (--role ledningsgrupp) för en eller flera verksamheter "
        "(--programme ID, flera gånger). Lösenordet läses från standard in med "
        "--password-stdin; annars skapas ett engångslösenord som visas en gång."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--programme", type=int, action="append", required=True, help="Verksamhetens id."
        )
        parser.add_argument("--role", required=True, choices=ProgrammeRole.values)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Läs lösenordet från första raden på standard in.",
        )

    def handle(self, *args, **options):
        username = options["username"]
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(
                f"Användaren '{username}' finns redan. Koppla den till fler verksamheter med "
                "assign_programme."
            )
        programmes = programmes_by_id(options["programme"])
        password = self._password_from_stdin(options) if options["password_stdin"] else None
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(15)
        with swedish_errors():
            user = services.programme_user_create(
                username=username,
                email=options["email"],
                password=password,
                programmes=programmes,
                role=options["role"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        role = ProgrammeRole(options["role"]).label.lower()
        names = ", ".join(p.name for p in programmes)
        self.stdout.write(
            self.style.SUCCESS(f"Användaren '{user.username}' är skapad ({role} i {names}).")
        )
        if generated:
            self.stdout.write(
                "Engångslösenord (visas bara nu, lämna det till användaren på ett säkert sätt): "
                f"{password}"
            )
        self.stdout.write(
            "Vid första inloggningen på /konto/logga-in/ kopplar användaren en autentiseringsapp "
            "(TOTP) och får sina reservkoder. Rapporteringen finns på /tillsyn/rapportering/."
        )

    @staticmethod
    def _password_from_stdin(options) -> str:
        stream = options.get("stdin") or sys.stdin
        password = stream.readline().rstrip("\r\n")
        if not password:
            raise CommandError("Inget lösenord på standard in (första raden var tom).")
        return password
