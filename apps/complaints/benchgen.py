"""The SQL that draws the bench complaints (manage.py gen_bench_complaints, docs/benchmark.md):
each attribute of a complaint is a hash of its row number, so the data is the same on every run
and each attribute independent of the others; lookups (offices by share, themes, texts) are
arrays passed as parameters, constants of the plan read in place for each row."""

import re

# Shares of all complaints, in per mille; "duplicate" is closed as a duplicate, "closed" answered
# and closed. About a tenth are open.
STATUSES = [
    ("received", 15),
    ("assigned", 15),
    ("in_progress", 40),
    ("waiting", 15),
    ("reopened", 10),
    ("resolved", 55),
    ("duplicate", 20),
    ("closed", 830),
]
KINDS = [("complaint", 72), ("enquiry", 14), ("suggestion", 9), ("compliment", 5)]
CHANNELS = [("web", 45), ("phone", 25), ("walk_in", 20), ("email", 5), ("mobile", 5)]
RATINGS = [(1, 12), (2, 10), (3, 13), (4, 25), (5, 40)]

FUNCTIONS = [
    # An attribute drawn from the row number: a hash in [0, m), independent for each seed.
    """
    CREATE OR REPLACE FUNCTION pg_temp.bh(g bigint, seed bigint, m integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT mod(hashint8extended(g, seed) & 9223372036854775807, m)::integer $$
    """,
    # A reference of the public shape (apps/core/references.py), check character included:
    # the row number through a bijection of 40 bits, so unique and not a visible sequence.
    """
    CREATE OR REPLACE FUNCTION pg_temp.bench_reference(n bigint) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
        alphabet constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
        v bigint := mod(n * 2654435761 + 1234567, 1099511627776);
        digits integer[] := '{}';
        body text := '';
        factor integer := 2;
        total integer := 0;
        addend integer;
    BEGIN
        FOR i IN 0..7 LOOP
            digits := digits || ((v >> (5 * (7 - i))) & 31)::integer;
            body := body || substr(alphabet, digits[i + 1] + 1, 1);
        END LOOP;
        FOR i IN REVERSE 8..1 LOOP
            addend := factor * digits[i];
            factor := CASE WHEN factor = 2 THEN 1 ELSE 2 END;
            total := total + addend / 32 + mod(addend, 32);
        END LOOP;
        body := body || substr(alphabet, mod(32 - mod(total, 32), 32) + 1, 1);
        RETURN 'S-' || substr(body, 1, 4) || '-' || substr(body, 5, 4) || '-' || substr(body, 9, 1);
    END $$
    """,
]

