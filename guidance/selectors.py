"""Read-only queries behind the guidance pages and the admin report."""

import datetime
import unicodedata
from dataclasses import dataclass
from itertools import groupby

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, ReferenceIndex

from guidance.choices import DeficiencyActor, DeficiencyLevel, RoleAttributeKind, RuleTopic
from guidance.citations import References
from guidance.models import (
    DeficiencyExample,
    EditorialPage,
    GlossaryPage,
    GuidancePage,
    RoleAttribute,
    RoleProfile,
    Rule,
    RuleSet,
    RuleSetPage,
    Source,
    Term,
)

# Swedish alphabetical order: å, ä, ö come after z; accents otherwise fold (é → e).
_SWEDISH_TAIL = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}"}  # the three after "z"


def swedish_sort_key(text: str) -> str:
    folded = []
    for char in text.lower():
        if char in _SWEDISH_TAIL:
            folded.append(_SWEDISH_TAIL[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            folded.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(folded)


def _initial(text: str) -> str:
    first = text.strip()[:1].upper()
    if first in "ÅÄÖ":
        return first
    decomposed = unicodedata.normalize("NFKD", first)
    letter = "".join(c for c in decomposed if not unicodedata.combining(c))
    return letter if letter.isalpha() else "#"


def glossary_groups(*, locale: Locale) -> list[tuple[str, list[Term]]]:
    """The locale's terms grouped by initial letter, in Swedish alphabetical order."""
    terms = sorted(
        Term.objects.filter(locale=locale).select_related("source"),
        key=lambda term: swedish_sort_key(term.term),
    )
    return [
        (letter, list(group)) for letter, group in groupby(terms, key=lambda t: _initial(t.term))
    ]


def glossary_page_for(*, locale: Locale) -> Page | None:
    return GlossaryPage.objects.live().public().filter(locale=locale).first()


def sources_with_citing_pages(*, locale: Locale) -> list[tuple[Source, list[Page]]]:
    """Every source with the live pages of the locale that cite it (Wagtail's reference index)."""
    sources = list(Source.objects.all())
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(Source),
        to_object_id__in=[str(source.pk) for source in sources],
        base_content_type=ContentType.objects.get_for_model(Page),
    ).values_list("to_object_id", "object_id")
    page_ids_by_source: dict[str, set[int]] = {}
    for source_id, page_id in references:
        page_ids_by_source.setdefault(source_id, set()).add(int(page_id))
    all_ids = set().union(*page_ids_by_source.values()) if page_ids_by_source else set()
    pages = {
        page.pk: page
        for page in Page.objects.live()
        .public()
        .filter(pk__in=all_ids, locale=locale)
        .order_by("title")
    }
    result = []
    for source in sources:
        ids = page_ids_by_source.get(str(source.pk), set())
        citing = sorted(
            (pages[i] for i in ids if i in pages), key=lambda p: swedish_sort_key(p.title)
        )
        result.append((source, citing))
    return result


def _number_key(number: str) -> tuple:
    parts = []
    for part in number.replace("-", ".").split("."):
        parts.append((0, int(part), "") if part.isdigit() else (1, 0, part))
    return tuple(parts)


class RuleSetState:
    """What a rule set is on one day: in force, not yet, ended or replaced (and how we know)."""

    IN_FORCE = "galler"
    NOT_YET = "ej-an"
    ENDED = "upphort"
    REPLACED = "ersatt"

    def __init__(self, state: str, *, since: datetime.date | None = None, approximate=False):
        self.state = state
        self.since = since
        self.approximate = approximate

    @property
    def valid(self) -> bool:
        return self.state == self.IN_FORCE


def rule_set_state_on(*, rule_set: RuleSet, day: datetime.date) -> RuleSetState:
    """A rule set's state on a day from its own dates and from the set that replaced it.

    A replacing set whose start date is unknown replaces from the day it was issued: the
    replaced set is then shown as replaced (marked approximate), never as valid beside it.
    """
    starts = rule_set.valid_from or rule_set.issued_on
    if starts and day < starts:
        return RuleSetState(RuleSetState.NOT_YET, since=starts)
    if rule_set.valid_to and day > rule_set.valid_to:
        return RuleSetState(RuleSetState.ENDED, since=rule_set.valid_to)
    successor = rule_set.replaced_by
    if successor is not None:
        replaced_from = successor.valid_from or successor.issued_on
        if replaced_from and day >= replaced_from:
            return RuleSetState(
                RuleSetState.REPLACED,
                since=replaced_from,
                approximate=successor.valid_from is None,
            )
    return RuleSetState(RuleSetState.IN_FORCE)


def rule_applies_on(*, rule: Rule, day: datetime.date) -> bool:
    """A rule's own dates and its rule set's state on the day both allow it."""
    return rule.applies_on(day) and rule_set_state_on(rule_set=rule.rule_set, day=day).valid


def rule_set_view(*, rule_set: RuleSet, day: datetime.date | None) -> dict:
    """A rule set's rules by topic, which apply on a given day, and what changed.

    On a day, a rule is shown as valid only if its set is in force then and the rule that
    replaced it (if any) does not apply too; otherwise it is listed apart, with the reason.
    """
    rules = list(
        rule_set.rules.select_related(
            "source", "rule_set__replaced_by", "superseded_by__rule_set__replaced_by"
        ).prefetch_related("supersedes__rule_set")
    )
    topic_order = {value: position for position, value in enumerate(RuleTopic.values)}
    rules_prepare(rules=rules)
    rules.sort(key=lambda r: (topic_order.get(r.topic, 99), _number_key(r.number)))
    state = rule_set_state_on(rule_set=rule_set, day=day) if day is not None else None
    if day is None:
        shown, not_valid = rules, []
    else:
        shown, not_valid = [], []
        for rule in rules:
            if not rule_applies_on(rule=rule, day=day):
                not_valid.append(rule)
            elif rule.superseded_by_id and rule_applies_on(rule=rule.superseded_by, day=day):
                rule.replaced_on_day = True
                not_valid.append(rule)
            else:
                shown.append(rule)
    by_topic = [
        (RuleTopic(topic).label, list(group))
        for topic, group in groupby(shown, key=lambda r: r.topic)
    ]
    successor_page = None
    if rule_set.replaced_by_id:
        successor_page = (
            RuleSetPage.objects.live()
            .public()
            .filter(rule_set_id=rule_set.replaced_by_id, locale_id=Locale.get_active().pk)
            .first()
        )
    return {
        "day": day,
        "state": state,
        "successor_page": successor_page,
        "rules_by_topic": by_topic,
        "shown_count": len(shown),
        "total_count": len(rules),
        "not_valid": not_valid,
        "replaced": [rule for rule in rules if rule.superseded_by_id],
        "replacing": [rule for rule in rules if rule.supersedes.all()],
    }


ROLES_COMPARED_AT_MOST = 3
# More `roll` values than this are not read one by one: the answer is "too many" anyway.
_ROLE_VALUES_READ = 20
_ROLE_VALUE_SHOWN = 40  # characters of an unknown value repeated in the message


@dataclass(frozen=True)
class RoleSelection:
    """The roles a reader chose on 'Vem gör vad?' (`?roll=…`, up to three), or why not."""

    roles: list  # the chosen RoleProfiles, in the page's order; empty: the whole comparison
    checked: frozenset[str]  # slugs to tick in the picker
    error: str = ""

    @property
    def mode(self) -> str:
        """'alla' (the whole matrix), 'en' (one role at a time) or 'jamfor' (two or three)."""
        if not self.roles:
            return "alla"
        return "en" if len(self.roles) == 1 else "jamfor"


def _role_value(raw) -> str:
    """A `roll` value as a reader may see it again: no control characters, not too long."""
    text = "".join(ch for ch in str(raw) if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split())
    return text if len(text) <= _ROLE_VALUE_SHOWN else text[: _ROLE_VALUE_SHOWN - 1] + "…"


def role_selection_parse(*, roles: list, values: list[str]) -> RoleSelection:
    """Which of `roles` the reader chose by slug. Unknown slugs and more than three roles are
    refused with a Swedish message (and the whole comparison is shown); nothing chosen ticks
    the page's first role, personligt ombud in the pack."""
    by_slug = {role.slug: role for role in roles}
    default = frozenset([roles[0].slug]) if roles else frozenset()
    wanted: list[str] = []
    for value in values[:_ROLE_VALUES_READ]:
        value = str(value).strip()
        if value and value not in wanted:
            wanted.append(value)
    if not wanted:
        return RoleSelection(roles=[], checked=default)
    unknown = [value for value in wanted if value not in by_slug]
    known = frozenset(value for value in wanted if value in by_slug)
    if unknown:
        return RoleSelection(
            roles=[],
            checked=known or default,
            error=_("Vi hittar inget stöd som heter ”%(value)s”. Välj bland stöden i listan.")
            % {"value": _role_value(unknown[0])},
        )
    if len(values) > _ROLE_VALUES_READ or len(wanted) > ROLES_COMPARED_AT_MOST:
        return RoleSelection(
            roles=[],
            checked=known,
            error=_(
                "Du kan jämföra högst %(most)s stöd åt gången. Ta bort några av dem du har "
                "valt och försök igen."
            )
            % {"most": ROLES_COMPARED_AT_MOST},
        )
    return RoleSelection(roles=[role for role in roles if role.slug in known], checked=known)


def role_comparison(*, page, chosen: list[str] | None = None) -> dict:
    """Rows of attributes, a column per role (in the page's language), each cell cited; and the
    same cells as a card per role (its attributes in row order), so the page renders both with
    plain loops. `chosen` are the `roll` values of the request: with a valid choice, only
    those roles are compared (and cited)."""

    compared = [compared.role for compared in page.compared_roles.select_related("role")]
    # Each role in the page's language where a translation exists, read in one query.
    translated = {
        role.translation_key: role
        for role in RoleProfile.objects.filter(
            translation_key__in=[role.translation_key for role in compared], locale=page.locale_id
        )
    }
    every_role = [translated.get(role.translation_key, role) for role in compared]
    selection = role_selection_parse(roles=every_role, values=list(chosen or []))
    roles = selection.roles or every_role
    kinds = [compared.attribute for compared in page.compared_attributes.all()]
    # Only the compared attributes, in one query; a role's later one of a kind wins, as in
    # RoleProfile.attribute_map.
    attributes = {
        (attribute.role_id, attribute.attribute): attribute
        for attribute in RoleAttribute.objects.filter(
            role__in=[role.pk for role in roles], attribute__in=kinds
        ).select_related("source")
    }
    references = References()
    rows = []
    for kind in kinds:
        cells = []
        for role in roles:
            attribute = attributes.get((role.pk, kind))
            if attribute is not None:
                key = f"{role.pk}:{kind}"
                references.add(key, attribute.source, attribute.locator)
                cells.append(
                    {"role": role, "value": attribute.value, "refs": references.for_key(key)}
                )
            else:
                cells.append({"role": role, "value": None, "refs": []})
        rows.append({"kind": kind, "label": RoleAttributeKind(kind).label, "cells": cells})
    cards = [
        {"role": role, "items": [{"label": row["label"], **row["cells"][column]} for row in rows]}
        for column, role in enumerate(roles)
    ]
    return {
        "roles": roles,
        "every_role": every_role,
        "first_role": every_role[0] if every_role else None,
        "selection": selection,
        "rows": rows,
        "cards": cards,
        "references": references.items,
    }


def deficiency_matrix() -> dict:
    examples = list(DeficiencyExample.objects.select_related("source"))
    actors = list(DeficiencyActor)
    rows = []
    for level in DeficiencyLevel:
        rows.append(
            {
                "level": level.label,
                "cells": [
                    [e for e in examples if e.level == level.value and e.actor == actor.value]
                    for actor in actors
                ],
            }
        )
    return {"actors": [actor.label for actor in actors], "rows": rows, "count": len(examples)}


def pages_due_for_review(*, within_days: int = 30, limit: int | None = None):
    """Pages with a review cycle (every page type built on EditorialPage, in any app) whose next
    review falls within the given number of days, soonest first."""
    until = timezone.localdate() + datetime.timedelta(days=within_days)
    pages: dict[int, Page] = {}
    for model in apps.get_models():
        if issubclass(model, EditorialPage) and not model._meta.proxy:
            for page in model.objects.filter(next_review__lte=until).select_related("locale"):
                pages.setdefault(page.pk, page)
    due = sorted(pages.values(), key=lambda page: (page.next_review, page.title))
    return due if limit is None else due[:limit]


def rules_prepare(*, rules: list[Rule | None]) -> None:
    """Read what a rendered rule shows (its set, source, replacement and the rule pages their
    links go to) for many rules at once, so a page's rule count does not add queries."""

    rules = [rule for rule in rules if rule is not None]
    if not rules:
        return
    prefetch_related_objects(rules, "rule_set", "source", "superseded_by__rule_set")
    linked = [*rules, *(rule.superseded_by for rule in rules if rule.superseded_by_id)]
    for rule in rules:
        cached = getattr(rule, "_prefetched_objects_cache", {})
        linked.extend(cached.get("supersedes", []))
    pages: dict[int, Page] = {}
    language = get_language()
    for page in (
        RuleSetPage.objects.live()
        .public()
        .filter(rule_set_id__in={rule.rule_set_id for rule in linked})
        .select_related("locale")
    ):
        # The page in the reader's language, else the first by path (as Rule.get_url reads it).
        known = pages.get(page.rule_set_id)
        if known is None or (
            page.locale.language_code == language and known.locale.language_code != language
        ):
            pages[page.rule_set_id] = page
    for rule in linked:
        rule.rule_set_page = pages.get(rule.rule_set_id)


def stream_rules(stream, block_types: tuple[str, ...]) -> list[Rule]:
    """The rules a StreamField refers to: rule blocks, or the `rule` of struct blocks."""
    rules = []
    for block in stream:
        if block.block_type in block_types:
            value = block.value
            rules.append(value["rule"] if isinstance(value, dict) else value)
    return rules


def rule_for_key(key: str) -> Rule | None:
    return Rule.objects.filter(key=key).select_related("rule_set", "source").first()


# The page that lists what has changed since the source documents were written (content pack
# key `vad-har-andrats`), found by its slug in each language.
CHANGES_PAGE_SLUGS = ("vad-har-andrats-sedan-kallorna-skrevs", "what-has-changed-since-the-sources")
# A source is aged when it is older than this many years at the changes page's last review.
SOURCE_AGE_YEARS = 2


def changes_note_for(*, page, sources) -> dict | None:
    """A dated note for a page whose cited sources have aged: their years and the changes page.

    None when the page cites nothing aged, is the changes page itself, or that page is not
    published in the page's language.
    """
    years = sorted({source.year for source in sources if getattr(source, "year", None)})
    if not years:
        return None
    changes = (
        GuidancePage.objects.live()
        .public()
        .filter(slug__in=CHANGES_PAGE_SLUGS, locale_id=page.locale_id)
        .first()
    )
    if changes is None or changes.pk == page.pk:
        return None
    checked = changes.last_reviewed
    aged = [year for year in years if year < checked.year - SOURCE_AGE_YEARS]
    if not aged:
        return None
    return {"page": changes, "checked": checked, "first": aged[0], "last": aged[-1]}
