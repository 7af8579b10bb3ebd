"""What each role can do, for the staff navigation and the staff home page.

Each workflow app adds its entries here as it lands, so the menu never links to a page that does
not exist yet.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Membership
from .selectors import roles_of

Role = Membership.Role


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


MENU = [
    MenuItem(_("Staff home"), "dashboards:home", frozenset(Role.values)),
    MenuItem(_("My cases"), "cases:my_cases", frozenset({Role.SOCIAL_WORKER})),
    MenuItem(_("Office dashboard"), "dashboards:office", frozenset({Role.SUPERVISOR})),
    MenuItem(_("Office cases"), "cases:office_cases", frozenset({Role.SUPERVISOR})),
    MenuItem(_("Approvals"), "cases:approvals", frozenset({Role.SUPERVISOR})),
    MenuItem(
        _("Referrals"),
        "referrals:received",
        frozenset({Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    ),
    MenuItem(
        _("Applications"),
        "applications:queue",
        frozenset({Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    ),
    MenuItem(
        _("Complaints"),
        "complaints:queue",
        frozenset({Role.COMPLAINTS_OFFICER, Role.SUPERVISOR, Role.AGENCY_ADMIN}),
    ),
    MenuItem(
        _("Take a complaint"),
        "complaints:intake",
        frozenset({Role.INTAKE_OFFICER, Role.COMPLAINTS_OFFICER}),
    ),
    MenuItem(
        _("People and households"),
        "registry:search",
        frozenset({Role.INTAKE_OFFICER, Role.SOCIAL_WORKER, Role.SUPERVISOR}),
    ),
    MenuItem(_("Register a person"), "registry:person_create", frozenset({Role.INTAKE_OFFICER})),
    MenuItem(_("Service cards"), "catalogue:staff_list", frozenset({Role.AGENCY_ADMIN})),
    MenuItem(_("Agency staff"), "organisations:staff_list", frozenset({Role.AGENCY_ADMIN})),
    MenuItem(_("Referral routing"), "referrals:routing_rules", frozenset({Role.AGENCY_ADMIN})),
    MenuItem(_("Complaint categories"), "complaints:categories", frozenset({Role.AGENCY_ADMIN})),
    MenuItem(_("Working days and holidays"), "sla:calendar", frozenset({Role.AGENCY_ADMIN})),
    MenuItem(_("Performance"), "dashboards:agency", frozenset({Role.AGENCY_ADMIN, Role.OVERSIGHT})),
    MenuItem(_("Audit log"), "audit:log", frozenset({Role.OVERSIGHT, Role.AGENCY_ADMIN})),
]

ROLE_DUTIES = {
    Role.INTAKE_OFFICER: _(
        "Registers people and households at the front desk, and takes applications and complaints "
        "at the counter."
    ),
    Role.SOCIAL_WORKER: _(
        "Keeps a caseload: assessments, case plans, notes, documents, and referrals sent and "
        "received."
    ),
    Role.SUPERVISOR: _(
        "Sees every case of the office, approves closures and high-risk plans, reassigns work and "
        "watches deadlines."
    ),
    Role.COMPLAINTS_OFFICER: _(
        "Works the agency's complaint queue: assigns, answers and resolves."
    ),
    Role.AGENCY_ADMIN: _(
        "Manages the agency's offices, staff, service cards, routing rules, holidays and KPIs."
    ),
    Role.OVERSIGHT: _("Reads performance indicators across agencies and the audit log."),
}


def staff_menu(user) -> list[MenuItem]:
    roles = roles_of(user)
    return [item for item in MENU if roles & item.roles]


def actions_for(role: str) -> list[MenuItem]:
    return [item for item in MENU if role in item.roles and item.url_name != "dashboards:home"]
