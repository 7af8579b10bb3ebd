"""The SQL that draws the bench applications (manage.py gen_bench_applications,
docs/benchmark.md), as apps/complaints/benchgen.py draws the complaints: each attribute of an
application is a hash of its row number, so the data is the same on every run and each attribute
independent of the others; lookups (cards by demand, offices, texts) are arrays passed as
parameters, constants of the plan read in place for each row. Applicants, reviewers and the
drawn applications sit in temporary tables dropped at commit; each step of the drawing is a
materialised CTE, so what a later step reads is computed once per row.

References have the public shape (apps/core/references.py), check character included: the row
number through a bijection of 40 bits (an odd multiplier modulo 2^40), so unique by construction
and not a visible sequence."""

import re

CITIZEN_DOMAIN = "citizens.masar-bench.invalid"

FUNCTIONS = [
    # An attribute drawn from the row number: a hash in [0, m), independent for each seed.
    """
    CREATE OR REPLACE FUNCTION pg_temp.bh(g bigint, seed bigint, m integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT mod(hashint8extended(g, seed) & 9223372036854775807, m)::integer $$
    """,
]

# Adults of the registry with a national number and a mobile number, in an order drawn from
# their id: the first ones are the applicants who give their own numbers (so the application is
# matched, and tracking by the last four digits works), with their household's open case.
PERSONS = """
CREATE TEMPORARY TABLE bench_person ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY x.o) AS n, x.*
FROM (
    SELECT hashint8extended(p.id, 7) AS o, p.id AS person_id, p.id_number, p.mobile,
           p.governorate_id,
           p.first_name_ar || ' ' || p.father_name_ar || ' ' || p.family_name_ar AS name,
           h.case_id
    FROM registry_person p
    LEFT JOIN registry_householdmember m ON m.person_id = p.id AND m.left_at IS NULL
    LEFT JOIN (
        SELECT household_id, min(id) AS case_id FROM cases_case
        WHERE status <> 'closed' GROUP BY household_id
    ) h ON h.household_id = m.household_id
    WHERE p.id_type = 'national_number' AND p.mobile <> ''
      AND p.birth_date <= current_date - interval '18 years'
    ORDER BY 1
    LIMIT %(matched)s
) x
"""

# The citizens' accounts: no usable password ("!" first, as make_password(None) leaves), names of
# the matched people, made once and reused (their names follow the registry of the run).
USERS = """
INSERT INTO organisations_user (password, is_superuser, email, full_name, language, is_active,
                                is_staff, date_joined)
SELECT '!' || md5('bench-citizen-' || k),
       false,
       'citizen.' || lpad(k::text, 7, '0') || '@' || %(domain)s,
       coalesce(bp.name,
                CASE WHEN pg_temp.bh(k, 42, 2) = 0
                     THEN p.male[1 + pg_temp.bh(k, 43, cardinality(p.male))]
                     ELSE p.female[1 + pg_temp.bh(k, 43, cardinality(p.female))] END
                || ' ' || p.male[1 + pg_temp.bh(k, 44, cardinality(p.male))]
                || ' ' || p.family[1 + pg_temp.bh(k, 45, cardinality(p.family))]),
       CASE WHEN pg_temp.bh(k, 40, 100) < 10 THEN 'en' ELSE 'ar' END,
       true,
       false,
       now() - interval '1 day' * (735 + pg_temp.bh(k, 41, 1500))
FROM generate_series(1, %(citizens)s::bigint) AS k
LEFT JOIN bench_person bp ON bp.n = k
ON CONFLICT (email) DO UPDATE
    SET full_name = EXCLUDED.full_name, language = EXCLUDED.language, is_active = true
    WHERE (organisations_user.full_name, organisations_user.language, organisations_user.is_active)
        IS DISTINCT FROM (EXCLUDED.full_name, EXCLUDED.language, true)
"""

