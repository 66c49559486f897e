"""The access layer: the one place that knows who may see or change what.

Rules (see docs/adr/0003-access-layer.md and 0017-one-edit-flow-and-the-access-package.md):
- Staff see the records of the teams they belong to, whatever their role there.
- Team leads, and admins of the team's organisation, may change the team itself and its members.
- Organisation admins manage teams and staff accounts; they do not see people's records unless
  they are also in that person's team.
- Evaluators see aggregates and pseudonymised exports only, never a record.
- Inactive accounts see nothing.

Records say which team owns them through `access_team_path` on their model (an ORM path to the
team's primary key, such as "team" or "person__team"). Views never fetch personal records with the
bare ORM: they call `record_for`, `child_for` or an app's own loader built on them (such as
`people.access.person_for`), which filter and audit.

The modules, each importing only `records` and the kernel's models:
- `records`: who works where (read once per request), records, one record, a team, refusals;
- `caseload`: whose caseload a page shows, which teams people may be added to;
- `reports`: whose report of change a user may see, and how much of it (disclosure);
- `evaluators`: which organisations an evaluator reaches, and the team counts they see;
- `directory`: who may change the shared directory, and the team whose layer is shown;
- `audit`: who may search the audit trail, and which teams' events they see;
- `erasure`: who may ask for a person's record to be erased, and confirm it.
- `staff`: which staff accounts an organisation admin may switch off and on.
- `own`: a person's own account and the one person it reaches (issue 14, the portal).
- `tokens`: what an API token reaches, and when it is refused (issue 19, ADR 0022).
"""

from connecting_people.core.access.audit import (
    data_protection_organisation_ids,
    may_search_trail,
    trail_team_ids,
)
from connecting_people.core.access.caseload import (
    caseload,
    team_report_for,
    team_to_add_people,
    team_working_in,
    teams_to_add_people,
    worker_caseload,
    workers_shown,
)
from connecting_people.core.access.directory import (
    directory_change_allowed,
    may_change_directory,
    may_change_service,
    may_match_terms,
    may_read_closed_directory_api,
    organisations_worked_for,
    service_change_allowed,
    working_team,
)
from connecting_people.core.access.erasure import erasure_teams, may_erase_anywhere, may_erase_in
from connecting_people.core.access.evaluators import (
    counts_team_for,
    evaluated_organisations,
    may_see_team_counts,
    sees_team_as_member,
)
from connecting_people.core.access.own import (
    is_person_account,
    own_account,
    own_person_id,
    own_record_for,
    own_records,
    sign_in_refusal,
)
from connecting_people.core.access.records import (
    administered_organisation_ids,
    can_administer,
    can_manage_team,
    can_view_team,
    child_for,
    forget,
    is_evaluator,
    organisation_for,
    organisation_ids_with_role,
    organisations_administered,
    organisations_evaluated,
    record_for,
    records_for,
    refuse,
    role_in,
    team_for,
    team_ids_for,
    teams_for,
)
from connecting_people.core.access.reports import (
    Disclosure,
    ReportScope,
    disclosure_for,
    organisation_side_by_side_for,
    organisations_side_by_side_for,
    report_scope_for,
    report_scopes_for,
    team_ids_shown,
    whole_months,
    whole_organisation,
)
from connecting_people.core.access.staff import staff_account_for, why_not_switch_account
from connecting_people.core.access.tokens import (
    in_token_team,
    may_evaluate,
    may_write,
    roles_open_to,
    token_of,
    token_refusal,
)
from connecting_people.core.models import Organisation, Team  # the kernel types callers name

__all__ = [
    "Disclosure",
    "Organisation",
    "ReportScope",
    "Team",
    "administered_organisation_ids",
    "can_administer",
    "can_manage_team",
    "can_view_team",
    "caseload",
    "child_for",
    "counts_team_for",
    "data_protection_organisation_ids",
    "directory_change_allowed",
    "disclosure_for",
    "erasure_teams",
    "evaluated_organisations",
    "forget",
    "in_token_team",
    "is_evaluator",
    "is_person_account",
    "may_change_directory",
    "may_change_service",
    "may_erase_anywhere",
    "may_erase_in",
    "may_evaluate",
    "may_match_terms",
    "may_read_closed_directory_api",
    "may_search_trail",
    "may_see_team_counts",
    "may_write",
    "organisation_for",
    "organisation_ids_with_role",
    "organisation_side_by_side_for",
    "organisations_administered",
    "organisations_evaluated",
    "organisations_side_by_side_for",
    "organisations_worked_for",
    "own_account",
    "own_person_id",
    "own_record_for",
    "own_records",
    "record_for",
    "records_for",
    "refuse",
    "report_scope_for",
    "report_scopes_for",
    "role_in",
    "roles_open_to",
    "sees_team_as_member",
    "service_change_allowed",
    "sign_in_refusal",
    "staff_account_for",
    "team_for",
    "team_ids_for",
    "team_ids_shown",
    "team_report_for",
    "team_to_add_people",
    "team_working_in",
    "teams_for",
    "teams_to_add_people",
    "token_of",
    "token_refusal",
    "trail_team_ids",
    "whole_months",
    "whole_organisation",
    "why_not_switch_account",
    "worker_caseload",
    "workers_shown",
    "working_team",
]