INSERT_COMPLAINTS = """
WITH d AS (
    SELECT g,
           p.office_of[1 + pg_temp.bh(g, 1, 10000)] AS oi,
           p.theme_of[1 + pg_temp.bh(g, 2, 100)] AS k,
           p.status_of[1 + pg_temp.bh(g, 3, 1000)] AS st,
           p.kind_of[1 + pg_temp.bh(g, 4, 100)] AS kind,
           p.channel_of[1 + pg_temp.bh(g, 5, 100)] AS channel,
           pg_temp.bh(g, 6, 100) AS contact_b,
           pg_temp.bh(g, 7, 100) < 10 AS english,
           pg_temp.bh(g, 8, 10000) / 10000.0 AS u1,
           pg_temp.bh(g, 9, 10000) / 10000.0 AS u2,
           pg_temp.bh(g, 10, 10000) / 10000.0 AS u3,
           pg_temp.bh(g, 11, 10000) / 10000.0 AS u4,
           pg_temp.bh(g, 12, 100) AS rate_b
    FROM generate_series(1, %(n)s::bigint) AS g
), t1 AS (
    SELECT d.*,
           interval '1 hour' * (1 + 40 * u2) AS ack_delay,
           interval '1 hour' * (1 + 40 * u2) + interval '1 day' * (1 + 20 * u3) AS answer_delay,
           st IN ('resolved', 'closed', 'reopened') AS answered,
           CASE st
               WHEN 'received' THEN now() - interval '1 hour' * (48 * u1)
               WHEN 'assigned' THEN now() - interval '1 hour' * (2 + 94 * u1)
               WHEN 'in_progress' THEN now() - interval '1 hour' * (42 + 24 * 17 * u1)
               WHEN 'waiting' THEN now() - interval '1 hour' * (48 + 24 * 18 * u1)
               WHEN 'duplicate' THEN now() - interval '1 day' * (5 + 360 * u1)
               WHEN 'closed' THEN now() - interval '1 day' * (40 + 325 * u1)
           END AS created0
    FROM d
), t2 AS (
    -- The answer of a resolved complaint came within the last week (it may still be reopened).
    SELECT t1.*,
           CASE st
               WHEN 'resolved' THEN now() - interval '1 minute' * (5 + 60 * 24 * 7 * u4)
               WHEN 'reopened' THEN now() - interval '1 hour' * (24 + 120 * u4)
               WHEN 'closed' THEN created0 + answer_delay
           END AS first_ans
    FROM t1
), t3 AS (
    SELECT t2.*,
           CASE WHEN st IN ('resolved', 'reopened') THEN first_ans - answer_delay
                ELSE created0 END AS created
    FROM t2
), t4 AS (
    SELECT t3.*,
           CASE WHEN st IN ('received', 'assigned', 'duplicate') THEN NULL
                WHEN st IN ('in_progress', 'waiting')
                    THEN created + least(ack_delay, (now() - created) / 2)
                ELSE created + ack_delay END AS ack_at,
           CASE st WHEN 'reopened' THEN least(
               first_ans + interval '3 hours' + interval '1 day' * u1, now() - interval '1 minute'
           ) END AS reopened_at,
           CASE st WHEN 'closed' THEN first_ans + interval '1 day' * (1 + 6 * u1)
                   WHEN 'duplicate' THEN created + interval '1 hour' * (1 + 71 * u4) END
               AS closed_at,
           CASE WHEN st IN ('resolved', 'closed') AND rate_b < 45
                    THEN p.rating_of[1 + pg_temp.bh(g, 14, 100)]
                WHEN st = 'reopened' AND rate_b < 50 THEN 1 + pg_temp.bh(g, 14, 3) END AS rating,
           (contact_b < 30 AND st <> 'waiting') AS anonymous,
           created + make_interval(hours => p.ack_hours[k + 1]) * 24 / 7 AS ack_due,
           created + make_interval(days => p.resolve_days[k + 1]) * 7 / 5 AS res_due,
           make_interval(days => p.resolve_days[k + 1]) * 7 / 5 AS res_span
    FROM t3
), t5 AS (
    SELECT t4.*,
           CASE st WHEN 'waiting' THEN ack_at + (now() - ack_at) * (0.5 * u3) END AS question_at,
           CASE WHEN rating IS NULL THEN NULL
                WHEN st = 'reopened' THEN first_ans + (reopened_at - first_ans) / 2
                WHEN st = 'closed' THEN first_ans + (closed_at - first_ans) / 2
                ELSE first_ans + (now() - first_ans) / 2 END AS rated_at
    FROM t4
)
INSERT INTO complaints_complaint (
    id, created_at, updated_at, reference, kind, channel, description, name, phone, email,
    contact, language, status, response, acknowledged_at, acknowledged_on_time,
    first_resolved_at, resolved_at, resolved_on_time, closed_at, closure, rating, rating_comment,
    rated_at, reopen_count, due_at, agency_id, assigned_to_id, created_by_id, duplicate_of_id,
    named_employee_id, office_id, person_id, service_id, user_id, category_id)
SELECT
    g,
    created,
    CASE st WHEN 'received' THEN created
            WHEN 'assigned' THEN created + (now() - created) * 0.3
            WHEN 'in_progress' THEN ack_at
            WHEN 'waiting' THEN question_at
            WHEN 'resolved' THEN coalesce(rated_at, first_ans)
            WHEN 'reopened' THEN reopened_at
            ELSE closed_at END,
    pg_temp.bench_reference(g),
    kind,
    channel,
    CASE WHEN english THEN p.desc_en[k + 1]
         ELSE p.desc_ar[k + 1][1 + pg_temp.bh(g, 15, 3)] END,
    CASE WHEN anonymous THEN ''
         WHEN english THEN p.name_en[1 + pg_temp.bh(g, 16, cardinality(p.name_en))]
         ELSE p.name_ar[1 + pg_temp.bh(g, 16, cardinality(p.name_ar))] END,
    CASE WHEN NOT anonymous AND contact_b < 85
         THEN '+9627' || (7 + pg_temp.bh(g, 17, 3))::text
              || lpad(pg_temp.bh(g, 18, 10000000)::text, 7, '0')
         ELSE '' END,
    CASE WHEN NOT anonymous AND contact_b >= 85
         THEN 'complainant.' || g || '@example.com' ELSE '' END,
    CASE WHEN anonymous THEN 'none' WHEN contact_b < 85 THEN 'sms' ELSE 'email' END,
    CASE WHEN english THEN 'en' ELSE 'ar' END,
    CASE st WHEN 'duplicate' THEN 'closed' ELSE st END,
    CASE WHEN NOT answered THEN ''
         WHEN english THEN p.resp_en[1 + pg_temp.bh(g, 19, cardinality(p.resp_en))]
         ELSE p.resp_ar[1 + pg_temp.bh(g, 19, cardinality(p.resp_ar))] END,
    ack_at,
    CASE WHEN ack_at IS NOT NULL THEN ack_at <= ack_due
         WHEN st IN ('received', 'assigned') AND ack_due < now() THEN false END,
    CASE WHEN answered THEN first_ans END,
    CASE WHEN answered THEN first_ans END,
    CASE WHEN answered THEN first_ans <= res_due
         WHEN st IN ('received', 'assigned', 'in_progress') AND res_due < now() THEN false END,
    closed_at,
    CASE st WHEN 'duplicate' THEN 'duplicate' WHEN 'closed' THEN 'resolved' ELSE '' END,
    rating,
    CASE WHEN rating IS NULL OR pg_temp.bh(g, 21, 2) = 0 THEN ''
         WHEN english THEN p.comment_en[1 + pg_temp.bh(g, 22, cardinality(p.comment_en))]
         ELSE p.comment_ar[1 + pg_temp.bh(g, 22, cardinality(p.comment_ar))] END,
    rated_at,
    CASE st WHEN 'reopened' THEN 1 ELSE 0 END,
    CASE st WHEN 'received' THEN ack_due
            WHEN 'assigned' THEN ack_due
            WHEN 'in_progress' THEN res_due
            WHEN 'reopened' THEN reopened_at + res_span END,
    p.agency_id[oi],
    CASE WHEN st <> 'received' THEN o.user_id END,
    CASE WHEN channel IN ('phone', 'walk_in') THEN o.user_id END,
    CASE WHEN st = 'duplicate' AND g > 1 THEN g - 1 END,
    NULL,
    p.office_id[oi],
    NULL,
    s.service_id,
    NULL,
    p.category_id[oi][k + 1]
FROM t5
JOIN bench_officer o ON o.o_office = t5.oi AND o.o_n = pg_temp.bh(g, 20, p.officer_count[t5.oi])
LEFT JOIN bench_service s
    ON s.s_agency = p.agency_idx[t5.oi]
    AND s.s_n = pg_temp.bh(g, 23, greatest(p.service_count[p.agency_idx[t5.oi]], 1))
    AND pg_temp.bh(g, 24, 100) < 40
"""

