"""Complaints for `make bench`: `manage.py gen_bench_complaints --complaints N` (docs/benchmark.md).

N complaints, suggestions, enquiries and compliments to the Ministry of Social Development and
the National Aid Fund, spread over their governorate offices as gen_bench_data spreads the cases
(MoSD 55 %, governorates by population), each with its category (eight per office, by theme),
its history rows and its deadline clocks; statuses as a year of a mature system has them (most
answered and closed, about a tenth still open, the open ones the most recent), complaints
officers in proportion to each office's complaints. Deadlines are calendar approximations of the
business-time ones (seven working hours a day, five working days a week), which is all a list
page needs; past deadlines were escalated long ago, as gen_bench_referrals leaves them.

Made in SQL in one transaction: the complaint tables are emptied, their secondary indexes,
unique constraints and foreign keys (and the clock table's) dropped, the rows inserted from
generate_series with a hash of the row number drawing each attribute, and the indexes rebuilt
once at the end. Idempotent: a database that already holds the N complaints this command made is
left as it is (--reset makes them again); one that holds complaints it did not make is refused.
"""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql
from psycopg.types.json import Jsonb

from apps.cases.management import benchdata as words
from apps.cases.management.benchgen import MOSD_SHARE
from apps.cases.management.commands.gen_bench_data import BENCH_DOMAIN, CASE_AGENCIES
from apps.cases.management.commands.gen_bench_data import Command as BenchData
from apps.catalogue.models import Service
from apps.complaints import benchdata as texts
from apps.complaints.benchgen import (
    CHANNELS,
    FUNCTIONS,
    INSERT_CLOCKS,
    INSERT_COMPLAINTS,
    INSERT_UPDATES,
    KINDS,
    RATINGS,
    STATUSES,
    spread,
    with_pool,
)
from apps.complaints.models import Complaint, ComplaintCategory
from apps.complaints.selectors import KIND
from apps.organisations.directory import staff_directory_changed
from apps.organisations.models import Membership, Office, User

MARKER = "bench_complaints"  # one row describing the complaints this command made
# The officer whose queue bench_pages measures: the biggest office's first.
BENCH_OFFICER = f"complaints.mosd.am.001@{BENCH_DOMAIN}"
OFFICER_LOAD = 25_000  # complaints a year per complaints officer
TABLES = ["complaints_complaint", "complaints_complaintupdate", "complaints_complaintattachment"]


