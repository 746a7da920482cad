from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """One of the city's administrative districts (臺南市 37 區)."""

    name = models.CharField(_("行政區"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("行政區")
        verbose_name_plural = _("行政區")

    def __str__(self):
        return self.name


class AllianceCircle(models.Model):
    """策略聯盟工作圈: schools that may form cross-school communities together."""

    name = models.CharField(_("策略聯盟工作圈"), max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("策略聯盟工作圈")
        verbose_name_plural = _("策略聯盟工作圈")

    def __str__(self):
        return self.name


class School(models.Model):
    code = models.CharField(_("學校代碼"), max_length=10, unique=True)
    name = models.CharField(_("學校名稱"), max_length=50)
    district = models.ForeignKey(District, on_delete=models.PROTECT, verbose_name=_("行政區"))
    stage = models.ForeignKey(
        "programs.Stage", on_delete=models.PROTECT, verbose_name=_("學習階段")
    )
    class_count = models.PositiveSmallIntegerField(_("班級數"))
    alliance_circle = models.ForeignKey(
        AllianceCircle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schools",
        verbose_name=_("策略聯盟工作圈"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("學校")
        verbose_name_plural = _("學校")

    def __str__(self):
        return self.name


class ExamWeakness(models.Model):
    """The share of a school's students at 待加強 in one 會考 subject in one academic year."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="exam_weaknesses", verbose_name=_("學校")
    )
    domain = models.ForeignKey("programs.Domain", on_delete=models.PROTECT, verbose_name=_("領域"))
    academic_year = models.PositiveSmallIntegerField(_("學年度"))
    percent = models.DecimalField(
        _("待加強比率(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["school", "domain", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "domain", "academic_year"],
                name="exam_weakness_once_per_subject_year",
            ),
        ]
        verbose_name = _("會考待加強比率")
        verbose_name_plural = _("會考待加強比率")

    def __str__(self):
        return f"{self.school} {self.academic_year} {self.domain} {self.percent}%"


class Role(models.TextChoices):
    TEACHER = "teacher", _("教師")
    SCHOOL_ADMIN = "school_admin", _("學校承辦人")
    CENTER = "center", _("中心承辦")
    REVIEWER = "reviewer", _("審查委員")


class User(AbstractUser):
    """A person's account. Teachers, school admins and reviewers belong to one school."""

    username = models.CharField(
        _("帳號"),
        max_length=150,
        unique=True,
        help_text=_("最多 150 個字元，可用文字、數字與 @ . + - _。"),
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("此帳號已有人使用。")},
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.TEACHER)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("學校"),
    )
    # Kept by the center, never by a sign-in: 以教育雲端帳號登入 links a school admin's account
    # the first time by its school's code and this title, as the provider names them.
    title = models.CharField(
        _("職稱"),
        max_length=50,
        blank=True,
        # Also the database's own default: rows written by code that predates the field (an
        # older migration's models) get "" too.
        db_default="",
        help_text=_(
            "如 教務主任、教學組長；學校承辦人以教育雲端帳號首次登入時，依學校代碼與職稱對應帳號。"
        ),
    )
    # The language of the pages and of the mail sent to the account; "" until the person picks
    # one (then the switch's cookie, else zh-Hant). A database default too, so rows written by
    # older migrations' historical models (which lack the field) still go in.
    language = models.CharField(
        _("語言"),
        max_length=10,
        blank=True,
        default="",
        db_default="",
        choices=settings.LANGUAGES,
    )

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        indexes = [
            # The reviewer pickers list a role's accounts in name order, a page at a time, out of
            # a country's 100,000 accounts.
            models.Index(fields=["role", "name", "username"], name="user_role_name"),
        ]
        verbose_name = _("帳號")
        verbose_name_plural = _("帳號")

    def __str__(self):
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name or self.username

    def get_short_name(self) -> str:
        return self.name or self.username

    @property
    def preferred_language(self) -> str:
        """The language to write to the person in: their choice, else the site's default."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER

    @property
    def is_school_admin(self) -> bool:
        return self.role == Role.SCHOOL_ADMIN

    @property
    def is_center(self) -> bool:
        return self.role == Role.CENTER

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER
