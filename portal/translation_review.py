"""Translations go live only through review: the paths wagtail-localize offers that would let
someone without the right to publish make a page live are closed here, and a translated page can
be sent to the same "Granska och publicera" workflow as its original.

wagtail-localize's translation editor has no workflow button and its "Synka översatta sidor"
form can publish every translation at once without asking for the right to publish; its "convert
to alias" makes a draft live as a copy of the original. The views here replace those URLs
(registered before wagtail-localize's in portal.wagtail_hooks) and delegate to them once the
user may do what is asked.

One path is inside the library: saving a translation "as a draft" (`save_target(publish=False)`,
used when a subtree is translated again and by the sync here) writes the new content into the
page's row before it saves the revision, and the row is what a live page serves. `install()`
wraps that one method so that a draft of a live page is only ever a revision. Wrapping a library
method is a last resort; it is done once, here, and tests/portal/test_translation_review.py
fails if a new wagtail-localize version changes what it wraps.
"""

import functools
import json

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.views import convert
from wagtail_localize.views.update_translations import UpdateTranslationsView


def _is_page_source(source: TranslationSource) -> bool:
    model = source.specific_content_type.model_class()
    return model is not None and issubclass(model, Page)


def _draft_of_live_page(original, source, locale, *, user, copy_parent_pages, fallback):
    """Build the translated page in a savepoint, keep its content, undo the writes, and save
    the content as a revision of the live page: the public page is untouched until published."""
    target = Page.objects.filter(translation_key=source.object_id, locale=locale).first()
    if target is None or not target.live:
        return None
    with transaction.atomic():
        savepoint = transaction.savepoint()
        original(
            source,
            locale,
            user=user,
            publish=False,
            copy_parent_pages=copy_parent_pages,
            fallback=fallback,
        )
        content = json.loads(Page.objects.get(pk=target.pk).specific.to_json())
        transaction.savepoint_rollback(savepoint)
    live = Page.objects.get(pk=target.pk).specific
    draft = live.with_content_json(content)
    draft.save_revision(user=user)
    return draft, False


def install() -> None:
    """Make `TranslationSource.create_or_update_translation(publish=False)` leave a live page's
    content alone (see the module docstring). Called once from PortalConfig.ready()."""
    original = TranslationSource.create_or_update_translation
    if getattr(original, "portal_guarded", False):
        return

    @functools.wraps(original)
    def create_or_update_translation(
        self, locale, user=None, publish=True, copy_parent_pages=False, fallback=False
    ):
        if not publish and _is_page_source(self):
            result = _draft_of_live_page(
                original,
                self,
                locale,
                user=user,
                copy_parent_pages=copy_parent_pages,
                fallback=fallback,
            )
            if result is not None:
                return result
        return original(
            self,
            locale,
            user=user,
            publish=publish,
            copy_parent_pages=copy_parent_pages,
            fallback=fallback,
        )

    create_or_update_translation.portal_guarded = True
    TranslationSource.create_or_update_translation = create_or_update_translation


class TranslationReviewError(ValidationError):
    """A translation that cannot be sent to review, with the reason in Swedish."""


def translation_targets_publishable(*, user, source: TranslationSource) -> bool:
    """Whether the user may publish every page that the source's enabled translations write."""
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        try:
            target = translation.get_target_instance()
        except ObjectDoesNotExist:
            continue
        if isinstance(target, Page) and not target.permissions_for_user(user).can_publish():
            return False
    return True


def translation_for_page(*, page: Page) -> Translation | None:
    """The enabled wagtail-localize translation whose target is this page, if there is one."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


@transaction.atomic
def translation_submit_for_review(*, page: Page, user) -> WorkflowState:
    """Write the translated strings into a draft of the page and start its review workflow.

    Nothing goes live: the reviewers of the workflow publish the draft when they approve it.
    """
    page = Page.objects.select_for_update().get(pk=page.pk).specific
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    translation = translation_for_page(page=page)
    if translation is None:
        raise TranslationReviewError(_("Sidan är ingen översättning som hålls i synk."))
    workflow = page.get_workflow()
    if workflow is None:
        raise TranslationReviewError(_("Sidan har inget granskningsflöde."))
    if page.workflow_in_progress:
        raise TranslationReviewError(_("Översättningen väntar redan på granskning."))
    translation.save_target(user=user, publish=False)
    page.refresh_from_db()
    return workflow.start(page, user)


@require_POST
def submit_translation_for_review(request, page_id: int):
    page = get_object_or_404(Page, pk=page_id)
    try:
        translation_submit_for_review(page=page, user=request.user)
    except TranslationReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Översättningen '%(title)s' har skickats till granskning.") % {"title": page.title},
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """ "Synka översatta sidor": publishing at once needs the right to publish every translation;
    without it the synced strings are saved as drafts of the translated pages, for review."""

    def form_valid(self, form):
        user = self.request.user
        if form.cleaned_data["publish_translations"] and not translation_targets_publishable(
            user=user, source=self.object
        ):
            message = _(
                "Du har inte behörighet att publicera översättningarna. Synka utan att "
                "publicera och skicka sedan översättningen till granskning."
            )
            form.add_error("publish_translations", message)
            messages.error(self.request, message)
            return self.render_to_response(self.get_context_data(form=form))
        response = super().form_valid(form)
        if not form.cleaned_data["publish_translations"]:
            for translation in self.object.translations.filter(enabled=True):
                try:
                    translation.save_target(user=user, publish=False)
                except (ValidationError, ObjectDoesNotExist):
                    continue
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" in kwargs:
            context["form"] = kwargs["form"]
        return context


def guarded_convert_to_alias(request, page_id: int):
    """An alias mirrors the live original, so making a translation an alias publishes it."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)
