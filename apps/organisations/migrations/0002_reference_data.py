from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def load(apps, schema_editor):
    from apps.organisations.reference import load_reference_data

    load_reference_data(
        apps.get_model("organisations", "Governorate"),
        apps.get_model("organisations", "Agency"),
        apps.get_model("organisations", "Office"),
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        # Name matching in the registry and catalogue search rely on pg_trgm.
        TrigramExtension(),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
