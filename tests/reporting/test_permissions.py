"""Every endpoint of the reporting tool for every role: who gets the page, who 403, who 404;
and no write by someone who may not make it changes anything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from reporting import services
from reporting.models import (
    AcceptedFigures,
    AnnualReportVersion,
    AuditEntry,
    DeficiencyCase,
    DeficiencyReport,
)
from tests.factories.accounts import UserFactory, county_user, reviewer_user
from tests.factories.reporting import annual_content, ombud_user, report_input, steering_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "no_role",
    "editor",
    "ombud",
    "steering",
    "other_ombud",
    "other_steering",
    "county",
    "other_county",
    "reviewer",
]
MEMBERS = {"ombud", "steering"}


@pytest.fixture
def world(programme, neighbour, ombud, steering, county_staff):
    """A programme with a report in a case, a free report and a sent annual report."""
    in_case = services.deficiency_report_create(
        user=ombud, programme=programme, data=report_input(title="I ärendet")
    )
    free = services.deficiency_report_create(
        user=ombud, programme=programme, data=report_input(title="Fri")
    )
    other_free = services.deficiency_report_create(
        user=ombud, programme=programme, data=report_input(title="Också fri")
    )
    case = services.case_open(user=steering, programme=programme, reports=[in_case], title="Ä")
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=1, values=annual_content()
    )
    report = services.annual_report_submit(user=ombud, report=report, lock_version=2)
    editor = UserFactory(username="redaktor")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    return {
        "programme": programme,
        "in_case": in_case,
        "free": free,
        "other_free": other_free,
        "case": case,
        "annual": report,
        "users": {
            "no_role": UserFactory(username="ingen"),
            "editor": editor,
            "ombud": ombud,
            "steering": steering,
            "other_ombud": ombud_user(neighbour, username="granne-ombud"),
            "other_steering": steering_user(neighbour, username="granne-ledning"),
            "county": county_staff,
            "other_county": county_user(county_code="Z", username="zara"),
            "reviewer": reviewer_user(username="granskare"),
        },
    }


def expected(role: str, readers: set[str], doers: set[str] | None = None) -> int:
    """200 for those who may, 403 for those who may only read, 404 for everyone else."""
    doers = readers if doers is None else doers
    if role in doers:
        return 200
    if role in readers:
        return 403
    return 404


def get_cases(world) -> list[tuple[str, str, dict[str, int]]]:
    """(name, url, expected status per role that has some role in the tool)."""
    p, case, annual = world["programme"].pk, world["case"].pk, world["annual"].pk
    readers = MEMBERS | {"county", "reviewer"}
    annual_readers = MEMBERS | {"county"}  # the version is sent, not accepted
    roles = ROLES[3:]

    def row(name, url, readers, doers=None, **overrides):
        statuses = {role: expected(role, readers, doers) for role in roles}
        statuses.update(overrides)
        return (name, url, statuses)

    r = "rapportering:"
    return [
        row("programme", reverse(r + "programme", args=[p]), readers),
        row("programme_log", reverse(r + "programme_log", args=[p]), readers),
        row("programme_compare", reverse(r + "programme_compare", args=[p]), readers),
        row("pattern", reverse(r + "pattern", args=[p]), readers),
        row("pattern_csv", reverse(r + "pattern_csv", args=[p]), readers),
        row("pattern_pdf", reverse(r + "pattern_pdf", args=[p]), readers),
        row("report_create", reverse(r + "report_create", args=[p]), readers, {"ombud"}),
        row("case_open", reverse(r + "case_open", args=[p]), readers, {"steering"}),
        row("annual_start", reverse(r + "annual_start", args=[p]), readers, MEMBERS),
        row("report", reverse(r + "report", args=[world["in_case"].pk]), MEMBERS),
        row("report_edit", reverse(r + "report_edit", args=[world["free"].pk]), MEMBERS, {"ombud"}),
        row("case", reverse(r + "case", args=[case]), MEMBERS),
        row("annual", reverse(r + "annual", args=[annual]), annual_readers),
        row("annual_version", reverse(r + "annual_version", args=[annual, 1]), annual_readers),
        row("annual_csv", reverse(r + "annual_csv", args=[annual, 1]), annual_readers),
        row("annual_log", reverse(r + "annual_log", args=[annual]), annual_readers),
        row("annual_submit", reverse(r + "annual_submit", args=[annual]), annual_readers, MEMBERS),
        row(
            "annual_new_version",
            reverse(r + "annual_new_version", args=[annual]),
            annual_readers,
            MEMBERS,
        ),
        row(
            "annual_review", reverse(r + "annual_review", args=[annual]), annual_readers, {"county"}
        ),
        row("county", reverse(r + "county", args=["AB"]), {"county", "reviewer"}),
        row("county_csv", reverse(r + "county_csv", args=["AB"]), {"county", "reviewer"}),
        row("national", reverse(r + "national"), {"reviewer"}),
        # Ids that do not exist, and a version number the report does not have.
        row("missing programme", reverse(r + "programme", args=[999999]), set()),
        row("missing report", reverse(r + "report", args=[999999]), set()),
        row("missing case", reverse(r + "case", args=[999999]), set()),
        row("missing annual", reverse(r + "annual", args=[999999]), set()),
        row("missing version", reverse(r + "annual_version", args=[annual, 7]), set()),
        row("missing county", reverse(r + "county", args=["QQ"]), set()),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_its_access_says(client, world, signed_in, role):
    cases = get_cases(world)
    if role != "anonymous":
        signed_in(world["users"][role])
    found, wanted = {}, {}
    for name, url, statuses in cases:
        response = client.get(url)
        found[name] = response.status_code
        if role == "anonymous":
            wanted[name] = 302  # to the sign-in
        elif role in ("no_role", "editor"):
            wanted[name] = 403  # the tool's "no access" page
        else:
            wanted[name] = statuses[role]
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"], name
    assert found == wanted


def test_anonymous_users_are_sent_to_sign_in_and_no_role_gets_the_swedish_page(
    client, world, signed_in
):
    response = client.get(reverse("rapportering:home"))
    assert response["Location"].startswith(reverse("accounts:login"))
    signed_in(world["users"]["no_role"])
    response = client.get(reverse("rapportering:home"))
    assert response.status_code == 403
    assert "inte behörighet till rapporteringen" in response.content.decode()


def _snapshot():
    return (
        list(DeficiencyReport.objects.order_by("pk").values()),
        list(DeficiencyCase.objects.order_by("pk").values()),
        list(AnnualReportVersion.objects.order_by("pk").values()),
        AcceptedFigures.objects.count(),
        AuditEntry.objects.exclude(action="exporterad").count(),
    )


def post_cases(world) -> list[tuple[str, str, dict, set[str]]]:
    """(name, url, POST data, roles that may do it)."""
    p, case, annual = world["programme"].pk, world["case"], world["annual"]
    r = "rapportering:"
    report_data = {
        "reported_on": "2025-04-01",
        "title": "Ny brist",
        "description": "Beskrivning",
        "frequency": "Ofta",
        "level": "lokal",
        "actor": "socialtjanst",
        "organisations": "Socialtjänsten",
        "consequences": "Konsekvenser",
        "suggestion": "Förslag",
    }
    return [
        ("report_create", reverse(r + "report_create", args=[p]), report_data, {"ombud"}),
        (
            "report_edit",
            reverse(r + "report_edit", args=[world["free"].pk]),
            {**report_data, "lock_version": 1},
            {"ombud"},
        ),
        (
            "case",
            reverse(r + "case", args=[case.pk]),
            {"lock_version": case.lock_version, "title": "Ändrat", "status": "analys"},
            {"steering"},
        ),
        (
            "case_reports",
            reverse(r + "case_reports", args=[case.pk]),
            {"lock_version": case.lock_version, "add": world["free"].pk},
            {"steering"},
        ),
        (
            "case_open",
            reverse(r + "case_open", args=[p]),
            {"title": "Nytt", "reports": [world["other_free"].pk]},
            {"steering"},
        ),
        ("annual_start", reverse(r + "annual_start", args=[p]), {"year": 2024}, MEMBERS),
        (
            "annual_review accept",
            reverse(r + "annual_review", args=[annual.pk]),
            {"lock_version": annual.lock_version, "accept": ""},
            {"county"},
        ),
        (
            "annual_review return",
            reverse(r + "annual_review", args=[annual.pk]),
            {"lock_version": annual.lock_version, "comment": "Rätta"},
            {"county"},
        ),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_no_write_by_a_role_that_may_not_make_it_changes_anything(client, world, signed_in, role):
    if role != "anonymous":
        signed_in(world["users"][role])
    before = _snapshot()
    for name, url, data, doers in post_cases(world):
        if role in doers:
            continue
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        if role not in ("anonymous", "no_role", "editor"):
            assert response.status_code in (403, 404), name
        assert _snapshot() == before, name


@pytest.mark.parametrize("role", ["ombud", "steering", "county"])
def test_each_write_works_for_the_role_that_may_make_it(client, world, signed_in, role):
    signed_in(world["users"][role])
    before = _snapshot()
    done = []
    for name, url, data, doers in post_cases(world):
        if role not in doers or name == "annual_review return":
            continue
        for obj in (world["case"], world["annual"]):
            obj.refresh_from_db()
        data = dict(data, lock_version=data["lock_version"]) if "lock_version" in data else data
        if "lock_version" in data:
            data["lock_version"] = (
                world["annual"] if "annual" in name else world["case"]
            ).lock_version
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        done.append(name)
        assert _snapshot() != before, name
        before = _snapshot()
    assert done
