"""Online applications for `make bench`: `manage.py gen_bench_applications --applications N`
(docs/benchmark.md).

N applications over the bench catalogue's published cards that can be applied for online, in
proportion to each card's demand (cash aid first), by about N / 1.5 citizen accounts; four in
five applicants give the national and mobile numbers of a bench person (so they are matched, and
tracking by the last four digits works), the others numbers of nobody in the registry. Each is
routed as routing would: to the card's agency's office in the applicant's governorate (its head
office where it has none there), reviewed by that office's social workers, in the statuses of two
years of a portal in use (most decided, the undecided ones the most recent, a few drafts and a
few waiting for an office), with the history rows the services write and the decision clock of
each undecided one. References have the public shape, unique by construction.

Made in SQL in one transaction, as gen_bench_complaints makes the complaints: the application
tables are emptied, their secondary indexes and foreign keys dropped, the
rows inserted from generate_series with a hash of the row number drawing each attribute, and the
indexes rebuilt once at the end. Idempotent: a database that already holds the N applications
this command made is left as it is (--reset makes them again); one that holds applications it did
not make is refused.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from psycopg import sql
from psycopg.types.json import Jsonb

from apps.applications import benchdata as texts
from apps.applications.benchgen import (
    CITIZEN_DOMAIN,
    CITIZENS,
    DRAW,
    FUNCTIONS,
    INSERT_APPLICATIONS,
    INSERT_CLOCKS,
    INSERT_UPDATES,
    PERSONS,
    USERS,
    spread,
    with_pool,
)
from apps.applications.models import Application
from apps.applications.selectors import CLOCK_KIND, DECIDE
from apps.cases.management import benchdata as words
from apps.cases.management.commands.gen_bench_data import BENCH_DOMAIN, CASE_AGENCIES
from apps.cases.management.commands.gen_bench_data import Command as BenchData
from apps.catalogue.models import Service
from apps.core.references import ALPHABET
from apps.organisations.directory import staff_directory_changed
from apps.organisations.models import Governorate, Membership, Office, User

MARKER = "bench_applications"  # one row describing the applications this command made
CITIZENS_PER_APPLICATION = 1 / 1.5
MATCHED_SHARE = 0.8  # applicants who give the numbers of a registry person
REVIEWER_LOAD = 2_000  # applications in two years per social worker, where the office has none
SERVICE_SLOTS = 100_000
TABLES = [
    "applications_application",
    "applications_applicationupdate",
    "applications_applicationdocument",
]
# Temporary tables the drawing joins, by the step that makes them.
TEMPORARY = {"persons": "bench_person", "applicants": "bench_citizen"}
Role = Membership.Role


def busiest_office() -> int | None:
    """The office with the most applications (the queue bench_pages measures)."""
    row = (
        Application.objects.filter(office__isnull=False)
        .values("office")
        .annotate(n=Count("id"))
        .order_by("-n", "office")
        .first()
    )
    return row["office"] if row else None


class Command(BaseCommand):
    help = "Generate the bench applications (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=1_000_000)
        parser.add_argument(
            "--reset", action="store_true", help="make them again even if they are there"
        )

    def handle(self, *args, **options):
        wanted = options["applications"]
        if not 1 <= wanted <= 5_000_000:
            raise CommandError("--applications must be between 1 and 5,000,000.")
        started = time.monotonic()
        marker = self._marker()
        existing = Application.objects.count()
        if existing and marker is None:
            raise CommandError(
                "This database holds applications that gen_bench_applications did not make; "
                "refusing to replace them. Use a database of its own (make bench uses masar_bench)."
            )
        if (
            not options["reset"]
            and marker is not None
            and marker["applications"] == wanted
            and existing == wanted
        ):
            self.stdout.write(f"Reusing {wanted:,} bench applications.")
            return
        governorates = list(Governorate.objects.order_by("position", "code"))
        services = self._services()
        offices = self._offices(services, governorates)
        reviewers = self._reviewers(wanted, services, offices, governorates)
        citizens = max(1, round(wanted * CITIZENS_PER_APPLICATION))
        timings, counts = {}, {}
        with transaction.atomic(), connection.cursor() as cursor:
            step = time.monotonic()
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL temp_buffers = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Compiling plans that carry the lookup arrays costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                "DELETE FROM sla_escalation WHERE clock_id IN "
                "(SELECT id FROM sla_clock WHERE kind = %s)",
                [CLOCK_KIND],
            )
            cursor.execute("DELETE FROM sla_clock WHERE kind = %s", [CLOCK_KIND])
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY")
            # The foreign keys are deferred: check now what the deletes left pending, or the
            # tables cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # The clock table keeps its indexes: the applications add a tenth of its rows.
            deferred = BenchData()._drop_secondary(connection.connection, TABLES)
            for statement in FUNCTIONS:
                cursor.execute(statement)
            pool = self._pool(cursor, services, offices, reviewers, governorates)
            timings["prepare"] = round(time.monotonic() - step, 1)
            for name, statement, params in (
                ("persons", PERSONS, {"matched": round(citizens * MATCHED_SHARE)}),
                ("citizens", USERS, {"citizens": citizens, "domain": CITIZEN_DOMAIN}),
                ("applicants", CITIZENS, {"citizens": citizens, "domain": CITIZEN_DOMAIN}),
                ("drawn", DRAW, {"n": wanted, "citizens": citizens, "alphabet": ALPHABET}),
                ("applications", INSERT_APPLICATIONS, {}),
                ("updates", INSERT_UPDATES, {}),
                ("clocks", INSERT_CLOCKS, {"kind": CLOCK_KIND, "purpose": DECIDE}),
            ):
                step = time.monotonic()
                if name != "persons":  # its `p` is the person table, not the pool
                    statement, used = with_pool(statement, pool)
                    params |= used
                cursor.execute(statement, params)
                counts[name] = cursor.rowcount
                if name in TEMPORARY:  # its row count, for the plans that read it
                    cursor.execute(f"ANALYZE {TEMPORARY[name]}")
                timings[name] = round(time.monotonic() - step, 1)
                self.stdout.write(f"  {counts[name]:,} {name} in {timings[name]} s")
            cursor.execute("SELECT count(*) FROM bench_application WHERE person_id IS NOT NULL")
            counts["matched"] = cursor.fetchone()[0]
            for label, statements in deferred:
                step = time.monotonic()
                for statement in statements:
                    cursor.execute(statement.as_string(connection.connection))
                timings[label] = round(time.monotonic() - step, 1)
            for table in (*TABLES, "sla_clock"):
                cursor.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        "(SELECT COALESCE(MAX(id), 0) + 1 FROM {}), false)"
                    )
                    .format(sql.Identifier(table))
                    .as_string(connection.connection),
                    [table],
                )
            seconds = time.monotonic() - started
            self._save_marker(cursor, wanted, counts, seconds, timings)
        step = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join([*TABLES, 'sla_clock', 'organisations_user'])}")
        timings["analyze"] = round(time.monotonic() - step, 1)
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {MARKER} SET seconds = %s", [seconds])  # noqa: S608 - a constant
        self.stdout.write(
            self.style.SUCCESS(
                f"Applications: {counts['applications']:,} ({counts['matched']:,} matched in the "
                f"registry) by {citizens:,} citizens over {len(services):,} online cards, with "
                f"{counts['updates']:,} history rows and {counts['clocks']:,} running clocks, "
                f"{sum(len(r) for r in reviewers.values()):,} reviewer places, in "
                f"{seconds:,.0f} s."
            )
        )
        self.stdout.write("Phases (s): " + ", ".join(f"{k} {v}" for k, v in timings.items()))

    # --- reference rows ------------------------------------------------------------------------

    def _services(self) -> list[dict]:
        """The published cards that can be applied for online, each with its share of the
        applications: its demo card's demand, split among that card's bench variants. The bench
        catalogue has plenty of them (more than half of its cards), so none is marked online
        here."""
        rows = list(
            Service.objects.filter(status=Service.Status.PUBLISHED, applicable_online=True)
            .order_by("pk")
            .values("pk", "slug", "agency_id", "agency__code", "processing_days", "opens_case")
        )
        if not rows:
            raise CommandError(
                "No published card can be applied for online; run gen_bench_catalogue first."
            )
        variants: dict[str, int] = {}
        for row in rows:
            row["base"] = row["slug"].rsplit("-", 2)[0]
            variants[row["base"]] = variants.get(row["base"], 0) + 1
        total = 0.0
        for row in rows:
            row["weight"] = texts.DEMAND.get(row["base"], 1) / variants[row["base"]]
            total += row["weight"]
        for row in rows:
            row["share"] = row["weight"] / total
        return rows

    def _offices(self, services, governorates) -> dict[tuple[int, int], Office]:
        """(agency id, governorate id) → the office routing would choose with no rule: the
        agency's active office in the governorate, else its head office. Cards of an agency
        with no active office at all are left out."""
        agency_ids = {row["agency_id"] for row in services}
        found: dict[tuple[int, int], Office] = {}
        heads: dict[int, Office] = {}
        for office in (
            Office.objects.filter(agency__in=agency_ids, is_active=True)
            .select_related("agency", "governorate")
            .order_by("pk")
        ):
            if office.is_head_office:
                heads.setdefault(office.agency_id, office)
            else:
                found.setdefault((office.agency_id, office.governorate_id), office)
        chosen = {}
        for agency_id in agency_ids:
            for governorate in governorates:
                office = found.get((agency_id, governorate.pk)) or heads.get(agency_id)
                if office is not None:
                    chosen[(agency_id, governorate.pk)] = office
        missing = {a for a in agency_ids if (a, governorates[0].pk) not in chosen}
        if missing:
            services[:] = [row for row in services if row["agency_id"] not in missing]
            self.stdout.write(f"  left out the cards of {len(missing)} agencies with no office")
        return chosen

    def _reviewers(self, wanted, services, offices, governorates) -> dict[int, list[tuple]]:
        """Office id → its social workers (user id, name): the bench ones gen_bench_data made for
        MoSD and the National Aid Fund; for the offices of other agencies, social workers in
        proportion to their applications and a supervisor, made here for this size (no usable
        password, a TOTP authenticator, as the other bench staff)."""
        population = sum(words.GOVERNORATE_POPULATION.values())
        agency_share: dict[int, float] = {}
        for row in services:
            agency_share[row["agency_id"]] = agency_share.get(row["agency_id"], 0) + row["share"]
        expected: dict[int, float] = {}
        for (agency_id, governorate_id), office in offices.items():
            code = next(g.code for g in governorates if g.pk == governorate_id)
            share = words.GOVERNORATE_POPULATION.get(code, 0) / population
            expected[office.pk] = (
                expected.get(office.pk, 0) + wanted * agency_share.get(agency_id, 0) * share
            )
        by_office = {office.pk: office for office in offices.values()}
        # gen_bench_data staffs the offices of MoSD and the Fund; the others' staff is made here,
        # as many as this size needs (those of a bigger earlier run lose their membership).
        managed = {
            pk for pk, office in by_office.items() if office.agency.code not in CASE_AGENCIES
        }
        wanted_staff = []  # (email, name, office id, role)
        for office_id in sorted(managed):
            office = by_office[office_id]
            slug = f"{office.agency.code.lower()}." + (
                "hq" if office.is_head_office else office.governorate.code.lower()
            )
            for n in range(max(1, round(expected.get(office_id, 0) / REVIEWER_LOAD))):
                wanted_staff.append(
                    (
                        f"worker.{slug}.{n + 1:03d}@{BENCH_DOMAIN}",
                        self._name(office_id + n),
                        office_id,
                        Role.SOCIAL_WORKER,
                    )
                )
            wanted_staff.append(
                (
                    f"supervisor.{slug}@{BENCH_DOMAIN}",
                    self._name(office_id + 7),
                    office_id,
                    Role.SUPERVISOR,
                )
            )
        self._make_staff(wanted_staff, managed)
        present: dict[int, list[tuple]] = {}
        for office_id, user_id, name in (
            Membership.objects.filter(
                office__in=by_office,
                role=Role.SOCIAL_WORKER,
                is_active=True,
                user__is_active=True,
                user__email__endswith=f"@{BENCH_DOMAIN}",
            )
            .order_by("user__email")
            .values_list("office_id", "user_id", "user__full_name")
        ):
            present.setdefault(office_id, []).append((user_id, name))
        if missing := [str(by_office[pk]) for pk in by_office if pk not in present]:
            raise CommandError(
                f"No bench social worker in {', '.join(missing)}; run gen_bench_data first."
            )
        return present

    def _make_staff(self, wanted_staff: list[tuple], managed: set[int]) -> None:
        emails = [email for email, *_ in wanted_staff]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [
                User(email=email, full_name=name, password=make_password(None))
                for email, name, _, _ in wanted_staff
                if email not in existing
            ],
            batch_size=1000,
        )
        users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        Membership.objects.filter(
            office__in=managed,
            role__in=[Role.SOCIAL_WORKER, Role.SUPERVISOR],
            user__email__endswith=f"@{BENCH_DOMAIN}",
        ).update(is_active=False)
        Membership.objects.bulk_create(
            [
                Membership(user_id=users[email], office_id=office_id, role=role, is_active=True)
                for email, _, office_id, role in wanted_staff
            ],
            update_conflicts=True,
            unique_fields=["user", "office", "role"],
            update_fields=["is_active"],
        )
        staff_directory_changed()
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
            ]
        )

    @staticmethod
    def _name(n: int) -> str:
        first = words.FEMALE_NAMES if n % 2 else words.MALE_NAMES
        return (
            f"{first[n * 5 % len(first)][0]} {words.MALE_NAMES[n * 7 % len(words.MALE_NAMES)][0]} "
            f"{words.FAMILY_NAMES[n * 3 % len(words.FAMILY_NAMES)][0]}"
        )

    # --- the drawing ---------------------------------------------------------------------------

    def _pool(self, cursor, services, offices, reviewers, governorates) -> dict:
        """What the SQL draws from: lookup arrays passed as parameters, and the reviewers in a
        table of their own (office index, n, user), dropped at commit."""
        agencies = sorted({row["agency_id"] for row in services})
        agency_index = {agency_id: i for i, agency_id in enumerate(agencies, start=1)}
        cells = [(a, g) for a in agencies for g in governorates]  # office index = position + 1
        office_of_cell = [offices[(a, g.pk)] for a, g in cells]
        population = words.GOVERNORATE_POPULATION
        pool = {
            "service_of": spread(
                [(i, row["share"]) for i, row in enumerate(services, start=1)], SERVICE_SLOTS
            ),
            "svc_id": [row["pk"] for row in services],
            "svc_agency": [agency_index[row["agency_id"]] for row in services],
            "svc_days": [row["processing_days"] or 0 for row in services],
            "svc_opens": [int(row["opens_case"]) for row in services],
            "agency_id": agencies,
            "office_id": [office.pk for office in office_of_cell],
            "office_ar": [office.name_ar for office in office_of_cell],
            "office_en": [office.name_en for office in office_of_cell],
            "reviewers": [len(reviewers[office.pk]) for office in office_of_cell],
            "gov_id": [g.pk for g in governorates],
            "gov_of": spread(
                [(i, population.get(g.code, 1)) for i, g in enumerate(governorates, start=1)],
                10000,
            ),
            "status_of": spread(texts.STATUSES, 1000),
            "reason_of": spread(texts.REJECTION_REASONS, 100),
            "male": [name for name, _ in words.MALE_NAMES],
            "female": [name for name, _ in words.FEMALE_NAMES],
            "family": [name for name, _ in words.FAMILY_NAMES],
        }
        for name, (arabic, english) in {
            "details": texts.DETAILS,
            "question": texts.QUESTIONS,
            "answer": texts.ANSWERS,
            "note": texts.REJECTION_NOTES,
            "withdraw": texts.WITHDRAWAL_REASONS,
        }.items():
            pool[f"{name}_ar"], pool[f"{name}_en"] = arabic, english
        # Dropped at commit; a caller's transaction (a test) may still hold them.
        cursor.execute(
            "DROP TABLE IF EXISTS pg_temp.bench_reviewer, pg_temp.bench_person, "
            "pg_temp.bench_citizen, pg_temp.bench_application"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_reviewer (r_office integer, r_n integer, "
            "r_user bigint, r_name text, PRIMARY KEY (r_office, r_n)) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_reviewer VALUES (%s, %s, %s, %s)",
            [
                (i, n, user_id, name)
                for i, office in enumerate(office_of_cell, start=1)
                for n, (user_id, name) in enumerate(reviewers[office.pk])
            ],
        )
        cursor.execute("ANALYZE bench_reviewer")
        return pool

    # --- the marker ----------------------------------------------------------------------------

    def _marker(self) -> dict | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER])
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(f"SELECT applications, generated_at FROM {MARKER}")  # noqa: S608 - a constant
            row = cursor.fetchone()
        return {"applications": row[0], "generated_at": row[1]} if row else None

    def _save_marker(self, cursor, wanted, counts, seconds, timings) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (applications bigint, updates bigint, "
            "clocks bigint, citizens bigint, seconds double precision, generated_at timestamptz, "
            "detail jsonb)"
        )
        cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608 - a constant
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s, %s, now(), %s)",  # noqa: S608 - a constant
            [
                wanted,
                counts["updates"],
                counts["clocks"],
                counts["applicants"],
                seconds,
                Jsonb({"phases": list(timings.items()), "counts": counts}),
            ],
        )
