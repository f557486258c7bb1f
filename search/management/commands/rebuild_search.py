from django.core.management import call_command
from django.core.management.base import BaseCommand

from search.services import search_documents_rebuild


class Command(BaseCommand):
    help = "Bygger om sökdokumenten från innehållet och uppdaterar sökindexet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--index",
            action="store_true",
            help="Bygg också om hela Wagtails sökindex (update_index).",
        )

    def handle(self, *args, index=False, **options):
        counts = search_documents_rebuild()
        self.stdout.write(
            f"Sökdokument: {counts['changed']} nya eller ändrade, {counts['kept']} oförändrade, "
            f"{counts['removed']} borttagna."
        )
        if index:
            call_command("update_index", verbosity=0)
            self.stdout.write("Sökindexet är uppdaterat.")