# Each citizen as the application reads them: the matched ones with their person's numbers and
# governorate, the others with numbers of nobody in the registry and a governorate by population.
CITIZENS = """
CREATE TEMPORARY TABLE bench_citizen ON COMMIT DROP AS
SELECT k, u.id AS user_id, u.language = 'en' AS english, bp.person_id, bp.case_id,
       coalesce(bp.id_number,
                '9' || lpad((60 + pg_temp.bh(k, 46, 40))::text, 2, '0')
                || lpad(pg_temp.bh(k, 47, 10000000)::text, 7, '0')) AS id_number,
       coalesce(bp.mobile,
                '+9627' || (7 + pg_temp.bh(k, 48, 3))::text
                || lpad(pg_temp.bh(k, 49, 10000000)::text, 7, '0')) AS mobile,
       coalesce(array_position(p.gov_id, bp.governorate_id),
                p.gov_of[1 + pg_temp.bh(k, 50, 10000)]) AS gi
FROM generate_series(1, %(citizens)s::bigint) AS k
JOIN organisations_user u ON u.email = 'citizen.' || lpad(k::text, 7, '0') || '@' || %(domain)s
LEFT JOIN bench_person bp ON bp.n = k
"""

# The applications, drawn: every date of their history, derived backwards from the last step for
# the decided ones (two years of them) and forwards from the submission for the undecided ones
# (the most recent). `span` is the card's processing time as calendar time (5 working days a
# week); about a fifth of the decisions come after it.
DRAW = """
CREATE TEMPORARY TABLE bench_application ON COMMIT DROP AS
WITH d AS MATERIALIZED (
    SELECT g, c.user_id, c.english, c.person_id, c.case_id, c.id_number, c.mobile, c.gi,
           p.service_of[1 + pg_temp.bh(g, 2, 100000)] AS s,
           p.status_of[1 + pg_temp.bh(g, 3, 1000)] AS st,
           p.reason_of[1 + pg_temp.bh(g, 4, 100)] AS reason,
           pg_temp.bh(g, 5, 100) AS extra_b,
           pg_temp.bh(g, 6, 10000) / 10000.0 AS u1,
           pg_temp.bh(g, 7, 10000) / 10000.0 AS u2,
           pg_temp.bh(g, 8, 10000) / 10000.0 AS u3,
           pg_temp.bh(g, 9, 10000) / 10000.0 AS u4,
           pg_temp.bh(g, 10, 10000) / 10000.0 AS u5
    FROM generate_series(1, %(n)s::bigint) AS g
    JOIN bench_citizen c ON c.k = 1 + pg_temp.bh(g, 1, %(citizens)s)
), t1 AS MATERIALIZED (
    SELECT d.*,
           p.svc_agency[s] AS ai,
           (p.svc_agency[s] - 1) * cardinality(p.gov_id) + gi AS oi,
           make_interval(days => greatest(p.svc_days[s], 2)) * 7 / 5 AS span,
           interval '1 hour' * (2 + 94 * u2) AS review_gap,
           interval '10 minutes' + interval '2 days' * u5 * u5 AS fill_gap,
           interval '1 day' * (1 + 29 * u4) AS deliver_gap,
           st = 'withdrawn' AND extra_b < 30 AS from_draft
    FROM d
), t2 AS MATERIALIZED (
    SELECT t1.*,
           span * (0.2 + u3) AS decide_gap,
           st IN ('under_review', 'info_requested', 'approved', 'rejected', 'fulfilled')
               OR (st = 'withdrawn' AND extra_b BETWEEN 30 AND 64) AS assigned,
           st = 'info_requested' OR (st = 'rejected' AND reason = 'no_answer')
               OR (st IN ('under_review', 'approved', 'rejected', 'fulfilled') AND extra_b >= 88)
               AS asked,
           CASE st
               WHEN 'submitted' THEN now() - interval '1 day' * 6 * u1
               WHEN 'unrouted' THEN now() - interval '1 day' * 12 * u1
               WHEN 'under_review' THEN now() - interval '1 hour' * (2 + 94 * u2) - span * 1.2 * u1
               WHEN 'info_requested'
                   THEN now() - interval '1 hour' * (2 + 94 * u2) - span * 1.5 * u1
           END AS sub0,
           CASE st
               WHEN 'approved' THEN now() - interval '1 hour' - interval '1 day' * 45 * u1
               WHEN 'rejected' THEN now() - interval '1 hour' - interval '1 day' * 640 * u1
               WHEN 'fulfilled' THEN now() - interval '1 hour' - interval '1 day' * 600 * u1
                   - interval '1 day' * (1 + 29 * u4)
           END AS decided,
           CASE st WHEN 'withdrawn' THEN now() - interval '1 hour' - interval '1 day' * 700 * u1
           END AS withdrawn_at
    FROM t1
), t3 AS MATERIALIZED (
    SELECT t2.*,
           coalesce(sub0, decided - decide_gap - review_gap,
                    CASE WHEN NOT from_draft
                         THEN withdrawn_at - interval '2 hours' - interval '1 day' * 10 * u2 END)
               AS sub
    FROM t2
), t4 AS MATERIALIZED (
    SELECT t3.*,
           CASE WHEN assigned AND st = 'withdrawn' THEN sub + (withdrawn_at - sub) * 0.4
                WHEN assigned THEN sub + review_gap END AS rev,
           CASE WHEN st = 'draft' THEN now() - interval '1 day' * 60 * u1
                WHEN from_draft THEN withdrawn_at - interval '1 hour' - interval '1 day' * 20 * u2
                ELSE sub - fill_gap END AS created
    FROM t3
), t5 AS MATERIALIZED (
    SELECT t4.*,
           CASE WHEN NOT asked THEN NULL
                WHEN st = 'info_requested' THEN rev + (now() - rev) * (0.2 + 0.6 * u4)
                WHEN decided IS NOT NULL THEN rev + (decided - rev) * 0.3
                ELSE rev + (now() - rev) * 0.3 END AS q,
           CASE WHEN NOT asked OR st = 'info_requested' OR reason = 'no_answer' AND st = 'rejected'
                    THEN NULL
                WHEN decided IS NOT NULL THEN rev + (decided - rev) * 0.6
                ELSE rev + (now() - rev) * 0.6 END AS a,
           mod(g * 2654435761 + 987654321, 1099511627776) AS v
    FROM t4
), t6 AS (
    -- The reference's eight characters (a bijection of the row number on 40 bits: unique by
    -- construction) and its check character, Luhn mod 32 as apps/core/references.py.
    SELECT t5.*,
           (v >> 35) & 31 AS d1, (v >> 30) & 31 AS d2, (v >> 25) & 31 AS d3,
           (v >> 20) & 31 AS d4, (v >> 15) & 31 AS d5, (v >> 10) & 31 AS d6,
           (v >> 5) & 31 AS d7, v & 31 AS d8
    FROM t5
), t7 AS MATERIALIZED (
    SELECT t6.*,
           d1 + d3 + d5 + d7 + (2 * d2) / 32 + mod(2 * d2, 32) + (2 * d4) / 32 + mod(2 * d4, 32)
               + (2 * d6) / 32 + mod(2 * d6, 32) + (2 * d8) / 32 + mod(2 * d8, 32) AS total
    FROM t6
)
SELECT g AS id,
       'A-' || substr(%(alphabet)s, d1::integer + 1, 1) || substr(%(alphabet)s, d2::integer + 1, 1)
           || substr(%(alphabet)s, d3::integer + 1, 1) || substr(%(alphabet)s, d4::integer + 1, 1)
           || '-' || substr(%(alphabet)s, d5::integer + 1, 1)
           || substr(%(alphabet)s, d6::integer + 1, 1) || substr(%(alphabet)s, d7::integer + 1, 1)
           || substr(%(alphabet)s, d8::integer + 1, 1) || '-'
           || substr(%(alphabet)s, mod(32 - mod(total, 32), 32)::integer + 1, 1) AS reference,
       st,
       user_id,
       english,
       person_id,
       CASE WHEN st IN ('approved', 'fulfilled') AND p.svc_opens[s] = 1 THEN case_id END
           AS case_id,
       st IN ('approved', 'fulfilled') AND p.svc_opens[s] = 1 AS opens,
       id_number,
       mobile,
       p.gov_id[gi] AS governorate_id,
       p.agency_id[ai] AS agency_id,
       CASE WHEN st <> 'draft' AND st <> 'unrouted' AND NOT from_draft THEN oi END AS oi,
       CASE WHEN st <> 'draft' AND st <> 'unrouted' AND NOT from_draft THEN p.office_id[oi] END
           AS office_id,
       CASE WHEN st <> 'draft' AND st <> 'unrouted' AND NOT from_draft
            THEN jsonb_build_object('office_ar', p.office_ar[oi], 'office_en', p.office_en[oi])
       END AS routed_params,
       p.svc_id[s] AS service_id,
       p.svc_days[s] AS days,
       CASE WHEN assigned THEN r.r_user END AS reviewer_id,
       CASE WHEN assigned THEN r.r_name END AS reviewer_name,
       CASE WHEN st = 'rejected' THEN reason ELSE '' END AS reason,
       CASE WHEN st <> 'rejected' OR reason NOT IN ('other', 'not_eligible') THEN ''
            WHEN reason = 'not_eligible' AND mod(extra_b, 3) <> 0 THEN ''
            WHEN english THEN p.note_en[1 + pg_temp.bh(g, 11, cardinality(p.note_en))]
            ELSE p.note_ar[1 + pg_temp.bh(g, 11, cardinality(p.note_ar))] END AS note,
       jsonb_build_object(
           'household_size', 1 + pg_temp.bh(g, 12, 8),
           'details', CASE WHEN english
                           THEN p.details_en[1 + pg_temp.bh(g, 13, cardinality(p.details_en))]
                           ELSE p.details_ar[1 + pg_temp.bh(g, 13, cardinality(p.details_ar))]
                      END) AS form_data,
       CASE WHEN english THEN p.question_en[1 + pg_temp.bh(g, 14, cardinality(p.question_en))]
            ELSE p.question_ar[1 + pg_temp.bh(g, 14, cardinality(p.question_ar))] END
           AS question,
       CASE WHEN english THEN p.answer_en[1 + pg_temp.bh(g, 14, cardinality(p.answer_en))]
            ELSE p.answer_ar[1 + pg_temp.bh(g, 14, cardinality(p.answer_ar))] END AS answer,
       CASE WHEN english THEN p.withdraw_en[1 + pg_temp.bh(g, 16, cardinality(p.withdraw_en))]
            ELSE p.withdraw_ar[1 + pg_temp.bh(g, 16, cardinality(p.withdraw_ar))] END
           AS withdraw_reason,
       created,
       sub AS submitted_at,
       CASE WHEN st <> 'unrouted' AND sub IS NOT NULL THEN sub + interval '1 second' END
           AS routed_at,
       rev,
       q,
       a,
       CASE WHEN st IN ('approved', 'rejected', 'fulfilled') THEN decided END AS decided_at,
       CASE st WHEN 'rejected' THEN decided
               WHEN 'fulfilled' THEN decided + deliver_gap
               WHEN 'withdrawn' THEN withdrawn_at END AS closed_at,
       CASE st WHEN 'draft' THEN created + (now() - created) * 0.5 * u2
               WHEN 'submitted' THEN sub + interval '1 second'
               WHEN 'unrouted' THEN sub
               WHEN 'under_review' THEN coalesce(a, rev)
               WHEN 'info_requested' THEN q
               WHEN 'approved' THEN decided
               WHEN 'rejected' THEN decided
               WHEN 'fulfilled' THEN decided + deliver_gap
               WHEN 'withdrawn' THEN withdrawn_at END AS updated_at
FROM t7
LEFT JOIN bench_reviewer r ON r.r_office = t7.oi AND r.r_n = pg_temp.bh(g, 20, p.reviewers[t7.oi])
"""

