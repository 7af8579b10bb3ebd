"""Rows for `gen_bench_data`, as PostgreSQL COPY text, generated household by household.

A household is drawn whole: a head, a spouse, children named after their father, sometimes a
parent or a sibling of the head; then its case history (earlier closed cases and perhaps a
current one), each case with its timeline, assessments, plan, notes, approvals and assignments,
in the order a social worker would have recorded them, on Amman working days and hours.

Speed matters (tens of millions of rows on two cores), so rows are f-strings and random numbers
come from `random()` rather than the slower helpers; ids are assigned here, so rows can refer
to each other without asking the database.
"""

import json
import math
from datetime import date, timedelta

from apps.core.references import ALPHABET, _check_character
from apps.core.text import normalise_name

from . import benchdata as words

# Bump when the generated data changes, so that `gen_bench_data --reuse` makes it again.
VERSION = 1
NULL = "\\N"
EPOCH = date(2012, 1, 1)  # day 0 of the generator's calendar
WORK_START = 5 * 3600  # 08:00 in Amman (UTC+3), in seconds after midnight UTC
WORK_SPAN = 7 * 3600  # to 15:00

# What each table receives, in COPY order (model field names; the command maps them to columns).
COLUMNS = {
    "person": [
        "id",
        "created_at",
        "updated_at",
        "id_type",
        "id_number",
        "first_name_ar",
        "father_name_ar",
        "grandfather_name_ar",
        "family_name_ar",
        "name_en",
        "search_name",
        "birth_date",
        "sex",
        "mobile",
        "governorate",
        "disability",
        "created_by",
    ],
    "person_agency": ["id", "person", "agency"],
    "household": [
        "id",
        "created_at",
        "updated_at",
        "reference",
        "governorate",
        "address",
        "created_by",
    ],
    "member": ["id", "household", "person", "relationship", "joined_at", "left_at"],
    "case": [
        "id",
        "created_at",
        "updated_at",
        "reference",
        "household",
        "primary_person",
        "office",
        "owner",
        "status",
        "risk",
        "summary",
        "opened_at",
        "closed_at",
        "next_action_due",
    ],
    "assignment": [
        "id",
        "case",
        "from_owner",
        "to_owner",
        "from_office",
        "to_office",
        "reason",
        "assigned_by",
        "at",
    ],
    "approval": [
        "id",
        "case",
        "kind",
        "status",
        "reason",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "comment",
    ],
    "assessment": ["id", "case", "domain", "need", "notes", "assessed_by", "assessed_at"],
    "goal": ["id", "case", "description", "created_by", "created_at"],
    "action": [
        "id",
        "goal",
        "description",
        "due_date",
        "responsible_agency",
        "responsible_office",
        "pillar",
        "status",
        "completed_at",
    ],
    "note": ["id", "case", "author", "body", "confidential", "created_at"],
    "event": ["id", "case", "kind", "message", "params", "actor", "agency", "confidential", "at"],
}


def _table(weights: dict, resolution: int = 1000) -> list:
    """A list in which each key appears in proportion to its weight: pick with t[int(r() * len(t))]."""
    total = sum(weights.values())
    table = []
    for key, weight in weights.items():
        table.extend([key] * max(1, round(resolution * weight / total)))
    return table


