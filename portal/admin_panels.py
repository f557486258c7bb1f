"""The editors' dashboard: translations whose original has changed since they were synced."""

from wagtail.admin.ui.components import Component

from portal.selectors import translations_out_of_date

DASHBOARD_LIMIT = 10


class TranslationsOutOfDatePanel(Component):
    name = "translations_out_of_date"
    order = 206
    template_name = "portal/admin/translations_out_of_date_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        rows = []
        if self.user.has_perm("wagtail_localize.submit_translation"):
            for page, translation in translations_out_of_date():
                if page.permissions_for_user(self.user).can_edit():
                    rows.append({"page": page, "translation": translation})
        context.update({"rows": rows[:DASHBOARD_LIMIT], "more": len(rows) - DASHBOARD_LIMIT})
        return context
