"""Measure pages over HTTP against a running server: `manage.py bench_pages --base-url URL`.

`make bench` runs it against gunicorn once the data is generated (docs/benchmark.md). Each page
is requested sequentially, first a few times to warm up, then a fixed number of times, with
the session of a bench user signed in; the number of SQL queries per page is counted
in-process with django.test.Client against the same database, since the server cannot tell.
Results are merged into bench/results.json and bench/results.md.
"""

import http.client
import ipaddress
import json
import math
import os
import random
import re
import statistics
import time
from importlib import import_module
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.applications.management.commands.gen_bench_applications import busiest_office
from apps.applications.models import OPEN_STATUSES, Application
from apps.cases.management.commands.gen_bench_data import (
    BENCH_ADMIN,
    BENCH_SUPERVISOR,
    BENCH_WORKER,
    MARKER,
)
from apps.cases.models import Case
from apps.catalogue.models import Service
from apps.complaints.forms import started_token
from apps.complaints.management.commands.gen_bench_complaints import BENCH_OFFICER
from apps.complaints.models import OPEN, Complaint, ComplaintCategory
from apps.core.bench import result_row, save_results, table
from apps.organisations.middleware import LAST_SEEN_KEY
from apps.organisations.models import Membership, User
from apps.referrals.models import Referral

CASELOAD_TARGET_MS = 50
CASE_PAGE_TARGET_MS = 80
CASES_TO_CYCLE = 10
SEARCH_TARGET_MS = 60
REFERRALS_TARGET_MS = 50
# Referrals from MoSD cases in Amman go to this office: the biggest received queue.
BENCH_NAF_SUPERVISOR = "supervisor.naf.am@masar-bench.invalid"
CARD_TARGET_MS = 30
COMPLAINTS_QUEUE_TARGET_MS = 50
COMPLAINTS_SUBMIT_TARGET_MS = 100
OFFICE_DASHBOARD_TARGET_MS = 150
AGENCY_DASHBOARD_TARGET_MS = 300
PUBLIC_PERFORMANCE_TARGET_MS = 100
# The agency dashboard's reader: an admin of the National Aid Fund, made here when missing.
BENCH_NAF_ADMIN = "admin.naf@masar-bench.invalid"
# Each measured submission comes from an address of its own in this loopback block (Linux answers
# on all of 127.0.0.0/8), so the per-address limit counts them as it would count citizens.
SUBMIT_ADDRESSES = ipaddress.ip_network("127.64.0.0/10")
APPLICATIONS_QUEUE_TARGET_MS = 50
TRACK_TARGET_MS = 20
# Distinct applications the tracking look-up cycles through: no reference is looked up more than
# a couple of times in a run, as citizens' look-ups spread over many references.
TRACK_REFERENCES = 200
FORM_FIELD = re.compile(r'name="(csrfmiddlewaretoken|once)" value="([^"]+)"')
# What citizens type: Arabic and English, a phrase, a single word, a typo, mixed scripts.
SEARCHES = [
    "/ar/services/?q=%D9%85%D8%B3%D8%A7%D8%B9%D8%AF%D8%A9+%D9%86%D9%82%D8%AF%D9%8A%D8%A9",  # مساعدة نقدية
    "/en/services/?q=disability+card",
    "/ar/services/?q=%D8%AA%D8%A3%D9%85%D9%8A%D9%86+%D8%B5%D8%AD%D9%8A",  # تأمين صحي
    "/en/services/?q=cash+aid",
    "/en/services/?q=disabilty",  # a typo: the trigram fallback
    "/ar/services/?q=%D8%A7%D9%84%D8%A7%D8%B9%D8%A7%D9%82%D8%A9+card",  # الاعاقة card
]


