from django.core.management.base import BaseCommand, CommandError

from accounts.management.commands._common import swedish_errors, user_by_username
from reporting import services
from reporting.choices import ProgrammeRole
from reporting.management.commands.create_programme_user import programmes_by_id


class Command(BaseCommand):
    help = (
        "Kopplar ett konto till en verksamhet som personligt ombud eller ledamot i "
        "ledningsgruppen, eller tar bort kopplingen (--remove). Ändringen hamnar i "
        "verksamhetens logg."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--programme", type=int, required=True, help="Verksamhetens id.")
        parser.add_argument("--role", choices=ProgrammeRole.values)
        parser.add_argument("--remove", action="store_true", help="Ta bort kopplingen.")

    def handle(self, *args, **options):
        user = user_by_username(options["username"])
        (programme,) = programmes_by_id([options["programme"]])
        if options["remove"]:
            removed = services.membership_remove(actor=None, user=user, programme=programme)
            message = "är inte längre kopplad till" if removed else "var inte kopplad till"
            self.stdout.write(self.style.SUCCESS(f"'{user.username}' {message} {programme}."))
            return
        if not options["role"]:
            raise CommandError(
                "Ange rollen med --role (ombud eller ledningsgrupp), eller --remove."
            )
        with swedish_errors():
            services.membership_set(
                actor=None, user=user, programme=programme, role=options["role"]
            )
        role = ProgrammeRole(options["role"]).label.lower()
        self.stdout.write(self.style.SUCCESS(f"'{user.username}' är nu {role} i {programme}."))