INSERT_APPLICATIONS = """
INSERT INTO applications_application (
    id, created_at, updated_at, reference, service_id, applicant_id, person_id, id_number, mobile,
    governorate_id, agency_id, office_id, status, assigned_to_id, rejection_reason,
    rejection_note, case_id, form_data, submitted_at, routed_at, decided_at, closed_at)
SELECT id, created, updated_at, reference, service_id, user_id, person_id,
       id_number, mobile, governorate_id, agency_id, office_id, st, reviewer_id, reason, note,
       case_id, form_data, submitted_at, routed_at, decided_at, closed_at
FROM bench_application
"""

# The history, as the services write it (events.py renders it); the applicant reads the steps
# marked visible, never the routing or the reviewer's name.
INSERT_UPDATES = """
INSERT INTO applications_applicationupdate (
    kind, message, params, body, visible_to_applicant, at, author_id, application_id)
SELECT s.kind, s.message, s.params, s.body, s.visible, s.at, s.author, a.id
FROM bench_application a
LEFT JOIN cases_case c ON c.id = a.case_id
CROSS JOIN LATERAL (VALUES
    ('status', 'created', '{}'::jsonb, '', true, a.created, a.user_id, true),
    ('status', 'submitted', '{}'::jsonb, '', true, a.submitted_at, a.user_id,
     a.submitted_at IS NOT NULL),
    ('routing', 'routed', a.routed_params, '', false, a.routed_at, NULL::bigint,
     a.office_id IS NOT NULL),
    ('routing', 'unrouted', '{}'::jsonb, '', false, a.submitted_at, NULL::bigint,
     a.st = 'unrouted'),
    ('status', 'review', '{}'::jsonb, '', true, a.rev, a.reviewer_id, a.rev IS NOT NULL),
    ('status', 'assigned',
     CASE WHEN a.rev IS NOT NULL THEN jsonb_build_object('worker', a.reviewer_name) END, '',
     false, a.rev,
     a.reviewer_id, a.rev IS NOT NULL),
    ('question', 'info_requested', '{}'::jsonb, a.question, true, a.q, a.reviewer_id,
     a.q IS NOT NULL),
    ('answer', 'info_answered', '{}'::jsonb, a.answer, true, a.a, a.user_id, a.a IS NOT NULL),
    ('status', 'approved', '{}'::jsonb, '', true, a.decided_at, a.reviewer_id,
     a.st IN ('approved', 'fulfilled')),
    ('status', 'case_joined',
     CASE WHEN c.id IS NOT NULL THEN jsonb_build_object('case', c.reference) END, '', false,
     a.decided_at,
     a.reviewer_id, c.id IS NOT NULL),
    ('note', 'case_not_opened', '{}'::jsonb, '', false, a.decided_at, a.reviewer_id,
     a.opens AND c.id IS NULL),
    ('status', 'rejected',
     CASE WHEN a.st = 'rejected' THEN jsonb_build_object('rejection_reason', a.reason) END,
     a.note, true,
     a.decided_at, a.reviewer_id, a.st = 'rejected'),
    ('status', 'fulfilled', '{}'::jsonb, '', true, a.closed_at, a.reviewer_id,
     a.st = 'fulfilled'),
    ('status', 'withdrawn', '{}'::jsonb, a.withdraw_reason, true, a.closed_at, a.user_id,
     a.st = 'withdrawn')
) AS s(kind, message, params, body, visible, at, author, wanted)
WHERE s.wanted
"""

