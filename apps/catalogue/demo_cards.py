"""The demo catalogue: service cards of Jordan's social agencies as a citizen needs them, and the
life events of ../shared/domain/life_events.csv. Plausible demo content, not official figures:
fees, documents and times are what such services usually ask, to be checked with each agency.

Each card: agency code, slug, pillar, names, summaries, descriptions, eligibility, documents
(Arabic, English), fee in JOD (with a note), channels, processing and referral response times in
working days, and the flags.
"""

from decimal import Decimal

from .models import Channel, Pillar

ONLINE, OFFICE, ONE_STOP, CALL, APP = (
    Channel.ONLINE,
    Channel.OFFICE,
    Channel.ONE_STOP,
    Channel.CALL_CENTRE,
    Channel.MOBILE_APP,
)
ID_CARD = ("صورة عن البطاقة الشخصية (الهوية) لمقدم الطلب", "A copy of the applicant's ID card")
FAMILY_BOOK = ("صورة عن دفتر العائلة", "A copy of the family book")
INCOME = (
    "ما يثبت دخل الأسرة (شهادة راتب أو كشف من الضمان الاجتماعي)",
    "Proof of the household's income (a salary certificate or a social security statement)",
)
HOUSING = (
    "عقد إيجار المسكن أو فاتورة كهرباء حديثة",
    "The rent contract of the home or a recent electricity bill",
)
MEDICAL = (
    "تقرير طبي حديث من مستشفى حكومي",
    "A recent medical report from a public hospital",
)
DISABILITY_CARD = ("بطاقة تعريف الشخص ذي الإعاقة", "The disability identification card")
PHOTOS = ("صورتان شخصيتان حديثتان", "Two recent passport-size photos")
BIRTH = ("شهادة الميلاد", "The birth certificate")
DEATH = ("شهادة الوفاة", "The death certificate")


def card(
    agency,
    slug,
    pillar,
    name,
    summary,
    description,
    eligibility,
    documents,
    *,
    fee="0",
    fee_note=("", ""),
    **flags,
):
    return {
        "agency": agency,
        "slug": slug,
        "pillar": pillar,
        "name_ar": name[0],
        "name_en": name[1],
        "summary_ar": summary[0],
        "summary_en": summary[1],
        "description_ar": description[0],
        "description_en": description[1],
        "eligibility_ar": eligibility[0],
        "eligibility_en": eligibility[1],
        "documents": documents,
        "fee": Decimal(fee),
        "fee_note_ar": fee_note[0],
        "fee_note_en": fee_note[1],
        **flags,
    }


