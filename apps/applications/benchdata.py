"""What the bench applications say and how they are spread (manage.py gen_bench_applications,
docs/benchmark.md): demand by catalogue card, the statuses of two years of a mature portal, and
the texts applicants and reviewers write, in Arabic and now and then in English."""

# Applications a year for each demo card a bench card is a variant of (apps/catalogue/demo_cards
# slugs), relative: cash aid and the disability card draw most; a card not named draws 1.
DEMAND = {
    "naf-monthly-cash-aid": 24,
    "naf-takaful": 14,
    "naf-temporary-cash-aid": 8,
    "naf-disability-care-allowance": 4,
    "mosd-nursery-licence": 1,
    "zakat-monthly-support": 6,
    "zakat-orphan-sponsorship": 3,
    "zakat-student-support": 4,
    "hcd-disability-card": 5,
    "hcd-assistive-devices": 2,
    "ssc-unemployment-insurance": 6,
    "ssc-maternity-allowance": 3,
    "ssc-old-age-pension": 3,
    "ssc-survivors-pension": 2,
    "ssc-work-injury": 2,
    "ssc-voluntary-subscription": 2,
    "hia-children-under-six": 3,
    "hia-voluntary-insurance": 2,
    "mol-national-employment-programme": 5,
    "mol-job-matching": 4,
    "mol-vocational-training": 3,
    "mol-work-permit": 4,
    "cspd-birth-registration": 3,
    "cspd-passport": 3,
    "moh-disability-medical-committee": 2,
}

# Shares of all applications, in per mille: two years of a portal in use, so most are decided
# and closed; the undecided ones are the most recent, and a few wait for an office.
STATUSES = [
    ("draft", 50),
    ("submitted", 30),
    ("unrouted", 2),
    ("under_review", 50),
    ("info_requested", 20),
    ("approved", 58),
    ("rejected", 210),
    ("fulfilled", 520),
    ("withdrawn", 60),
]
REJECTION_REASONS = [
    ("not_eligible", 45),
    ("documents", 20),
    ("no_answer", 12),
    ("duplicate", 13),
    ("other", 10),
]

# (Arabic, English) variants of each text; the English ones are for the tenth of applicants who
# use the portal in English.
DETAILS = (
    [
        "",
        "زوجي متوفى وأعيل أربعة أطفال ولا دخل ثابتًا لنا.",
        "فقدت عملي منذ ستة أشهر ولم أجد عملًا آخر.",
        "أعاني من مرض مزمن يمنعني من العمل، والإيجار متأخر ثلاثة أشهر.",
        "ابني من ذوي الإعاقة ويحتاج إلى رعاية يومية.",
        "",
    ],
    ["", "I lost my job six months ago and have four children to support.", ""],
)
# The applicant's answer to a question is the one of the same position.
QUESTIONS = (
    [
        "يرجى إرفاق شهادة راتب حديثة أو إفادة بعدم العمل من الضمان الاجتماعي.",
        "عقد الإيجار المرفق غير واضح، يرجى إرفاق صورة أوضح منه.",
        "يرجى إرفاق تقرير طبي معتمد صادر خلال آخر ستة أشهر.",
        "يرجى تحديث عدد أفراد الأسرة وإرفاق دفتر العائلة.",
    ],
    [
        "Please attach a recent salary certificate or a Social Security statement.",
        "The lease you attached cannot be read; please attach a clearer copy.",
    ],
)
ANSWERS = (
    [
        "أرفقت الإفادة المطلوبة من الضمان الاجتماعي.",
        "تم إرفاق صورة واضحة من عقد الإيجار.",
        "أرفقت التقرير الطبي الصادر عن مستشفى البشير.",
        "عدد أفراد الأسرة ستة، وأرفقت صورة دفتر العائلة.",
    ],
    ["I have attached the statement from Social Security.", "Attached is a clearer copy."],
)
REJECTION_NOTES = (
    [
        "الدخل الشهري للأسرة يتجاوز الحد المقرر للاستفادة من الخدمة.",
        "تبيّن من الكشف الميداني أن الأسرة تملك مصدر دخل غير مصرّح به.",
        "الخدمة مخصصة للمقيمين في المحافظة ولم يثبت عنوان السكن.",
    ],
    ["The household's monthly income is above the limit set for this service."],
)
WITHDRAWAL_REASONS = (
    ["", "قدّمت الطلب بالخطأ.", "لم أعد بحاجة إلى الخدمة.", "سأقدّم الطلب في المكتب مباشرة.", ""],
    ["", "I applied by mistake.", ""],
)
