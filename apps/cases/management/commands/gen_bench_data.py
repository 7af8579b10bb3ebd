"""Generate benchmark data: `manage.py gen_bench_data --persons N` (docs/benchmark.md).

People with four-part Arabic names in households of one to eight, about N / 2 cases over the
offices of MoSD and the National Aid Fund in every governorate, owned by generated social
workers (one per about 400 cases) under one supervisor per office, and about ten timeline
events per case, with assessments, plans, notes, approvals and assignments behind them.

Fast enough for the national size (2,000,000 people, 1,000,000 cases, 10,000,000 events) on
two cores: Python draws the rows while PostgreSQL loads the previous batch over COPY, in one
transaction that first truncates the tables (so COPY can FREEZE the rows and VACUUM has nothing
left to do), drops their secondary indexes and foreign keys, and rebuilds them once at the end.
If anything fails the transaction rolls back whole, indexes included.

It refuses a database that holds registry or case data unless --reset, and --reset only
truncates what an earlier run of this command made (never organisations' reference data).
"""

import queue
import threading
import time

import psycopg
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from psycopg import sql

from apps.cases.management import benchdata as words
from apps.cases.management.benchgen import (
    COLUMNS,
    MOSD_SHARE,
    VERSION,
    WORKER_CASELOAD,
    Generator,
)
from apps.cases.models import (
    Approval,
    Assessment,
    Assignment,
    Case,
    CaseEvent,
    CaseNote,
    PlanAction,
    PlanGoal,
)
from apps.core.text import normalise_name
from apps.organisations.directory import staff_directory_changed
from apps.organisations.models import Agency, Governorate, Membership, Office, User
from apps.registry.models import Household, HouseholdMember, Person

BENCH_DOMAIN = "masar-bench.invalid"
BENCH_WORKER = f"worker.mosd.am.001@{BENCH_DOMAIN}"
BENCH_SUPERVISOR = f"supervisor.mosd.am@{BENCH_DOMAIN}"
BENCH_ADMIN = f"admin@{BENCH_DOMAIN}"
MARKER = "bench_generation"  # one row describing the data this command made
CASE_AGENCIES = ("MOSD", "NAF")

MODELS = {
    "person": Person,
    "person_agency": Person.agencies.through,
    "household": Household,
    "member": HouseholdMember,
    "case": Case,
    "assignment": Assignment,
    "approval": Approval,
    "assessment": Assessment,
    "goal": PlanGoal,
    "action": PlanAction,
    "note": CaseNote,
    "event": CaseEvent,
}


def connect(**kwargs) -> psycopg.Connection:
    """A connection of its own to Django's database, for COPY and a transaction we control."""
    db = settings.DATABASES["default"]
    params = {
        "dbname": db["NAME"],
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "host": db.get("HOST"),
        "port": db.get("PORT"),
    }
    params = {k: v for k, v in params.items() if v}
    return psycopg.connect(**params, **db.get("OPTIONS", {}), **kwargs)


class Loader:
    """COPYs batches from a queue on one connection while the main thread draws the next."""

    def __init__(self, conn: psycopg.Connection, statements: dict[str, sql.Composed]):
        self.conn = conn
        self.statements = statements
        self.queue: queue.Queue = queue.Queue(maxsize=3)
        self.loaded = 0
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="copy", daemon=True)
        self.thread.start()

    def put(self, batch: dict[str, tuple[bytes, int]]) -> None:
        if self.error:
            raise self.error
        self.queue.put(batch)

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error:
            raise self.error

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error:
                continue  # drain, so put() never blocks
            try:
                with self.conn.cursor() as cursor:
                    for table, (data, count) in batch.items():
                        with cursor.copy(self.statements[table]) as copy:
                            copy.write(data)
                        self.loaded += count
            except BaseException as error:  # handed to the main thread
                self.error = error


