"""Writes of signed-in users' onboarding progress (anonymous progress lives in a cookie)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.models import OnboardingPage, OnboardingProgress
from onboarding.selectors import progress_page


def _known_keys(page: OnboardingPage, keys: Iterable[str]) -> list[str]:
    known = set(page.module_keys())
    unknown = sorted(set(keys) - known)
    if unknown:
        raise ValidationError(
            _("Modulen finns inte på sidan: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    return sorted(set(keys))


def progress_mark(*, user, page: OnboardingPage, module_key: str, done: bool) -> None:
    """Mark one module as done, or take the mark back."""
    _known_keys(page, [module_key])
    owner = progress_page(page=page)
    if not done:
        OnboardingProgress.objects.filter(user=user, page=owner, module_key=module_key).delete()
        return
    if OnboardingProgress.objects.filter(user=user, page=owner, module_key=module_key).exists():
        return
    record = OnboardingProgress(user=user, page=owner, module_key=module_key)
    record.full_clean()
    record.save()


def progress_merge(*, user, page: OnboardingPage, module_keys: Iterable[str]) -> int:
    """Add modules marked as done before signing in (the browser's cookie) to the account.

    Keys the page no longer has are dropped; returns how many modules were added.
    """
    known = set(page.module_keys())
    owner = progress_page(page=page)
    with transaction.atomic():
        have = set(
            OnboardingProgress.objects.filter(user=user, page=owner).values_list(
                "module_key", flat=True
            )
        )
        added = [key for key in sorted(set(module_keys) & known) if key not in have]
        for key in added:
            record = OnboardingProgress(user=user, page=owner, module_key=key)
            record.full_clean()
            record.save()
    return len(added)


def progress_reset(*, user, page: OnboardingPage) -> int:
    """Forget every module the user has marked as done on this path; returns how many."""
    deleted, _by_model = OnboardingProgress.objects.filter(
        user=user, page=progress_page(page=page)
    ).delete()
    return deleted
