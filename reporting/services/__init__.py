"""Writes of the reporting tool (`<entity>_<action>(*, …)`), one module per part."""

from reporting.services.annual import (
    annual_report_accept,
    annual_report_new_version,
    annual_report_return,
    annual_report_save,
    annual_report_start,
    annual_report_submit,
    figures_of,
)
from reporting.services.common import ConflictError, audit, export_logged
from reporting.services.deficiencies import (
    CaseInput,
    ReportInput,
    case_open,
    case_reports_change,
    case_update,
    deficiency_report_create,
    deficiency_report_update,
)
from reporting.services.memberships import (
    membership_remove,
    membership_set,
    programme_user_create,
)

__all__ = [
    "CaseInput",
    "ConflictError",
    "ReportInput",
    "annual_report_accept",
    "annual_report_new_version",
    "annual_report_return",
    "annual_report_save",
    "annual_report_start",
    "annual_report_submit",
    "audit",
    "case_open",
    "case_reports_change",
    "case_update",
    "deficiency_report_create",
    "deficiency_report_update",
    "export_logged",
    "figures_of",
    "membership_remove",
    "membership_set",
    "programme_user_create",
]
