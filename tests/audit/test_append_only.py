"""The database keeps the audit trail append-only, whatever the code or a person at psql asks."""

from importlib import import_module

import pytest
from django.db import ProgrammingError, connection, transaction
from django.db.migrations import RunSQL
from django.db.models.deletion import ProtectedError

from apps.audit.models import AuditEvent

from .factories import event

append_only = import_module("apps.audit.migrations.0003_append_only")

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(social_worker):
    return event(actor=social_worker, object_type="registry.person", object_id="7", detail="")


def refused(change) -> str:
    """Run `change` in a savepoint; the database's message when it refuses."""
    with pytest.raises(ProgrammingError) as raised, transaction.atomic():
        change()
    return str(raised.value)


def unchanged(recorded) -> bool:
    stored = AuditEvent.objects.values().get(pk=recorded.pk)
    return (stored["object_id"], stored["detail"], stored["actor_id"]) == (
        "7",
        "",
        recorded.actor_id,
    ) and AuditEvent.objects.count() == 1


def sql(statement: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params or None)


def test_an_orm_update_is_refused(recorded):
    assert "append-only: UPDATE" in refused(
        lambda: AuditEvent.objects.filter(pk=recorded.pk).update(detail="edited")
    )
    assert unchanged(recorded)


def test_saving_a_changed_event_is_refused(recorded):
    recorded.detail = "edited"
    assert "append-only: UPDATE" in refused(recorded.save)
    assert unchanged(recorded)


def test_a_raw_update_is_refused(recorded):
    assert "append-only: UPDATE" in refused(
        lambda: sql("UPDATE audit_auditevent SET object_id = %s", "8")
    )
    assert unchanged(recorded)


def test_an_orm_delete_is_refused(recorded):
    assert "append-only: DELETE" in refused(recorded.delete)
    assert "append-only: DELETE" in refused(AuditEvent.objects.all().delete)
    assert unchanged(recorded)


def test_a_raw_delete_is_refused(recorded):
    assert "append-only: DELETE" in refused(lambda: sql("DELETE FROM audit_auditevent"))
    assert unchanged(recorded)


def truncate():
    # The test's own insert left its deferred foreign-key checks pending; TRUNCATE waits for none.
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql("TRUNCATE audit_auditevent")


def test_truncate_is_refused_outside_maintenance(recorded):
    def truncate_outside_maintenance():
        sql("SET LOCAL masar.audit_maintenance = 'off'")
        truncate()

    assert "append-only: TRUNCATE" in refused(truncate_outside_maintenance)
    assert unchanged(recorded)


def test_the_test_suite_runs_in_maintenance_mode_and_may_truncate(recorded):
    """What lets pytest-django empty the tables after a transactional test."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW masar.audit_maintenance")
        assert cursor.fetchone() == ("on",)
    with pytest.raises(RuntimeError), transaction.atomic():
        truncate()
        assert not AuditEvent.objects.exists()
        raise RuntimeError("roll the truncation back")
    assert unchanged(recorded)


def test_a_user_with_audit_events_cannot_be_deleted(recorded, social_worker):
    with pytest.raises(ProtectedError), transaction.atomic():
        social_worker.delete()
    assert unchanged(recorded)


def test_new_events_are_still_written(recorded, social_worker):
    event(actor=social_worker, action=AuditEvent.Action.SIGN_OUT, obj=social_worker)
    assert AuditEvent.objects.count() == 2


def test_the_migration_is_reversible(recorded):
    """The migration's backward SQL removes the triggers and their function; forward again puts
    them back (run as SQL here: unapplying through `migrate` would also unapply the later,
    concurrently built index, which cannot happen inside the test's transaction)."""
    sql(append_only.BACKWARD)
    AuditEvent.objects.filter(pk=recorded.pk).update(detail="allowed without the trigger")
    assert AuditEvent.objects.get(pk=recorded.pk).detail == "allowed without the trigger"

    sql(append_only.FORWARD)

    assert "append-only: UPDATE" in refused(
        lambda: AuditEvent.objects.filter(pk=recorded.pk).update(detail="edited")
    )
    assert isinstance(append_only.Migration.operations[0], RunSQL)
    assert append_only.Migration.operations[0].reversible


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_can_be_torn_down(social_worker):
    """pytest-django empties every table with TRUNCATE after this test: it must not fail."""
    event(actor=social_worker, object_type="registry.person", object_id="7")
    assert AuditEvent.objects.count() == 1
