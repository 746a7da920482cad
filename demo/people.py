"""Demo schools and people for trying the platform end to end (not rules: those are migrations)."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from people.models import AllianceCircle, District, ExamWeakness, Role, School, User
from people.services import user_apply_role
from programs.models import Domain, ProgramYear, Stage

DEMO_PASSWORD = "demo-pass-109"

NORTH = "北區策略聯盟工作圈"
SOUTH = "南區策略聯盟工作圈"

# (code, name, district, stage code, classes, circle)
SCHOOLS = [
    ("214501", "市立下營國中", "下營區", "junior", 14, NORTH),
    ("214502", "市立麻豆國中", "麻豆區", "junior", 33, NORTH),
    ("214503", "市立六甲國中", "六甲區", "junior", 9, NORTH),
    ("214504", "市立官田國中", "官田區", "junior", 11, NORTH),
    ("213601", "市立忠孝國中", "東區", "junior", 48, SOUTH),
    ("213602", "市立安平國中", "安平區", "junior", 12, SOUTH),
    ("214601", "市立下營國小", "下營區", "elementary", 12, NORTH),
    ("214602", "市立麻豆國小", "麻豆區", "elementary", 36, NORTH),
    ("214603", "市立官田國小", "官田區", "elementary", 8, NORTH),
    ("213701", "市立勝利國小", "東區", "elementary", 60, SOUTH),
    ("213702", "市立安平國小", "安平區", "elementary", 24, SOUTH),
    ("213703", "市立永康國小", "永康區", "elementary", 11, SOUTH),
    ("214604", "市立大內國小", "大內區", "elementary", 6, None),
]

# (school code, domain, academic year, percent at 待加強)
EXAM_WEAKNESSES = [
    ("214503", "數學", 107, Decimal("52.30")),
    ("214503", "數學", 106, Decimal("47.80")),
    ("214503", "英語文", 107, Decimal("38.10")),
    ("214504", "英語文", 106, Decimal("41.00")),
]

# (username, name, role, school code, e-mail)
ACCOUNTS = [
    ("center", "林中心", Role.CENTER, None, "center@plc.example.tw"),
    ("reviewer1", "陳審查", Role.REVIEWER, "214502", "reviewer1@plc.example.tw"),
    ("reviewer2", "王審查", Role.REVIEWER, "213702", "reviewer2@plc.example.tw"),
    ("reviewer3", "周審查", Role.REVIEWER, "214604", "reviewer3@plc.example.tw"),
    ("school1", "李承辦", Role.SCHOOL_ADMIN, "214501", "school1@plc.example.tw"),
    ("school2", "張承辦", Role.SCHOOL_ADMIN, "214602", "school2@plc.example.tw"),
    ("teacher1", "曾鼎育", Role.TEACHER, "214501", "teacher1@plc.example.tw"),
    ("teacher2", "黃怡君", Role.TEACHER, "214501", "teacher2@plc.example.tw"),
    ("teacher3", "吳佩珊", Role.TEACHER, "214602", "teacher3@plc.example.tw"),
    ("teacher4", "陳建宏", Role.TEACHER, "214501", "teacher4@plc.example.tw"),
    ("teacher5", "林淑惠", Role.TEACHER, "214501", "teacher5@plc.example.tw"),
    ("teacher6", "王志豪", Role.TEACHER, "214501", "teacher6@plc.example.tw"),
    ("teacher7", "張雅雯", Role.TEACHER, "214501", "teacher7@plc.example.tw"),
    ("teacher8", "李冠廷", Role.TEACHER, "214602", "teacher8@plc.example.tw"),
    ("teacher9", "蔡宜蓁", Role.TEACHER, "214602", "teacher9@plc.example.tw"),
    ("teacher10", "許家豪", Role.TEACHER, "214602", "teacher10@plc.example.tw"),
    ("teacher11", "鄭惠如", Role.TEACHER, "214602", "teacher11@plc.example.tw"),
    ("teacher12", "周俊傑", Role.TEACHER, "214602", "teacher12@plc.example.tw"),
    ("teacher13", "劉靜宜", Role.TEACHER, "214602", "teacher13@plc.example.tw"),
    ("teacher14", "楊博文", Role.TEACHER, "214602", "teacher14@plc.example.tw"),
    ("teacher15", "謝宛庭", Role.TEACHER, "214602", "teacher15@plc.example.tw"),
    ("teacher16", "蘇建明", Role.TEACHER, "214602", "teacher16@plc.example.tw"),
]

# The school admins' 職稱: with a provider whose claims give school code and title, their first
# 以教育雲端帳號登入 finds their account by them (signin.identities).
TITLES = {"school1": "教務主任", "school2": "教學組長"}


@transaction.atomic
def seed_demo_people() -> None:
    circles = {name: AllianceCircle.objects.get_or_create(name=name)[0] for name in (NORTH, SOUTH)}
    for code, name, district, stage, classes, circle in SCHOOLS:
        School.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "district": District.objects.get(name=district),
                "stage": Stage.objects.get(code=stage),
                "class_count": classes,
                "alliance_circle": circles.get(circle),
            },
        )
    for code, domain, year, percent in EXAM_WEAKNESSES:
        ExamWeakness.objects.update_or_create(
            school=School.objects.get(code=code),
            domain=Domain.objects.get(kind=Domain.Kind.DOMAIN, name=domain),
            academic_year=year,
            defaults={"percent": percent},
        )
    for username, name, role, school_code, email in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "name": name,
                "role": role,
                "email": email,
                "school": School.objects.get(code=school_code) if school_code else None,
                "title": TITLES.get(username, ""),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user_apply_role(user=user)


def open_demo_window(*, academic_year: int = 109) -> ProgramYear:
    """Open the year's application window around today so the demo can be used end to end."""
    program = ProgramYear.objects.get(academic_year=academic_year)
    now = timezone.now()
    program.application_opens_at = now - timedelta(days=7)
    program.application_closes_at = now + timedelta(days=60)
    program.first_review_due = timezone.localdate() + timedelta(days=75)
    program.second_review_due = timezone.localdate() + timedelta(days=100)
    program.full_clean()
    program.save()
    return program