# The decision clock of every undecided application at its office, for a card with a processing
# time (docs/applications.md): paused while the applicant is asked, pushed back by an earlier
# pause; past deadlines were escalated long ago (level 3: nothing left for the sweep), as the
# other bench generators leave them. Calendar approximations of business time: 7-hour days,
# 5-day weeks.
INSERT_CLOCKS = """
INSERT INTO sla_clock (kind, subject_id, purpose, agency_id, office_id, budget, started_at,
                       due_at, paused_at, paused_total, stopped_at, escalation_level,
                       next_escalation_at)
SELECT %(kind)s, x.id::text, %(purpose)s, x.agency_id, x.office_id, x.budget, x.routed_at,
       x.due, x.paused, x.paused_total, NULL,
       CASE WHEN x.paused IS NULL AND x.due < now() THEN 3 ELSE 0 END,
       CASE WHEN x.paused IS NULL AND x.due >= now() THEN x.due END
FROM (
    SELECT a.id, a.agency_id, a.office_id, a.routed_at,
           make_interval(hours => 7 * a.days) AS budget,
           a.routed_at + make_interval(days => a.days) * 7 / 5 + coalesce(a.a - a.q, interval '0')
               AS due,
           CASE WHEN a.st = 'info_requested' THEN a.q END AS paused,
           coalesce((a.a - a.q) * 5 / 24, interval '0') AS paused_total
    FROM bench_application a
    WHERE a.st IN ('submitted', 'under_review', 'info_requested') AND a.office_id IS NOT NULL
      AND a.days > 0
) x
"""


def array_type(name: str, values: list) -> str:
    """The SQL array type of a (possibly nested) list: ids are bigint."""
    while isinstance(values, list):
        values = values[0]
    if isinstance(values, str):
        return "text[]"
    return "bigint[]" if name.endswith("_id") else "integer[]"


def with_pool(statement: str, pool: dict) -> tuple[str, dict]:
    """The statement with each `p.name` of the pool as a typed parameter, and those parameters."""
    used = {}

    def placeholder(match) -> str:
        name = match.group(1)
        used[name] = pool[name]
        return f"(%({name})s::{array_type(name, pool[name])})"

    return re.sub(r"\bp\.(\w+)", placeholder, statement), used


def spread(shares: list[tuple], size: int) -> list:
    """`size` slots, each share's value in proportion (the last takes what rounding leaves)."""
    total = sum(share for _, share in shares)
    slots: list = []
    for value, share in shares:
        slots += [value] * round(size * share / total)
    return (slots + [shares[-1][0]] * size)[:size]
