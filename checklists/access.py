"""Who may read and change which county's programmes and assessments.

County staff (permission `assess_own_county`) read and change their own county only; national
reviewers (`review_all_counties`) read every county and change nothing. Anyone else sees no
assessment. Views answer 404 for objects outside what a user may read, so that ids of other
counties reveal nothing, and 403 for objects they may read but not change.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404


@dataclass(frozen=True)
class Access:
    county_id: int | None  # the county a länsstyrelse user works for
    reads_all: bool  # a national reviewer (or an administrator)

    @property
    def allowed(self) -> bool:
        return self.county_id is not None or self.reads_all

    def can_read(self, county_id: int) -> bool:
        return self.reads_all or county_id == self.county_id

    def can_write(self, county_id: int) -> bool:
        return self.county_id is not None and county_id == self.county_id

    def require(self, county_id: int, *, write: bool = False) -> None:
        """404 when the user may not see the county's data, 403 when they may only read it."""
        if not self.can_read(county_id):
            raise Http404
        if write and not self.can_write(county_id):
            raise PermissionDenied


NO_ACCESS = Access(county_id=None, reads_all=False)


def access_for(user) -> Access:
    if not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    county_id = None
    if user.has_perm("checklists.assess_own_county"):
        profile = getattr(user, "tillsyn_profile", None)
        county_id = profile.county_id if profile else None
    return Access(county_id=county_id, reads_all=user.has_perm("checklists.review_all_counties"))
