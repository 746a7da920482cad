"""The 109 academic year's rules as the center announced them (shared/seed slides).

Read by the data migration that seeds them; after that the rows belong to the center, which edits
them in the admin. Tests compare the seeded rows with SPEC §2, value by value.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

TAIPEI = ZoneInfo("Asia/Taipei")

STAGES = [("elementary", "國小"), ("junior", "國中")]

# 108 curriculum domains: (name, stages, note)
DOMAINS = [
    ("國語文", ["elementary", "junior"], ""),
    ("本土語文", ["elementary", "junior"], ""),
    ("英語文", ["elementary", "junior"], ""),
    ("數學", ["elementary", "junior"], ""),
    ("社會", ["elementary", "junior"], ""),
    ("自然科學", ["elementary", "junior"], ""),
    ("藝術", ["elementary", "junior"], ""),
    ("綜合活動", ["elementary", "junior"], ""),
    ("健康與體育", ["elementary", "junior"], ""),
    ("科技", ["junior"], "國中"),
    ("生活課程", ["elementary"], "國小1–2年級"),
]
GRADES = ["一年級", "二年級", "三年級", "四年級", "五年級", "六年級"]

PROGRAM = {
    "academic_year": 109,
    "start_date": date(2020, 8, 1),
    "end_date": date(2021, 7, 31),
    "application_opens_at": datetime(2020, 9, 1, 8, 0, tzinfo=TAIPEI),
    "application_closes_at": datetime(2020, 9, 30, 17, 0, tzinfo=TAIPEI),
    "upload_max_bytes": 2 * 1024 * 1024,
    "exam_weak_threshold": Decimal("50"),
    "exam_weak_year_from": 106,
    "exam_weak_year_to": 107,
}

VARIANT_A = (
    "學年領域學習社群",
    [
        ("學習診斷與學力促進", True, False),
        ("備觀議課", True, False),
        ("彈性學習課程規劃", False, False),
        ("跨領域教學(協同教學)", False, False),
        ("素養導向教學設計", False, False),
        ("素養導向評量工具", False, False),
        ("其他(十二年國教課綱之相關議題)", False, True),
    ],
)
VARIANT_B = (
    "其他類型社群",
    [
        ("素養導向教學設計", True, False),
        ("素養導向評量", True, False),
        ("彈性學習課程規劃", False, False),
        ("學習診斷與學力促進", False, False),
        ("跨領域教學(協同教學)", False, False),
        ("備觀議課", False, False),
        ("其他(十二年國教課程之相關議題)", False, True),
    ],
)

# Each strategic-alliance circle should try 1–3 cross-school communities (slides: 請至少試辦1-3跨校社群).
CROSS_SCHOOL_TARGET = (1, 3)

# (number, name, base, cross-school bonus, mandatory, counts toward quota, variant)
COMMUNITY_TYPES = [
    (1, "學年領域學習社群", 3000, 2000, True, True, "A"),
    (2, "初階學習社群", 15000, 5000, False, False, "B"),
    (3, "進階學習社群", 20000, 5000, False, False, "B"),
    (4, "專業貢獻社群", 50000, 0, False, False, "B"),
    (5, "校長專業社群", 15000, 0, False, False, "B"),
]
MIN_SESSIONS = 6
MIN_PUBLIC_LESSONS = 1
MIN_MEMBERS = 3

# type-1 quota: (stage, classes_min, classes_max, min, max)
QUOTAS = [
    ("elementary", 12, None, 3, 8),
    ("elementary", 0, 11, 2, 6),
    ("junior", 12, None, 4, 8),
    ("junior", 0, 11, 3, 6),
]

COMPETENCIES = [
    (
        "A.自主行動",
        [("A1", "身心素質與自我精進"), ("A2", "系統思考與解決問題"), ("A3", "規劃執行與創新應變")],
    ),
    (
        "B.溝通互動",
        [("B1", "符號運用與溝通表達"), ("B2", "科技資訊與媒體素養"), ("B3", "藝術涵養與美感素養")],
    ),
    (
        "C.社會參與",
        [("C1", "道德實踐與公民意識"), ("C2", "人際關係與團隊合作"), ("C3", "多元文化與國際理解")],
    ),
]

GOALS = [
    "透過專題探討、公開授課與專業回饋，建構教師之學習共同體",
    "提升教師共同備課及課程發展與教學設計能力",
    "充實教師學/群科專業知能，精進教師教學技巧",
    "透過社群活動增能，增進教師教學媒材研發能力",
    "透過社群活動增能，提升教師班級經營能力與技巧",
    "透過社群活動增能，進行同儕省思對話，精進教學策略及教學方法",
    "將所學運用於教育現場回饋予學生，增進學生的學習成效",
    "落實專業對話，進行課程規劃與討論，提升教學效能與學生學習成效",
    "透過專題探討與評量分析之結果，進行調整或修正教學",
    "擬定個別或團體輔導之計畫，落實於學生輔導，協助學生正常學習",
    "應用教學檔案與回饋，進行教師省思教學以調整教學設計",
    "引導教師自我反思教學實踐，共同解決教學的問題",
    "將社群運作的歷程或成果整理成動、靜態資料，並分享給同儕",
    "其他",
]

METHODS = [
    "共同備課",
    "公開授課與專業回饋(觀課議課)",
    "彈性學習課程規劃",
    "素養導向課程與評量設計",
    "創新實驗課程發展",
    "同儕省思對話",
    "主題經驗分享",
    "教學媒材研發",
    "專題探討(含專書、影帶)",
    "行動研究",
    "專題講座",
    "校內外成果發表",
    "諮詢輔導",
    "其他",
]

# (number, name, unit, kind, cap_per_unit, cap_per_member, premium_base, note)
BUDGET_ITEMS = [
    (
        1,
        "外聘講座鐘點費",
        "節",
        "lecture_external",
        None,
        None,
        True,
        "鐘點費項目(內外聘講師、內外聘助理講座鐘點費)依行政院「講座鐘點費支給表」規定，可相互勻支。",
    ),
    (
        2,
        "內聘講座鐘點費",
        "節",
        "lecture_internal",
        None,
        None,
        True,
        "鐘點費項目(內外聘講師、內外聘助理講座鐘點費)依行政院「講座鐘點費支給表」規定，可相互勻支。",
    ),
    (
        3,
        "外聘諮詢費",
        "人次",
        "consultation",
        2500,
        None,
        True,
        "以外聘學者專家為限，每次出席不逾2,500元",
    ),
    (4, "二代健保補充保費", "式", "premium", None, None, False, "諮詢費與講座鐘點費之1.91%。"),
    (
        5,
        "講座交通費",
        "次",
        "plain",
        None,
        None,
        False,
        "外聘講座講師，依「國內出差旅費報支要點」辦理，請核實報支。",
    ),
    (
        6,
        "印刷費",
        "式",
        "per_member",
        None,
        100,
        False,
        "含影印、紙張、資料印製、成果發表手冊編製等，每人以新臺幣100元為限。",
    ),
    (7, "教材教具費", "式", "plain", None, None, False, ""),
]

# 講座鐘點費支給表 (per 節 of 50 minutes): (budget item number, category, lecturer, assistant,
# from, to). The table in force in 2020, and the raised one.
RAISED_ON = date(2022, 1, 1)
LECTURER_FEES = [
    (1, "外聘 國外聘請", 2400, 1200, date(2020, 1, 1), None),
    (1, "外聘 國內專家學者", 1600, 800, date(2020, 1, 1), date(2021, 12, 31)),
    (
        1,
        "外聘 與主辦機關(構)有隸屬關係之機關(構)人員",
        1200,
        600,
        date(2020, 1, 1),
        date(2021, 12, 31),
    ),
    (2, "內聘 主辦機關(構)人員", 800, 400, date(2020, 1, 1), date(2021, 12, 31)),
    (1, "外聘 國內專家學者", 2000, 1000, RAISED_ON, None),
    (1, "外聘 與主辦機關(構)有隸屬關係之機關(構)人員", 1500, 750, RAISED_ON, None),
    (2, "內聘 主辦機關(構)人員", 1000, 500, RAISED_ON, None),
]

# 二代健保補充保費 rate (percent), by effective date.
PREMIUM_RATES = [
    (Decimal("1.91"), date(2016, 1, 1), date(2020, 12, 31)),
    (Decimal("2.11"), date(2021, 1, 1), None),
]

TAINAN_DISTRICTS = [
    "新營區",
    "鹽水區",
    "白河區",
    "柳營區",
    "後壁區",
    "東山區",
    "麻豆區",
    "下營區",
    "六甲區",
    "官田區",
    "大內區",
    "佳里區",
    "學甲區",
    "西港區",
    "七股區",
    "將軍區",
    "北門區",
    "新化區",
    "善化區",
    "新市區",
    "安定區",
    "山上區",
    "玉井區",
    "楠西區",
    "南化區",
    "左鎮區",
    "仁德區",
    "歸仁區",
    "關廟區",
    "龍崎區",
    "永康區",
    "東區",
    "南區",
    "北區",
    "安南區",
    "安平區",
    "中西區",
]


def seed_reference(apps):
    Stage = apps.get_model("programs", "Stage")
    Domain = apps.get_model("programs", "Domain")
    stages = {}
    for order, (code, name) in enumerate(STAGES):
        stages[code], _ = Stage.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
    for order, (name, stage_codes, note) in enumerate(DOMAINS):
        domain, _ = Domain.objects.get_or_create(
            kind="domain", name=name, defaults={"order": order, "note": note}
        )
        domain.stages.set([stages[c] for c in stage_codes])
    for order, name in enumerate(GRADES):
        grade, _ = Domain.objects.get_or_create(kind="grade", name=name, defaults={"order": order})
        grade.stages.set([stages["elementary"]])


def seed_program(apps):
    ProgramYear = apps.get_model("programs", "ProgramYear")
    Stage = apps.get_model("programs", "Stage")
    ContentVariant = apps.get_model("programs", "ContentVariant")
    ContentItem = apps.get_model("programs", "ContentItem")
    CommunityType = apps.get_model("programs", "CommunityType")
    QuotaRule = apps.get_model("programs", "QuotaRule")
    Option = apps.get_model("programs", "Option")
    BudgetItem = apps.get_model("programs", "BudgetItem")
    LecturerFeeRate = apps.get_model("programs", "LecturerFeeRate")
    PremiumRate = apps.get_model("programs", "PremiumRate")

    if ProgramYear.objects.filter(academic_year=PROGRAM["academic_year"]).exists():
        return
    program = ProgramYear.objects.create(**PROGRAM)
    variants = {}
    for key, (name, items) in (("A", VARIANT_A), ("B", VARIANT_B)):
        variants[key] = ContentVariant.objects.create(program=program, name=name)
        for order, (label, required, allows_text) in enumerate(items):
            ContentItem.objects.create(
                variant=variants[key],
                label=label,
                required=required,
                allows_text=allows_text,
                order=order,
            )
    types = {}
    for number, name, base, bonus, mandatory, quota, variant in COMMUNITY_TYPES:
        types[number] = CommunityType.objects.create(
            program=program,
            number=number,
            name=name,
            base_amount=base,
            cross_school_bonus=bonus,
            mandatory_per_school=mandatory,
            counts_toward_quota=quota,
            content_variant=variants[variant],
            min_sessions=MIN_SESSIONS,
            min_public_lessons=MIN_PUBLIC_LESSONS,
            min_members=MIN_MEMBERS,
        )
    for stage_code, classes_min, classes_max, low, high in QUOTAS:
        QuotaRule.objects.create(
            program=program,
            community_type=types[1],
            stage=Stage.objects.get(code=stage_code),
            classes_min=classes_min,
            classes_max=classes_max,
            min_communities=low,
            max_communities=high,
        )
    order = 0
    for group, entries in COMPETENCIES:
        for code, label in entries:
            Option.objects.create(
                program=program, kind="competency", group=group, code=code, label=label, order=order
            )
            order += 1
    for kind, labels in (("goal", GOALS), ("method", METHODS)):
        for order, label in enumerate(labels):
            Option.objects.create(
                program=program, kind=kind, label=label, order=order, allows_text=(label == "其他")
            )
    items = {}
    for number, name, unit, kind, cap, per_member, premium_base, note in BUDGET_ITEMS:
        items[number] = BudgetItem.objects.create(
            program=program,
            number=number,
            name=name,
            unit=unit,
            kind=kind,
            cap_per_unit=cap,
            cap_per_member=per_member,
            premium_base=premium_base,
            note=note,
        )
    for number, category, fee, assistant, start, end in LECTURER_FEES:
        LecturerFeeRate.objects.create(
            budget_item=items[number],
            category=category,
            lecturer_fee=fee,
            assistant_fee=assistant,
            effective_from=start,
            effective_to=end,
        )
    for rate, start, end in PREMIUM_RATES:
        PremiumRate.objects.get_or_create(
            effective_from=start, defaults={"rate_percent": rate, "effective_to": end}
        )


# The 審查表. The slides name no review criteria: these four are the ones a PLC grant review
# usually weighs, seeded so that the year starts with a usable form; the center edits them (and
# the options below) in the admin. (name, 評分說明, 權重 %, 滿分); stage "" = both stages.
REVIEW_CRITERIA = [
    ("目標與需求", "社群目標明確，回應學生學習與教師專業成長的需求", 25, 10),
    ("運作規劃", "進度規劃、實施方式與公開授課安排具體可行", 30, 10),
    ("經費合理性", "經費編列合理，符合補助項目與支給標準", 20, 10),
    ("預期成效", "預期成效具體可檢核，並能分享推廣", 25, 10),
]
# The answers a reviewer may give as their 審查建議, per stage: (stage, label, 須填建議核定金額).
RECOMMENDATION_OPTIONS = [
    ("first", "建議通過", False),
    ("first", "建議修正後再審", False),
    ("first", "建議不通過", False),
    ("second", "建議核定", True),
    ("second", "建議不通過", False),
]
CONFLICT_STATEMENT = (
    "本人擔任本學年度教師專業學習社群計畫審查委員，謹聲明與本申請案之申請學校、合作學校、"
    "召集人及社群成員無下列利益衝突：（一）本人或配偶、三親等以內血親或姻親為召集人或社群成員；"
    "（二）本人現任職或三年內曾任職於申請學校或合作學校；（三）其他足以影響審查公正之關係。"
    "如有上述情形，本人應申請迴避。本人並同意對審查內容保密。"
)


def seed_review_rules(apps):
    """The 109 審查表, 審查建議 options and 利益迴避聲明, unless the year has them already."""
    ProgramYear = apps.get_model("programs", "ProgramYear")
    ReviewCriterion = apps.get_model("programs", "ReviewCriterion")
    RecommendationOption = apps.get_model("programs", "RecommendationOption")
    program = ProgramYear.objects.filter(academic_year=PROGRAM["academic_year"]).first()
    if program is None:
        return
    if not program.conflict_statement:
        program.conflict_statement = CONFLICT_STATEMENT
        program.save(update_fields=["conflict_statement"])
    if not ReviewCriterion.objects.filter(program=program).exists():
        for order, (name, description, weight, max_score) in enumerate(REVIEW_CRITERIA):
            ReviewCriterion.objects.create(
                program=program,
                stage="",
                name=name,
                description=description,
                weight=weight,
                max_score=max_score,
                order=order,
            )
    if not RecommendationOption.objects.filter(program=program).exists():
        for order, (stage, label, needs_amount) in enumerate(RECOMMENDATION_OPTIONS):
            RecommendationOption.objects.create(
                program=program, stage=stage, label=label, needs_amount=needs_amount, order=order
            )


def seed_districts(apps):
    District = apps.get_model("people", "District")
    for order, name in enumerate(TAINAN_DISTRICTS):
        District.objects.get_or_create(name=name, defaults={"order": order})


def seed_cross_school_target(apps):
    ProgramYear = apps.get_model("programs", "ProgramYear")
    low, high = CROSS_SCHOOL_TARGET
    ProgramYear.objects.filter(
        academic_year=PROGRAM["academic_year"], cross_school_target_min__isnull=True
    ).update(cross_school_target_min=low, cross_school_target_max=high)


# Reminders before the year's deadlines: (kind, days before, subject, text).
REMINDERS = [
    (
        "draft",
        7,
        "社群申請尚未送出：{name}",
        "您的社群申請「{name}」尚未送出，申請將於 {deadline} 截止（尚有 {days} 天）。"
        "請完成社群申請書與經費概算表、上傳核章完成文件後送出。",
    ),
    (
        "draft",
        1,
        "社群申請明天截止：{name}",
        "您的社群申請「{name}」尚未送出，申請將於 {deadline} 截止。請儘速完成並送出。",
    ),
    (
        "package",
        7,
        "{name} 申請總表尚未送中心",
        "{name} 的申請總表尚未送中心，申請將於 {deadline} 截止（尚有 {days} 天）。"
        "請審核本校申請、列印申請總表核章上傳後送中心。",
    ),
    (
        "package",
        1,
        "{name} 申請總表明天截止",
        "{name} 的申請總表尚未送中心，申請將於 {deadline} 截止，請儘速完成送中心。",
    ),
    (
        "review",
        3,
        "審查期限將至：{name}",
        "您尚未送出「{name}」的審查意見，審查期限為 {deadline}（尚有 {days} 天）。",
    ),
]


def seed_reminders(apps):
    ProgramYear = apps.get_model("programs", "ProgramYear")
    ReminderRule = apps.get_model("programs", "ReminderRule")
    program = ProgramYear.objects.filter(academic_year=PROGRAM["academic_year"]).first()
    if program is None:
        return
    for kind, days, subject, body in REMINDERS:
        ReminderRule.objects.get_or_create(
            program=program,
            kind=kind,
            days_before=days,
            defaults={"subject": subject, "body": body},
        )


def seed_all(apps):
    """Every seeded row, in migration order: for a database whose rows were flushed."""
    seed_districts(apps)
    seed_reference(apps)
    seed_program(apps)
    seed_cross_school_target(apps)
    seed_reminders(apps)
    seed_review_rules(apps)
