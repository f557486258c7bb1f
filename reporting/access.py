"""Who may read and do what with a programme's systembrist reports and annual reports.

A programme's reports are visible only to its ombud and its ledningsgrupp (accounts tied to it
by `ProgrammeMembership`, in the group of their role), to the staff of its county and to
national reviewers (checklists.access). What each may do:

- everyone who may read the programme: its annual reports as far as they are visible to them,
  and its systembrister as figures (level × actor, over time);
- its ombud and ledningsgrupp only: the systembrist reports themselves, the cases and the log;
- ombud: report systembrister and change their reports until the ledningsgrupp takes them up;
- ledningsgrupp: group reports into cases and record analysis, decision and feedback;
- both: prepare, send and correct the programme's annual report;
- county staff: read the annual reports their programmes send, and return or accept them;
- national reviewers: read accepted annual reports of every county; they change nothing.

Outside what a user may read: 404, so that others' ids reveal nothing; read but not do: 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from checklists.access import access_for as tillsyn_access_for
from reporting.choices import ProgrammeRole
from reporting.models import ProgrammeMembership

READ = "read"  # the programme's annual reports (as far as visible) and systembrist figures
INTERNAL = "internal"  # its systembrist reports, cases and log: its own people only
REPORT = "report"  # ombud
STEER = "steer"  # ledningsgrupp
PREPARE = "prepare"  # ombud or ledningsgrupp: the annual report
REVIEW = "review"  # county staff


@dataclass(frozen=True)
class ReportingAccess:
    ombud_of: frozenset[int]  # programme ids
    steers: frozenset[int]  # programme ids
    county_id: int | None  # länsstyrelse staff of this county
    reads_all: bool  # national reviewers

    @property
    def allowed(self) -> bool:
        return bool(self.ombud_of or self.steers or self.county_id is not None or self.reads_all)

    @property
    def programme_ids(self) -> frozenset[int]:
        return self.ombud_of | self.steers

    def is_member(self, programme) -> bool:
        return programme.pk in self.programme_ids

    def is_county_staff(self, programme) -> bool:
        return self.county_id is not None and programme.county_id == self.county_id

    def can_read(self, programme) -> bool:
        return self.is_member(programme) or self.is_county_staff(programme) or self.reads_all

    def can(self, programme, action: str) -> bool:
        if not self.can_read(programme):
            return False
        if action == READ:
            return True
        if action == INTERNAL:
            return self.is_member(programme)
        if action == REPORT:
            return programme.pk in self.ombud_of
        if action == STEER:
            return programme.pk in self.steers
        if action == PREPARE:
            return self.is_member(programme)
        if action == REVIEW:
            return self.is_county_staff(programme)
        raise ValueError(f"Unknown action {action!r}")

    def require(self, programme, action: str = READ) -> None:
        """404 when the user may not see it (another programme's, or a programme's internal
        work for its county), 403 when they may see it but not do this."""
        if not self.can_read(programme) or (action == INTERNAL and not self.is_member(programme)):
            raise Http404
        if not self.can(programme, action):
            raise PermissionDenied

    def role_labels(self, programme) -> list[str]:
        labels = []
        if programme.pk in self.ombud_of:
            labels.append(str(ProgrammeRole.OMBUD.label))
        if programme.pk in self.steers:
            labels.append(str(ProgrammeRole.STEERING.label))
        return labels


NO_ACCESS = ReportingAccess(frozenset(), frozenset(), None, False)


def access_for(user) -> ReportingAccess:
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    ombud_of, steers = set(), set()
    roles = {
        ProgrammeRole.OMBUD: (user.has_perm("reporting.report_deficiencies"), ombud_of),
        ProgrammeRole.STEERING: (user.has_perm("reporting.steer_programme"), steers),
    }
    for programme_id, role in ProgrammeMembership.objects.filter(user=user).values_list(
        "programme_id", "role"
    ):
        allowed, ids = roles[role]
        if allowed:
            ids.add(programme_id)
    tillsyn = tillsyn_access_for(user)
    return ReportingAccess(
        ombud_of=frozenset(ombud_of),
        steers=frozenset(steers),
        county_id=tillsyn.county_id,
        reads_all=tillsyn.reads_all,
    )
