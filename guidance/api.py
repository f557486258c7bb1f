"""Read-only JSON API over pages and the guidance content, for other public bodies to reuse."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet

from guidance.models import RoleProfile, Rule, Source, Term


class SwedishErrorsMixin:
    """Errors in Swedish, with Wagtail's own (English) explanation kept as detail."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response(
                {"message": _("Det finns inget sådant objekt.")}, status.HTTP_404_NOT_FOUND
            )
        if isinstance(exc, BadRequestError):
            return Response(
                {"message": _("Felaktig förfrågan. Kontrollera parametrarna."), "detail": str(exc)},
                status.HTTP_400_BAD_REQUEST,
            )
        return super().handle_exception(exc)


class PortalPagesAPIViewSet(SwedishErrorsMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        """Public pages only, whoever asks. Wagtail's own would add the private pages that the
        asker may read (a password given, any sign-in), bypassing the second factor; the API
        is open data, and private pages are read at their own address, after every check."""
        return super().get_base_queryset().public()


class SnippetAPIViewSet(SwedishErrorsMixin, BaseAPIViewSet):
    """A read-only listing and detail endpoint of a snippet model."""

    def get_queryset(self):
        return self.model.objects.all().order_by("id")


class TranslatableSnippetAPIViewSet(SnippetAPIViewSet):
    """Also filters on ?language=sv|en."""

    known_query_parameters = SnippetAPIViewSet.known_query_parameters.union(["language"])

    def get_queryset(self):
        queryset = super().get_queryset().select_related("locale")
        language = self.request.GET.get("language")
        if language:
            queryset = queryset.filter(locale__language_code=language)
        return queryset


class SourceAPIViewSet(SnippetAPIViewSet):
    model = Source
    name = "sources"
    body_fields = [*BaseAPIViewSet.body_fields, *(f.name for f in Source.api_fields)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "key", "title", "year"]


class RuleAPIViewSet(SnippetAPIViewSet):
    model = Rule
    name = "rules"
    body_fields = [*BaseAPIViewSet.body_fields, *(f.name for f in Rule.api_fields)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "key", "rule_set_key", "text"]

    def get_queryset(self):
        return super().get_queryset().select_related("rule_set", "source", "superseded_by")


class TermAPIViewSet(TranslatableSnippetAPIViewSet):
    model = Term
    name = "terms"
    body_fields = [*BaseAPIViewSet.body_fields, *(f.name for f in Term.api_fields)]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "term", "language"]


class RoleAPIViewSet(TranslatableSnippetAPIViewSet):
    model = RoleProfile
    name = "roles"
    body_fields = [
        *BaseAPIViewSet.body_fields,
        *(f.name for f in RoleProfile.api_fields),
        "attributes",
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "language"]


api_router = WagtailAPIRouter("portal_api")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
api_router.register_endpoint("sources", SourceAPIViewSet)
api_router.register_endpoint("rules", RuleAPIViewSet)
api_router.register_endpoint("terms", TermAPIViewSet)
api_router.register_endpoint("roles", RoleAPIViewSet)