HOUSEHOLD_SIZES = {1: 22, 2: 20, 3: 16, 4: 13, 5: 11, 6: 8, 7: 6, 8: 4}
MEAN_HOUSEHOLD_SIZE = sum(k * v for k, v in HOUSEHOLD_SIZES.items()) / sum(HOUSEHOLD_SIZES.values())
OPEN_STATUSES = {"open": 10, "assessment": 15, "planning": 15, "active": 55, "closure_requested": 5}
STATUS_ORDER = ["open", "assessment", "planning", "active", "closure_requested", "closed"]
# How long a case has been running when it is in this status, in days (min, max).
STATUS_AGE = {
    "open": (0, 20),
    "assessment": (5, 60),
    "planning": (20, 120),
    "active": (60, 720),
    "closure_requested": (120, 900),
}
RISKS = {"low": 30, "medium": 42, "high": 20, "critical": 8}
DISABILITIES = {
    "none": 910,
    "physical": 30,
    "visual": 15,
    "hearing": 10,
    "intellectual": 12,
    "psychosocial": 15,
    "multiple": 8,
}
NEEDS = {0: 15, 1: 25, 2: 30, 3: 20, 4: 10}
DOMAINS = ["income", "housing", "health", "disability", "education", "protection", "employment"]
# Relationship of the third and later members to the head.
OTHER_MEMBERS = {"child": 85, "parent": 6, "sibling": 4, "grandchild": 4, "other_relative": 1}

# Shares that shape the data; see docs/benchmark.md.
HOUSEHOLDS_WITHOUT_CASE = 0.15
CURRENT_CASE_OPEN = 0.68  # a household with cases has a case that is not closed
CLOSED_CASE_DETAILED = 0.36  # the rest are closed cases migrated without assessment or plan
MOSD_SHARE = 0.55  # the other cases are the National Aid Fund's
WORKER_CASELOAD = 400


def _json(value: dict) -> str:
    # No backslash, tab or newline can occur in these values, so COPY needs no escaping.
    return json.dumps(value, ensure_ascii=False)


