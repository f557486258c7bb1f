"""The editors' dashboard: pages whose review is due, beside Wagtail's own panels."""

from wagtail.admin.ui.components import Component

from guidance.selectors import pages_due_for_review

DASHBOARD_LIMIT = 10


class ReviewDuePanel(Component):
    """The pages whose next review falls within 30 days, soonest first; the full list is the
    report "Sidor att granska"."""

    name = "review_due"
    order = 205  # right after Wagtail's "your pages in moderation"
    template_name = "guidance/admin/review_due_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        due = [
            page
            for page in pages_due_for_review(within_days=30)
            if page.permissions_for_user(self.user).can_edit()
        ]
        context.update({"pages": due[:DASHBOARD_LIMIT], "more": len(due) - DASHBOARD_LIMIT})
        return context
