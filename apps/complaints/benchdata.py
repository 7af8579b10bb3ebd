"""What the bench complaints say (manage.py gen_bench_complaints, docs/benchmark.md): each
agency's categories by theme, with their deadlines and share of the complaints, and the texts
complainants and officers write, in Arabic and now and then in English."""

# Themes, in the order of the category index the generator draws: (share in percent, hours to
# acknowledge, days to resolve, {agency: (Arabic name, English name)}).
THEMES = [
    (
        26,
        7,
        5,
        {
            "MOSD": ("تأخر صرف المساعدة", "Delay in assistance payment"),
            "NAF": ("تأخر صرف المعونة النقدية", "Delay in cash aid payment"),
        },
    ),
    (
        12,
        7,
        10,
        {
            "MOSD": ("إيقاف الخدمة أو تقليصها", "Service stopped or reduced"),
            "NAF": ("إيقاف المعونة أو تخفيضها", "Aid stopped or reduced"),
        },
    ),
    (
        14,
        14,
        15,
        {
            "MOSD": ("قرار أهلية غير صحيح", "Wrong eligibility decision"),
            "NAF": ("قرار أهلية غير صحيح", "Wrong eligibility decision"),
        },
    ),
    (
        10,
        14,
        10,
        {
            "MOSD": ("سلوك الموظفين وحسن المعاملة", "Staff conduct and courtesy"),
            "NAF": ("سلوك الموظفين وحسن المعاملة", "Staff conduct and courtesy"),
        },
    ),
    (
        4,
        7,
        10,
        {
            "MOSD": (
                "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب",
                "Office access for persons with disabilities",
            ),
            "NAF": (
                "سهولة وصول الأشخاص ذوي الإعاقة إلى المكاتب",
                "Office access for persons with disabilities",
            ),
        },
    ),
    (
        12,
        14,
        5,
        {
            "MOSD": ("المواعيد وطول الانتظار", "Appointments and waiting times"),
            "NAF": ("المواعيد وطول الانتظار", "Appointments and waiting times"),
        },
    ),
    (
        12,
        7,
        5,
        {
            "MOSD": ("معلومات عن الخدمات والإجراءات", "Information on services and procedures"),
            "NAF": ("المحفظة الإلكترونية وطرق الدفع", "E-wallets and ways of payment"),
        },
    ),
    (
        10,
        21,
        15,
        {
            "MOSD": ("اقتراحات لتحسين الخدمات", "Ideas to improve services"),
            "NAF": ("اقتراحات لتحسين الخدمات", "Ideas to improve services"),
        },
    ),
]