# The history behind each complaint, in the order the services write it (events.py renders it).
INSERT_UPDATES = """
INSERT INTO complaints_complaintupdate (
    kind, message, params, body, by_complainant, visible_to_complainant, at, author_id,
    complaint_id)
SELECT s.kind, s.message, s.params, s.body, s.by_complainant, s.visible, s.at, s.author, c.id
FROM complaints_complaint c
LEFT JOIN organisations_user u ON u.id = c.assigned_to_id
CROSS JOIN LATERAL (
    SELECT pg_temp.bh(c.id, 30, 100) AS extra_b, c.language = 'en' AS en,
           c.first_resolved_at IS NOT NULL AND pg_temp.bh(c.id, 30, 100) < 15 AS asked
) x
CROSS JOIN LATERAL (VALUES
    ('status', 'received', jsonb_build_object('channel', c.channel, 'what', c.kind), '',
     c.created_by_id IS NULL, true, c.created_at, c.created_by_id, true),
    ('status', 'assigned', jsonb_build_object('officer', u.full_name), '', false, true,
     CASE WHEN c.status = 'assigned' THEN c.updated_at
          WHEN c.acknowledged_at IS NOT NULL
              THEN c.created_at + (c.acknowledged_at - c.created_at) / 2
          ELSE c.created_at + (c.closed_at - c.created_at) / 2 END,
     c.assigned_to_id, c.assigned_to_id IS NOT NULL),
    ('status', 'acknowledged', '{}'::jsonb, '', false, true, c.acknowledged_at, c.assigned_to_id,
     c.acknowledged_at IS NOT NULL),
    ('question', 'info_requested', '{}'::jsonb,
     CASE WHEN x.en THEN p.quest_en[1 + pg_temp.bh(c.id, 31, cardinality(p.quest_en))]
          ELSE p.quest_ar[1 + pg_temp.bh(c.id, 31, cardinality(p.quest_ar))] END,
     false, true,
     CASE WHEN c.status = 'waiting' THEN c.updated_at
          ELSE c.acknowledged_at + (c.first_resolved_at - c.acknowledged_at) / 3 END,
     c.assigned_to_id, c.status = 'waiting' OR x.asked),
    ('answer', 'info_provided', '{}'::jsonb,
     CASE WHEN x.en THEN p.ans_en[1 + pg_temp.bh(c.id, 32, cardinality(p.ans_en))]
          ELSE p.ans_ar[1 + pg_temp.bh(c.id, 32, cardinality(p.ans_ar))] END,
     true, true, c.acknowledged_at + (c.first_resolved_at - c.acknowledged_at) * 2 / 3, NULL,
     x.asked),
    ('note', 'note', '{}'::jsonb,
     CASE WHEN x.en THEN p.note_en[1 + pg_temp.bh(c.id, 33, cardinality(p.note_en))]
          ELSE p.note_ar[1 + pg_temp.bh(c.id, 33, cardinality(p.note_ar))] END,
     false, false, c.created_at + (c.updated_at - c.created_at) * 0.7, c.assigned_to_id,
     c.assigned_to_id IS NOT NULL AND x.extra_b >= 92),
    ('response', 'resolved', '{}'::jsonb, c.response, false, true, c.first_resolved_at,
     c.assigned_to_id, c.first_resolved_at IS NOT NULL),
    ('rating', 'rated', jsonb_build_object('rating', c.rating), c.rating_comment, true, true,
     c.rated_at, NULL, c.rating IS NOT NULL),
    ('status', 'closed', '{}'::jsonb, '', false, true, c.closed_at, c.assigned_to_id,
     c.closure = 'resolved'),
    ('status', 'closed_duplicate',
     jsonb_build_object('original', pg_temp.bench_reference(c.duplicate_of_id)), '', false, true,
     c.closed_at, c.assigned_to_id, c.closure = 'duplicate'),
    ('status', 'reopened', '{}'::jsonb,
     CASE WHEN x.en THEN p.reason_en[1 + pg_temp.bh(c.id, 34, cardinality(p.reason_en))]
          ELSE p.reason_ar[1 + pg_temp.bh(c.id, 34, cardinality(p.reason_ar))] END,
     true, true, c.updated_at, NULL, c.status = 'reopened')
) AS s(kind, message, params, body, by_complainant, visible, at, author, wanted)
WHERE s.wanted
"""