CARDS = [
    # National Aid Fund ---------------------------------------------------------------------------
    card(
        "NAF",
        "naf-monthly-cash-aid",
        Pillar.KARAMA,
        ("المعونة النقدية الشهرية المتكررة", "Monthly recurring cash aid"),
        (
            "مساعدة نقدية شهرية للأسر الفقيرة التي لا يكفي دخلها لتلبية احتياجاتها الأساسية.",
            "Monthly cash aid for poor households whose income does not cover their basic needs.",
        ),
        (
            "يصرف صندوق المعونة الوطنية مبلغًا شهريًا يُحدَّد حسب عدد أفراد الأسرة ودخلها، ويُحوَّل إلى حساب بنكي أو محفظة إلكترونية باسم رب الأسرة. تزور الأسرةَ باحثةٌ اجتماعية للتحقق من ظروفها، وتُراجَع المعونة سنويًا.",
            "The National Aid Fund pays a monthly amount set by the size and income of the household, "
            "into a bank account or an e-wallet in the name of the head of household. A social "
            "researcher visits the family to check its situation, and the aid is reviewed every year.",
        ),
        (
            "الأسر الأردنية التي يقل دخلها عن خط الفقر المعتمد، ومنها: الأسر التي فقدت معيلها، وأسر كبار السن والأشخاص ذوي الإعاقة، وأسر المرضى العاجزين عن العمل.",
            "Jordanian households below the official poverty line, among them households that lost "
            "their breadwinner, and households of older people, of persons with disabilities and of "
            "people too ill to work.",
        ),
        [ID_CARD, FAMILY_BOOK, INCOME, HOUSING, MEDICAL],
        channels=[ONLINE, OFFICE, APP, CALL],
        processing_days=30,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
        opens_case=True,
    ),
    card(
        "NAF",
        "naf-emergency-cash-aid",
        Pillar.SUMUD,
        ("المعونة النقدية الطارئة", "Emergency cash aid"),
        (
            "مساعدة نقدية لمرة واحدة للأسرة التي تمر بظرف طارئ مفاجئ كوفاة المعيل أو حريق أو حادث.",
            "One-off cash aid for a household hit by a sudden emergency, such as the death of the "
            "breadwinner, a fire or an accident.",
        ),
        (
            "تُصرف خلال أيام من تقديم الطلب بعد التحقق من الظرف الطارئ، ولا تمنع التقدم لاحقًا للمعونة الشهرية.",
            "Paid within days of the request once the emergency is confirmed; it does not stop the "
            "household from applying for the monthly aid later.",
        ),
        (
            "الأسر الأردنية المحتاجة التي تعرضت لظرف طارئ خلال الأشهر الثلاثة الماضية.",
            "Jordanian households in need that faced an emergency in the last three months.",
        ),
        [
            ID_CARD,
            FAMILY_BOOK,
            (
                "ما يثبت الظرف الطارئ (شهادة وفاة، تقرير الدفاع المدني أو الشرطة)",
                "Proof of the emergency (a death certificate, a civil defence or police report)",
            ),
        ],
        channels=[OFFICE, CALL],
        processing_days=5,
        referral_response_days=3,
        referrable=True,
        opens_case=True,
    ),
    card(
        "NAF",
        "naf-takaful",
        Pillar.KARAMA,
        ("برنامج تكافل للدعم النقدي", "Takaful cash support programme"),
        (
            "مساعدة نقدية دورية للأسر العاملة الفقيرة، يُقدَّم لها إلكترونيًا عبر منصة الصندوق.",
            "Regular cash aid for poor working households, applied for online on the Fund's platform.",
        ),
        (
            "يعتمد البرنامج على بيانات السجل الوطني الموحد لتقييم أهلية الأسرة آليًا، ثم يُبلَّغ المتقدم بالنتيجة برسالة نصية. يُصرف الدعم كل شهر ويُراجَع دوريًا.",
            "The programme scores the household's eligibility from the unified national registry "
            "and tells the applicant the result by text message. The support is paid monthly and "
            "reviewed regularly.",
        ),
        (
            "الأسر الأردنية العاملة التي يقل دخلها عن خط الفقر، ولا تتلقى المعونة الشهرية المتكررة.",
            "Working Jordanian households below the poverty line that do not receive the monthly "
            "recurring aid.",
        ),
        [ID_CARD, ("رقم هاتف خلوي باسم مقدم الطلب", "A mobile number in the applicant's name")],
        channels=[ONLINE, APP],
        processing_days=45,
        applicable_online=True,
    ),
    card(
        "NAF",
        "naf-temporary-cash-aid",
        Pillar.KARAMA,
        ("المعونة النقدية المؤقتة", "Temporary cash aid"),
        (
            "مساعدة نقدية شهرية لمدة محدودة للأسرة التي انقطع دخلها مؤقتًا بسبب فقدان العمل أو المرض.",
            "Monthly cash aid for a limited time for a household whose income stopped for a while "
            "after a job loss or an illness.",
        ),
        (
            "تُصرف حتى ستة أشهر قابلة للتجديد مرة واحدة، ويُحال رب الأسرة خلالها إلى برامج التشغيل والتدريب.",
            "Paid for up to six months, renewable once; meanwhile the head of household is referred "
            "to employment and training programmes.",
        ),
        (
            "الأسر الأردنية التي فقد معيلها عمله أو أصبح عاجزًا عن العمل مؤقتًا، وليس لها دخل آخر يكفيها.",
            "Jordanian households whose breadwinner lost their job or cannot work for a while, "
            "without other sufficient income.",
        ),
        [
            ID_CARD,
            FAMILY_BOOK,
            (
                "ما يثبت انتهاء العمل أو تقرير طبي بالعجز المؤقت",
                "Proof of the end of the job, or a medical report of temporary incapacity",
            ),
        ],
        channels=[OFFICE, ONLINE],
        processing_days=20,
        referral_response_days=7,
        referrable=True,
        applicable_online=True,
        opens_case=True,
    ),
    card(
        "NAF",
        "naf-disability-care-allowance",
        Pillar.KARAMA,
        (
            "معونة رعاية الأشخاص ذوي الإعاقة الشديدة",
            "Care allowance for persons with severe disabilities",
        ),
        (
            "مساعدة نقدية شهرية تعين الأسرة على رعاية فرد من ذوي الإعاقة الشديدة.",
            "Monthly cash aid that helps a family care for a member with a severe disability.",
        ),
        (
            "تُصرف إضافةً إلى أي معونة أخرى تتلقاها الأسرة، وتُحدد قيمتها حسب شدة الإعاقة.",
            "Paid on top of any other aid the family receives; the amount depends on the severity "
            "of the disability.",
        ),
        (
            "الأسر الفقيرة التي تعيل شخصًا يحمل بطاقة تعريف الشخص ذي الإعاقة بدرجة شديدة.",
            "Poor households caring for a person whose disability identification card states a "
            "severe disability.",
        ),
        [ID_CARD, FAMILY_BOOK, DISABILITY_CARD, MEDICAL],
        channels=[OFFICE, ONLINE],
        processing_days=30,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    # Ministry of Social Development -------------------------------------------------------------
    card(
        "MOSD",
        "mosd-disability-day-care",
        Pillar.TAMKEEN,
        (
            "مراكز الرعاية النهارية والتأهيل للأشخاص ذوي الإعاقة",
            "Day-care and rehabilitation centres for persons with disabilities",
        ),
        (
            "رعاية وتأهيل نهاري للأطفال والشباب ذوي الإعاقة في مراكز تابعة للوزارة أو مرخصة منها.",
            "Day care and rehabilitation for children and young people with disabilities in "
            "centres run or licensed by the Ministry.",
        ),
        (
            "تقدم المراكز العلاج الطبيعي والوظيفي والنطق والتربية الخاصة، وتدرب الأسرة على رعاية ابنها في البيت.",
            "The centres give physiotherapy, occupational and speech therapy and special education, "
            "and train the family to care for their child at home.",
        ),
        (
            "الأشخاص ذوو الإعاقة من سن سنتين إلى 25 سنة، ممن يحملون بطاقة تعريف الشخص ذي الإعاقة.",
            "Persons with disabilities aged 2 to 25 who hold the disability identification card.",
        ),
        [ID_CARD, BIRTH, DISABILITY_CARD, MEDICAL, PHOTOS],
        fee="0",
        fee_note=(
            "مجانية في المراكز الحكومية، ورسوم مخفضة في المراكز الخاصة المرخصة",
            "Free in government centres; reduced fees in licensed private centres",
        ),
        channels=[OFFICE, ONE_STOP],
        processing_days=15,
        referral_response_days=10,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-elderly-care-home",
        Pillar.TAMKEEN,
        ("الإيواء في دور رعاية كبار السن", "Residential care homes for older people"),
        (
            "إقامة ورعاية كاملة لكبار السن الذين لا يجدون من يرعاهم.",
            "Residential care for elderly people who have no one to care for them.",
        ),
        (
            "توفر الدور السكن والطعام والرعاية الصحية والاجتماعية والأنشطة، بإشراف الوزارة وبالشراكة مع الجمعيات.",
            "The homes provide accommodation, meals, health and social care and activities, "
            "supervised by the Ministry in partnership with charities.",
        ),
        (
            "من بلغ 60 عامًا فأكثر ولا معيل له، أو تعجز أسرته عن رعايته، بعد دراسة اجتماعية.",
            "People aged 60 and over without a carer, or whose family cannot care for them, after a "
            "social study.",
        ),
        [
            ID_CARD,
            MEDICAL,
            (
                "دراسة اجتماعية من مديرية التنمية",
                "A social study by the social development directorate",
            ),
        ],
        fee="0",
        fee_note=(
            "مجاني لغير القادرين، ويدفع القادرون بدلًا حسب دخلهم",
            "Free for those who cannot pay; others pay according to their income",
        ),
        channels=[OFFICE],
        processing_days=20,
        referral_response_days=10,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-elderly-day-clubs",
        Pillar.TAMKEEN,
        ("الأندية النهارية لكبار السن", "Day clubs for older people"),
        (
            "أنشطة اجتماعية وصحية وترفيهية نهارية لكبار السن قرب مكان سكنهم.",
            "Daytime social, health and leisure activities for elderly people near their home.",
        ),
        (
            "تفتح الأندية أبوابها من الأحد إلى الخميس، وتقدم فحوصًا صحية دورية ورحلات وأنشطة تعلم.",
            "The clubs open Sunday to Thursday, with regular health checks, outings and learning "
            "activities.",
        ),
        ("من بلغ 60 عامًا فأكثر.", "People aged 60 and over."),
        [ID_CARD, PHOTOS],
        channels=[OFFICE, CALL],
        processing_days=3,
    ),
    card(
        "MOSD",
        "mosd-elderly-home-care",
        Pillar.TAMKEEN,
        ("الرعاية المنزلية لكبار السن", "Home care for older people"),
        (
            "زيارات منزلية منتظمة لرعاية كبار السن في بيوتهم ومساندة أسرهم.",
            "Regular home visits to care for elderly people in their own homes and support their "
            "families.",
        ),
        (
            "يزور مقدمو رعاية مدربون المسن في بيته للمساعدة في النظافة الشخصية والتنقل والمتابعة الصحية، ويُحال عند الحاجة إلى الخدمات الصحية.",
            "Trained carers visit the older person at home to help with personal hygiene, moving "
            "about and health follow-up, with referrals to health services when needed.",
        ),
        (
            "كبار السن غير القادرين على رعاية أنفسهم، من الأسر محدودة الدخل.",
            "Older people who cannot look after themselves, in households on a low income.",
        ),
        [ID_CARD, MEDICAL, INCOME],
        channels=[OFFICE, CALL],
        processing_days=10,
        referral_response_days=5,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-family-protection",
        Pillar.SUMUD,
        ("خدمات الحماية من العنف الأسري", "Protection from family violence"),
        (
            "حماية ودعم ومتابعة للنساء والأطفال وأفراد الأسرة المعرضين للعنف.",
            "Protection, support and follow-up for women, children and family members at risk of "
            "violence.",
        ),
        (
            "يستقبل مكتب الخدمة الاجتماعية البلاغ، ويقيّم الخطر، ويضع خطة حماية مع إدارة حماية الأسرة والأحداث، ويتابع الحالة حتى تستقر. السرية مضمونة.",
            "The social service office takes the report, assesses the risk, makes a protection "
            "plan with the Family and Juvenile Protection Department, and follows the case until "
            "it is safe. Confidentiality is guaranteed.",
        ),
        (
            "كل من يتعرض أو يُخشى أن يتعرض للعنف داخل الأسرة، أردنيًا كان أم غير أردني.",
            "Anyone who suffers or may suffer violence in the family, Jordanian or not.",
        ),
        [],
        channels=[OFFICE, CALL],
        processing_days=0,
        referral_response_days=1,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-women-shelter",
        Pillar.SUMUD,
        ("دار الوفاق الأسري لإيواء النساء المعنفات", "Dar Al-Wifaq shelter for women at risk"),
        (
            "إيواء آمن مؤقت للنساء المعرضات للعنف وأطفالهن، مع دعم نفسي وقانوني.",
            "Safe temporary shelter for women at risk of violence and their children, with "
            "psychological and legal support.",
        ),
        (
            "تقدم الدار الإقامة والرعاية والإرشاد، وتعمل على المصالحة الأسرية حين تكون آمنة، أو على حلول بديلة.",
            "The shelter provides accommodation, care and counselling, and works towards family "
            "reconciliation when it is safe, or towards other solutions.",
        ),
        (
            "النساء المعرضات للعنف الأسري وأطفالهن دون 12 عامًا.",
            "Women at risk of family violence and their children under 12.",
        ),
        [],
        channels=[OFFICE, CALL],
        processing_days=0,
        referral_response_days=1,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-juvenile-care",
        Pillar.SUMUD,
        ("رعاية الأحداث وتأهيلهم", "Care and rehabilitation of juveniles"),
        (
            "رعاية وتعليم وتأهيل الأحداث المخالفين للقانون والمحتاجين إلى الحماية، ومتابعتهم بعد خروجهم.",
            "Care, education and rehabilitation of juveniles in conflict with the law or in need "
            "of protection, and follow-up after they leave.",
        ),
        (
            "تشمل الخدمة مراقبة السلوك، ودور تربية وتأهيل الأحداث، والتدابير غير السالبة للحرية، وبرامج إعادة الدمج مع الأسرة والمدرسة.",
            "The service covers probation, juvenile education and rehabilitation centres, "
            "non-custodial measures, and programmes to return to family and school.",
        ),
        (
            "الأحداث من 12 إلى 18 عامًا بقرار من محكمة الأحداث أو بإحالة من إدارة حماية الأسرة والأحداث.",
            "Juveniles aged 12 to 18, by decision of the juvenile court or referral by the Family "
            "and Juvenile Protection Department.",
        ),
        [BIRTH, ("قرار المحكمة أو كتاب الإحالة", "The court decision or the referral letter")],
        channels=[OFFICE],
        processing_days=5,
        referral_response_days=3,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-alternative-families",
        Pillar.TAMKEEN,
        ("الاحتضان والأسر البديلة", "Fostering and alternative families"),
        (
            "رعاية الأطفال فاقدي السند الأسري في أسر بديلة أو دور رعاية، واستقبال طلبات الاحتضان.",
            "Care for children without family care in foster families or children's homes, and "
            "applications to foster.",
        ),
        (
            "تدرس الوزارة طلب الأسرة الراغبة في الاحتضان وتؤهلها وتتابع الطفل بعد الاحتضان بزيارات دورية.",
            "The Ministry studies the application of a family that wishes to foster, prepares it, "
            "and follows the child after placement with regular visits.",
        ),
        (
            "الأسر الأردنية المستقرة القادرة على رعاية طفل، بعد دراسة اجتماعية وأمنية.",
            "Stable Jordanian families able to care for a child, after a social and security study.",
        ),
        [
            ID_CARD,
            FAMILY_BOOK,
            INCOME,
            ("شهادة عدم محكومية", "A certificate of no criminal record"),
            MEDICAL,
        ],
        channels=[OFFICE],
        processing_days=60,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-productive-projects",
        Pillar.FORSA,
        ("قروض المشاريع الإنتاجية للأسر", "Productive project loans for families"),
        (
            "قرض حسن بلا فوائد لتمويل مشروع منزلي أو صغير يوفر دخلًا للأسرة.",
            "An interest-free loan to fund a home-based or small business that brings the family "
            "an income.",
        ),
        (
            "يقدم البرنامج التدريب على إدارة المشروع، والتمويل حتى 5,000 دينار يسدد على أقساط شهرية، ومتابعة المشروع في سنته الأولى.",
            "The programme gives training in running the business, funding up to 5,000 dinars "
            "repaid in monthly instalments, and follow-up in the business's first year.",
        ),
        (
            "الأسر الفقيرة والمنتفعة من صندوق المعونة الوطنية القادرة على العمل، ولديها فكرة مشروع.",
            "Poor households, including those receiving National Aid Fund aid, able to work and "
            "with a business idea.",
        ),
        [
            ID_CARD,
            FAMILY_BOOK,
            ("دراسة جدوى مبسطة للمشروع", "A simple feasibility study of the business"),
            ("كفيل موظف", "A guarantor in employment"),
        ],
        channels=[OFFICE, ONE_STOP],
        processing_days=30,
        referral_response_days=10,
        referrable=True,
    ),
    card(
        "MOSD",
        "mosd-family-counselling",
        Pillar.SUMUD,
        ("الإرشاد الأسري والدعم النفسي الاجتماعي", "Family counselling and psychosocial support"),
        (
            "جلسات إرشاد ودعم نفسي اجتماعي للأسر التي تمر بأزمة أو فقدان أو خلافات.",
            "Counselling and psychosocial support sessions for families going through a crisis, "
            "a loss or conflict.",
        ),
        (
            "يقدم مرشدون أسريون جلسات فردية وجماعية في مكاتب الخدمة الاجتماعية ومراكز الإرشاد الأسري، وعبر الهاتف.",
            "Family counsellors hold individual and group sessions at social service offices and "
            "family counselling centres, and by telephone.",
        ),
        ("أي أسرة تطلب المساعدة، دون شروط.", "Any family that asks for help, without conditions."),
        [],
        channels=[OFFICE, CALL],
        processing_days=3,
        referral_response_days=3,
        referrable=True,
        opens_case=True,
    ),
    card(
        "MOSD",
        "mosd-nursery-licence",
        Pillar.TAMKEEN,
        ("ترخيص دور الحضانة", "Licensing a nursery"),
        (
            "ترخيص حضانة جديدة أو تجديد ترخيصها بعد التحقق من شروط السلامة والرعاية.",
            "Licensing a new nursery, or renewing its licence, after checking safety and care "
            "standards.",
        ),
        (
            "تكشف لجنة من مديرية التنمية على المبنى والكادر والتجهيزات، ويصدر الترخيص لمدة سنة.",
            "A committee of the social development directorate inspects the building, staff and "
            "equipment; the licence is issued for one year.",
        ),
        (
            "الأفراد والجمعيات والشركات الراغبة في تشغيل حضانة، وأصحاب العمل الملزمون بتوفير حضانة للعاملين.",
            "Individuals, charities and companies that wish to run a nursery, and employers bound "
            "to provide one for their staff.",
        ),
        [
            ID_CARD,
            (
                "مخطط المبنى وسند الملكية أو عقد الإيجار",
                "The building plan and title deed or lease",
            ),
            ("شهادات مؤهلات المشرفات", "The qualifications of the carers"),
            ("موافقة الدفاع المدني", "Civil defence approval"),
        ],
        fee="50",
        fee_note=("رسم الترخيص السنوي", "Yearly licence fee"),
        channels=[ONLINE, OFFICE],
        processing_days=30,
        applicable_online=True,
    ),
    card(
        "MOSD",
        "mosd-vocational-rehabilitation",
        Pillar.FORSA,
        (
            "التأهيل المهني للأشخاص ذوي الإعاقة",
            "Vocational rehabilitation for persons with disabilities",
        ),
        (
            "تدريب مهني وتهيئة لسوق العمل للشباب ذوي الإعاقة، مع المساعدة في إيجاد عمل.",
            "Vocational training and preparation for work for young persons with disabilities, "
            "with help to find a job.",
        ),
        (
            "يتدرب المشاركون في مهن مثل الحاسوب والخياطة والنجارة، ويتابعهم المركز بعد التشغيل.",
            "Participants train in trades such as computing, sewing and carpentry, and the centre "
            "follows them once employed.",
        ),
        (
            "الأشخاص ذوو الإعاقة من 16 إلى 35 عامًا القادرون على التدريب.",
            "Persons with disabilities aged 16 to 35 able to train.",
        ),
        [ID_CARD, DISABILITY_CARD, PHOTOS],
        channels=[OFFICE],
        processing_days=15,
        referral_response_days=10,
        referrable=True,
    ),
    # Zakat Fund ---------------------------------------------------------------------------------
    card(
        "ZAKAT",
        "zakat-monthly-support",
        Pillar.KARAMA,
        ("الراتب الشهري من صندوق الزكاة", "Monthly allowance from the Zakat Fund"),
        (
            "دعم مالي شهري من أموال الزكاة للأسر الفقيرة والأرامل والأيتام.",
            "A monthly allowance from zakat funds for poor families, widows and orphans.",
        ),
        (
            "تدرس لجنة الزكاة في المنطقة الطلب وتزور الأسرة، ويُصرف الراتب عبر لجان الزكاة المنتشرة في المحافظات.",
            "The local zakat committee studies the request and visits the family; the allowance is "
            "paid through zakat committees across the governorates.",
        ),
        (
            "الأسر المسلمة الفقيرة المستحقة للزكاة، ومنها أسر الأرامل والمطلقات والأيتام.",
            "Poor Muslim families entitled to zakat, among them families of widows, divorced women "
            "and orphans.",
        ),
        [ID_CARD, FAMILY_BOOK, INCOME],
        channels=[OFFICE, ONLINE],
        processing_days=30,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "ZAKAT",
        "zakat-emergency-support",
        Pillar.SUMUD,
        ("المساعدات العاجلة من صندوق الزكاة", "Urgent help from the Zakat Fund"),
        (
            "دعم مالي لمرة واحدة لمواجهة ظرف طارئ كإيجار متراكم أو فاتورة علاج أو كارثة.",
            "A one-off grant to face an emergency such as rent arrears, a medical bill or a disaster.",
        ),
        (
            "يقدر مبلغ المساعدة حسب الحاجة الموثقة، ويُصرف مباشرة للجهة الدائنة عند الإمكان.",
            "The amount follows the documented need and is paid directly to the creditor where "
            "possible.",
        ),
        ("الأسر الفقيرة التي تمر بظرف طارئ موثق.", "Poor families facing a documented emergency."),
        [
            ID_CARD,
            ("ما يثبت الظرف الطارئ والمبلغ المطلوب", "Proof of the emergency and the amount owed"),
        ],
        channels=[OFFICE],
        processing_days=7,
        referral_response_days=5,
        referrable=True,
    ),
    card(
        "ZAKAT",
        "zakat-orphan-sponsorship",
        Pillar.KARAMA,
        ("كفالة الأيتام", "Orphan sponsorship"),
        (
            "كفالة شهرية لليتيم حتى بلوغه 18 عامًا، من متبرعين عبر صندوق الزكاة.",
            "A monthly sponsorship for an orphan until 18, from donors through the Zakat Fund.",
        ),
        (
            "يتابع الصندوق أوضاع اليتيم الدراسية والصحية، ويمكن للمتبرعين كفالة يتيم عبر الموقع الإلكتروني.",
            "The Fund follows the orphan's schooling and health; donors can sponsor an orphan on "
            "the website.",
        ),
        (
            "الأطفال الأيتام دون 18 عامًا من الأسر الفقيرة.",
            "Orphans under 18 in poor families.",
        ),
        [BIRTH, DEATH, FAMILY_BOOK, ("شهادة مدرسية", "A school certificate")],
        channels=[OFFICE, ONLINE],
        processing_days=30,
        applicable_online=True,
    ),
    card(
        "ZAKAT",
        "zakat-student-support",
        Pillar.TAMKEEN,
        ("دعم الطلبة الجامعيين", "Support for university students"),
        (
            "مساهمة في الرسوم الجامعية لطلبة الأسر الفقيرة المتفوقين.",
            "A contribution to university fees for good students from poor families.",
        ),
        (
            "يُفتح باب التقديم في بداية كل فصل دراسي، وتُدفع المساهمة مباشرة للجامعة.",
            "Applications open at the start of each semester; the contribution is paid directly to "
            "the university.",
        ),
        (
            "طلبة البكالوريوس في الجامعات الأردنية الرسمية من الأسر الفقيرة، بمعدل لا يقل عن جيد.",
            "Bachelor's students at Jordanian public universities from poor families, with at "
            "least a good grade average.",
        ),
        [ID_CARD, ("كشف علامات وإثبات تسجيل جامعي", "A transcript and proof of enrolment"), INCOME],
        channels=[ONLINE, OFFICE],
        processing_days=20,
        applicable_online=True,
    ),
    card(
        "ZAKAT",
        "zakat-medical-treatment",
        Pillar.TAMKEEN,
        ("المساهمة في نفقات العلاج", "Help with medical treatment costs"),
        (
            "مساهمة في كلفة علاج أو عملية جراحية أو دواء لا يغطيه التأمين الصحي.",
            "A contribution to the cost of treatment, an operation or medicine that health "
            "insurance does not cover.",
        ),
        (
            "تُدفع المساهمة للمستشفى أو الصيدلية مباشرة بعد دراسة التقارير الطبية.",
            "Paid to the hospital or pharmacy directly after the medical reports are reviewed.",
        ),
        (
            "المرضى من الأسر الفقيرة غير المؤمنين صحيًا أو الذين لا يغطي تأمينهم العلاج.",
            "Patients from poor families without health insurance, or whose insurance does not "
            "cover the treatment.",
        ),
        [ID_CARD, MEDICAL, ("تقدير كلفة العلاج من المستشفى", "The hospital's cost estimate")],
        channels=[OFFICE],
        processing_days=10,
        referral_response_days=5,
        referrable=True,
    ),
    # Higher Council for the Rights of Persons with Disabilities ---------------------------------
    card(
        "HCD",
        "hcd-disability-card",
        Pillar.TAMKEEN,
        ("بطاقة تعريف الشخص ذي الإعاقة", "Disability identification card"),
        (
            "بطاقة تثبت الإعاقة ونوعها وشدتها، ويحصل حاملها على الإعفاءات والخدمات المقررة قانونًا.",
            "A card that proves a disability, its kind and severity, and gives its holder the "
            "exemptions and services the law provides.",
        ),
        (
            "تصدر البطاقة بعد التشخيص في اللجنة الطبية المختصة، وتعتمدها الجهات الحكومية للتأمين الصحي والإعفاءات الجمركية والمعونات ومواقف السيارات.",
            "The card is issued after diagnosis by the competent medical committee; government "
            "bodies accept it for health insurance, customs exemptions, aid and parking.",
        ),
        (
            "الأردنيون وأبناء الأردنيات من ذوي الإعاقة، من أي عمر.",
            "Jordanians and children of Jordanian mothers with a disability, of any age.",
        ),
        [
            ID_CARD,
            (
                "قرار اللجنة الطبية بتشخيص الإعاقة",
                "The medical committee's diagnosis of the disability",
            ),
            PHOTOS,
        ],
        channels=[ONLINE, OFFICE, ONE_STOP],
        processing_days=14,
        referral_response_days=7,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "HCD",
        "hcd-assistive-devices",
        Pillar.TAMKEEN,
        ("الأجهزة المساعدة والأدوات التعويضية", "Assistive devices"),
        (
            "الكرسي المتحرك والسماعة الطبية والأطراف الصناعية وغيرها من الأجهزة المساعدة للأشخاص ذوي الإعاقة.",
            "Wheelchairs, hearing aids, prostheses and other assistive devices for persons with "
            "disabilities.",
        ),
        (
            "ينسق المجلس مع وزارة الصحة والجمعيات لتوفير الجهاز المناسب بعد تقييم الحاجة، وصيانته عند الحاجة.",
            "The Council works with the Ministry of Health and charities to provide the right "
            "device after a needs assessment, and to maintain it.",
        ),
        (
            "حملة بطاقة تعريف الشخص ذي الإعاقة الذين يحتاجون إلى جهاز لا يغطيه تأمينهم.",
            "Holders of the disability identification card who need a device their insurance does "
            "not cover.",
        ),
        [DISABILITY_CARD, ("وصفة طبية بالجهاز المطلوب", "A prescription for the device")],
        channels=[OFFICE, ONLINE],
        processing_days=30,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "HCD",
        "hcd-sign-language",
        Pillar.TAMKEEN,
        ("خدمة الترجمة بلغة الإشارة", "Sign language interpretation"),
        (
            "مترجم لغة إشارة يرافق الشخص الأصم في المراجعات الرسمية والمحاكم والمستشفيات.",
            "A sign language interpreter who goes with a deaf person to official appointments, "
            "courts and hospitals.",
        ),
        (
            "تُحجز الخدمة قبل الموعد بيومي عمل على الأقل، وتتوفر ترجمة مرئية عن بعد عبر مكالمة فيديو.",
            "Book at least two working days ahead; remote interpretation by video call is also "
            "available.",
        ),
        ("الأشخاص الصم وضعاف السمع.", "Deaf and hard-of-hearing people."),
        [DISABILITY_CARD],
        channels=[CALL, ONLINE, APP],
        processing_days=2,
        applicable_online=True,
    ),
    card(
        "HCD",
        "hcd-rights-complaints",
        Pillar.SUMUD,
        (
            "تلقي شكاوى انتهاك حقوق الأشخاص ذوي الإعاقة",
            "Complaints of violations of the rights of persons with disabilities",
        ),
        (
            "استقبال الشكاوى من التمييز أو الحرمان من التعليم أو العمل أو الوصول، ومتابعتها مع الجهات المعنية.",
            "Complaints of discrimination, or of being denied education, work or access, followed "
            "up with the bodies concerned.",
        ),
        (
            "يدرس المجلس الشكوى ويخاطب الجهة المشتكى عليها، ويبلغ المشتكي بالنتيجة.",
            "The Council studies the complaint, writes to the body concerned, and tells the "
            "complainant the outcome.",
        ),
        (
            "الأشخاص ذوو الإعاقة وأسرهم ومن يمثلهم.",
            "Persons with disabilities, their families and their representatives.",
        ),
        [],
        channels=[ONLINE, CALL, OFFICE],
        processing_days=15,
        applicable_online=True,
    ),
    # Social Security Corporation ----------------------------------------------------------------
    card(
        "SSC",
        "ssc-unemployment-insurance",
        Pillar.FORSA,
        ("بدل التعطل عن العمل (تأمين التعطل)", "Unemployment insurance benefit"),
        (
            "بدل شهري للمؤمن عليه الذي فقد عمله، من رصيد حسابه الادخاري في تأمين التعطل.",
            "A monthly benefit for an insured person who lost their job, from their unemployment "
            "insurance savings account.",
        ),
        (
            "يُصرف البدل حتى ستة أشهر حسب مدة الاشتراك، ويتوقف عند العودة إلى العمل.",
            "Paid for up to six months depending on the contribution period; it stops when the "
            "person returns to work.",
        ),
        (
            "المؤمن عليهم الذين انتهت خدمتهم ولهم 36 اشتراكًا على الأقل في تأمين التعطل.",
            "Insured people whose employment ended and who have at least 36 monthly contributions "
            "to unemployment insurance.",
        ),
        [
            ID_CARD,
            ("ما يثبت انتهاء الخدمة", "Proof that the employment ended"),
            ("رقم الحساب البنكي (IBAN)", "The bank account number (IBAN)"),
        ],
        channels=[ONLINE, APP, OFFICE],
        processing_days=10,
        referral_response_days=5,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "SSC",
        "ssc-maternity-allowance",
        Pillar.FORSA,
        ("بدل إجازة الأمومة (تأمين الأمومة)", "Maternity insurance allowance"),
        (
            "أجر الأم العاملة المؤمن عليها عن إجازة الأمومة لمدة 70 يومًا.",
            "The insured working mother's pay during 70 days of maternity leave.",
        ),
        (
            "تدفع المؤسسة البدل مباشرة للأم عن مدة الإجازة، ويحتفظ صاحب العمل بوظيفتها.",
            "The Corporation pays the allowance directly to the mother for the leave; the employer "
            "keeps her job.",
        ),
        (
            "الأم المؤمن عليها التي لها ستة اشتراكات على الأقل قبل الولادة.",
            "An insured mother with at least six monthly contributions before the birth.",
        ),
        [ID_CARD, ("شهادة ميلاد المولود", "The baby's birth certificate")],
        channels=[ONLINE, APP, OFFICE],
        processing_days=7,
        applicable_online=True,
    ),
    card(
        "SSC",
        "ssc-old-age-pension",
        Pillar.FORSA,
        ("راتب تقاعد الشيخوخة", "Old-age pension"),
        (
            "راتب تقاعدي شهري للمؤمن عليه عند بلوغه سن الشيخوخة.",
            "A monthly pension for an insured person who reaches retirement age.",
        ),
        (
            "يُحسب الراتب من متوسط الأجور ومدة الاشتراك، ويُربط بالتضخم سنويًا.",
            "The pension is computed from average pay and the contribution period, and indexed to "
            "inflation every year.",
        ),
        (
            "الرجل عند 60 عامًا والمرأة عند 55 عامًا، مع 180 اشتراكًا على الأقل.",
            "Men at 60 and women at 55, with at least 180 monthly contributions.",
        ),
        [ID_CARD, ("رقم الحساب البنكي (IBAN)", "The bank account number (IBAN)")],
        channels=[ONLINE, APP, OFFICE],
        processing_days=30,
        applicable_online=True,
    ),
    card(
        "SSC",
        "ssc-survivors-pension",
        Pillar.SUMUD,
        ("راتب الورثة المستحقين (راتب الوفاة)", "Survivors' pension"),
        (
            "راتب شهري يوزع على الورثة المستحقين عند وفاة المؤمن عليه أو المتقاعد.",
            "A monthly pension shared among the entitled survivors when an insured person or "
            "pensioner dies.",
        ),
        (
            "يوزع الراتب بين الزوج أو الزوجة والأبناء والوالدين المعالين بأنصبة يحددها القانون.",
            "The pension is shared between the spouse, the children and dependent parents in "
            "shares set by law.",
        ),
        (
            "ورثة المؤمن عليه المتوفى الذي له 24 اشتراكًا على الأقل، أو ورثة المتقاعد.",
            "Survivors of a deceased insured person with at least 24 contributions, or of a "
            "pensioner.",
        ),
        [
            DEATH,
            ("حجة حصر الإرث", "The inheritance deed"),
            FAMILY_BOOK,
            ("صور هويات الورثة", "Copies of the survivors' ID cards"),
        ],
        channels=[OFFICE, ONLINE],
        processing_days=20,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "SSC",
        "ssc-work-injury",
        Pillar.SUMUD,
        ("تأمين إصابات العمل", "Work injury insurance"),
        (
            "علاج المصاب في حادث عمل وبدل يومي عن فترة عجزه المؤقت وراتب عند العجز الدائم.",
            "Treatment after an accident at work, a daily allowance while temporarily unable to "
            "work, and a pension for a permanent disability.",
        ),
        (
            "يبلغ صاحب العمل المؤسسة بالإصابة خلال سبعة أيام، وتتولى المؤسسة العلاج في المستشفيات المعتمدة.",
            "The employer reports the injury within seven days; the Corporation pays for treatment "
            "in approved hospitals.",
        ),
        ("العاملون المشمولون بالضمان الاجتماعي.", "Workers covered by social security."),
        [ID_CARD, ("تقرير الإصابة من صاحب العمل", "The employer's injury report"), MEDICAL],
        channels=[OFFICE, ONLINE],
        processing_days=10,
        applicable_online=True,
    ),
    card(
        "SSC",
        "ssc-voluntary-subscription",
        Pillar.FORSA,
        ("الاشتراك الاختياري في الضمان الاجتماعي", "Voluntary social security subscription"),
        (
            "اشتراك يتيح لغير العاملين وأصحاب الأعمال الحرة بناء حقهم في التقاعد.",
            "A subscription that lets people out of work and the self-employed build their right to "
            "a pension.",
        ),
        (
            "يختار المشترك الأجر الذي يشترك عليه ضمن حدود، ويدفع الاشتراك شهريًا إلكترونيًا.",
            "The subscriber chooses the pay to contribute on, within limits, and pays every month "
            "online.",
        ),
        (
            "الأردنيون من 16 عامًا حتى سن التقاعد، المقيمون في الأردن أو خارجه.",
            "Jordanians from 16 to retirement age, living in Jordan or abroad.",
        ),
        [ID_CARD],
        fee="0",
        fee_note=(
            "الاشتراك الشهري نسبة من الأجر المختار",
            "The monthly contribution is a share of the chosen pay",
        ),
        channels=[ONLINE, APP],
        processing_days=1,
        applicable_online=True,
    ),
    # Health Insurance Administration ------------------------------------------------------------
    card(
        "HIA",
        "hia-poor-families",
        Pillar.TAMKEEN,
        ("التأمين الصحي المدني للأسر الفقيرة", "Civil health insurance for poor families"),
        (
            "تأمين صحي مجاني في مراكز ومستشفيات وزارة الصحة للأسر المنتفعة من صندوق المعونة الوطنية.",
            "Free health insurance in Ministry of Health centres and hospitals for households "
            "receiving National Aid Fund aid.",
        ),
        (
            "تصدر البطاقة لكل أفراد الأسرة، وتغطي المعالجة والأدوية والعمليات في القطاع الصحي العام.",
            "The card covers every member of the household for treatment, medicines and operations "
            "in the public health sector.",
        ),
        (
            "الأسر المنتفعة من المعونة الشهرية أو برنامج تكافل.",
            "Households receiving the monthly aid or the Takaful programme.",
        ),
        [
            ID_CARD,
            FAMILY_BOOK,
            ("كتاب من صندوق المعونة الوطنية", "A letter from the National Aid Fund"),
        ],
        channels=[OFFICE, ONE_STOP],
        processing_days=7,
        referral_response_days=5,
        referrable=True,
    ),
    card(
        "HIA",
        "hia-children-under-six",
        Pillar.TAMKEEN,
        ("التأمين الصحي للأطفال دون سن السادسة", "Health insurance for children under six"),
        (
            "تأمين صحي مجاني لكل طفل أردني دون السادسة في مراكز ومستشفيات وزارة الصحة.",
            "Free health insurance for every Jordanian child under six in Ministry of Health "
            "centres and hospitals.",
        ),
        (
            "يُشمل الطفل بالتأمين بمجرد تسجيل ولادته، وتصدر البطاقة من أقرب مكتب للتأمين الصحي.",
            "The child is covered once the birth is registered; the card is issued by the nearest "
            "health insurance office.",
        ),
        ("الأطفال الأردنيون دون ست سنوات.", "Jordanian children under six."),
        [BIRTH, ("صورة هوية الأب أو الأم", "A copy of the father's or mother's ID card")],
        channels=[OFFICE, ONE_STOP, ONLINE],
        processing_days=1,
        applicable_online=True,
    ),
    card(
        "HIA",
        "hia-over-sixty",
        Pillar.TAMKEEN,
        ("التأمين الصحي لكبار السن", "Health insurance for people aged 60 and over"),
        (
            "تأمين صحي مجاني في القطاع العام لمن بلغ 60 عامًا ولا يملك تأمينًا آخر.",
            "Free public health insurance for people aged 60 and over without other insurance.",
        ),
        (
            "يغطي التأمين المعالجة والأدوية في مراكز ومستشفيات وزارة الصحة.",
            "The insurance covers treatment and medicines in Ministry of Health centres and "
            "hospitals.",
        ),
        ("الأردنيون من 60 عامًا فأكثر.", "Jordanians aged 60 and over."),
        [ID_CARD],
        channels=[OFFICE, ONE_STOP],
        processing_days=1,
    ),
    card(
        "HIA",
        "hia-persons-with-disabilities",
        Pillar.TAMKEEN,
        (
            "التأمين الصحي للأشخاص ذوي الإعاقة",
            "Health insurance for persons with disabilities",
        ),
        (
            "تأمين صحي مجاني لحملة بطاقة تعريف الشخص ذي الإعاقة.",
            "Free health insurance for holders of the disability identification card.",
        ),
        (
            "يغطي التأمين المعالجة والأدوية والعلاج الطبيعي في القطاع الصحي العام.",
            "The insurance covers treatment, medicines and physiotherapy in the public health "
            "sector.",
        ),
        ("حملة بطاقة تعريف الشخص ذي الإعاقة.", "Holders of the disability identification card."),
        [ID_CARD, DISABILITY_CARD],
        channels=[OFFICE, ONE_STOP],
        processing_days=3,
    ),
    card(
        "HIA",
        "hia-voluntary-insurance",
        Pillar.TAMKEEN,
        ("الاشتراك الاختياري في التأمين الصحي المدني", "Voluntary civil health insurance"),
        (
            "اشتراك سنوي في التأمين الصحي الحكومي لمن لا يشمله تأمين آخر.",
            "A yearly subscription to public health insurance for people without other cover.",
        ),
        (
            "يُدفع الاشتراك سنويًا، ويبدأ التأمين بعد فترة انتظار قصيرة لبعض الخدمات.",
            "The subscription is paid yearly; some services start after a short waiting period.",
        ),
        ("الأردنيون غير المؤمنين صحيًا.", "Jordanians without health insurance."),
        [ID_CARD, PHOTOS],
        fee="60",
        fee_note=("للفرد سنويًا دون 60 عامًا", "Per person per year, under 60"),
        channels=[ONLINE, OFFICE],
        processing_days=3,
        applicable_online=True,
    ),
    # Ministry of Labour -------------------------------------------------------------------------
    card(
        "MOL",
        "mol-national-employment-programme",
        Pillar.FORSA,
        ("البرنامج الوطني للتشغيل", "National Employment Programme"),
        (
            "تشغيل الباحثين عن عمل في القطاع الخاص مع دعم جزء من الأجر في الأشهر الأولى.",
            "Jobs in the private sector for jobseekers, with part of the wage paid in the first "
            "months.",
        ),
        (
            "يطابق البرنامج الباحث عن عمل مع وظيفة مناسبة، ويدعم الأجر والضمان الاجتماعي لمدة تصل إلى ستة أشهر.",
            "The programme matches the jobseeker with a suitable job and supports the wage and "
            "social security for up to six months.",
        ),
        (
            "الأردنيون الباحثون عن عمل من 18 إلى 40 عامًا المسجلون في المنصة الوطنية للتشغيل.",
            "Jordanian jobseekers aged 18 to 40 registered on the national employment platform.",
        ),
        [ID_CARD, ("السيرة الذاتية والشهادات", "A CV and certificates")],
        channels=[ONLINE, OFFICE],
        processing_days=20,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "MOL",
        "mol-job-matching",
        Pillar.FORSA,
        ("التسجيل في المنصة الوطنية للتشغيل", "Registering on the national employment platform"),
        (
            "تسجيل الباحث عن عمل لمطابقته مع فرص العمل والتدريب المتاحة.",
            "Register as a jobseeker to be matched with available jobs and training.",
        ),
        (
            "تعرض المنصة الوظائف الشاغرة في القطاع الخاص، وترسل للمسجل الفرص المناسبة لمؤهلاته.",
            "The platform lists private-sector vacancies and sends registered jobseekers the "
            "offers that fit their qualifications.",
        ),
        ("الأردنيون الباحثون عن عمل.", "Jordanian jobseekers."),
        [ID_CARD],
        channels=[ONLINE, APP, OFFICE],
        processing_days=1,
        referral_response_days=5,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "MOL",
        "mol-vocational-training",
        Pillar.FORSA,
        ("التدريب المهني المدعوم", "Subsidised vocational training"),
        (
            "دورات تدريب مهني مجانية أو مدعومة في مهن مطلوبة في سوق العمل.",
            "Free or subsidised vocational training courses in trades the labour market needs.",
        ),
        (
            "تنفذ الدورات مع مؤسسة التدريب المهني ومراكز معتمدة، وتنتهي بشهادة مزاولة مهنة.",
            "Courses run with the Vocational Training Corporation and accredited centres, and "
            "lead to a practice certificate.",
        ),
        ("الأردنيون من 16 عامًا فأكثر.", "Jordanians aged 16 and over."),
        [ID_CARD, ("آخر شهادة دراسية", "The latest school certificate"), PHOTOS],
        channels=[ONLINE, OFFICE],
        processing_days=14,
        referral_response_days=10,
        referrable=True,
        applicable_online=True,
    ),
    card(
        "MOL",
        "mol-work-permit",
        Pillar.FORSA,
        ("إصدار تصريح عمل للعامل غير الأردني", "Work permit for a non-Jordanian worker"),
        (
            "إصدار تصريح العمل السنوي للعامل غير الأردني أو تجديده، بطلب من صاحب العمل.",
            "Issuing or renewing the yearly work permit of a non-Jordanian worker, at the "
            "employer's request.",
        ),
        (
            "يقدم صاحب العمل الطلب إلكترونيًا، ويدفع الرسوم، ويطبع التصريح بعد الموافقة.",
            "The employer applies online, pays the fee and prints the permit once approved.",
        ),
        (
            "أصحاب العمل المسجلون الذين يشغلون عمالًا غير أردنيين في المهن المسموح بها.",
            "Registered employers of non-Jordanian workers in the occupations open to them.",
        ),
        [
            ("جواز سفر العامل ساري المفعول", "The worker's valid passport"),
            ("عقد العمل", "The employment contract"),
            ("فحص طبي للعامل", "The worker's medical check"),
        ],
        fee="500",
        fee_note=(
            "يختلف حسب القطاع؛ أقل في الزراعة والعمالة المنزلية",
            "Depends on the sector; lower in agriculture and domestic work",
        ),
        channels=[ONLINE, OFFICE],
        processing_days=5,
        applicable_online=True,
    ),
    card(
        "MOL",
        "mol-flexible-work-permit",
        Pillar.FORSA,
        ("تصاريح العمل المرنة للاجئين", "Flexible work permits for refugees"),
        (
            "تصريح عمل غير مرتبط بصاحب عمل واحد للاجئين في قطاعات محددة، معفى من الرسوم.",
            "A work permit not tied to one employer for refugees in certain sectors, free of charge.",
        ),
        (
            "يتيح التصريح العمل لدى أكثر من صاحب عمل في الزراعة والإنشاءات، ويصدر عبر التعاونيات والنقابات.",
            "The permit allows work for several employers in agriculture and construction, and is "
            "issued through cooperatives and unions.",
        ),
        (
            "اللاجئون السوريون المسجلون لدى المفوضية ويحملون بطاقة وزارة الداخلية.",
            "Syrian refugees registered with UNHCR and holding the Ministry of Interior card.",
        ),
        [
            ("بطاقة الخدمة الصادرة عن وزارة الداخلية", "The Ministry of Interior service card"),
            ("شهادة تسجيل المفوضية", "The UNHCR registration certificate"),
        ],
        channels=[OFFICE],
        processing_days=7,
    ),
    card(
        "MOL",
        "mol-labour-complaint",
        Pillar.SUMUD,
        ("تقديم شكوى عمالية", "Filing a labour complaint"),
        (
            "شكوى من عدم دفع الأجور أو الفصل التعسفي أو مخالفة شروط العمل، تتابعها مديرية العمل.",
            "A complaint of unpaid wages, unfair dismissal or breach of working conditions, "
            "followed up by the labour directorate.",
        ),
        (
            "يمكن تقديم الشكوى باسم صاحبها أو دون ذكر الاسم، ويزور مفتش العمل المنشأة عند الحاجة.",
            "Complaints can be named or anonymous; a labour inspector visits the workplace when "
            "needed.",
        ),
        ("كل عامل في الأردن، أردنيًا كان أم غير أردني.", "Any worker in Jordan, Jordanian or not."),
        [],
        channels=[ONLINE, CALL, OFFICE, APP],
        processing_days=14,
        applicable_online=True,
    ),
    # Agencies in the life-event bundles ---------------------------------------------------------
    card(
        "CSPD",
        "cspd-birth-registration",
        Pillar.TAMKEEN,
        ("تسجيل المولود وإصدار شهادة الميلاد", "Registering a birth and the birth certificate"),
        (
            "تسجيل واقعة الولادة وإصدار شهادة ميلاد المولود ورقمه الوطني.",
            "Registering a birth and issuing the baby's birth certificate and national number.",
        ),
        (
            "تُسجل الولادة في مكتب الأحوال المدنية أو في المستشفى، ويصدر للمولود رقم وطني.",
            "The birth is registered at a civil status office or in the hospital; the baby gets a "
            "national number.",
        ),
        (
            "والدا المولود أو أحد أقاربه، خلال 30 يومًا من الولادة.",
            "The baby's parents or a relative, within 30 days of the birth.",
        ),
        [
            ("تبليغ الولادة من المستشفى", "The hospital's birth notification"),
            FAMILY_BOOK,
            ("هويتا الأب والأم", "The father's and mother's ID cards"),
        ],
        fee="1",
        fee_note=(
            "التسجيل خلال 30 يومًا مجاني؛ الرسم لنسخة الشهادة",
            "Registration within 30 days is free; the fee is for the certificate copy",
        ),
        channels=[OFFICE, ONLINE],
        processing_days=0,
        applicable_online=True,
    ),
    card(
        "CSPD",
        "cspd-family-book",
        Pillar.TAMKEEN,
        ("إضافة المولود إلى دفتر العائلة", "Adding a newborn to the family book"),
        (
            "تعديل دفتر العائلة بإضافة المولود الجديد.",
            "Updating the family book with the new baby.",
        ),
        (
            "يضاف المولود إلى دفتر العائلة بعد تسجيل ولادته، ويُطبع الدفتر المعدل في الحال.",
            "The baby is added to the family book once the birth is registered; the updated book "
            "is printed on the spot.",
        ),
        ("رب الأسرة الأردني.", "The Jordanian head of household."),
        [FAMILY_BOOK, BIRTH, ID_CARD],
        fee="0",
        fee_note=(
            "الإضافة مجانية؛ بدل فاقد الدفتر 10 دنانير",
            "Adding a child is free; replacing a lost book costs 10 dinars",
        ),
        channels=[OFFICE],
        processing_days=0,
    ),
    card(
        "CSPD",
        "cspd-passport",
        Pillar.TAMKEEN,
        ("إصدار جواز سفر أردني", "Issuing a Jordanian passport"),
        (
            "إصدار جواز سفر عادي لمدة خمس سنوات، للكبار والأطفال.",
            "Issuing a regular five-year passport, for adults and children.",
        ),
        (
            "يُقدم الطلب إلكترونيًا أو في مكتب الجوازات، ويُستلم الجواز من المكتب المختار أو بالبريد.",
            "Apply online or at a passport office; collect the passport at the chosen office or by "
            "post.",
        ),
        (
            "المواطنون الأردنيون؛ يقدم ولي الأمر الطلب عن الطفل.",
            "Jordanian citizens; a parent applies for a child.",
        ),
        [ID_CARD, PHOTOS, BIRTH],
        fee="50",
        channels=[ONLINE, OFFICE, APP],
        processing_days=3,
        applicable_online=True,
    ),
    card(
        "MOH",
        "moh-child-vaccination",
        Pillar.TAMKEEN,
        ("تطعيم الأطفال وبطاقة المطاعيم", "Childhood vaccinations and the vaccination card"),
        (
            "مطاعيم البرنامج الوطني مجانًا للأطفال في مراكز الأمومة والطفولة، مع بطاقة المطاعيم.",
            "The national programme's vaccines, free for children at mother-and-child centres, "
            "with the vaccination card.",
        ),
        (
            "تبدأ المطاعيم عند الولادة وتستمر حسب الجدول الوطني، وتُسجل في بطاقة المطاعيم المطلوبة للتسجيل في المدرسة.",
            "Vaccinations start at birth and follow the national schedule; they are recorded on "
            "the vaccination card that schools ask for.",
        ),
        ("كل الأطفال المقيمين في الأردن.", "Every child living in Jordan."),
        [BIRTH],
        channels=[OFFICE],
        processing_days=0,
    ),
    card(
        "MOH",
        "moh-disability-medical-committee",
        Pillar.TAMKEEN,
        ("اللجان الطبية لتشخيص الإعاقة", "Medical committees for the diagnosis of disability"),
        (
            "فحص وتشخيص الإعاقة ونوعها وشدتها، وهو الخطوة الأولى للحصول على بطاقة تعريف الشخص ذي الإعاقة.",
            "Examination and diagnosis of a disability, its kind and severity: the first step to "
            "the disability identification card.",
        ),
        (
            "تُحجز مواعيد اللجان في مستشفيات وزارة الصحة، ويُرسل القرار إلكترونيًا إلى المجلس الأعلى.",
            "Committee appointments are booked at Ministry of Health hospitals; the decision goes "
            "electronically to the Higher Council.",
        ),
        ("كل من يطلب تشخيص إعاقة.", "Anyone who asks for a disability diagnosis."),
        [ID_CARD, MEDICAL],
        channels=[OFFICE, ONLINE],
        processing_days=21,
        applicable_online=True,
    ),
    card(
        "MOE",
        "moe-inclusive-education",
        Pillar.TAMKEEN,
        ("الدمج التعليمي للطلبة ذوي الإعاقة", "Inclusive education for students with disabilities"),
        (
            "تعليم الطلبة ذوي الإعاقة في المدارس الحكومية مع غرف مصادر ومعلمي ظل وترتيبات تيسيرية.",
            "Schooling for students with disabilities in public schools, with resource rooms, "
            "shadow teachers and reasonable accommodation.",
        ),
        (
            "تقيّم مديرية التربية حاجات الطالب وتضع خطة تربوية فردية، وتتابع تقدمه كل فصل.",
            "The education directorate assesses the student's needs, makes an individual "
            "education plan, and follows progress every term.",
        ),
        ("الطلبة ذوو الإعاقة في سن المدرسة.", "School-age students with disabilities."),
        [BIRTH, DISABILITY_CARD, ("آخر شهادة مدرسية إن وجدت", "The latest school report, if any")],
        channels=[OFFICE],
        processing_days=14,
        referral_response_days=10,
        referrable=True,
    ),
    card(
        "MOJ",
        "moj-legal-aid",
        Pillar.SUMUD,
        ("المساعدة القانونية", "Legal aid"),
        (
            "محامٍ مجاني لمن لا يستطيع توكيل محامٍ، ومنهم ضحايا العنف الأسري.",
            "A free lawyer for people who cannot pay for one, among them survivors of family "
            "violence.",
        ),
        (
            "تعين الوزارة محاميًا من قائمة المحامين المعتمدين بعد دراسة الطلب.",
            "The Ministry appoints a lawyer from the list of approved lawyers after studying the "
            "request.",
        ),
        (
            "غير القادرين ماليًا في القضايا الجزائية والقضايا التي يحددها نظام المساعدة القانونية.",
            "People who cannot afford a lawyer, in criminal cases and the cases the legal aid "
            "regulation names.",
        ),
        [ID_CARD, INCOME],
        channels=[OFFICE, CALL],
        processing_days=7,
        referral_response_days=5,
        referrable=True,
    ),
]

LIFE_EVENTS = [
    (
        "newborn",
        ("مولود جديد", "A new baby"),
        (
            "ما تحتاجه الأسرة بعد الولادة: التسجيل والوثائق والتأمين الصحي والمطاعيم.",
            "What a family needs after a birth: registration, documents, health insurance and "
            "vaccinations.",
        ),
        [
            "cspd-birth-registration",
            "cspd-family-book",
            "hia-children-under-six",
            "moh-child-vaccination",
            "cspd-passport",
            "ssc-maternity-allowance",
        ],
    ),
    (
        "disability",
        ("الإعاقة", "Living with a disability"),
        (
            "من التشخيص وبطاقة التعريف إلى الأجهزة المساعدة والتأهيل والدعم النقدي والتعليم الدامج.",
            "From diagnosis and the identification card to assistive devices, rehabilitation, cash "
            "support and inclusive education.",
        ),
        [
            "moh-disability-medical-committee",
            "hcd-disability-card",
            "hcd-assistive-devices",
            "mosd-disability-day-care",
            "naf-disability-care-allowance",
            "hia-persons-with-disabilities",
            "moe-inclusive-education",
        ],
    ),
    (
        "breadwinner_loss",
        ("فقدان معيل الأسرة", "Loss of the family breadwinner"),
        (
            "دعم عاجل ثم منتظم للأسرة التي فقدت معيلها، مع التأمين الصحي والدعم النفسي.",
            "Urgent and then regular support for a family that lost its breadwinner, with health "
            "insurance and psychosocial support.",
        ),
        [
            "naf-emergency-cash-aid",
            "naf-monthly-cash-aid",
            "ssc-survivors-pension",
            "hia-poor-families",
            "mosd-family-counselling",
            "zakat-orphan-sponsorship",
        ],
    ),
    (
        "job_loss",
        ("فقدان العمل", "Losing a job"),
        (
            "دخل مؤقت، وعودة إلى العمل عبر التشغيل والتدريب، وحماية حقوق العامل.",
            "Temporary income, a way back to work through employment and training, and "
            "protection of the worker's rights.",
        ),
        [
            "ssc-unemployment-insurance",
            "mol-job-matching",
            "mol-national-employment-programme",
            "mol-vocational-training",
            "naf-temporary-cash-aid",
            "mol-labour-complaint",
        ],
    ),
    (
        "elderly_care",
        ("رعاية كبار السن", "Caring for an older person"),
        (
            "رعاية في البيت أو نهارية أو إيوائية، والتأمين الصحي والدخل لكبار السن.",
            "Care at home, by day or in a residential home, and health insurance and income for "
            "older people.",
        ),
        [
            "mosd-elderly-home-care",
            "mosd-elderly-day-clubs",
            "hia-over-sixty",
            "ssc-old-age-pension",
            "naf-monthly-cash-aid",
            "mosd-elderly-care-home",
        ],
    ),
    (
        "domestic_violence",
        ("العنف الأسري", "Family violence"),
        (
            "حماية فورية وإيواء آمن ومساعدة قانونية ودعم نفسي، بسرية تامة.",
            "Immediate protection, a safe shelter, legal aid and psychological support, in full "
            "confidence.",
        ),
        [
            "mosd-family-protection",
            "mosd-women-shelter",
            "moj-legal-aid",
            "mosd-family-counselling",
        ],
    ),
]
