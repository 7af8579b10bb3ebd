"""Referrals for `make bench`: `manage.py gen_bench_referrals --referrals N` (docs/benchmark.md).

One referral for each of the first N bench cases (by id), made in SQL from the case data that
gen_bench_data loaded: a MoSD case refers its primary person to a referrable National Aid Fund
service and a NAF case to a MoSD one, received by the other agency's office in the person's
governorate; statuses as a mature system has them (most closed, a quarter open), the open ones
with their running deadline clock. Deadlines here are calendar-day approximations of the
business-time ones (2 to 10 days), which is all a list page needs. Idempotent: a database that
already holds N bench referrals is left as it is. gen_bench_data empties these tables with the
cases they refer to.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from apps.referrals.models import Referral

KIND = "referrals.referral"

# (status, share in percent) of all referrals; the last bucket takes the rest.
STATUSES = [
    ("completed", 55),
    ("declined", 9),
    ("cancelled", 4),
    ("expired", 2),
    ("accepted", 13),
    ("routed", 11),
    ("info_requested", 3),
    ("unrouted", 1),
    ("draft", 2),
]

INSERT_REFERRALS = """
WITH services AS (
    SELECT s.id, a.code, s.processing_days, s.referral_response_days,
           row_number() OVER (PARTITION BY a.code ORDER BY s.id) - 1 AS n,
           count(*) OVER (PARTITION BY a.code) AS total
    FROM catalogue_service s JOIN organisations_agency a ON a.id = s.agency_id
    WHERE s.status = 'published' AND s.referrable AND a.code IN ('MOSD', 'NAF')
),
cases AS (
    SELECT c.id, c.primary_person_id, c.office_id, c.owner_id, c.opened_at,
           p.governorate_id, a.code AS from_code,
           CASE a.code WHEN 'MOSD' THEN 'NAF' ELSE 'MOSD' END AS to_code,
           (c.id * 7919) %% 100 AS bucket
    FROM cases_case c
    JOIN registry_person p ON p.id = c.primary_person_id
    JOIN organisations_office o ON o.id = c.office_id
    JOIN organisations_agency a ON a.id = o.agency_id
    WHERE a.code IN ('MOSD', 'NAF')
    ORDER BY c.id
    LIMIT %(limit)s
),
offices AS (
    SELECT DISTINCT ON (agency_id, governorate_id) id, agency_id, governorate_id
    FROM organisations_office WHERE NOT is_head_office AND is_active
    ORDER BY agency_id, governorate_id, id
),
workers AS (
    SELECT office_id AS w_office, user_id AS w_user,
           row_number() OVER (PARTITION BY office_id ORDER BY user_id) - 1 AS w_n,
           count(*) OVER (PARTITION BY office_id) AS w_total
    FROM organisations_membership WHERE role = 'social_worker' AND is_active
),
consents AS (
    SELECT DISTINCT ON (person_id) person_id AS consent_person, id AS consent_id
    FROM registry_consent
    WHERE purpose = 'referral' AND withdrawn_at IS NULL ORDER BY person_id, id
),
drawn AS (
    SELECT cases.*, s.id AS service_id, to_agency.id AS to_agency_id, t.id AS to_office_id,
           CASE
             {status_cases}
           END AS status,
           cases.opened_at + ((cases.id %% 600) || ' hours')::interval AS created
    FROM cases
    JOIN organisations_agency to_agency ON to_agency.code = cases.to_code
    JOIN services s ON s.code = cases.to_code AND s.n = cases.id %% s.total
    JOIN offices t ON t.agency_id = to_agency.id AND t.governorate_id = cases.governorate_id
)
INSERT INTO referrals_referral (
    created_at, updated_at, reference, case_id, person_id, whole_household, service_id,
    from_office_id, from_worker_id, to_agency_id, to_office_id, assigned_to_id, status, urgency,
    reason, consent_id, consent_override, tried_offices, decline_reason, outcome, closing_note,
    submitted_at, routed_at, answered_at, closed_at)
SELECT
    created,
    created + CASE WHEN status IN ('draft', 'unrouted', 'routed') THEN interval '1 hour'
                   ELSE interval '5 days' END,
    'R-' || substr(lpad(id::text, 9, '0'), 1, 4) || '-' || substr(lpad(id::text, 9, '0'), 5, 4)
        || '-' || substr(lpad(id::text, 9, '0'), 9, 1),
    id, primary_person_id, id %% 5 = 0, service_id, office_id, owner_id, to_agency_id,
    CASE WHEN status IN ('draft', 'unrouted') THEN NULL ELSE to_office_id END,
    CASE WHEN status IN ('accepted', 'completed') THEN w_user END,
    status,
    CASE WHEN id %% 10 = 0 THEN 'urgent' ELSE 'normal' END,
    'تحتاج الأسرة إلى الخدمة بسبب انقطاع الدخل.',
    consent_id,
    '',
    CASE WHEN status IN ('draft', 'unrouted') THEN '[]'::jsonb ELSE jsonb_build_array(to_office_id) END,
    CASE WHEN status = 'declined' THEN 'not_eligible' ELSE '' END,
    CASE WHEN status = 'completed' THEN 'delivered' ELSE '' END,
    '',
    CASE WHEN status = 'draft' THEN NULL ELSE created END,
    CASE WHEN status IN ('draft', 'unrouted') THEN NULL ELSE created + interval '1 minute' END,
    CASE WHEN status IN ('accepted', 'completed', 'declined') THEN created + interval '2 days' END,
    CASE WHEN status IN ('completed', 'declined', 'cancelled', 'expired')
         THEN created + interval '5 days' END
