"""What the SLA backbone does with a complaint's deadlines (apps/sla/handlers.py).

Clocks of kind `complaints.complaint`: `acknowledge` (from receipt to the acknowledgement, the
category's hours), `resolve` (from receipt to the answer, the category's days, paused while the
complainant is asked for information) and `reopened` (a new answer after the complainant
reopened it). The backbone tells the office's supervisors at level 1 and the agency's admins at
level 2, never the employee a complaint is about (`withheld`); the handler records, at level 1, that the deadline was missed, for the figures.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Complaint


class ComplaintDeadlines:
    kind = "complaints.complaint"

    def _complaint(self, clock) -> Complaint | None:
        return Complaint.objects.select_related("category").filter(pk=int(clock.subject_id)).first()

    def label(self, clock) -> str:
        complaint = self._complaint(clock)
        if complaint is None:
            return _("A complaint")
        values = {"reference": complaint.reference, "category": complaint.category.name}
        if clock.purpose == "acknowledge":
            return _("Acknowledging complaint %(reference)s (%(category)s)") % values
        if clock.purpose == "reopened":
            return _("Answering reopened complaint %(reference)s (%(category)s)") % values
        return _("Answering complaint %(reference)s (%(category)s)") % values

    def url(self, clock) -> str:
        complaint = self._complaint(clock)
        return reverse("complaints:detail", args=[complaint.reference]) if complaint else ""

    def withheld(self, clock) -> set[int]:
        """The employee the complaint is about hears nothing of it, even as a supervisor."""
        named = (
            Complaint.objects.filter(pk=int(clock.subject_id))
            .values_list("named_employee", flat=True)
            .first()
        )
        return {named} if named else set()

    def escalate(self, clock, level: int) -> None:
        if level != 1:
            return
        from .services import complaint_deadline_missed  # services import this app's models

        complaint_deadline_missed(clock=clock)
