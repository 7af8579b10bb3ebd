"""`manage.py bench_vacuum`: the bench's step between generating and measuring."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


def _run(*args) -> str:
    out = StringIO()
    call_command("bench_vacuum", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside a transaction
def test_it_vacuums_then_reads_every_table_and_index_into_memory():
    output = _run()
    assert "Vacuumed and analysed the database" in output
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 'm')"
        )
        relations = cursor.fetchone()[0]
        cursor.execute("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = 'cases_case'")
        assert cursor.fetchone()[0] is not None
    assert f"Read {relations} tables and indexes" in output


@pytest.mark.django_db(transaction=True)
def test_without_prewarm_it_only_vacuums():
    output = _run("--no-prewarm")
    assert "Vacuumed and analysed the database" in output
    assert "into memory" not in output
