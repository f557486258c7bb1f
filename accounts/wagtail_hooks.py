from wagtail import hooks
from wagtail.models.view_restrictions import BaseViewRestriction

from accounts.decorators import second_factor_step

# Restrictions that let in accounts (any signed-in user, or members of chosen groups).
ACCOUNT_RESTRICTIONS = {BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS}


def _second_factor_first(restrictions, request):
    """Content restricted to accounts asks for the same sign-in as the tools: an account that a
    restriction would let in must have used its second factor in this session. Anyone else
    goes on to Wagtail's own check (password form, sign-in or refusal)."""
    for restriction in restrictions:
        if restriction.restriction_type in ACCOUNT_RESTRICTIONS and restriction.accept_request(
            request
        ):
            return second_factor_step(request)
    return None


@hooks.register("on_serve_page")
def restricted_pages_ask_for_the_second_factor(serve):
    def inner(page, request, serve_args, serve_kwargs):
        step = _second_factor_first(page.get_view_restrictions(), request)
        return step or serve(page, request, serve_args, serve_kwargs)

    return inner


@hooks.register("before_serve_document")
def private_documents_ask_for_the_second_factor(document, request):
    return _second_factor_first(document.collection.get_view_restrictions(), request)