class Command(BaseCommand):
    help = "Generate the bench complaints (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--complaints", type=int, default=1_000_000)
        parser.add_argument(
            "--reset", action="store_true", help="make them again even if they are there"
        )

    def handle(self, *args, **options):
        wanted = options["complaints"]
        if not 1 <= wanted <= 5_000_000:
            raise CommandError("--complaints must be between 1 and 5,000,000.")
        started = time.monotonic()
        offices = self._offices(wanted)
        officers = self._officers(offices)
        categories = self._categories(offices)
        marker = self._marker()
        existing = Complaint.objects.count()
        if existing and marker is None:
            raise CommandError(
                "This database holds complaints that gen_bench_complaints did not make; refusing "
                "to replace them. Use a database of its own (make bench uses masar_bench)."
            )
        # The generated complaints are ids 1 to N; those bench_pages submits come after them.
        if (
            not options["reset"]
            and marker is not None
            and marker["complaints"] == wanted
            and Complaint.objects.filter(pk__lte=wanted).count() == wanted
        ):
            self.stdout.write(
                f"Reusing {wanted:,} bench complaints ({existing - wanted:,} submitted since)."
            )
            return
        timings = {}
        with transaction.atomic(), connection.cursor() as cursor:
            step = time.monotonic()
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute(
                "DELETE FROM sla_escalation WHERE clock_id IN "
                "(SELECT id FROM sla_clock WHERE kind = %s)",
                [KIND],
            )
            cursor.execute("DELETE FROM sla_clock WHERE kind = %s", [KIND])
            cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY")
            # The foreign keys are deferred: check now what the deletes left pending, or the
            # tables cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            deferred = BenchData()._drop_secondary(connection.connection, [*TABLES, "sla_clock"])
            for statement in FUNCTIONS:
                cursor.execute(statement)
            pool = self._pool(cursor, offices, officers, categories)
            timings["prepare"] = round(time.monotonic() - step, 1)
            counts = {}
            for name, statement, params in (
                ("complaints", INSERT_COMPLAINTS, {"n": wanted}),
                ("updates", INSERT_UPDATES, {}),
                ("clocks", INSERT_CLOCKS, {"kind": KIND}),
            ):
                step = time.monotonic()
                statement, used = with_pool(statement, pool)
                cursor.execute(statement, params | used)
                counts[name] = cursor.rowcount
                timings[name] = round(time.monotonic() - step, 1)
                self.stdout.write(f"  {counts[name]:,} {name} in {timings[name]} s")
            for label, statements in deferred:
                step = time.monotonic()
                for statement in statements:
                    cursor.execute(statement.as_string(connection.connection))
                timings[label] = round(time.monotonic() - step, 1)
            for table in ("complaints_complaint", "complaints_complaintupdate", "sla_clock"):
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
            cursor.execute(f"ANALYZE {', '.join([*TABLES, 'sla_clock'])}")
        timings["analyze"] = round(time.monotonic() - step, 1)
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Complaints: {counts['complaints']:,} with {counts['updates']:,} history rows and "
                f"{counts['clocks']:,} clocks, {len(officers):,} complaints officers, "
                f"{len(categories):,} categories, in {seconds:,.0f} s."
            )
        )
        self.stdout.write("Phases (s): " + ", ".join(f"{k} {v}" for k, v in timings.items()))

    # --- reference rows ------------------------------------------------------------------------

    def _offices(self, wanted: int) -> list[dict]:
        """The governorate offices of the case agencies, with their expected complaints."""
        population = sum(words.GOVERNORATE_POPULATION.values())
        found = {
            (o.agency.code, o.governorate.code): o
            for o in Office.objects.filter(
                agency__code__in=CASE_AGENCIES, is_head_office=False, is_active=True
            ).select_related("agency", "governorate")
        }
        offices = []
        for agency in CASE_AGENCIES:
            share = MOSD_SHARE if agency == "MOSD" else 1 - MOSD_SHARE
            for governorate, people in words.GOVERNORATE_POPULATION.items():
                office = found.get((agency, governorate))
                if office is None:
                    raise CommandError(f"Reference data lacks the office {agency} {governorate}.")
                offices.append(
                    {
                        "office": office,
                        "agency": agency,
                        "governorate": governorate,
                        "share": share * people / population,
                        "expected": wanted * share * people / population,
                    }
                )
        return offices

    def _officers(self, offices: list[dict]) -> list[tuple]:
        """Complaints officers in proportion to each office's complaints, with a TOTP
        authenticator (staff pages need one) and no usable password; earlier ones are reused,
        and those no longer needed lose their membership."""
        wanted = []  # (office index, n, email)
        for i, row in enumerate(offices, start=1):
            slug = f"{row['agency'].lower()}.{row['governorate'].lower()}"
            for n in range(max(1, round(row["expected"] / OFFICER_LOAD))):
                wanted.append((i, n, f"complaints.{slug}.{n + 1:03d}@{BENCH_DOMAIN}"))
        emails = [email for _, _, email in wanted]
        existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        User.objects.bulk_create(
            [
                User(email=email, full_name=self._name(n), password=make_password(None))
                for _, n, email in wanted
                if email not in existing
            ],
            batch_size=1000,
        )
        users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        Membership.objects.filter(
            user__email__startswith="complaints.",
            user__email__endswith=f"@{BENCH_DOMAIN}",
            role=Membership.Role.COMPLAINTS_OFFICER,
        ).update(is_active=False)
        Membership.objects.bulk_create(
            [
                Membership(
                    user_id=users[email],
                    office=offices[i - 1]["office"],
                    role=Membership.Role.COMPLAINTS_OFFICER,
                    is_active=True,
                )
                for i, _, email in wanted
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
        return [(i, n, users[email]) for i, n, email in wanted]

    @staticmethod
    def _name(n: int) -> str:
        first = words.FEMALE_NAMES if n % 2 else words.MALE_NAMES
        return (
            f"{first[n * 7 % len(first)][0]} {words.MALE_NAMES[n * 3 % len(words.MALE_NAMES)][0]} "
            f"{words.FAMILY_NAMES[n * 5 % len(words.FAMILY_NAMES)][0]}"
        )

    def _categories(self, offices: list[dict]) -> dict[tuple[int, int], int]:
        """Eight categories per office, one per theme, named with the governorate (an agency
        organises its complaints by the office that handles them); made once."""
        rows = []
        for row in offices:
            office = row["office"]
            for _share, hours, days, names in texts.THEMES:
                name_ar, name_en = names[row["agency"]]
                rows.append(
                    ComplaintCategory(
                        agency_id=office.agency_id,
                        office=office,
                        name_ar=f"{name_ar} - {office.governorate.name_ar}",
                        name_en=f"{name_en} - {office.governorate.name_en}",
                        acknowledge_hours=hours,
                        resolve_days=days,
                    )
                )
        ComplaintCategory.objects.bulk_create(rows, ignore_conflicts=True)
        ids = {
            (agency_id, name_ar): pk
            for agency_id, name_ar, pk in ComplaintCategory.objects.filter(
                office__in=[row["office"] for row in offices]
            ).values_list("agency_id", "name_ar", "pk")
        }
        found = {}
        for i, row in enumerate(offices, start=1):
            office = row["office"]
            for k, (_share, _hours, _days, names) in enumerate(texts.THEMES):
                name_ar = f"{names[row['agency']][0]} - {office.governorate.name_ar}"
                found[(i, k)] = ids[(office.agency_id, name_ar)]
        return found

    # --- the drawing ---------------------------------------------------------------------------

    def _pool(self, cursor, offices, officers, categories) -> dict:
        """What the SQL draws from: lookup arrays, passed as parameters (constants of the plan,
        read in place for each row), and officers and services in tables of their own, dropped
        at commit."""
        agencies = {code: i for i, code in enumerate(CASE_AGENCIES, start=1)}
        services = {
            code: list(
                Service.objects.filter(
                    agency__code=code, status=Service.Status.PUBLISHED
                ).values_list("pk", flat=True)
            )
            for code in CASE_AGENCIES
        }
        per_office = dict.fromkeys(range(1, len(offices) + 1), 0)
        for i, _n, _pk in officers:
            per_office[i] += 1
        themes = len(texts.THEMES)
        pool = {
            "office_of": spread([(i, row["share"]) for i, row in enumerate(offices, 1)], 10000),
            "office_id": [row["office"].pk for row in offices],
            "agency_id": [row["office"].agency_id for row in offices],
            "agency_idx": [agencies[row["agency"]] for row in offices],
            "category_id": [
                [categories[(i, k)] for k in range(themes)] for i in range(1, len(offices) + 1)
            ],
            "theme_of": spread([(k, t[0]) for k, t in enumerate(texts.THEMES)], 100),
            "ack_hours": [t[1] for t in texts.THEMES],
            "resolve_days": [t[2] for t in texts.THEMES],
            "status_of": spread(STATUSES, 1000),
            "kind_of": spread(KINDS, 100),
            "channel_of": spread(CHANNELS, 100),
            "rating_of": spread(RATINGS, 100),
            "officer_count": [per_office[i] for i in range(1, len(offices) + 1)],
            "service_count": [len(services[code]) for code in CASE_AGENCIES],
            "desc_ar": [arabic for arabic, _english in texts.DESCRIPTIONS],
            "desc_en": [english for _arabic, english in texts.DESCRIPTIONS],
        }
        for name, (arabic, english) in {
            "resp": texts.RESPONSES,
            "quest": texts.QUESTIONS,
            "ans": texts.ANSWERS,
            "reason": texts.REASONS,
            "comment": texts.COMMENTS,
            "note": texts.NOTES,
            "name": texts.NAMES,
        }.items():
            pool[f"{name}_ar"], pool[f"{name}_en"] = arabic, english
        # Dropped at commit; a caller's transaction (a test) may still hold them.
        cursor.execute("DROP TABLE IF EXISTS pg_temp.bench_officer, pg_temp.bench_service")
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_officer (o_office integer, o_n integer, user_id bigint, "
            "PRIMARY KEY (o_office, o_n)) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO bench_officer VALUES (%s, %s, %s)", officers)
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_service (s_agency integer, s_n integer, service_id bigint, "
            "PRIMARY KEY (s_agency, s_n)) ON COMMIT DROP"
        )
        cursor.executemany(
            "INSERT INTO bench_service VALUES (%s, %s, %s)",
            [(agencies[code], n, pk) for code, pks in services.items() for n, pk in enumerate(pks)],
        )
        cursor.execute("ANALYZE bench_officer")
        cursor.execute("ANALYZE bench_service")
        return pool

    # --- the marker ----------------------------------------------------------------------------

    def _marker(self) -> dict | None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER])
            if cursor.fetchone()[0] is None:
                return None
            cursor.execute(f"SELECT complaints, generated_at FROM {MARKER}")  # noqa: S608 - a constant
            row = cursor.fetchone()
        return {"complaints": row[0], "generated_at": row[1]} if row else None

    def _save_marker(self, cursor, wanted, counts, seconds, timings) -> None:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER} (complaints bigint, updates bigint, "
            "clocks bigint, seconds double precision, generated_at timestamptz, detail jsonb)"
        )
        cursor.execute(f"DELETE FROM {MARKER}")  # noqa: S608 - a constant
        cursor.execute(
            f"INSERT INTO {MARKER} VALUES (%s, %s, %s, %s, now(), %s)",  # noqa: S608 - a constant
            [
                wanted,
                counts["updates"],
                counts["clocks"],
                seconds,
                Jsonb({"phases": list(timings.items()), "made": counts["complaints"]}),
            ],
        )
