import factory

from directory import models
from tests.factories.guidance import TODAY, _EditorialFactory


class DirectoryPageFactory(_EditorialFactory):
    title = "Hitta personligt ombud"
    slug = factory.Sequence(lambda n: f"hitta-personligt-ombud-{n}")
    audience = "stod"
    intro = "<p>Sök på din kommun eller ditt län.</p>"
    no_match_help = "<p>Fråga socialtjänsten i din kommun.</p>"
    last_reviewed = TODAY

    class Meta:
        model = models.DirectoryPage