class Command(BaseCommand):
    help = "Generate realistic people, households and cases for the benchmark (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="people to generate")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="replace data an earlier run made (truncates the registry and case tables)",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="do nothing when the data of an earlier run with the same --persons and --seed is there",
        )
        parser.add_argument(
            "--batch", type=int, default=2500, help="households per COPY batch (default 2500)"
        )

    def handle(self, *args, **options):
        persons, seed = options["persons"], options["seed"]
        if not 10 <= persons <= 9_000_000:
            raise CommandError("--persons must be between 10 and 9,000,000.")
        started = time.monotonic()
        with connect(autocommit=True) as conn:
            marker = self._marker(conn)
            truncate = self._truncate_set(conn)
            occupied = [
                t
                for t in truncate
                if conn.execute(
                    sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(t))
                ).fetchone()[0]
            ]
        same = (
            marker
            and marker["persons"] == persons
            and marker["seed"] == seed
            and (marker["detail"] or {}).get("version") == VERSION
        )
        if options["reuse"] and same and occupied:
            self.stdout.write(
                f"Reusing the bench data made {marker['generated_at']:%Y-%m-%d %H:%M} "
                f"({marker['persons']:,} people, {marker['cases']:,} cases, "
                f"{marker['events']:,} events)."
            )
            return
        if occupied or marker:
            if not options["reset"]:
                raise CommandError(
                    "This database already has registry or case data "
                    f"({', '.join(occupied) or MARKER}); run again with --reset to replace it."
                )
            if not marker:
                raise CommandError(
                    "This database has registry or case data that gen_bench_data did not make; "
                    "refusing to truncate it. Use a database of its own (make bench uses masar_bench)."
                )
        self._check_names()

        reference, staff_count = self._staff(persons, seed)
        self.stdout.write(
            f"Staff: {staff_count:,} bench users (social workers, a supervisor per office, an admin)."
        )
        generator = Generator(
            seed=seed, persons=persons, today=timezone.localdate(), reference=reference
        )
        with connect(autocommit=False) as conn:
            timings = self._load(conn, generator, truncate, options["batch"], persons)
            counts = generator.counts
            total = sum(counts.values())
            seconds = time.monotonic() - started
            detail = {"version": VERSION, "phases": list(timings.items()), "counts": counts}
            marker_table = sql.Identifier(MARKER)
            conn.execute(
                sql.SQL(
                    "CREATE TABLE IF NOT EXISTS {} (persons bigint, households bigint, "
                    "cases bigint, events bigint, rows bigint, seed integer, "
                    "seconds double precision, generated_at timestamptz, detail jsonb)"
                ).format(marker_table)
            )
            conn.execute(sql.SQL("DELETE FROM {}").format(marker_table))
            conn.execute(
                sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s, %s, now(), %s)").format(
                    marker_table
                ),
                [
                    counts["person"],
                    counts["household"],
                    counts["case"],
                    counts["event"],
                    total,
                    seed,
                    seconds,  # updated below, once VACUUM is done
                    psycopg.types.json.Jsonb(detail),
                ],
            )
            conn.commit()
        with connect(autocommit=True) as conn:
            step = time.monotonic()
            tables = [MODELS[name]._meta.db_table for name in MODELS] + [
                User._meta.db_table,
                Membership._meta.db_table,
            ]
            conn.execute(
                sql.SQL("VACUUM (ANALYZE) {}").format(
                    sql.SQL(", ").join(sql.Identifier(t) for t in tables)
                )
            )
            timings["vacuum_analyze"] = round(time.monotonic() - step, 1)
            seconds = time.monotonic() - started
            conn.execute(
                sql.SQL("UPDATE {} SET seconds = %s, detail = %s").format(sql.Identifier(MARKER)),
                [
                    seconds,
                    psycopg.types.json.Jsonb(
                        {"version": VERSION, "phases": list(timings.items()), "counts": counts}
                    ),
                ],
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {seconds:,.0f} s: {counts['person']:,} people, "
                f"{counts['household']:,} households, {counts['case']:,} cases, "
                f"{counts['event']:,} events; {total:,} rows in all "
                f"({total / seconds:,.0f} rows/s overall)."
            )
        )
        self.stdout.write("Phases (s): " + ", ".join(f"{k} {v}" for k, v in timings.items()))

    # --- what is there -----------------------------------------------------------------------

    def _marker(self, conn) -> dict | None:
        if not conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()[0]:
            return None
        with conn.cursor(row_factory=psycopg.rows.dict_row) as cursor:
            return cursor.execute(
                sql.SQL("SELECT * FROM {}").format(sql.Identifier(MARKER))
            ).fetchone()

    def _truncate_set(self, conn) -> list[str]:
        """The registry and case tables, and every table that refers to them (workflows of
        later issues), which must be emptied with them."""
        tables = {
            model._meta.db_table
            for app in ("registry", "cases")
            for model in apps.get_app_config(app).get_models(include_auto_created=True)
        }
        while True:
            referring = {
                row[0]
                for row in conn.execute(
                    "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint "
                    "WHERE contype = 'f' AND confrelid = ANY(%s::regclass[])",
                    [sorted(tables)],
                )
            }
            if referring <= tables:
                return sorted(tables)
            tables |= referring

    def _check_names(self) -> None:
        """search_name must be exactly what Person.save() computes; the generator normalises
        part by part for speed, so compare the two on a sample before loading anything."""
        sample = Generator(
            seed=1,
            persons=2000,
            today=timezone.localdate(),
            reference=_fake_reference(),
        )
        while sample.counts["person"] < 2000:
            sample.household()
        for line in sample.rows["person"]:
            values = line.rstrip("\n").split("\t")
            row = dict(zip(COLUMNS["person"], values, strict=True))
            person = Person(
                first_name_ar=row["first_name_ar"],
                father_name_ar=row["father_name_ar"],
                grandfather_name_ar=row["grandfather_name_ar"],
                family_name_ar=row["family_name_ar"],
                name_en=row["name_en"],
            )
            expected = normalise_name(f"{person.full_name_ar} {person.name_en}")
            if row["search_name"] != expected:
                raise CommandError(
                    f"search_name differs from Person.save(): {row['search_name']!r} != {expected!r}"
                )

    # --- staff -------------------------------------------------------------------------------

    def _staff(self, persons: int, seed: int) -> tuple[dict, int]:
        """Social workers in proportion to each office's expected cases, a supervisor per
        office, and a superuser for the admin; all with a TOTP authenticator (staff pages need
        one) and no usable password. Users of earlier runs are kept and reused."""
        import random

        rng = random.Random(seed)
        governorates = dict(Governorate.objects.values_list("code", "pk"))
        agencies = dict(Agency.objects.values_list("code", "pk"))
        offices = {
            (o.agency.code, o.governorate.code): o.pk
            for o in Office.objects.filter(
                agency__code__in=[*CASE_AGENCIES, "MOE", "MOL", "MOH", "HIA", "ZAKAT"],
                is_head_office=False,
                is_active=True,
            ).select_related("agency", "governorate")
        }
        missing = [
            (a, g)
            for a in CASE_AGENCIES
            for g in words.GOVERNORATE_POPULATION
            if (a, g) not in offices
        ]
        if missing:
            raise CommandError(f"Reference data lacks offices {missing}; migrate first.")
        population = sum(words.GOVERNORATE_POPULATION.values())

        def name() -> str:
            pools = (words.MALE_NAMES, words.FEMALE_NAMES)
            first = rng.choice(pools[rng.random() < 0.6])[0]
            return f"{first} {rng.choice(words.MALE_NAMES)[0]} {rng.choice(words.FAMILY_NAMES)[0]}"

        wanted = []  # (email, name, office, role)
        for agency in CASE_AGENCIES:
            share = MOSD_SHARE if agency == "MOSD" else 1 - MOSD_SHARE
            for gov, people in words.GOVERNORATE_POPULATION.items():
                office = offices[(agency, gov)]
                expected = persons / 2 * share * people / population
                slug = f"{agency.lower()}.{gov.lower()}"
                wanted.append(
                    (
                        f"supervisor.{slug}@{BENCH_DOMAIN}",
                        name(),
                        office,
                        Membership.Role.SUPERVISOR,
                    )
                )
                for k in range(1, max(1, round(expected / WORKER_CASELOAD)) + 1):
                    wanted.append(
                        (
                            f"worker.{slug}.{k:03d}@{BENCH_DOMAIN}",
                            name(),
                            office,
                            Membership.Role.SOCIAL_WORKER,
                        )
                    )
        existing = dict(
            User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list("email", "pk")
        )
        new_users = [
            User(email=email, full_name=full_name, password=make_password(None))
            for email, full_name, _, _ in wanted
            if email not in existing
        ]
        if BENCH_ADMIN not in existing:
            new_users.append(
                User(
                    email=BENCH_ADMIN,
                    full_name="Bench Admin",
                    password=make_password(None),
                    language="en",
                    is_staff=True,
                    is_superuser=True,
                )
            )
        User.objects.bulk_create(new_users, batch_size=1000)
        users = dict(
            User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list("email", "pk")
        )
        # Names follow the seed, so reused users get this run's names.
        names = {email: full_name for email, full_name, _, _ in wanted}
        changed = [User(pk=users[email], full_name=full_name) for email, full_name in names.items()]
        User.objects.bulk_update(changed, ["full_name"], batch_size=1000)
        Membership.objects.filter(user__email__endswith=f"@{BENCH_DOMAIN}").update(is_active=False)
        staff_directory_changed()
        Membership.objects.bulk_create(
            [
                Membership(user_id=users[email], office_id=office, role=role, is_active=True)
                for email, _, office, role in wanted
            ],
            update_conflicts=True,
            unique_fields=["user", "office", "role"],
            update_fields=["is_active"],
            batch_size=1000,
        )
        with_totp = set(
            Authenticator.objects.filter(
                user_id__in=users.values(), type=Authenticator.Type.TOTP
            ).values_list("user_id", flat=True)
        )
        Authenticator.objects.bulk_create(
            [
                Authenticator(
                    user_id=pk,
                    type=Authenticator.Type.TOTP,
                    data={"secret": encrypt(generate_totp_secret())},
                )
                for pk in users.values()
                if pk not in with_totp
            ],
            batch_size=1000,
        )
        workers: dict[int, list] = {}
        supervisors: dict[int, int] = {}
        for email, full_name, office, role in wanted:
            if role == Membership.Role.SUPERVISOR:
                supervisors[office] = users[email]
            else:
                workers.setdefault(office, []).append((users[email], full_name))
        reference = {
            "governorates": governorates,
            "agencies": agencies,
            "offices": offices,
            "workers": workers,
            "supervisors": supervisors,
        }
        return reference, len(wanted) + 1

    # --- loading -----------------------------------------------------------------------------

    def _load(self, conn, generator: Generator, truncate: list[str], batch: int, persons: int):
        timings = {}
        step = time.monotonic()
        conn.execute("SET LOCAL maintenance_work_mem = '1GB'")
        conn.execute("SET LOCAL synchronous_commit = off")
        conn.execute(
            sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(sql.Identifier(t) for t in truncate))
        )
        tables = {name: model._meta.db_table for name, model in MODELS.items()}
        deferred = self._drop_secondary(conn, list(tables.values()))
        statements = {}
        for name, model in MODELS.items():
            columns = [model._meta.get_field(field).column for field in COLUMNS[name]]
            statements[name] = sql.SQL("COPY {} ({}) FROM STDIN (FREEZE)").format(
                sql.Identifier(tables[name]), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
        timings["prepare"] = round(time.monotonic() - step, 1)

        step = last_report = time.monotonic()
        loader = Loader(conn, statements)
        try:
            while generator.counts["person"] < persons:
                for _ in range(batch):
                    left = persons - generator.counts["person"]
                    if left <= 0:
                        break
                    generator.household(limit=left)
                loader.put(generator.take())
                now = time.monotonic()
                if now - last_report >= 10:
                    last_report = now
                    elapsed = now - step
                    self.stdout.write(
                        f"  {generator.counts['person']:,}/{persons:,} people, "
                        f"{generator.counts['case']:,} cases, {generator.counts['event']:,} events "
                        f"drawn; {loader.loaded:,} rows loaded, {loader.loaded / elapsed:,.0f} rows/s"
                    )
        finally:
            loader.close()
        elapsed = time.monotonic() - step
        timings["copy"] = round(elapsed, 1)
        self.stdout.write(
            f"Loaded {loader.loaded:,} rows in {elapsed:,.0f} s ({loader.loaded / elapsed:,.0f} rows/s)."
        )
        for label, statements_ in deferred:
            step = time.monotonic()
            for statement in statements_:
                conn.execute(statement)
            timings[label] = round(time.monotonic() - step, 1)
            self.stdout.write(f"Rebuilt {len(statements_)} {label} in {timings[label]:,.1f} s.")
        for table in tables.values():
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({t}, 'id'), "
                    "(SELECT COALESCE(MAX(id), 0) + 1 FROM {i}), false)"
                ).format(t=sql.Literal(table), i=sql.Identifier(table))
            )
        return timings

    def _drop_secondary(self, conn, tables: list[str]) -> list[tuple[str, list]]:
        """Drop the foreign keys, unique constraints and indexes (not the primary keys) of the
        tables; return the statements that recreate them, in the order to run them."""
        foreign, unique = [], []
        for table, name, definition, kind in conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') "
            "ORDER BY 1, 2",
            [tables],
        ).fetchall():
            add = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
                sql.Identifier(table), sql.Identifier(name), sql.SQL(definition)
            )
            (foreign if kind == "f" else unique).append((table, name, add))
        indexes = conn.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i "
            "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid"
            "  AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY 1",
            [tables],
        ).fetchall()
        for table, name, _ in foreign + unique:
            conn.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
            )
        for name, _ in indexes:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
        return [
            ("unique constraints", [add for _, _, add in unique]),
            ("indexes", [sql.SQL(definition) for _, definition in indexes]),
            ("foreign keys", [add for _, _, add in foreign]),
        ]


def _fake_reference() -> dict:
    """Enough reference data for a sample of people (ids are never loaded)."""
    codes = list(words.GOVERNORATE_POPULATION)
    offices = {(a, g): i for i, (a, g) in enumerate((a, g) for a in CASE_AGENCIES for g in codes)}
    return {
        "governorates": {code: i for i, code in enumerate(codes, start=1)},
        "agencies": {
            code: i
            for i, code in enumerate([*CASE_AGENCIES, "MOE", "MOL", "MOH", "HIA", "ZAKAT"], start=1)
        },
        "offices": offices,
        "workers": {o: [(1, "موظف")] for o in offices.values()},
        "supervisors": dict.fromkeys(offices.values(), 2),
    }
