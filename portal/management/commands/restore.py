from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import registry
from portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia från `backup` till en nyskapad, tom databas och en tom "
        "mediemapp. Arkivet kontrolleras först; ingenting ändras om det är skadat. Kör inte "
        "migrate före återställningen."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="arkivet som `backup` skrev (.tar.gz)")

    def handle(self, *args, **options):
        try:
            result = backup_restore(archive=Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        created = result.manifest.get("created_at", "okänd tid")
        self.stdout.write(
            f"Återställt från säkerhetskopian {created}: {result.media_files} mediefiler."
        )
        names = {key: count.name for key, count in registry.backup_counts().items()}
        for key, count in result.counts.items():
            expected = result.manifest["counts"].get(key)
            note = "" if expected == count else f" (arkivet: {expected})"
            self.stdout.write(f"  {names.get(key, key)}: {count}{note}")
        if result.mismatches:
            raise CommandError(
                "Antalet rader stämmer inte med arkivets manifest; kontrollera återställningen."
            )
        if result.unapplied_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"Koden har {result.unapplied_migrations} migreringar som säkerhetskopian "
                    "saknar; kör `manage.py migrate`."
                )
            )
        self.stdout.write(self.style.SUCCESS("Återställningen är klar."))
