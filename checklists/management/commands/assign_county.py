from django.core.management.base import BaseCommand

from accounts.management.commands._common import swedish_errors, user_by_username
from checklists import staff
from checklists.choices import COUNTY_STAFF_GROUP


class Command(BaseCommand):
    help = "Sätter vilket län en länsstyrelseanvändare bedömer verksamheter i."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--county", required=True, help="Länsbokstaven, t.ex. Z.")

    def handle(self, *args, **options):
        user = user_by_username(options["username"])
        with swedish_errors():
            county = staff.county_by_code(code=options["county"])
            staff.county_user_assign(user=user, county=county)
        self.stdout.write(self.style.SUCCESS(f"'{user.username}' hör nu till {county}."))
        if not user.groups.filter(name=COUNTY_STAFF_GROUP).exists():
            self.stdout.write(
                self.style.WARNING(
                    f"Obs: '{user.username}' är inte med i gruppen {COUNTY_STAFF_GROUP} och kan "
                    "därför inte bedöma verksamheter."
                )
            )
