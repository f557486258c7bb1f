"""What the portal's search reads: one search document per public item, editors' synonyms and
aggregated query statistics."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from search.choices import AUDIENCE_CHOICES, DocumentKind


class SearchDocument(index.Indexed, models.Model):
    """One searchable item (a live public page, a term, a role, a rule, a source or a document)
    in one language, in the shape every result has. Kept in step with the content by
    `search.services`; never edited by hand."""

    key = models.CharField(max_length=80, unique=True)  # e.g. "page:42", "term:7"
    kind = models.CharField(_("typ"), max_length=20, choices=DocumentKind.choices)
    audience = models.CharField(_("målgrupp"), max_length=20, choices=AUDIENCE_CHOICES)
    language = models.CharField(_("språk"), max_length=8)
    title = models.CharField(_("titel"), max_length=300)
    summary = models.TextField(_("sammanfattning"), blank=True)
    body = models.TextField(_("text"), blank=True)
    keywords = models.TextField(_("sökord"), blank=True)  # abbreviations, synonyms, identifiers
    url = models.CharField(_("adress"), max_length=500)
    section = models.CharField(_("avsnitt"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # On PostgreSQL the indexed body repeats the title and keywords, so one GIN index on the
    # body finds every match (see search.backends.postgres). SQLite leaves the field out: its
    # full-text table searches title and body together already.
    search_body_has_everything = True

    search_fields = [
        index.SearchField("title", boost=4),
        index.SearchField("keywords", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("title_and_keywords", postgres_only=True),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("sökdokument")
        verbose_name_plural = _("sökdokument")
        indexes = [models.Index(fields=["language", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title_and_keywords(self) -> str:
        return f"{self.title} {self.keywords}"


class Synonym(models.Model):
    """Words that mean the same to a searcher, e.g. "PO, personligt ombud". Editors keep the
    list; glossary terms add their abbreviations and synonyms automatically."""

    words = models.CharField(
        _("ord som betyder samma sak"),
        max_length=500,
        help_text=_(
            "Skriv orden eller uttrycken med komma emellan, till exempel: FK, Försäkringskassan"
        ),
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        ordering = ["words"]

    def __str__(self) -> str:
        return self.words

    def expressions(self) -> list[str]:
        return [word.strip() for word in self.words.split(",") if word.strip()]

    def clean(self):
        if len(self.expressions()) < 2:
            raise ValidationError(
                {"words": _("Skriv minst två ord eller uttryck, med komma emellan.")}
            )


class SearchQueryDay(models.Model):
    """How often a query was searched on one day, and how often it found nothing. Aggregated
    counts only: no IP address, user, session or time of day is stored."""

    day = models.DateField(_("dag"))
    query = models.CharField(_("sökning"), max_length=100)
    searches = models.PositiveIntegerField(_("sökningar"), default=0)
    zero_results = models.PositiveIntegerField(_("utan träffar"), default=0)

    class Meta:
        verbose_name = _("sökstatistik")
        verbose_name_plural = _("sökstatistik")
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="unique_query_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.query}"


class SearchWord(models.Model):
    """A word of the searchable documents (folded: "forvaltare") and how many documents have
    it. Kept up to date as documents change, so spelling suggestions and word rarity never need
    a pass over every document."""

    word = models.CharField(max_length=64, unique=True)
    stem = models.CharField(max_length=64, db_index=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sökord i innehållet")
        verbose_name_plural = _("sökord i innehållet")

    def __str__(self) -> str:
        return self.word
