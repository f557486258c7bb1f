from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.content_pack.loader import load_pack
from portal.content_pack.yaml_lines import PackError


class Command(BaseCommand):
    help = "Läser in innehållspaketet (content/) i databasen. Säkert att köra flera gånger."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.PORTAL_CONTENT_DIR), help="paketets mapp")
        parser.add_argument(
            "--dry-run", action="store_true", help="kontrollera paketet utan att spara något"
        )

    def handle(self, *args, **options):
        try:
            report = load_pack(Path(options["dir"]), dry_run=options["dry_run"])
        except PackError as error:
            raise CommandError(f"Innehållspaketet laddades inte: {error}") from None
        prefix = "[provkörning] " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}Innehållspaketet: {len(report.created)} nya, {len(report.updated)} "
            f"uppdaterade, {len(report.unchanged)} oförändrade, {len(report.conflicts)} konflikter."
        )
        for label in report.created:
            self.stdout.write(f"  ny: {label}")
        for label in report.updated:
            self.stdout.write(f"  uppdaterad: {label}")
        linked = report.translations
        self.stdout.write(
            f"{prefix}Översättningar i wagtail-localize: {len(linked.linked)} kopplade, "
            f"{len(linked.updated)} uppdaterade, {len(linked.unchanged)} oförändrade."
        )
        for label in linked.linked:
            unpaired = linked.unpaired.get(label, 0)
            note = f" ({unpaired} texter utan motsvarighet)" if unpaired else ""
            self.stdout.write(f"  kopplad: {label}{note}")
        for conflict in report.conflicts:
            self.stdout.write(self.style.WARNING(f"  konflikt: {conflict}"))
