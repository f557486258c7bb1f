from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (i databasens eget format) och mediefilerna till ett arkiv "
        "(tar.gz, läsbart bara för ägaren). Arkivet innehåller personuppgifter och "
        "lösenordshashar: förvara det krypterat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="arkivets sökväg (standard: VAR_DIR/backups/po-portalen-<UTC-tid>.tar.gz)",
        )

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else None
        try:
            result = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = result.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopian är sparad: {result.path} ({_size(result.size)}; "
                f"{counts['pages']} sidor, {counts['assessments']} bedömningar, "
                f"{result.media_files} mediefiler)."
            )
        )


def _size(size: int) -> str:
    for unit in ("byte", "kB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "byte" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
