"""Writes of signed-in users' progress, failure paths first."""

import pytest
from django.core.exceptions import ValidationError

from onboarding import services
from onboarding.models import OnboardingProgress
from tests.conftest import translate
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ombud(db):
    return UserFactory(username="nytt-ombud")


def keys(user) -> list[str]:
    return sorted(OnboardingProgress.objects.filter(user=user).values_list("module_key", flat=True))


def test_a_module_the_page_does_not_have_is_refused(onboarding, ombud):
    with pytest.raises(ValidationError) as error:
        services.progress_mark(user=ombud, page=onboarding, module_key="okand", done=True)
    assert "Modulen finns inte på sidan: okand." in str(error.value)
    assert keys(ombud) == []


def test_marking_twice_keeps_one_record_and_undo_removes_it(onboarding, ombud):
    services.progress_mark(user=ombud, page=onboarding, module_key="uppdraget", done=True)
    services.progress_mark(user=ombud, page=onboarding, module_key="uppdraget", done=True)
    assert keys(ombud) == ["uppdraget"]
    services.progress_mark(user=ombud, page=onboarding, module_key="uppdraget", done=False)
    services.progress_mark(user=ombud, page=onboarding, module_key="uppdraget", done=False)
    assert keys(ombud) == []


def test_merge_adds_only_new_and_known_modules(onboarding, ombud):
    services.progress_mark(user=ombud, page=onboarding, module_key="uppdraget", done=True)
    added = services.progress_merge(
        user=ombud, page=onboarding, module_keys={"uppdraget", "malgruppen", "borttagen"}
    )
    assert added == 1
    assert keys(ombud) == ["malgruppen", "uppdraget"]


def test_progress_on_a_translation_is_kept_against_the_original(
    onboarding, ombud, section, home_en
):
    translate(section, "en", title="For new ombudsmen", slug="ombud-en")
    english = translate(onboarding, "en", title="Introduction", slug="introduction")
    services.progress_mark(user=ombud, page=english, module_key="uppdraget", done=True)
    assert OnboardingProgress.objects.get().page_id == onboarding.pk


def test_reset_forgets_this_user_s_progress_only(onboarding, ombud):
    other = UserFactory(username="annat-ombud")
    for user in (ombud, other):
        services.progress_mark(user=user, page=onboarding, module_key="uppdraget", done=True)
    assert services.progress_reset(user=ombud, page=onboarding) == 1
    assert keys(ombud) == [] and keys(other) == ["uppdraget"]
