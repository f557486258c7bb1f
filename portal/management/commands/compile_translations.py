from django.conf import settings
from django.core.management.base import BaseCommand

from portal.translations import compile_catalogues


class Command(BaseCommand):
    help = "Kompilerar portalens .po-filer till .mo utan GNU gettext."

    def handle(self, *args, **options):
        compiled = compile_catalogues(settings.LOCALE_PATHS)
        self.stdout.write(f"Översättningar: {compiled} filer kompilerade.")