# What complainants write, by theme: Arabic variants, then one in English.
DESCRIPTIONS = [
    (
        [
            "لم تصلني المساعدة الشهرية منذ شهرين، ولم يبلغني أحد بسبب التأخير.",
            "موعد الصرف كان بداية الشهر وما زلت أنتظر، وعليّ إيجار متأخر.",
            "راجعت المكتب ثلاث مرات بخصوص تأخر الدفعة دون أي جواب واضح.",
        ],
        "My monthly payment is two months late and nobody has told me why.",
    ),
    (
        [
            "خُفضت المعونة إلى النصف هذا الشهر دون إشعار مسبق.",
            "أُوقفت المساعدة بعد تحديث بياناتي مع أن دخلي لم يتغير.",
            "وصلتني رسالة بإيقاف الخدمة ولا أعرف السبب.",
        ],
        "My aid was stopped after I updated my details, although my income has not changed.",
    ),
    (
        [
            "رُفض طلبي بحجة امتلاك سيارة بعتها منذ سنتين.",
            "احتُسب دخل ابني المتزوج ضمن دخل الأسرة وهو لا يسكن معنا.",
            "قرار عدم الأهلية لم يأخذ بالحسبان إعاقة زوجي.",
        ],
        "My application was refused because of a car I sold two years ago.",
    ),
    (
        [
            "تعامل الموظف معي بأسلوب غير لائق أمام المراجعين.",
            "رفضت الموظفة استلام أوراقي دون أن توضح السبب.",
            "انتظرت ساعتين ثم طُلب مني العودة في يوم آخر دون مبرر.",
        ],
        "The officer at the counter was rude and refused to take my papers.",
    ),
    (
        [
            "لا يوجد منحدر لمدخل المكتب والمصعد معطل منذ أسابيع.",
            "لا يتوفر مترجم لغة إشارة في المديرية.",
            "مواقف السيارات المخصصة لذوي الإعاقة يشغلها الموظفون.",
        ],
        "The office has no ramp and the lift has been out of order for weeks.",
    ),
    (
        [
            "أقرب موعد متاح بعد شهر كامل، والحالة مستعجلة.",
            "ننتظر ساعات في الطابور لأن النظام يتوقف كثيرًا.",
            "أُلغي موعدي مرتين دون إبلاغي مسبقًا.",
        ],
        "The first appointment available is a month away, and our case is urgent.",
    ),
    (
        [
            "هل يمكنني استلام المعونة عبر المحفظة الإلكترونية بدل البنك؟",
            "ما الوثائق المطلوبة لتجديد الملف هذا العام؟",
            "كيف أغيّر رقم الهاتف المسجل لدى الصندوق؟",
        ],
        "Can I receive the aid through an e-wallet instead of at the bank?",
    ),
    (
        [
            "أقترح إتاحة حجز المواعيد عبر الإنترنت مع رسالة تذكير قبل الموعد.",
            "أقترح تخصيص نافذة لكبار السن وذوي الإعاقة في كل مكتب.",
            "يفضل إرسال رسالة نصية عند صرف كل دفعة.",
        ],
        "Please let families book appointments online, with a reminder the day before.",
    ),
]

RESPONSES = (
    [
        "راجعنا ملفك وتبيّن أن التأخير سببه تحديث البيانات، وستُصرف الدفعات المتأخرة مع الدفعة القادمة.",
        "نعتذر عما حدث، وقد عولجت المشكلة مع المكتب المعني، ونشكرك على إبلاغنا.",
        "تمت إعادة دراسة الطلب وصدر قرار جديد، وسيتواصل معك المكتب لاستكمال الإجراءات.",
        "شكرًا لاقتراحك، وقد أحلناه إلى الإدارة المعنية لدراسته.",
    ],
    [
        "We reviewed your file: the delay came from a data update, and the late payments will "
        "be made with the next one.",
        "We are sorry for what happened; the office concerned has dealt with it.",
    ],
)
QUESTIONS = (
    [
        "نرجو تزويدنا برقم الطلب أو صورة عن الإشعار الذي وصلك.",
        "متى راجعت المكتب آخر مرة، ومن الموظف الذي استقبلك؟",
    ],
    ["Could you send us the number of your application or a copy of the letter you received?"],
)
ANSWERS = (
    ["رقم الطلب 55231، وأرفقت صورة الإشعار.", "راجعت المكتب يوم الأحد الماضي صباحًا."],
    ["The application number is 55231; the letter is attached."],
)
REASONS = (
    ["لم يتغير شيء حتى الآن، وما زلت أنتظر.", "الرد لم يعالج المشكلة التي وصفتها."],
    ["Nothing has changed so far; I am still waiting."],
)
COMMENTS = (
    ["شكرًا على سرعة الرد.", "الرد جاء متأخرًا.", "تعامل محترم ووضوح في الإجابة."],
    ["Thank you for the quick answer."],
)
NOTES = (
    ["تم التواصل مع مدير المكتب للتحقق.", "بانتظار رد قسم الصرف."],
    ["Checked with the payments section."],
)
NAMES = (
    [
        "أم خالد",
        "محمود العدوان",
        "سهى الرواشدة",
        "عبير المومني",
        "خالد الزعبي",
        "رؤى الشياب",
        "نادية يوسف",
        "أحمد بني هاني",
        "فاطمة الخوالدة",
        "يوسف الحياري",
    ],
    ["Rami Haddad", "Hadeel Obeidat", "Sami Khoury"],
)
