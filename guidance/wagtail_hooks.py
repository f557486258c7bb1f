from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.editors.draftail import features as draftail_features
from wagtail.models import ReferenceIndex
from wagtail.snippets.models import register_snippet

from guidance.admin_panels import ReviewDuePanel
from guidance.models import Source
from guidance.rich_text import TermElementHandler, TermLinkHandler, term_entity_decorator
from guidance.views import ReviewDueReportView
from guidance.viewsets import GuidanceViewSetGroup

register_snippet(GuidanceViewSetGroup)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/granskning/", ReviewDueReportView.as_view(), name="guidance_review_due"),
        path(
            "reports/granskning/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="guidance_review_due_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem(
        gettext_lazy("Sidor att granska"),
        reverse("guidance_review_due"),
        name="sidor-att-granska",
        icon_name="date",
        order=650,
    )


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel(request.user))


@hooks.register("before_delete_snippet")
def refuse_deleting_a_cited_source(request, instances):
    """A source that pages, rules or terms cite cannot be deleted; the citation would dangle."""
    if request.method != "POST":
        return None
    cited = [
        source
        for source in instances
        if isinstance(source, Source) and ReferenceIndex.get_references_to(source).exists()
    ]
    if not cited:
        return None
    messages.error(
        request,
        _(
            "Källan '%(title)s' används i portalen och kan inte tas bort. "
            "Ta först bort hänvisningarna."
        )
        % {"title": cited[0].title},
    )
    return redirect("wagtailsnippets_guidance_source:edit", cited[0].pk)


@hooks.register("register_rich_text_features")
def register_term_feature(features):
    """'Begrepp' in the rich-text toolbar: refer to a glossary term; see guidance.rich_text."""
    features.register_link_type(TermLinkHandler)
    features.register_editor_plugin(
        "draftail",
        "term",
        draftail_features.EntityFeature(
            {
                "type": "TERM",
                "icon": "help",
                "description": gettext_lazy("Begrepp"),
                "chooserUrls": {
                    "termChooser": reverse_lazy("wagtailsnippetchoosers_guidance_term:choose")
                },
            },
            # chooser-modal.js handles the snippet chooser inside the modal.
            js=["wagtailadmin/js/chooser-modal.js", "guidance/js/term-entity.js"],
        ),
    )
    features.register_converter_rule(
        "contentstate",
        "term",
        {
            "from_database_format": {'a[linktype="term"]': TermElementHandler("TERM")},
            "to_database_format": {"entity_decorators": {"TERM": term_entity_decorator}},
        },
    )
