"""What the organisations app announces to the apps above it.

The audit trail refers to users and agencies, so it sits above this app and cannot be called from
here; the services send these signals inside their transaction and the audit app records them
(apps/audit/receivers.py), so the record is rolled back with the write.
"""

from django.dispatch import Signal

# A role was given to a user (or an ended one given back). Arguments: membership, actor,
# created (False when an ended membership was made active again).
membership_granted = Signal()

# An invitation link was used and the password set. Arguments: invite.
invite_accepted = Signal()
