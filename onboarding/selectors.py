"""Reads for the onboarding path: whose progress, in which store, and what the path looks like."""

from collections.abc import Iterable

from django.http import HttpRequest
from wagtail.models import Locale, Page

from accounts.decorators import is_verified
from onboarding.cookies import cookie_progress_read
from onboarding.models import OnboardingPage, OnboardingProgress
from portal.selectors import page_for_reader


def progress_page(*, page: OnboardingPage) -> OnboardingPage:
    """The page progress is kept against: its original-language version, so progress follows
    the reader between languages (module keys are not translated)."""
    original = page.get_translation_or_none(Locale.get_default())
    return original.specific if original is not None else page


def progress_for(*, request, page: OnboardingPage) -> set[str]:
    """The keys of the page's modules the reader has marked as done: from the account when
    signed in with a second factor, otherwise from the browser's cookie."""
    owner = progress_page(page=page)
    if is_verified(request.user):
        stored = set(
            OnboardingProgress.objects.filter(user=request.user, page=owner).values_list(
                "module_key", flat=True
            )
        )
    else:
        stored = cookie_progress_read(request).get(str(owner.pk), set())
    return stored & set(page.module_keys())


def path_overview(*, request, page: OnboardingPage, done: set[str]) -> dict:
    """Every module with its number, address and state, and what to do next."""
    modules = [
        {
            "number": number,
            "key": module["key"],
            "title": module["title"],
            "url": page.module_url(module["key"], request),
            "done": module["key"] in done,
        }
        for number, module in enumerate(page.module_list(), start=1)
    ]
    upcoming = next((module for module in modules if not module["done"]), None)
    return {
        "modules": modules,
        "done_count": sum(1 for module in modules if module["done"]),
        "total": len(modules),
        "upcoming": upcoming,
    }


def module_view(*, request, page: OnboardingPage, key: str, done: set[str]) -> dict | None:
    """One module with its neighbours, or None when the page has no module with that key."""
    overview = path_overview(request=request, page=page, done=done)
    modules = page.module_list()
    index = next((i for i, module in enumerate(modules) if module["key"] == key), None)
    if index is None:
        return None
    entries = overview["modules"]
    return {
        **overview,
        "module": modules[index],
        "entry": entries[index],
        "previous": entries[index - 1] if index > 0 else None,
        "next": entries[index + 1] if index + 1 < len(entries) else None,
    }


def module_reading(*, pages: Iterable[Page | None], request: HttpRequest | None) -> list[dict]:
    """The module's live pages to read, each in the reader's language, with its summary.

    The summaries live on each page type's own table: they are read for all the pages at once,
    not one `page.specific` query per page.
    """
    targets = [
        target
        for page in pages
        if (target := page_for_reader(page=page, request=request)) is not None
    ]
    if not targets:
        return []
    specific = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[target.pk for target in targets])
        .defer_streamfields()
        .specific()
    }
    return [
        {"page": target, "summary": getattr(specific.get(target.pk), "summary", "")}
        for target in targets
    ]


def scenario_answer(*, module, scenario_key: str | None, option_key: str | None) -> dict | None:
    """How an answer to one of the module's scenarios came out, or None when none was given.

    Nothing is stored. A scenario or an option that is not in the module (an edited address)
    gives a message to show instead of feedback.
    """
    if scenario_key is None and option_key is None:
        return None
    scenario = next(
        (item for item in module["scenarios"] if item["key"] == (scenario_key or "")), None
    )
    if scenario is None:
        return {"scenario": None, "error": "unknown_scenario"}
    labels = {option["key"]: option["label"] for option in scenario["options"]}
    if not option_key:
        return {"scenario": scenario["key"], "error": "missing"}
    if option_key not in labels:
        return {"scenario": scenario["key"], "error": "unknown_option"}
    return {
        "scenario": scenario["key"],
        "error": "",
        "chosen": option_key,
        "chosen_label": labels[option_key],
        "correct_label": labels[scenario["correct"]],
        "is_correct": option_key == scenario["correct"],
    }