# Acknowledge and resolve for every complaint, and the reopened one's second answer; running
# ones due in the past were escalated long ago (level 3: nothing left for the sweep).
INSERT_CLOCKS = """
INSERT INTO sla_clock (kind, subject_id, purpose, agency_id, office_id, budget, started_at,
                       due_at, paused_at, paused_total, stopped_at, escalation_level,
                       next_escalation_at)
SELECT %(kind)s, c.id::text, s.purpose, c.agency_id, c.office_id, s.budget, s.started, s.due,
       s.paused, interval '0', s.stopped,
       CASE WHEN s.stopped IS NULL AND s.paused IS NULL AND s.due < now() THEN 3 ELSE 0 END,
       CASE WHEN s.stopped IS NULL AND s.paused IS NULL AND s.due >= now() THEN s.due END
FROM complaints_complaint c
JOIN complaints_complaintcategory cat ON cat.id = c.category_id
CROSS JOIN LATERAL (VALUES
    ('acknowledge', make_interval(hours => cat.acknowledge_hours), c.created_at,
     c.created_at + make_interval(hours => cat.acknowledge_hours) * 24 / 7, NULL::timestamptz,
     CASE WHEN c.status IN ('received', 'assigned') THEN NULL
          ELSE coalesce(c.acknowledged_at, c.closed_at) END,
     true),
    ('resolve', make_interval(hours => 7 * cat.resolve_days), c.created_at,
     c.created_at + make_interval(days => cat.resolve_days) * 7 / 5,
     CASE WHEN c.status = 'waiting' THEN c.updated_at END,
     CASE WHEN c.status IN ('received', 'assigned', 'in_progress', 'waiting') THEN NULL
          ELSE coalesce(c.first_resolved_at, c.closed_at) END,
     true),
    ('reopened', make_interval(hours => 7 * cat.resolve_days), c.updated_at, c.due_at,
     NULL::timestamptz, NULL::timestamptz, c.status = 'reopened')
) AS s(purpose, budget, started, due, paused, stopped, wanted)
WHERE s.wanted
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
