"""Reads of the tillsyn tool. Every read of county data takes the user's `Access`."""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.models import Locale

from checklists.access import Access
from checklists.choices import FOLLOW_UP_STATUSES, AnswerStatus
from checklists.models import Answer, Assessment, ChecklistPage, ChecklistVersion, County, Programme
from portal.selectors import page_language


def checklist_latest_version(*, checklist: ChecklistPage) -> ChecklistVersion | None:
    return ChecklistVersion.objects.filter(checklist=checklist).order_by("-number").first()


def checklist_assessed_version(
    *, checklist: ChecklistPage, request=None
) -> ChecklistVersion | None:
    """The newest version of the text assessments answer: the checklist's own, or for a
    translation that of its original in the site's language (translations have no versions)."""
    if page_language(page=checklist, request=request) == settings.LANGUAGE_CODE:
        return checklist_latest_version(checklist=checklist)
    return (
        ChecklistVersion.objects.filter(
            checklist__translation_key=checklist.translation_key,
            checklist__locale__language_code=settings.LANGUAGE_CODE,
        )
        .order_by("-number")
        .first()
    )


def checklist_versions_current() -> list[ChecklistVersion]:
    """The newest version of each live checklist: what new assessments answer. Translations
    (the English checklist) have no versions; the tool assesses against the Swedish text."""
    versions = []
    for page in ChecklistPage.objects.live().filter(locale=Locale.get_default()).order_by("path"):
        version = checklist_latest_version(checklist=page)
        if version is not None:
            versions.append(version)
    return versions


def counties_readable(*, access: Access) -> QuerySet[County]:
    counties = County.objects.all()
    return counties if access.reads_all else counties.filter(pk=access.county_id)


def programmes_readable(*, access: Access) -> QuerySet[Programme]:
    programmes = Programme.objects.select_related("county")
    return programmes if access.reads_all else programmes.filter(county_id=access.county_id)


def programme_get(*, access: Access, pk: int, write: bool = False) -> Programme:
    programme = Programme.objects.select_related("county").filter(pk=pk).first()
    if programme is None:
        raise Http404
    access.require(programme.county_id, write=write)
    return programme


def assessment_get(*, access: Access, pk: int, write: bool = False) -> Assessment:
    assessment = (
        Assessment.objects.select_related("programme__county", "checklist_version", "completed_by")
        .filter(pk=pk)
        .first()
    )
    if assessment is None:
        raise Http404
    access.require(assessment.programme.county_id, write=write)
    return assessment


@dataclass
class ItemView:
    """One checklist item with the answer given to it."""

    item: dict
    answer: Answer | None

    @property
    def key(self) -> str:
        return self.item["key"]

    @property
    def status(self) -> str:
        return self.answer.status if self.answer else AnswerStatus.NOT_ASSESSED

    @property
    def status_label(self) -> str:
        return AnswerStatus(self.status).label

    @property
    def needs_follow_up(self) -> bool:
        return self.status in FOLLOW_UP_STATUSES


@dataclass
class AreaView:
    area: dict
    items: list[ItemView]

    @property
    def key(self) -> str:
        return self.area["key"]

    @property
    def assessed(self) -> int:
        return sum(1 for item in self.items if item.status != AnswerStatus.NOT_ASSESSED)


@dataclass
class AssessmentDocument:
    """An assessment as it reads: the checklist text it answers, area by area, with answers."""

    assessment: Assessment
    areas: list[AreaView]
    counts: Counter = field(default_factory=Counter)

    def items(self) -> list[ItemView]:
        return [item for area in self.areas for item in area.items]

    def area(self, key: str) -> AreaView | None:
        return next((area for area in self.areas if area.key == key), None)

    @property
    def resume_area(self) -> AreaView | None:
        """Where to go on: the first area with an item not yet assessed, else the first."""
        unfinished = (area for area in self.areas if area.assessed < len(area.items))
        return next(unfinished, self.areas[0] if self.areas else None)

    @property
    def follow_up(self) -> list[ItemView]:
        return [item for item in self.items() if item.needs_follow_up]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(status.value, status.label, self.counts[status.value]) for status in AnswerStatus]


def assessment_checklist_text(*, assessment: Assessment) -> dict:
    """The frozen text: the completion snapshot, else the version the draft answers."""
    return assessment.completed_snapshot or assessment.checklist_version.snapshot


def assessment_document(*, assessment: Assessment) -> AssessmentDocument:
    answers = {answer.item_key: answer for answer in assessment.answers.all()}
    text = assessment_checklist_text(assessment=assessment)
    areas = [
        AreaView(area, [ItemView(item, answers.get(item["key"])) for item in area["items"]])
        for area in text["areas"]
    ]
    document = AssessmentDocument(assessment, areas)
    document.counts = Counter(item.status for item in document.items())
    return document


def assessment_previous(*, assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(programme=assessment.programme, year__lt=assessment.year)
        .select_related("checklist_version")
        .order_by("-year")
        .first()
    )


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    number: str
    question: str
    before: str | None  # None: the item was not in the earlier checklist
    now: str | None  # None: the item is no longer in the checklist

    @property
    def changed(self) -> bool:
        return self.before != self.now

    @property
    def before_label(self) -> str:
        return AnswerStatus(self.before).label if self.before else ""

    @property
    def now_label(self) -> str:
        return AnswerStatus(self.now).label if self.now else ""


def assessment_comparison(*, assessment: Assessment, previous: Assessment) -> list[ComparisonRow]:
    """Item by item (matched on permanent item keys), the earlier and the current status."""
    now = assessment_document(assessment=assessment)
    before = {item.key: item for item in assessment_document(assessment=previous).items()}
    rows = []
    for item in now.items():
        earlier = before.pop(item.key, None)
        rows.append(
            ComparisonRow(
                item.key,
                item.item["number"],
                item.item["question"],
                earlier.status if earlier else None,
                item.status,
            )
        )
    for earlier in before.values():
        rows.append(
            ComparisonRow(
                earlier.key, earlier.item["number"], earlier.item["question"], earlier.status, None
            )
        )
    return rows


