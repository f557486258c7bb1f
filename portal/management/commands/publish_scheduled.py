"""Wagtail's `publish_scheduled`, holding the installation's publishing lock (portal.scheduling),
so that cron, a systemd timer or a CronJob may run it beside the gunicorn workers' own runner
without anything being published twice."""

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from portal.scheduling import exclusive


class Command(WagtailCommand):
    help = (
        "Publicerar sidor och objekt vars publiceringsdatum har kommit och avpublicerar dem vars "
        "avpubliceringsdatum har passerats. Gör ingenting om en annan körning redan håller på."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        with exclusive() as held:
            if not held:
                self.stdout.write("En annan körning publicerar redan; ingenting gjordes.")
                return None
            return super().handle(*args, **options)
