from apps.organisations.models import Membership
from apps.organisations.permissions import staff_required

Role = Membership.Role

# The front desk registers people and households; social workers and supervisors look them up.
REGISTRY_STAFF = (Role.INTAKE_OFFICER, Role.SOCIAL_WORKER, Role.SUPERVISOR)

registry_staff_required = staff_required(*REGISTRY_STAFF)