@dataclass(frozen=True)
class FollowUpLink:
    """An item to follow up, as the county overview lists it: the question cut to a line."""

    key: str
    number: str
    question: str
    status_label: str


@dataclass
class ProgrammeOverview:
    programme: Programme
    latest: Assessment | None
    follow_up: list[FollowUpLink]


def county_overview(*, access: Access, county: County) -> list[ProgrammeOverview]:
    """A county's programmes, each with its latest assessment and the items to follow up."""
    access.require(county.pk)
    programmes = list(Programme.objects.filter(county=county).select_related("county"))
    # Only the latest assessment of each programme is read. Its version is fetched once per
    # version (prefetch, not a join): the frozen text is large, and decoding it once per
    # assessment was most of this page's time. Of its answers, only those to follow up, and only
    # what the list shows: reading every answer in full was most of the rest.
    latest_ids = {}
    for programme_id, pk in (
        Assessment.objects.filter(programme__county=county)
        .order_by("programme_id", "-year")
        .values_list("programme_id", "pk")
    ):
        latest_ids.setdefault(programme_id, pk)
    latest = {
        assessment.programme_id: assessment
        for assessment in Assessment.objects.filter(pk__in=latest_ids.values()).prefetch_related(
            "checklist_version"
        )
    }
    follow_up_statuses: dict[int, dict[str, str]] = {pk: {} for pk in latest_ids.values()}
    for assessment_id, key, status in Answer.objects.filter(
        assessment_id__in=latest_ids.values(), status__in=FOLLOW_UP_STATUSES
    ).values_list("assessment_id", "item_key", "status"):
        follow_up_statuses[assessment_id][key] = status
    # Hundreds of links share a few statuses and one checklist's questions: word each once.
    labels = {status: str(AnswerStatus(status).label) for status in FOLLOW_UP_STATUSES}
    questions: dict[str, str] = {}
    rows = []
    for programme in programmes:
        assessment = latest.get(programme.pk)
        follow_up = []
        if assessment is not None:
            assessment.programme = programme
            statuses = follow_up_statuses[assessment.pk]
            for area in assessment_checklist_text(assessment=assessment)["areas"]:
                for item in area["items"]:
                    status = statuses.get(item["key"])
                    if status is None:
                        continue
                    question = item["question"]
                    if question not in questions:
                        questions[question] = Truncator(question).chars(90)
                    follow_up.append(
                        FollowUpLink(
                            item["key"], item["number"], questions[question], labels[status]
                        )
                    )
        rows.append(ProgrammeOverview(programme, assessment, follow_up))
    return rows


def county_summary(*, access: Access, county: County, year: int | None = None) -> list[dict]:
    """One row per assessment of the county: counts per status and the items to follow up."""
    access.require(county.pk)
    assessments = (
        Assessment.objects.filter(programme__county=county)
        .select_related("programme", "checklist_version")
        .prefetch_related("answers")
        .order_by("programme__name", "-year")
    )
    if year is not None:
        assessments = assessments.filter(year=year)
    rows = []
    for assessment in assessments:
        document = assessment_document(assessment=assessment)
        rows.append({"assessment": assessment, "document": document})
    return rows


@dataclass(frozen=True)
class AuditEntry:
    event: object
    lines: list[str]


def assessment_audit_log(*, assessment: Assessment) -> list[AuditEntry]:
    """The audit log in words: per saved item, its number, the status change, what else changed."""
    numbers = {
        item["key"]: item["number"]
        for area in assessment_checklist_text(assessment=assessment)["areas"]
        for item in area["items"]
    }
    entries = []
    for event in assessment.audit_events.all():
        lines = []
        for key, change in sorted(event.changes.items()):
            if isinstance(change, dict):
                lines.append(_describe_answer_change(numbers.get(key, key), change))
            else:
                lines.append(f"{key}: {change}")
        entries.append(AuditEntry(event, lines))
    return entries


def _describe_answer_change(number: str, change: dict) -> str:
    parts = []
    if "status" in change:
        before, after = change["status"]
        parts.append(
            _("bedömning %(before)s → %(after)s")
            % {"before": _status_label(before), "after": _status_label(after)}
        )
    if "comment" in change:
        parts.append(_("kommentaren ändrad"))
    if "evidence" in change:
        parts.append(_("underlaget ändrat"))
    return _("Punkt %(number)s: %(changes)s") % {"number": number, "changes": ", ".join(parts)}


def _status_label(value: str) -> str:
    return AnswerStatus(value).label if value in AnswerStatus.values else value


def programmes_public(*, county_code: str | None = None) -> list[dict]:
    """The contact part of the register, for everyone: never assessments or internal data."""
    programmes = (
        Programme.objects.filter(is_active=True)
        .select_related("county", "source")
        .prefetch_related("municipalities")
        .order_by("county__name", "name")
    )
    if county_code:
        programmes = programmes.filter(county__code=county_code)
    return [
        {
            "name": programme.name,
            "county": {"code": programme.county.code, "name": programme.county.name},
            "municipalities": [m.name for m in programme.municipalities.all()],
            "operation_form": programme.get_operation_form_display(),
            "contact": {
                "phone": programme.phone,
                "email": programme.email,
                "address": programme.address,
                "website": programme.website,
                "note": programme.public_note,
            },
            "source": programme.source.title if programme.source else "",
            "source_year": programme.source_year,
        }
        for programme in programmes
    ]
