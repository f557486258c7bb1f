"""Admin views of the guidance app."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from guidance.selectors import pages_due_for_review


class ReviewDueReportView(PageReportView):
    """Guidance pages whose next review is due within 30 days, soonest first."""

    page_title = _("Sidor att granska")
    header_icon = "date"
    index_url_name = "guidance_review_due"
    index_results_url_name = "guidance_review_due_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    list_export = [*PageReportView.list_export, "specific.next_review", "specific.content_owner"]
    export_headings = {
        **PageReportView.export_headings,
        "specific.next_review": _("Nästa granskning"),
        "specific.content_owner": _("Ansvarig"),
    }

    def get_filename(self):
        return "sidor-att-granska"

    def get_queryset(self):
        due = pages_due_for_review()
        order = {page.pk: position for position, page in enumerate(due)}
        self.queryset = Page.objects.filter(pk__in=order).specific()
        return super().get_queryset()