class Command(BaseCommand):
    help = "Measure the caseload, case and admin pages over HTTP (docs/benchmark.md)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8123")
        parser.add_argument("--scale", required=True, help="label of the data size, e.g. small")
        parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
        parser.add_argument("--warmup", type=int, default=20, help="warm-up requests per page")
        parser.add_argument("--command", default="make bench", help="the command, for the report")
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated page names to measure (with floor), printed and not saved: "
            "for working on one page",
        )

    def handle(self, *args, **options):
        self.base = urlsplit(options["base_url"])
        # Sampled before each page: about 1 while only this run works (client and server take
        # turns); more means something else was using the machine.
        loads = []
        scale = options["scale"]
        users = {
            key: User.objects.filter(email=email).first()
            for key, email in (
                ("worker", BENCH_WORKER),
                ("supervisor", BENCH_SUPERVISOR),
                ("admin", BENCH_ADMIN),
                ("naf_supervisor", BENCH_NAF_SUPERVISOR),
                ("complaints_officer", BENCH_OFFICER),
            )
        }
        # The complaints officer exists once gen_bench_complaints ran; without it, the complaint
        # pages are reported missing.
        if not all(user for key, user in users.items() if key != "complaints_officer"):
            raise CommandError("No bench users here; run gen_bench_data first.")
        generation = self._generation()
        cases_total = generation["cases"]
        worker, supervisor = users["worker"], users["supervisor"]
        office = (
            Membership.objects.filter(
                user=supervisor, role=Membership.Role.SUPERVISOR, is_active=True
            )
            .values_list("office_id", flat=True)
            .first()
        )
        owned = Case.objects.filter(owner=worker)
        owned_count, owned_open = owned.count(), owned.exclude(status="closed").count()
        office_cases = Case.objects.filter(office_id=office)
        office_count = office_cases.count()
        office_matching = office_cases.filter(status="active", risk="high").count()
        # Cases of every status, the most recently active first, as a worker would open them.
        references = list(
            owned.order_by("-updated_at").values_list("reference", flat=True)[:CASES_TO_CYCLE]
        )
        sessions = {key: self._session(user) for key, user in users.items() if user}
        referrals_total = Referral.objects.count()
        received = Referral.objects.filter(
            to_office__memberships__user=users["naf_supervisor"],
            to_office__memberships__role=Membership.Role.SUPERVISOR,
        ).count()
        complaints_total = Complaint.objects.count()
        officer_office = (
            Membership.objects.filter(
                user=users["complaints_officer"],
                role=Membership.Role.COMPLAINTS_OFFICER,
                is_active=True,
            )
            .values_list("office_id", flat=True)
            .first()
        )
        office_complaints = Complaint.objects.filter(office_id=officer_office)
        office_complaints_count = office_complaints.count()
        office_open = office_complaints.filter(OPEN).count()
        # The review queue of the office with the most applications (gen_bench_applications),
        # as one of its social workers (theirs and those nobody has taken) and its supervisor.
        applications_total = Application.objects.count()
        applications_office = busiest_office()
        office_applications = Application.objects.filter(office_id=applications_office)
        office_applications_count = office_applications.count()
        for key, role in (
            ("applications_worker", Membership.Role.SOCIAL_WORKER),
            ("applications_supervisor", Membership.Role.SUPERVISOR),
        ):
            membership = (
                Membership.objects.filter(
                    office_id=applications_office, role=role, is_active=True, user__is_active=True
                )
                .select_related("user")
                .order_by("user__email")
                .first()
            )
            users[key] = membership.user if membership else None
            if users[key]:
                sessions[key] = self._session(users[key])
        users["naf_admin"] = self._agency_admin("NAF", BENCH_NAF_ADMIN)
        sessions["naf_admin"] = self._session(users["naf_admin"])
        reviewer_open = (
            office_applications.filter(status__in=OPEN_STATUSES)
            .filter(Q(assigned_to=users["applications_worker"]) | Q(assigned_to__isnull=True))
            .exclude(status="unrouted")
            .count()
        )
        office_applications_open = office_applications.filter(status__in=OPEN_STATUSES).count()
        published = Service.objects.filter(status=Service.Status.PUBLISHED)
        services_total = published.count()
        slugs = list(
            published.order_by("slug").values_list("slug", flat=True)[
                :: max(1, services_total // CASES_TO_CYCLE)
            ][:CASES_TO_CYCLE]
        )

        pages = [
            # (name, user, paths, target, what)
            ("floor", None, ["/bench/floor/"], None, "bare Django view, tiny response"),
            (
                "caseload_worker",
                "worker",
                ["/en/staff/cases/"],
                CASELOAD_TARGET_MS,
                f"my cases: a social worker with {owned_count:,} cases ({owned_open:,} not closed)",
            ),
            (
                "caseload_office_filtered",
                "supervisor",
                ["/en/staff/cases/office/?status=active&risk=high"],
                CASELOAD_TARGET_MS,
                f"office cases, status=active & risk=high: {office_matching:,} of the office's "
                f"{office_count:,}",
            ),
            (
                "caseload_office",
                "supervisor",
                ["/en/staff/cases/office/"],
                CASELOAD_TARGET_MS,
                f"office cases, no filter (the supervisor's landing page), {office_count:,} cases",
            ),
            (
                "case_page",
                "worker",
                [f"/en/staff/cases/{ref}/" for ref in references],
                CASE_PAGE_TARGET_MS,
                f"case page as its social worker, cycling over {len(references)} cases",
            ),
            (
                "case_page_supervisor",
                "supervisor",
                [f"/en/staff/cases/{ref}/" for ref in references],
                CASE_PAGE_TARGET_MS,
                "the same case pages as the supervisor of the office",
            ),
            (
                "catalogue_search",
                None,
                SEARCHES,
                SEARCH_TARGET_MS,
                f"catalogue search, {len(SEARCHES)} queries in turn (Arabic, English, a typo, "
                f"mixed scripts) over {services_total:,} published cards",
            ),
            (
                "catalogue_card",
                None,
                [f"/ar/services/{slug}/" for slug in slugs],
                CARD_TARGET_MS,
                f"service card page, anonymous, cycling over {len(slugs)} cards",
            ),
            (
                "referrals_received",
                "naf_supervisor",
                ["/en/staff/referrals/received/"],
                REFERRALS_TARGET_MS,
                f"received referrals of NAF Amman (its supervisor's queue): {received:,} of "
                f"{referrals_total:,} referrals",
            ),
            (
                "referrals_awaiting_answer",
                "naf_supervisor",
                ["/ar/staff/referrals/received/?status=routed"],
                REFERRALS_TARGET_MS,
                "the same queue, awaiting an answer only (Arabic)",
            ),
            (
                "complaints_queue",
                "complaints_officer",
                ["/en/staff/complaints/"],
                COMPLAINTS_QUEUE_TARGET_MS,
                f"complaints queue of a complaints officer of MoSD Amman, the busiest office (its "
                f"open complaints, the default list): {office_open:,} open of the office's "
                f"{office_complaints_count:,}",
            ),
            (
                "applications_queue",
                "applications_worker",
                ["/ar/staff/applications/"],
                APPLICATIONS_QUEUE_TARGET_MS,
                f"review queue of a social worker of the busiest office (the default list: the "
                f"undecided applications assigned to them or taken by nobody): {reviewer_open:,} "
                f"of the office's {office_applications_count:,} applications",
            ),
            (
                "applications_queue_supervisor",
                "applications_supervisor",
                ["/ar/staff/applications/"],
                APPLICATIONS_QUEUE_TARGET_MS,
                f"the same office's queue as its supervisor (every undecided application of the "
                f"office): {office_applications_open:,} of {office_applications_count:,}",
            ),
            (
                "dashboard_office",
                "supervisor",
                ["/ar/staff/office/"],
                OFFICE_DASHBOARD_TARGET_MS,
                f"office dashboard of the supervisor of MoSD Amman: per social worker, open "
                f"cases, risk, overdue actions, referrals, applications, complaints and "
                f"deadlines, over the office's {office_count:,} cases (the figures kept for "
                f"two minutes after the first request)",
            ),
            (
                "dashboard_office_counted",
                "supervisor",
                ["/ar/staff/office/?fresh=1"],
                OFFICE_DASHBOARD_TARGET_MS,
                "the same dashboard with its figures counted again at every request (`?fresh=1`, "
                "'count them now')",
            ),
            (
                "dashboard_agency",
                "naf_admin",
                ["/ar/staff/performance/"],
                AGENCY_DASHBOARD_TARGET_MS,
                "agency dashboard of the National Aid Fund, the default period (the last 12 "
                "months and this one), every office: referrals, complaints, applications and "
                "cases from the monthly figures (dashboards_refresh)",
            ),
            (
                "dashboard_public",
                None,
                ["/ar/performance/"],
                PUBLIC_PERFORMANCE_TARGET_MS,
                "public performance page, the last complete month, every agency (anonymous)",
            ),
            (
                "admin_case_changelist",
                "admin",
                [
                    "/en/admin/cases/case/?status__exact=active&risk__exact=high"
                    f"&office__id__exact={office}"
                ],
                None,
                "Django admin changelist of Case with the same filter, as a superuser",
            ),
        ]
        only = {name for name in options["only"].split(",") if name}
        if only:
            pages = [page for page in pages if page[0] in only | {"floor"}]
        rows = []
        for name, who, paths, target, what in pages:
            loads.append(os.getloadavg()[0])
            cookie = sessions.get(who)
            self.stdout.write(
                f"{name}: {paths[0] if paths else 'nothing to request'}"
                + (f" (+{len(paths) - 1} more)" if len(paths) > 1 else "")
            )
            row = {
                "name": name,
                "scale": scale,
                "rows": (
                    None
                    if name == "floor"
                    else services_total
                    if name.startswith("catalogue")
                    else referrals_total
                    if name.startswith("referrals")
                    else complaints_total
                    if name.startswith("complaints")
                    else applications_total
                    if name.startswith("applications")
                    else cases_total
                ),
                "p50_ms": None,
                "p95_ms": None,
                "queries": None,
                "rps": None,
                "target_p95_ms": target,
                "note": what,
            }
            status = self._get(paths[0], cookie)[0] if paths else None
            if status != 200:
                row["note"] = f"{what}; missing: the page answers {status}"
                self.stdout.write(self.style.WARNING(f"  answers {status}; reported as missing"))
                rows.append(row)
                continue
            for i in range(options["warmup"]):
                self._get(paths[i % len(paths)], cookie)
            times = []
            started = time.perf_counter()
            for i in range(options["requests"]):
                status, elapsed = self._get(paths[i % len(paths)], cookie)
                if status != 200:
                    raise CommandError(f"{paths[i % len(paths)]} answered {status} while measured")
                times.append(elapsed)
            wall = time.perf_counter() - started
            times.sort()
            row["p50_ms"] = round(statistics.median(times) * 1000, 1)
            row["p95_ms"] = round(times[math.ceil(0.95 * len(times)) - 1] * 1000, 1)
            row["rps"] = round(len(times) / wall, 1)
            row["queries"], spread = self._queries(paths, cookie)
            if spread:
                row["note"] += f"; queries vary {spread} between pages"
            self.stdout.write(
                f"  p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {row['rps']} req/s, "
                f"{row['queries']} queries"
            )
            rows.append(row)
        if not only or "complaints_submit" in only:
            loads.append(os.getloadavg()[0])
            rows.append(self._measure_submit(options, scale, officer_office, complaints_total))
        if not only or "track_lookup" in only:
            loads.append(os.getloadavg()[0])
            rows.append(self._measure_track(options, scale, applications_total))

        if only:
            self.stdout.write(table(rows))
            self.stdout.write("(a partial run with --only: not saved)")
            return
        self._ratios(rows)
        rows.append(self._generation_row(scale, generation))
        load = f"1-minute load average {min(loads):.1f}–{max(loads):.1f} during the run"
        self.stdout.write(save_results(rows, scale=scale, command=options["command"], load=load))
        self.stdout.write("")
        self.stdout.write(table(rows))

    # --- sessions and requests ---------------------------------------------------------------

    def _agency_admin(self, agency: str, email: str) -> User:
        """A bench admin of `agency` (its head office), with the TOTP authenticator staff pages
        require; made once, then reused."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import generate_totp_secret
        from allauth.mfa.utils import encrypt

        from apps.organisations.models import Office

        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": f"Bench admin {agency}", "language": "ar"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        office = Office.objects.get(agency__code=agency, is_head_office=True)
        Membership.objects.update_or_create(
            user=user,
            office=office,
            role=Membership.Role.AGENCY_ADMIN,
            defaults={"is_active": True},
        )
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            Authenticator.objects.create(
                user=user,
                type=Authenticator.Type.TOTP,
                data={"secret": encrypt(generate_totp_secret())},
            )
        return user

    def _session(self, user: User) -> str:
        """A signed-in session, as allauth leaves it after password and second factor."""
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[LAST_SEEN_KEY] = int(time.time())
        store.set_expiry(settings.STAFF_IDLE_TIMEOUT * 4)  # outlives a national-size run
        store.create()
        return store.session_key

    def _get(self, path: str, session: str | None) -> tuple[int, float]:
        headers = {"Host": self.base.netloc}
        if session:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=120)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        return response.status, time.perf_counter() - started

    def _queries(self, paths: list[str], session: str | None) -> tuple[int, str]:
        """Queries per page, counted in this process over every path (after one request that
        fills per-process caches): the largest count, which is what a test's
        django_assert_max_num_queries bounds, and the range when it varies."""
        client = Client()
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        counts = []
        for i in range(len(paths) + 1):
            path = paths[(i - 1) % len(paths)]
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code} in-process")
            if i:
                counts.append(len(captured.captured_queries))
        spread = f"{min(counts)}–{max(counts)}" if min(counts) != max(counts) else ""
        return max(counts), spread

    # --- the public complaint form -----------------------------------------------------------

    def _measure_submit(self, options, scale: str, office_id, complaints_total: int) -> dict:
        """An anonymous complaint sent on the public form, without attachments or contact
        details: each time the form is fetched (not timed) for its CSRF and once tokens, then
        the POST is timed, with a start signed a minute earlier (the form's minimum fill time),
        from an address of its own."""
        what = (
            "public complaint form: an anonymous complaint to MoSD Amman, no attachment, no "
            "contact details, POST timed (the form fetched first, untimed); each submission from "
            "its own loopback address, so the per-address rate limit runs as in production "
            "without refusing any"
        )
        row = result_row(
            "complaints_submit",
            scale,
            rows=complaints_total,
            target_p95_ms=COMPLAINTS_SUBMIT_TARGET_MS,
            note=what,
        )
        category = (
            ComplaintCategory.objects.filter(office_id=office_id, is_active=True)
            .order_by("pk")
            .first()
        )
        self.stdout.write("complaints_submit: POST /ar/complaints/new/")
        if category is None:
            row["note"] = f"{what}; missing: no complaint category (run gen_bench_complaints)"
            self.stdout.write(self.style.WARNING("  no complaint category; reported as missing"))
            return row
        fields = {
            "kind": "complaint",
            "agency": category.agency_id,
            "category": category.pk,
            "service": "",
            "description": "لم تصلني المساعدة الشهرية منذ شهرين، ولم يبلغني أحد بسبب التأخير.",
            "name": "",
            "phone": "",
            "email": "",
            "contact": "none",
            "website": "",
        }
        form_path = f"/ar/complaints/new/?agency={category.agency_id}"
        first = random.randrange(SUBMIT_ADDRESSES.num_addresses - 1)
        times = []
        count = options["warmup"] + options["requests"]
        for i in range(count):
            address = str(SUBMIT_ADDRESSES[1 + (first + i) % (SUBMIT_ADDRESSES.num_addresses - 2)])
            elapsed = self._submit(form_path, fields, address)
            if i >= options["warmup"]:
                times.append(elapsed)
        times.sort()
        row["p50_ms"] = round(statistics.median(times) * 1000, 1)
        row["p95_ms"] = round(times[math.ceil(0.95 * len(times)) - 1] * 1000, 1)
        # The POSTs' own rate: the untimed fetches of the form between them are left out.
        row["rps"] = round(len(times) / sum(times), 1)
        row["queries"], spread = self._submit_queries(form_path, fields)
        if spread:
            row["note"] += f"; queries vary {spread} between submissions"
        row["note"] += f"; {count:,} complaints added to the data"
        self.stdout.write(
            f"  p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {row['rps']} req/s, "
            f"{row['queries']} queries"
        )
        return row

    def _submit(self, form_path: str, fields: dict, address: str) -> float:
        """Fetch the form, then send it from `address`; returns the POST's time."""
        host = {"Host": self.base.netloc}
        conn = http.client.HTTPConnection(
            self.base.hostname, self.base.port, timeout=120, source_address=(address, 0)
        )
        try:
            conn.request("GET", form_path, headers=host)
            response = conn.getresponse()
            page = response.read().decode()
            cookies = "; ".join(
                value.split(";", 1)[0]
                for name, value in response.getheaders()
                if name.lower() == "set-cookie"
            )
        finally:
            conn.close()
        if response.status != 200:
            raise CommandError(f"The complaint form answered {response.status} to GET")
        tokens = dict(FORM_FIELD.findall(page))
        body = urlencode(fields | tokens | {"started": started_token(time.time() - 60)})
        headers = host | {
            "Cookie": cookies,
            "Content-Type": "application/x-www-form-urlencoded",
        }
        started = time.perf_counter()
        conn = http.client.HTTPConnection(
            self.base.hostname, self.base.port, timeout=120, source_address=(address, 0)
        )
        try:
            conn.request("POST", form_path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        if response.status != 302 or not response.getheader("Location", "").endswith(
            "/complaints/filed/"
        ):
            raise CommandError(f"The complaint form answered {response.status}, not a redirect")
        return elapsed

    def _submit_queries(self, form_path: str, fields: dict) -> tuple[int, str]:
        """Queries of the POST, counted in-process as for the pages (after one that fills the
        per-process caches)."""
        counts = []
        for i in range(4):
            client = Client(REMOTE_ADDR=str(SUBMIT_ADDRESSES[-2 - i]))
            page = client.get(form_path).content.decode()
            data = fields | dict(FORM_FIELD.findall(page))
            data["started"] = started_token(time.time() - 60)
            with CaptureQueriesContext(connection) as captured:
                response = client.post(form_path, data)
            if response.status_code != 302:
                raise CommandError(f"The complaint form answered {response.status_code} in-process")
            if i:
                counts.append(len(captured.captured_queries))
        spread = f"{min(counts)}–{max(counts)}" if min(counts) != max(counts) else ""
        return max(counts), spread

    # --- the tracking page --------------------------------------------------------------------

    def _measure_track(self, options, scale: str, applications_total: int) -> dict:
        """The tracking look-up: a reference and the last four digits of the national number on
        file, POSTed to the one tracking page, which answers with the redirect to the
        application's page (not followed). Each time the form is fetched first (not timed) for
        its CSRF cookie and token; the look-ups cycle through many applications."""
        what = (
            f"tracking look-up: POST /ar/track/ with an application's reference and the last "
            f"four digits of the national number on file, the redirect to its page not followed; "
            f"cycling over {TRACK_REFERENCES} applications (the form fetched first, untimed); the "
            f"per-address and per-reference limits run, raised for the bench "
            f"(config/settings/bench.py)"
        )
        row = result_row(
            "track_lookup",
            scale,
            rows=applications_total,
            target_p95_ms=TRACK_TARGET_MS,
            note=what,
        )
        self.stdout.write("track_lookup: POST /ar/track/")
        # Spread over the table by reference order (random-looking), drafts are not tracked.
        targets = [
            (reference, id_number[-4:])
            for reference, id_number in Application.objects.exclude(status=Application.Status.DRAFT)
            .exclude(id_number="")
            .order_by("reference")
            .values_list("reference", "id_number")[:TRACK_REFERENCES]
        ]
        status = self._get("/ar/track/", None)[0]
        if not targets or status != 200:
            reason = "no applications (run gen_bench_applications)" if not targets else status
            row["note"] = f"{what}; missing: {reason}"
            self.stdout.write(self.style.WARNING(f"  {reason}; reported as missing"))
            return row
        times = []
        count = options["warmup"] + options["requests"]
        for i in range(count):
            elapsed = self._track(*targets[i % len(targets)])
            if i >= options["warmup"]:
                times.append(elapsed)
        times.sort()
        row["p50_ms"] = round(statistics.median(times) * 1000, 1)
        row["p95_ms"] = round(times[math.ceil(0.95 * len(times)) - 1] * 1000, 1)
        row["rps"] = round(len(times) / sum(times), 1)
        counts = []
        client = Client()
        for i in range(4):
            reference, digits = targets[-1 - i]
            with CaptureQueriesContext(connection) as captured:
                response = client.post(
                    "/ar/track/", {"reference": reference, "verification": digits}
                )
            if response.status_code != 302:
                raise CommandError(f"The tracking page answered {response.status_code} in-process")
            if i:
                counts.append(len(captured.captured_queries))
        row["queries"] = max(counts)
        if min(counts) != max(counts):
            row["note"] += f"; queries vary {min(counts)}–{max(counts)} between look-ups"
        self.stdout.write(
            f"  p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms, {row['rps']} req/s, "
            f"{row['queries']} queries"
        )
        return row

    def _track(self, reference: str, digits: str) -> float:
        """Fetch the tracking form, then look `reference` up; returns the POST's time."""
        host = {"Host": self.base.netloc}
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=120)
        try:
            conn.request("GET", "/ar/track/", headers=host)
            response = conn.getresponse()
            page = response.read().decode()
            cookies = "; ".join(
                value.split(";", 1)[0]
                for name, value in response.getheaders()
                if name.lower() == "set-cookie"
            )
        finally:
            conn.close()
        tokens = dict(FORM_FIELD.findall(page))
        body = urlencode(
            {
                "csrfmiddlewaretoken": tokens.get("csrfmiddlewaretoken", ""),
                "reference": reference,
                "verification": digits,
            }
        )
        headers = host | {"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=120)
        try:
            conn.request("POST", "/ar/track/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        if response.status != 302 or f"/track/{reference}/" not in response.getheader(
            "Location", ""
        ):
            raise CommandError(f"The tracking page answered {response.status} for {reference}")
        return elapsed

    # --- results -----------------------------------------------------------------------------

    def _generation(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [MARKER])
            if cursor.fetchone()[0] is None:
                raise CommandError("No bench data here; run gen_bench_data first.")
            cursor.execute(
                f"SELECT persons, households, cases, events, rows, seconds, generated_at, detail "  # noqa: S608 - a constant
                f"FROM {MARKER}"
            )
            row = cursor.fetchone()
        keys = [
            "persons",
            "households",
            "cases",
            "events",
            "rows",
            "seconds",
            "generated_at",
            "detail",
        ]
        data = dict(zip(keys, row, strict=True))
        if isinstance(data["detail"], str):
            data["detail"] = json.loads(data["detail"])
        return data

    def _generation_row(self, scale: str, g: dict) -> dict:
        phases = ", ".join(f"{k} {v} s" for k, v in g["detail"].get("phases", []))
        return {
            "name": "gen_bench_data",
            "scale": scale,
            "rows": g["persons"] + g["households"] + g["cases"] + g["events"],
            "p50_ms": None,
            "p95_ms": None,
            "queries": None,
            "rps": None,
            "target_p95_ms": None,
            "note": (
                f"{g['seconds']:,.0f} s ({g['seconds'] / 60:.1f} min) on "
                f"{g['generated_at']:%Y-%m-%d}: {g['persons']:,} people, {g['households']:,} "
                f"households, {g['cases']:,} cases, {g['events']:,} events; {g['rows']:,} rows in "
                f"all tables, {g['rows'] / g['seconds']:,.0f} rows/s; {phases}; "
                "target < 20 min at national scale"
            ),
        }

    def _ratios(self, rows: list[dict]) -> None:
        by_name = {r["name"]: r for r in rows if r["p95_ms"]}
        floor = by_name.get("floor")
        admin = by_name.get("admin_case_changelist")
        worker = by_name.get("caseload_worker")
        filtered = by_name.get("caseload_office_filtered")
        for row in by_name.values():
            if row is not floor and floor:
                row["note"] += f"; p95 / floor p95 = {row['p95_ms'] / floor['p95_ms']:.1f}×"
        if admin:
            parts = [
                f"admin p95 / {r['name']} p95 = {admin['p95_ms'] / r['p95_ms']:.1f}×"
                for r in (worker, filtered)
                if r
            ]
            if parts:
                admin["note"] += "; " + "; ".join(parts)