class Generator:
    """Draws households and their cases; `rows[table]` collects COPY lines until the caller
    takes them with `take()`."""

    def __init__(self, *, seed: int, persons: int, today: date, reference: dict):
        import random

        self.rng = random.Random(seed)
        self.persons_target = persons
        self.today = (today - EPOCH).days
        horizon = self.today + 400
        self.day = [(EPOCH + timedelta(days=d)).isoformat() for d in range(horizon)]
        # Working days (Friday and Saturday are the weekend), and for each day the position in
        # that list of the working day on or before it.
        self.workdays = []
        self.workday_pos = []
        for d in range(horizon):
            if (EPOCH + timedelta(days=d)).weekday() not in (4, 5):
                self.workdays.append(d)
            self.workday_pos.append(max(0, len(self.workdays) - 1))
        self.rows = {name: [] for name in COLUMNS}
        self.counts = dict.fromkeys(COLUMNS, 0)
        self.next_id = dict.fromkeys(COLUMNS, 1)
        self.seq = {"C": 0, "H": 0}
        self.salt = self.rng.getrandbits(40)

        self.governorates = reference["governorates"]  # code -> id
        self.agencies = reference["agencies"]  # code -> id
        self.offices = reference["offices"]  # (agency code, governorate code) -> id
        self.workers = reference["workers"]  # office id -> [(user id, name)]
        self.supervisors = reference["supervisors"]  # office id -> user id
        self.gov_table = _table(
            {self.governorates[c]: w for c, w in words.GOVERNORATE_POPULATION.items()}
        )
        self.gov_code = {v: k for k, v in self.governorates.items()}
        self.size_table = _table(HOUSEHOLD_SIZES, 100)
        self.open_status_table = _table(OPEN_STATUSES, 100)
        self.risk_table = _table(RISKS, 100)
        self.disability_table = _table(DISABILITIES)
        self.need_table = _table(NEEDS, 100)
        self.other_table = _table(OTHER_MEMBERS, 100)

        # Expected cases per household that has any, so that cases come to about persons / 2.
        per_household = MEAN_HOUSEHOLD_SIZE / 2
        self.extra_cases = per_household / (1 - HOUSEHOLDS_WITHOUT_CASE) - 1
        self.extra_cases_exp = math.exp(-self.extra_cases)

        self._names = {}
        for pool_name, pool in (
            ("male", words.MALE_NAMES),
            ("female", words.FEMALE_NAMES),
            ("family", words.FAMILY_NAMES),
        ):
            self._names[pool_name] = [self._name(ar, en) for ar, en in pool]
        self.status_params = {s: _json({"status": s}) for s in STATUS_ORDER}
        self.risk_params = {r: _json({"risk": r}) for r in RISKS}
        self.assessed_params = {
            (d, n): _json({"domain": d, "need": n}) for d in DOMAINS for n in NEEDS
        }
        self.approval_params = {k: _json({"approval": k}) for k in ("closure", "plan")}
        self.goal_params = [_json({"goal": goal}) for _, _, goal, _ in words.PLAN_GOALS]
        self.done_params = {
            action: _json({"action": action, "state": "done"})
            for _, _, _, actions in words.PLAN_GOALS
            for action in actions
        }
        self.addresses = {
            gov: [f"{n}، شارع {s}" for n in words.NEIGHBOURHOODS[code] for s in words.STREET_NAMES]
            for code, gov in self.governorates.items()
        }

    # --- names -------------------------------------------------------------------------------

    def _name(self, arabic: str, english: str) -> tuple:
        """(Arabic, English, normalised Arabic, normalised English, spelling variants as
        (spelling, normalised))."""
        variants = []
        for before, after in words.SPELLING_VARIANTS:
            if before in arabic:
                variant = arabic.replace(before, after)
                variants.append((variant, normalise_name(variant)))
        return (arabic, english, normalise_name(arabic), normalise_name(english), variants)

    def pick_name(self, pool: str) -> tuple:
        names = self._names[pool]
        return names[int(self.rng.random() * len(names))]

    def spelled(self, name: tuple) -> tuple[str, str]:
        """The Arabic name as written on this record, and normalised: now and then a common
        variant spelling."""
        if name[4] and self.rng.random() < 0.08:
            return name[4][int(self.rng.random() * len(name[4]))]
        return name[0], name[2]

    # --- ids and references ------------------------------------------------------------------

    def new_id(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def reference(self, kind: str) -> str:
        """The shape of apps.core.references.generate(kind), unique by construction: the
        sequence number scrambled by a bijection of 40-bit integers (multiply by an odd
        constant, add a salt)."""
        self.seq[kind] += 1
        bits = ((self.seq[kind] * 0x9E3779B97F4A7C1 + self.salt) ^ (self.salt >> 7)) & (2**40 - 1)
        body = "".join(ALPHABET[(bits >> shift) & 31] for shift in (35, 30, 25, 20, 15, 10, 5, 0))
        raw = body + _check_character(body)
        return f"{kind}-{raw[:4]}-{raw[4:8]}-{raw[8:]}"

    def at(self, day: int) -> str:
        """A timestamp during working hours on the working day on or before `day`."""
        sec = WORK_START + int(self.rng.random() * WORK_SPAN)
        day = self.workdays[self.workday_pos[day]]
        return f"{self.day[day]} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}+00"

    def times(self, start: int, end: int, count: int) -> list[str]:
        """`count` increasing timestamps on working days from day `start` to day `end`, the
        first on `start` and the last on `end`."""
        r = self.rng.random
        workdays = self.workdays
        first, last = self.workday_pos[start], self.workday_pos[end]
        span = last - first
        points = [(workdays[first], int(r() * WORK_SPAN))]
        if count > 1:
            points.append((workdays[last], int(r() * WORK_SPAN)))
            points.extend(
                (workdays[first + int(r() * (span + 1))], int(r() * WORK_SPAN))
                for _ in range(count - 2)
            )
            points.sort()
        out = []
        for day, offset in points:
            sec = WORK_START + offset
            out.append(f"{self.day[day]} {sec // 3600:02d}:{sec // 60 % 60:02d}:{sec % 60:02d}+00")
        return out

    # --- households and people ---------------------------------------------------------------

    def household(self, limit: int = 8) -> int:
        """Draw one household (of at most `limit` people) with its members and cases; return
        the number of people."""
        r = self.rng.random
        gov = self.gov_table[int(r() * len(self.gov_table))]
        size = min(limit, self.size_table[int(r() * len(self.size_table))])
        nationality = r()
        id_kind = 0 if nationality < 0.92 else (1 if nationality < 0.975 else 2)
        household_id = self.new_id("household")
        cases = self._case_windows()
        # Registered a little before its first case, or at any time if it has none.
        created = max(0, cases[-1][1] - int(r() * 90)) if cases else int(r() * (self.today - 30))
        created_at = self.at(created)
        self.created_day = created
        agency = "MOSD" if r() < MOSD_SHARE else "NAF"
        agency_id = self.agencies[agency]
        address = self.addresses[gov]
        self.rows["household"].append(
            f"{household_id}\t{created_at}\t{created_at}\t{self.reference('H')}\t{gov}\t"
            f"{address[int(r() * len(address))]}\t{NULL}\n"
        )
        self.counts["household"] += 1

        members = self._members(size, gov, id_kind, created_at)
        member_rows = self.rows["member"]
        holding_rows = self.rows["person_agency"]
        for (person_id, joined_at), relationship, _age in members:
            member_rows.append(
                f"{self.new_id('member')}\t{household_id}\t{person_id}\t{relationship}\t"
                f"{joined_at}\t{NULL}\n"
            )
            holding_rows.append(f"{self.new_id('person_agency')}\t{person_id}\t{agency_id}\n")
        self.counts["member"] += len(members)
        self.counts["person_agency"] += len(members)

        if cases:
            office = self.offices[(agency, self.gov_code[gov])]
            adults = [m[0][0] for m in members if m[2] >= 18] or [members[0][0][0]]
            for status, start, end in reversed(cases):  # oldest first
                primary = adults[0] if r() < 0.85 else adults[int(r() * len(adults))]
                self._case(household_id, primary, office, agency, gov, status, start, end)
        return len(members)

    def _members(self, size: int, gov: int, id_kind: int, created_at: str) -> list:
        r = self.rng.random
        pick = self.pick_name
        family = pick("family")
        head_male = r() < (0.6 if size == 1 else 0.85)
        head_age = 25 + int((r() + r() + r()) / 3 * 55)
        head_first = pick("male" if head_male else "female")
        head_father, head_grandfather = pick("male"), pick("male")
        # A woman heading the household keeps her own family name; her children bear their father's.
        family_of_head = family if head_male else pick("family")
        members = [
            (
                self.person(
                    head_male,
                    head_first,
                    head_father,
                    head_grandfather,
                    family_of_head,
                    head_age,
                    gov,
                    id_kind,
                    created_at,
                ),
                "head",
                head_age,
            )
        ]
        # Children carry their father's names: the head's, or a late husband's.
        if head_male:
            child_father, child_grandfather = head_first, head_father
        else:
            child_father, child_grandfather = pick("male"), pick("male")
        position = 1
        if size > 1 and head_male and r() < 0.9:
            age = max(18, head_age - int(r() * 10))
            members.append(
                (
                    self.person(
                        False,
                        pick("female"),
                        pick("male"),
                        pick("male"),
                        pick("family"),
                        age,
                        gov,
                        id_kind,
                        created_at,
                    ),
                    "spouse",
                    age,
                )
            )
            position = 2
        for _ in range(position, size):
            kind = self.other_table[int(r() * len(self.other_table))]
            male = r() < 0.51
            if kind == "child" or (kind == "grandchild" and head_age < 45):
                age = int(r() * max(1, min(head_age - 18, 35)))
                relationship = "son" if male else "daughter"
                person = self.person(
                    male,
                    pick("male" if male else "female"),
                    child_father,
                    child_grandfather,
                    family,
                    age,
                    gov,
                    id_kind,
                    created_at,
                )
            elif kind == "parent":
                age = min(100, head_age + 20 + int(r() * 15))
                relationship = "father" if male else "mother"
                if male:
                    person = self.person(
                        True,
                        head_father,
                        head_grandfather,
                        pick("male"),
                        family_of_head,
                        age,
                        gov,
                        id_kind,
                        created_at,
                    )
                else:
                    person = self.person(
                        False,
                        pick("female"),
                        pick("male"),
                        pick("male"),
                        pick("family"),
                        age,
                        gov,
                        id_kind,
                        created_at,
                    )
            elif kind == "sibling":
                age = max(0, head_age - 12 + int(r() * 24))
                relationship = "brother" if male else "sister"
                person = self.person(
                    male,
                    pick("male" if male else "female"),
                    head_father,
                    head_grandfather,
                    family_of_head,
                    age,
                    gov,
                    id_kind,
                    created_at,
                )
            elif kind == "grandchild":
                age = int(r() * 12)
                relationship = "grandchild"
                person = self.person(
                    male,
                    pick("male" if male else "female"),
                    pick("male"),
                    head_first,
                    family,
                    age,
                    gov,
                    id_kind,
                    created_at,
                )
            else:
                age = int(r() * 70)
                relationship = "other_relative"
                person = self.person(
                    male,
                    pick("male" if male else "female"),
                    pick("male"),
                    pick("male"),
                    pick("family"),
                    age,
                    gov,
                    id_kind,
                    created_at,
                )
            members.append((person, relationship, age))
        return members

    def person(
        self,
        male: bool,
        first: tuple,
        father: tuple,
        grandfather: tuple,
        family: tuple,
        age: int,
        gov: int,
        id_kind: int,
        created_at: str,
    ) -> tuple[int, str]:
        r = self.rng.random
        person_id = self.new_id("person")
        seq = person_id + 1000
        birth = self.today - age * 365 - int(r() * 365)
        birth_date = self.day[birth] if birth >= 0 else (EPOCH + timedelta(days=birth)).isoformat()
        if birth >= self.created_day:  # born after the household was registered
            created_at = self.at(min(self.today - 1, birth + 7 + int(r() * 60)))
        year = int(birth_date[:4])
        if id_kind == 0:
            # Ten digits, starting with the birth year as Jordanian national numbers do; the
            # rest is the sequence scrambled (7919 is prime to 10**7, so it stays unique).
            id_type = "national_number"
            id_number = (
                f"{'9' if year < 2000 else '2'}{year % 100:02d}{(seq * 7919 + 1234567) % 10**7:07d}"
            )
        elif id_kind == 1:
            id_type = "unhcr"
            id_number = f"{(seq * 37) % 900 + 100:03d}-{seq:08d}"
        else:
            id_type = "personal_number"
            id_number = f"1{(seq * 7919 + 7654321) % 10**9:09d}"
        first_ar, first_normal = self.spelled(first)
        # About one record in thirty has no grandfather's name.
        grandfather_ar = "" if r() < 0.03 else grandfather[0]
        name_en = f"{first[1]} {father[1]} {grandfather[1]} {family[1]}"
        # normalise_name() works letter by letter and joins عبد/ابو only inside a name, so the
        # name normalised part by part equals Person.save()'s normalise_name(full + English)
        # (the command checks this on a sample before loading).
        search = (
            f"{first_normal} {father[2]} {grandfather[2]} {family[2]} "
            if grandfather_ar
            else f"{first_normal} {father[2]} {family[2]} "
        ) + f"{first[3]} {father[3]} {grandfather[3]} {family[3]}"
        mobile = (
            f"+9627{'789'[int(r() * 3)]}{int(r() * 10**7):07d}" if age >= 18 and r() < 0.9 else ""
        )
        disability = self.disability_table[int(r() * len(self.disability_table))]
        self.rows["person"].append(
            f"{person_id}\t{created_at}\t{created_at}\t{id_type}\t{id_number}\t{first_ar}\t"
            f"{father[0]}\t{grandfather_ar}\t{family[0]}\t{name_en}\t{search}\t{birth_date}\t"
            f"{'male' if male else 'female'}\t{mobile}\t{gov}\t{disability}\t{NULL}\n"
        )
        self.counts["person"] += 1
        return person_id, created_at

    # --- cases -------------------------------------------------------------------------------

    def _case_windows(self) -> list[tuple[str, int, int]]:
        """The household's cases, newest first: (status, opened day, last activity day)."""
        r = self.rng.random
        if r() < HOUSEHOLDS_WITHOUT_CASE:
            return []
        count = 1
        p = r()
        while p > self.extra_cases_exp:  # Poisson, Knuth's way
            count += 1
            p *= r()
        windows = []
        cursor = self.today
        for i in range(count):
            if i == 0 and r() < CURRENT_CASE_OPEN:
                status = self.open_status_table[int(r() * len(self.open_status_table))]
                # Last activity yesterday or earlier, so nothing is dated later than now.
                end = self.today - 1 - min(200, int(self.rng.expovariate(1 / 12)))
                low, high = STATUS_AGE[status]
                start = end - low - int(r() * (high - low))
            else:
                status = "closed"
                end = cursor - 20 - int(r() * 500)
                start = end - 45 - int(r() * 500)
            if start < 30:
                break
            windows.append((status, start, end))
            cursor = start
        return windows

    def _case(self, household, primary, office, agency, gov, status, start, end):
        r = self.rng.random
        case_id = self.new_id("case")
        workers = self.workers[office]
        owner, owner_name = workers[int(r() * len(workers))]
        supervisor = self.supervisors[office]
        agency_id = self.agencies[agency]
        risk = self.risk_table[int(r() * len(self.risk_table))]
        level = STATUS_ORDER.index(status)
        detailed = status != "closed" or r() < CLOSED_CASE_DETAILED

        # The timeline as steps (kind, message, params, actor, confidential, what it records),
        # in the order they happened; times are given once the number of steps is known.
        steps = [("opened", "opened", "{}", owner, "f", None)]
        if level >= 1 and detailed:
            steps.append(("status", "status", self.status_params["assessment"], owner, "f", None))
            domains = DOMAINS[:]
            self.rng.shuffle(domains)
            for domain in domains[: 1 + int(r() * (4 if level == 1 else 5))]:
                need = self.need_table[int(r() * len(self.need_table))]
                steps.append(
                    (
                        "assessment",
                        "assessed",
                        self.assessed_params[(domain, need)],
                        owner,
                        "f",
                        ("assessment", domain, need),
                    )
                )
            if r() < 0.15:
                steps.append(("risk", "risk", self.risk_params[risk], owner, "f", None))
        goals = []
        if level >= 2 and detailed:
            steps.append(("status", "status", self.status_params["planning"], owner, "f", None))
            goal_count = 1 + (r() < 0.45) + (r() < 0.1)
            for g in range(goal_count):
                index = int(r() * len(words.PLAN_GOALS))
                pillar, agencies, goal_text, actions = words.PLAN_GOALS[index]
                chosen = actions[: 1 + int(r() * 3)]
                goals.append((agencies, pillar, goal_text, chosen))
                steps.append(
                    ("plan", "goal_added", self.goal_params[index], owner, "f", ("goal", g))
                )
                for a in range(len(chosen)):
                    steps.append(("plan", "action_added", None, owner, "f", ("action", g, a)))
            if risk == "critical":
                steps.append(
                    (
                        "approval",
                        "approval_requested",
                        self.approval_params["plan"],
                        owner,
                        "f",
                        ("plan_approval",),
                    )
                )
                if level >= 3:
                    steps.append(
                        (
                            "approval",
                            "approval_approved",
                            self.approval_params["plan"],
                            supervisor,
                            "f",
                            ("plan_decided",),
                        )
                    )
        if level >= 3 and detailed:
            steps.append(("status", "status", self.status_params["active"], owner, "f", None))
            for g, (_, _, _, chosen) in enumerate(goals):
                for a, action in enumerate(chosen):
                    # Closed cases finished most of their plan; active ones some of it.
                    if r() < (0.85 if status == "closed" else 0.35):
                        steps.append(
                            (
                                "plan",
                                "action_status",
                                self.done_params[action],
                                owner,
                                "f",
                                ("done", g, a),
                            )
                        )
        reassigned = r() < 0.08
        if reassigned:
            previous, _ = workers[int(r() * len(workers))]
            steps.append(
                (
                    "assignment",
                    "assigned",
                    _json({"owner": owner_name}),
                    supervisor,
                    "f",
                    ("reassigned", previous),
                )
            )
        for _ in range(int(r() * 2.2)):
            confidential = r() < 0.1
            steps.insert(
                1 + int(r() * len(steps)),
                (
                    "note",
                    "confidential_note_added" if confidential else "note_added",
                    "{}",
                    owner,
                    "t" if confidential else "f",
                    ("note", confidential),
                ),
            )
        if level >= 4:
            steps.append(
                (
                    "approval",
                    "approval_requested",
                    self.approval_params["closure"],
                    owner,
                    "f",
                    ("closure_approval",),
                )
            )
            if detailed:
                steps.append(
                    ("status", "status", self.status_params["closure_requested"], owner, "f", None)
                )
        if level == 5:
            steps.append(
                (
                    "approval",
                    "approval_approved",
                    self.approval_params["closure"],
                    supervisor,
                    "f",
                    ("closure_decided",),
                )
            )
            steps.append(("status", "status", self.status_params["closed"], supervisor, "f", None))

        stamps = self.times(start, end, len(steps))
        for i in range(len(steps) - 1, 0, -1):
            # A decision and the status change it causes happen at the same moment.
            if steps[i][0] == "status" and steps[i - 1][0] == "approval":
                stamps[i - 1] = stamps[i]
        opened_at, last_at = stamps[0], stamps[-1]
        self._records(
            case_id, steps, stamps, goals, owner, supervisor, office, agency_id, gov, status, start
        )
        events = self.rows["event"]
        for (kind, message, params, actor, confidential, record), stamp in zip(
            steps, stamps, strict=True
        ):
            if params is None:  # action_added: its due date is known only now
                params = self._action_params[record[1:]]
            events.append(
                f"{self.new_id('event')}\t{case_id}\t{kind}\t{message}\t{params}\t{actor}\t"
                f"{agency_id}\t{confidential}\t{stamp}\n"
            )
        self.counts["event"] += len(steps)

        next_due = min(self._open_due) if self._open_due else None
        summary = words.CASE_SUMMARIES[int(r() * len(words.CASE_SUMMARIES))]
        self.rows["case"].append(
            f"{case_id}\t{opened_at}\t{last_at}\t{self.reference('C')}\t{household}\t{primary}\t"
            f"{office}\t{owner}\t{status}\t{risk}\t{summary}\t{opened_at}\t"
            f"{last_at if status == 'closed' else NULL}\t"
            f"{self.day[next_due] if next_due is not None else NULL}\n"
        )
        self.counts["case"] += 1

    def _records(
        self,
        case_id,
        steps,
        stamps,
        goals,
        owner,
        supervisor,
        office,
        agency_id,
        gov,
        status,
        start,
    ):
        """The rows the timeline's steps stand for: assessments, goals and actions, notes,
        approvals, assignments."""
        r = self.rng.random
        rows = self.rows
        counts = self.counts
        self._action_params = {}
        self._open_due = []
        goal_ids = {}
        action_rows = {}
        plan_requested = None
        closure_requested = None
        first_owner = owner
        for (_, _, _, _, _, record), stamp in zip(steps, stamps, strict=True):
            if record is None:
                continue
            what = record[0]
            if what == "assessment":
                notes = words.ASSESSMENT_NOTES[int(r() * len(words.ASSESSMENT_NOTES))]
                rows["assessment"].append(
                    f"{self.new_id('assessment')}\t{case_id}\t{record[1]}\t{record[2]}\t{notes}\t"
                    f"{owner}\t{stamp}\n"
                )
                counts["assessment"] += 1
            elif what == "goal":
                goal_id = self.new_id("goal")
                goal_ids[record[1]] = goal_id
                rows["goal"].append(
                    f"{goal_id}\t{case_id}\t{goals[record[1]][2]}\t{owner}\t{stamp}\n"
                )
                counts["goal"] += 1
            elif what == "action":
                g, a = record[1], record[2]
                agencies, pillar, _, chosen = goals[g]
                planned_day = (
                    date.fromisoformat(stamp[:10]) - EPOCH
                ).days  # the day the action was added
                due = min(len(self.day) - 1, planned_day + 14 + int(r() * 106))
                responsible = agencies[int(r() * len(agencies))]
                responsible_office = (
                    self.offices.get((responsible, self.gov_code[gov]), NULL) if r() < 0.5 else NULL
                )
                action_rows[(g, a)] = [
                    self.new_id("action"),
                    goal_ids[g],
                    chosen[a],
                    self.day[due],
                    self.agencies[responsible],
                    responsible_office,
                    pillar,
                    None,
                    NULL,
                    due,
                ]
                self._action_params[(g, a)] = _json({"action": chosen[a], "due": self.day[due]})
            elif what == "done":
                row = action_rows[record[1:]]
                row[7] = "done"
                row[8] = stamp
            elif what == "note":
                confidential = record[1]
                pool = words.CONFIDENTIAL_NOTES if confidential else words.NOTES
                rows["note"].append(
                    f"{self.new_id('note')}\t{case_id}\t{owner}\t{pool[int(r() * len(pool))]}\t"
                    f"{'t' if confidential else 'f'}\t{stamp}\n"
                )
                counts["note"] += 1
            elif what == "plan_approval":
                plan_requested = stamp
            elif what == "plan_decided":
                self._approval(
                    case_id, "plan", "approved", owner, plan_requested, supervisor, stamp
                )
                plan_requested = None
            elif what == "closure_approval":
                closure_requested = stamp
            elif what == "closure_decided":
                self._approval(
                    case_id, "closure", "approved", owner, closure_requested, supervisor, stamp
                )
                closure_requested = None
            elif what == "reassigned":
                first_owner = record[1]
                rows["assignment"].append(
                    f"{self.new_id('assignment')}\t{case_id}\t{first_owner}\t{owner}\t{office}\t"
                    f"{office}\t{'' if r() < 0.5 else 'إعادة توزيع الحالات في المكتب'}\t"
                    f"{supervisor}\t{stamp}\n"
                )
                counts["assignment"] += 1
        if plan_requested:
            self._approval(case_id, "plan", "pending", owner, plan_requested, None, None)
        if closure_requested:
            self._approval(case_id, "closure", "pending", owner, closure_requested, None, None)
        # The first assignment: to whoever owned the case when it was opened.
        rows["assignment"].append(
            f"{self.new_id('assignment')}\t{case_id}\t{NULL}\t{first_owner}\t{NULL}\t{office}\t\t"
            f"{first_owner}\t{stamps[0]}\n"
        )
        counts["assignment"] += 1
        for row in action_rows.values():
            due = row.pop()
            if row[7] is None:
                if status == "closed":
                    row[7] = "cancelled"
                else:
                    row[7] = "in_progress" if r() < 0.4 else "planned"
                    self._open_due.append(due)
            rows["action"].append("\t".join(str(v) for v in row) + "\n")
        counts["action"] += len(action_rows)

    def _approval(self, case_id, kind, status, requested_by, requested_at, decided_by, decided_at):
        self.rows["approval"].append(
            f"{self.new_id('approval')}\t{case_id}\t{kind}\t{status}\t\t{requested_by}\t"
            f"{requested_at}\t{decided_by if decided_by else NULL}\t"
            f"{decided_at if decided_at else NULL}\t\n"
        )
        self.counts["approval"] += 1

    def take(self) -> dict[str, tuple[bytes, int]]:
        """The rows collected since the last call, per table, as COPY data and a row count."""
        out = {}
        for name, lines in self.rows.items():
            if lines:
                out[name] = ("".join(lines).encode(), len(lines))
                self.rows[name] = []
        return out
