# Built concurrently: the audit table takes a row on nearly every request, and a plain CREATE
# INDEX would hold its writes (every page that records an event) for the whole build.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("audit", "0003_append_only")]

    operations = [
        AddIndexConcurrently(
            model_name="auditevent",
            index=models.Index(
                fields=["agency", "action", "-at", "-id"], name="audit_agency_action"
            ),
        ),
    ]