FROM drawn
JOIN consents ON consent_person = drawn.primary_person_id
LEFT JOIN workers ON w_office = drawn.to_office_id AND w_n = drawn.id %% w_total
"""

# The consent each referred person gave (to a referral to the other agency), before the referral.
INSERT_CONSENTS = """
WITH cases AS (
    SELECT c.id, c.primary_person_id, c.owner_id, c.opened_at,
           CASE a.code WHEN 'MOSD' THEN 'NAF' ELSE 'MOSD' END AS to_code
    FROM cases_case c
    JOIN organisations_office o ON o.id = c.office_id
    JOIN organisations_agency a ON a.id = o.agency_id
    WHERE a.code IN ('MOSD', 'NAF')
    ORDER BY c.id
    LIMIT %(limit)s
), made AS (
    INSERT INTO registry_consent (person_id, purpose, given_at, recorded_by_id)
    SELECT DISTINCT ON (primary_person_id) primary_person_id, 'referral', opened_at, owner_id
    FROM cases ORDER BY primary_person_id, id
    RETURNING id, person_id
)
INSERT INTO registry_consent_agencies (consent_id, agency_id)
SELECT made.id, a.id FROM made CROSS JOIN organisations_agency a WHERE a.code IN ('MOSD', 'NAF')
"""

INSERT_CLOCKS = """
INSERT INTO sla_clock (kind, subject_id, purpose, agency_id, office_id, budget, started_at,
                       due_at, paused_at, paused_total, stopped_at, escalation_level,
                       next_escalation_at)
SELECT %(kind)s, r.id::text,
       CASE WHEN r.status = 'accepted' THEN 'complete' ELSE 'answer' END,
       r.to_agency_id, r.to_office_id,
       make_interval(hours => 7 * d.days), d.started, d.started + make_interval(days => d.days),
       CASE WHEN r.status = 'info_requested' THEN d.started + interval '1 day' END,
       interval '0', NULL,
       CASE WHEN d.started + make_interval(days => d.days) < now() THEN 3 ELSE 0 END,
       -- Past deadlines were escalated long ago (level 3, nothing left for the sweep): the
       -- sweep's own benchmark counts exactly the clocks it makes due.
       CASE WHEN r.status = 'info_requested' OR d.started + make_interval(days => d.days) < now()
            THEN NULL ELSE d.started + make_interval(days => d.days) END
FROM referrals_referral r
JOIN catalogue_service s ON s.id = r.service_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.status = 'accepted' THEN r.answered_at ELSE r.routed_at END AS started,
           greatest(2, least(10, CASE WHEN r.status = 'accepted' THEN s.processing_days
                                      ELSE s.referral_response_days END)) AS days
) d
WHERE r.status IN ('routed', 'info_requested', 'accepted')
"""


class Command(BaseCommand):
    help = "Generate the bench referrals from the bench cases (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--referrals", type=int, default=1_000_000)

    def handle(self, *args, **options):
        wanted = options["referrals"]
        if not 1 <= wanted <= 5_000_000:
            raise CommandError("--referrals must be between 1 and 5,000,000.")
        started = time.monotonic()
        cases = self._count("SELECT count(*) FROM cases_case")
        target = min(wanted, cases)
        existing = Referral.objects.count()
        # Generated referrals are a function of the cases; a near match is the same data.
        if existing and abs(existing - target) <= target * 0.02:
            self.stdout.write(f"Reusing {existing:,} bench referrals.")
            return
        if (
            existing
            and not Referral.objects.filter(reference__regex=r"^R-\d{4}-\d{4}-\d$").exists()
        ):
            raise CommandError("This database holds referrals that are not bench data.")
        buckets, low = [], 0
        for status, share in STATUSES:
            buckets.append(f"WHEN cases.bucket < {low + share} THEN '{status}'")
            low += share
        sql = INSERT_REFERRALS.format(status_cases="\n             ".join(buckets))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM sla_clock WHERE kind = %s", [KIND])
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_consents ON COMMIT DROP AS "
                "SELECT DISTINCT consent_id AS id FROM referrals_referral "
                "WHERE consent_id IS NOT NULL"
            )
            cursor.execute(
                "TRUNCATE referrals_referralupdate, referrals_referral_documents, "
                "referrals_referral RESTART IDENTITY"
            )
            cursor.execute(
                "DELETE FROM registry_consent_agencies WHERE consent_id IN (SELECT id FROM bench_consents)"
            )
            cursor.execute(
                "DELETE FROM registry_consent WHERE id IN (SELECT id FROM bench_consents)"
            )
            cursor.execute(INSERT_CONSENTS, {"limit": target})
            cursor.execute(sql, {"limit": target})
            made = cursor.rowcount
            cursor.execute(INSERT_CLOCKS, {"kind": KIND})
            clocks = cursor.rowcount
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referrals_referral")
            cursor.execute("ANALYZE sla_clock")
        self.stdout.write(
            f"Referrals: {made:,} from {target:,} cases and {clocks:,} running clocks in "
            f"{time.monotonic() - started:.0f} s."
        )

    def _count(self, sql: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
