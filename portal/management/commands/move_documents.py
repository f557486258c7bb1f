from django.core.management.base import BaseCommand

from portal.storage import documents_move_out_of_media


class Command(BaseCommand):
    help = (
        "Flyttar dokument som en äldre installation har under MEDIA_ROOT/documents/ till "
        "dokumentlagret (PORTAL_DOCUMENTS_ROOT eller DOCUMENT_STORAGE_BACKEND), där ingen "
        "webbserver lämnar ut dem. Namnen ändras inte. Kan köras flera gånger."
    )

    def handle(self, *args, **options):
        counts = documents_move_out_of_media()
        if counts["conflicts"]:
            self.stderr.write(
                self.style.WARNING(
                    f"{counts['conflicts']} dokument finns med samma namn men olika innehåll i "
                    "båda lagren och flyttades inte; jämför dem och ta bort den felaktiga."
                )
            )
        if counts["moved"] or counts["already_there"] or options["verbosity"] > 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Dokument flyttade: {counts['moved']}; fanns redan i dokumentlagret: "
                    f"{counts['already_there']}."
                )
            )
