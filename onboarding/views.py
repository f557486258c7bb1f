"""HTTP glue for the onboarding page's routes: parse, pick the progress store, render.

Readers signed in with a second factor keep their progress on the account; everyone else in a
signed cookie. A signed-in reader's cookie is merged into the account on the next visit and
then removed. Responses depend on who asks, so they are private and never cached.
"""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from accounts.decorators import is_verified
from onboarding import selectors, services
from onboarding.cookies import cookie_progress_read, cookie_progress_write

ANSWER_ERRORS = {
    "missing": lambda: _("Välj ett av svarsalternativen och försök igen."),
    "unknown_option": lambda: _("Svaret finns inte bland alternativen. Välj ett av dem."),
    "unknown_scenario": lambda: _(
        "Övningen i adressen finns inte i den här modulen. Välj ett svar i en av övningarna nedan."
    ),
}


def personal(view):
    """Merge a signed-in reader's cookie into the account, and keep the answer out of caches."""

    @functools.wraps(view)
    def wrapped(request, page, *args, **kwargs):
        cookie = cookie_progress_read(request)
        owner_id = str(selectors.progress_page(page=page).pk)
        merged = is_verified(request.user) and owner_id in cookie
        if merged:
            services.progress_merge(user=request.user, page=page, module_keys=cookie[owner_id])
        response = view(request, page, *args, **kwargs)
        if merged:
            del cookie[owner_id]
            cookie_progress_write(response, cookie)
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


@personal
def overview(request, page):
    done = selectors.progress_for(request=request, page=page)
    context = page.get_context(request)
    context.update(selectors.path_overview(request=request, page=page, done=done))
    context["signed_in"] = is_verified(request.user)
    return TemplateResponse(request, page.get_template(request), context)


@personal
def module(request, page, key):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    done = selectors.progress_for(request=request, page=page)
    view = selectors.module_view(request=request, page=page, key=key, done=done)
    if view is None:
        raise Http404
    answer = selectors.scenario_answer(
        module=view["module"],
        scenario_key=request.GET.get("ovning"),
        option_key=request.GET.get("svar"),
    )
    if answer and answer["error"]:
        answer["message"] = ANSWER_ERRORS[answer["error"]]()
    context = page.get_context(request)
    context.update(view)
    context.update(
        {
            "answer": answer,
            "module_url": page.module_url(key, request),
            "progress_url": page.module_url(key, request, route="module_progress"),
            "signed_in": is_verified(request.user),
        }
    )
    return TemplateResponse(request, "onboarding/onboarding_module.html", context)


@personal
def module_progress(request, page, key):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if key not in page.module_keys():
        raise Http404
    done = request.POST.get("klar") != "0"
    if is_verified(request.user):
        services.progress_mark(user=request.user, page=page, module_key=key, done=done)
        response = redirect(page.module_url(key, request))
    else:
        cookie = cookie_progress_read(request)
        owner_id = str(selectors.progress_page(page=page).pk)
        keys = cookie.setdefault(owner_id, set())
        (keys.add if done else keys.discard)(key)
        response = redirect(page.module_url(key, request))
        cookie_progress_write(response, cookie)
    if done:
        messages.success(request, _("Modulen är markerad som klar."))
    else:
        messages.info(request, _("Modulen är inte längre markerad som klar."))
    return response


@personal
def reset(request, page):
    if request.method == "POST":
        if is_verified(request.user):
            services.progress_reset(user=request.user, page=page)
            response = redirect(page.get_url(request))
        else:
            cookie = cookie_progress_read(request)
            cookie.pop(str(selectors.progress_page(page=page).pk), None)
            response = redirect(page.get_url(request))
            cookie_progress_write(response, cookie)
        messages.success(request, _("Dina framsteg är borttagna. Du kan börja om från början."))
        return response
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    context = page.get_context(request)
    context["signed_in"] = is_verified(request.user)
    context["done_count"] = len(selectors.progress_for(request=request, page=page))
    return TemplateResponse(request, "onboarding/onboarding_reset.html", context)
