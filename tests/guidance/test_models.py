"""Model rules that editors meet as validation errors."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from guidance.models import Rule
from guidance.selectors import swedish_sort_key
from tests.factories.guidance import (
    GuidancePageFactory,
    RoleProfileFactory,
    RuleFactory,
    RuleSetFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as error:
        instance.full_clean()
    return error.value.message_dict


def test_a_rule_without_a_source_is_refused():
    rule = RuleFactory.build(rule_set=RuleSetFactory(), source=None)
    assert "source" in errors_of(rule)


def test_valid_to_before_valid_from_is_refused_for_rules_and_rule_sets():
    rule = RuleFactory(valid_from=datetime.date(2013, 1, 1))
    rule.valid_to = datetime.date(2012, 1, 1)
    assert errors_of(rule)["valid_to"] == ["Slutdatum kan inte ligga före startdatum."]
    rule_set = RuleSetFactory(valid_to=datetime.date(2010, 1, 1))
    assert "valid_to" in errors_of(rule_set)


def test_a_rule_cannot_supersede_itself():
    rule = RuleFactory()
    rule.superseded_by = rule
    assert "superseded_by" in errors_of(rule)


def test_a_cited_source_cannot_be_deleted_from_under_a_rule():
    rule = RuleFactory()
    with pytest.raises(ProtectedError):
        rule.source.delete()
    assert Rule.objects.filter(pk=rule.pk).exists()


def test_rule_applies_within_its_own_or_its_sets_validity():
    rule = RuleFactory(
        rule_set__valid_from=datetime.date(2011, 6, 1), valid_to=datetime.date(2013, 6, 30)
    )
    assert not rule.applies_on(datetime.date(2011, 5, 31))
    assert rule.applies_on(datetime.date(2011, 6, 1))
    assert rule.applies_on(datetime.date(2013, 6, 30))
    assert not rule.applies_on(datetime.date(2013, 7, 1))


def test_a_role_needs_a_legal_basis_and_each_attribute_once():
    from guidance.models import RoleAttribute

    role = RoleProfileFactory()
    source = SourceFactory()
    role.attributes = [RoleAttribute(attribute="tasks", value="x", source=source, locator="s")]
    assert any("lagrum" in error for error in map(str, role.child_errors()))
    role.attributes = [
        RoleAttribute(attribute="legal_basis", value="FB", source=source, locator="s"),
        RoleAttribute(attribute="legal_basis", value="SoL", source=source, locator="s"),
    ]
    assert any("bara finnas en gång" in str(error) for error in role.child_errors())
    role.attributes = [
        RoleAttribute(attribute="legal_basis", value="FB", source=source, locator="s")
    ]
    assert role.child_errors() == []


def test_next_review_must_come_after_the_last_review(home):
    page = GuidancePageFactory(parent=home)
    page.next_review = page.last_reviewed
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "next_review" in error.value.message_dict


def test_swedish_alphabetical_order():
    words = ["Öppenvård", "Ärende", "Åtgärd", "Zon", "Arbete", "Émigré"]
    assert sorted(words, key=swedish_sort_key) == [
        "Arbete",
        "Émigré",
        "Zon",
        "Åtgärd",
        "Ärende",
        "Öppenvård",
    ]


def test_a_rule_set_status_needs_a_basis_and_a_replaced_set_a_successor_or_end():
    rule_set = RuleSetFactory()
    rule_set.status = "ersatt"
    errors = errors_of(rule_set)
    assert "status" in errors and "status_basis" in errors
    rule_set.status_basis = "Riksdagen.se, läst 2026-12-06."
    rule_set.replaced_by = RuleSetFactory()
    rule_set.full_clean()
    rule_set.replaced_by = rule_set
    assert "replaced_by" in errors_of(rule_set)
