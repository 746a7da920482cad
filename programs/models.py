"""The year's program rules: every amount, quota, option list and cap is a row the center owns."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Stage(models.Model):
    """學習階段: 國小, 國中."""

    code = models.SlugField(_("代碼"), max_length=20, unique=True)
    name = models.CharField(_("學習階段"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("學習階段")
        verbose_name_plural = _("學習階段")

    def __str__(self):
        return self.name


class Domain(models.Model):
    """A 108-curriculum domain (領域/學科) or, for 國小 學年社群, a grade (一年級…六年級)."""

    class Kind(models.TextChoices):
        DOMAIN = "domain", _("領域/學科")
        GRADE = "grade", _("學年")

    name = models.CharField(_("名稱"), max_length=30)
    kind = models.CharField(_("類別"), max_length=10, choices=Kind.choices, default=Kind.DOMAIN)
    stages = models.ManyToManyField(Stage, related_name="domains", verbose_name=_("適用學習階段"))
    note = models.CharField(_("說明"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="domain_name_unique_per_kind"),
        ]
        verbose_name = _("領域/學年")
        verbose_name_plural = _("領域/學年")

    def __str__(self):
        return self.name


# The upper bound the center may give a year's row limits (members, sessions).
MAX_ROWS = 100

# The two review stages, keyed as communities.workflow.REVIEW_STAGES keys them (a test checks
# that they agree; this layer imports nothing of the flow).
FIRST_REVIEW, SECOND_REVIEW = "first", "second"
REVIEW_STAGE_CHOICES = [(FIRST_REVIEW, _("初審")), (SECOND_REVIEW, _("複審"))]
# The most points one criterion of the 審查表 may be scored out of.
MAX_CRITERION_SCORE = 100


class ProgramYearQuerySet(models.QuerySet):
    def current(self) -> "ProgramYear | None":
        """The year whose application window is open now, else the latest year the center has
        opened (a year copied for next year and not yet opened is not current), else the
        latest year."""
        now = timezone.now()
        open_year = (
            self.filter(
                window_opened=True,
                application_opens_at__lte=now,
                application_closes_at__gte=now,
            )
            .order_by("-academic_year")
            .first()
        )
        return open_year or self.order_by("-window_opened", "-academic_year").first()


class ProgramYear(models.Model):
    academic_year = models.PositiveSmallIntegerField(_("學年度"), unique=True)
    start_date = models.DateField(_("學年度開始日"))
    end_date = models.DateField(_("學年度結束日"))
    application_opens_at = models.DateTimeField(_("申請開始時間"))
    application_closes_at = models.DateTimeField(_("申請截止時間"))
    # When any rule row last changed (programs.rulecache): the key of the rules read once per
    # process rather than once per request. Not a rule itself: not compared, not copied.
    rules_changed_at = models.DateTimeField(_("規則異動時間"), default=timezone.now, editable=False)
    window_opened = models.BooleanField(
        _("已開放申請"),
        default=True,
        help_text=_(
            "未勾選時，即使在申請期間內教師也不能申請；由上一學年度複製的新年度規則，"
            "中心確認後才開放。"
        ),
    )
    upload_max_bytes = models.PositiveIntegerField(
        _("核章文件大小上限(位元組)"),
        default=2 * 1024 * 1024,
        validators=[MinValueValidator(1)],
    )
    exam_weak_threshold = models.DecimalField(
        _("會考待加強門檻(%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    exam_weak_year_from = models.PositiveSmallIntegerField(_("會考待加強採計學年度(起)"))
    exam_weak_year_to = models.PositiveSmallIntegerField(_("會考待加強採計學年度(迄)"))
    cross_school_target_min = models.PositiveSmallIntegerField(
        _("每工作圈跨校社群(建議下限)"), null=True, blank=True
    )
    cross_school_target_max = models.PositiveSmallIntegerField(
        _("每工作圈跨校社群(建議上限)"), null=True, blank=True
    )
    first_review_due = models.DateField(_("初審期限"), null=True, blank=True)
    second_review_due = models.DateField(_("複審期限"), null=True, blank=True)
    conflict_statement = models.TextField(
        _("利益迴避聲明"),
        blank=True,
        help_text=_("審查委員第一次開啟申請案前閱讀並聲明的文字。"),
    )
    # The most rows a 社群申請書 may list. The site's form-field limit
    # (DATA_UPLOAD_MAX_NUMBER_FIELDS) is set to fit a form at the validators' upper bounds.
    max_members = models.PositiveSmallIntegerField(
        _("社群成員至多人數"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROWS)],
    )
    max_sessions = models.PositiveSmallIntegerField(
        _("進度規劃至多場次"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROWS)],
    )

    # 成果報告書 evidence (photos and PDFs of each held session).
    evidence_max_bytes = models.PositiveIntegerField(
        _("成果佐證檔案大小上限(位元組)"),
        default=5 * 1024 * 1024,
        validators=[MinValueValidator(1)],
    )
    evidence_max_files = models.PositiveSmallIntegerField(
        _("每場次佐證檔案至多個數"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ROWS)],
    )

    objects = ProgramYearQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year"]
        verbose_name = _("年度計畫")
        verbose_name_plural = _("年度計畫")

    def __str__(self):
        return _("%(year)s學年度") % {"year": self.academic_year}

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = _("學年度結束日必須晚於開始日。")
        if (
            self.application_opens_at
            and self.application_closes_at
            and self.application_closes_at <= self.application_opens_at
        ):
            errors["application_closes_at"] = _("申請截止時間必須晚於開始時間。")
        if (
            self.exam_weak_year_from
            and self.exam_weak_year_to
            and self.exam_weak_year_to < self.exam_weak_year_from
        ):
            errors["exam_weak_year_to"] = _("採計學年度(迄)不可早於(起)。")
        if (
            self.cross_school_target_min is not None
            and self.cross_school_target_max is not None
            and self.cross_school_target_max < self.cross_school_target_min
        ):
            errors["cross_school_target_max"] = _("建議上限不可小於下限。")
        if errors:
            raise ValidationError(errors)

    def window_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.window_opened and self.application_opens_at <= at <= self.application_closes_at

    def review_due(self, stage: str) -> date | None:
        """The due date of a review stage ("first" 初審, "second" 複審), if the year sets one."""
        return {FIRST_REVIEW: self.first_review_due, SECOND_REVIEW: self.second_review_due}.get(
            stage
        )

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class ContentVariant(models.Model):
    """A list of 補助社群實施之內容 options; each community type uses one."""

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="content_variants",
        verbose_name=_("年度計畫"),
    )
    name = models.CharField(_("名稱"), max_length=50)

    class Meta:
        ordering = ["program", "id"]
        verbose_name = _("實施內容清單")
        verbose_name_plural = _("實施內容清單")

    def __str__(self):
        return self.name


class ContentItem(models.Model):
    variant = models.ForeignKey(
        ContentVariant,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("實施內容清單"),
    )
    label = models.CharField(_("內容"), max_length=100)
    required = models.BooleanField(_("必要內容"), default=False)
    allows_text = models.BooleanField(_("需填說明(其他)"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["variant", "order"]
        verbose_name = _("實施內容項目")
        verbose_name_plural = _("實施內容項目")

    def __str__(self):
        return self.label


class CommunityType(models.Model):
    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="community_types",
        verbose_name=_("年度計畫"),
    )
    number = models.PositiveSmallIntegerField(_("編號"))
    name = models.CharField(_("社群類型"), max_length=50)
    base_amount = models.PositiveIntegerField(_("基本補助(元)"))
    cross_school_bonus = models.PositiveIntegerField(_("跨校加給(元)"), default=0)
    mandatory_per_school = models.BooleanField(_("每校必申請"), default=False)
    counts_toward_quota = models.BooleanField(_("計入學校申辦數量規定"), default=False)
    content_variant = models.ForeignKey(
        ContentVariant, on_delete=models.PROTECT, verbose_name=_("實施內容清單")
    )
    min_sessions = models.PositiveSmallIntegerField(_("每學年至少運作次數"), default=6)
    min_public_lessons = models.PositiveSmallIntegerField(_("公開授課至少次數"), default=1)
    min_members = models.PositiveSmallIntegerField(_("成員至少人數"), default=3)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "number"], name="community_type_number_once"
            ),
        ]
        verbose_name = _("社群類型")
        verbose_name_plural = _("社群類型")

    def __str__(self):
        return f"{self.number}. {self.name}"

    def clean(self):
        if (
            self.content_variant_id
            and self.program_id
            and self.content_variant.program_id != self.program_id
        ):
            raise ValidationError({"content_variant": _("實施內容清單必須屬於同一年度計畫。")})

    def ceiling(self, *, cross_school: bool) -> int:
        """The most a community of this type may request."""
        return self.base_amount + (self.cross_school_bonus if cross_school else 0)


class QuotaRule(models.Model):
    """How many communities of a type a school files, by its stage and class count."""

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="quota_rules",
        verbose_name=_("年度計畫"),
    )
    community_type = models.ForeignKey(
        CommunityType,
        on_delete=models.CASCADE,
        related_name="quota_rules",
        verbose_name=_("社群類型"),
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, verbose_name=_("學習階段"))
    classes_min = models.PositiveSmallIntegerField(_("班級數(下限)"), default=0)
    classes_max = models.PositiveSmallIntegerField(
        _("班級數(上限)"), null=True, blank=True, help_text=_("空白表示不設上限")
    )
    min_communities = models.PositiveSmallIntegerField(_("至少社群數"))
    max_communities = models.PositiveSmallIntegerField(_("至多社群數"))

    class Meta:
        ordering = ["program", "stage", "-classes_min"]
        verbose_name = _("學年領域學習社群申辦數量")
        verbose_name_plural = _("學年領域學習社群申辦數量")

    def __str__(self):
        upper = self.classes_max if self.classes_max is not None else "∞"
        return f"{self.stage} {self.classes_min}–{upper}班: {self.min_communities}–{self.max_communities}"

    def clean(self):
        errors = {}
        if (
            self.min_communities is not None
            and self.max_communities is not None
            and self.min_communities > self.max_communities
        ):
            errors["max_communities"] = _("至多社群數不可小於至少社群數。")
        if (
            self.classes_max is not None
            and self.classes_min is not None
            and self.classes_max < self.classes_min
        ):
            errors["classes_max"] = _("班級數上限不可小於下限。")
        if errors:
            raise ValidationError(errors)

    def applies_to(self, class_count: int) -> bool:
        return self.classes_min <= class_count and (
            self.classes_max is None or class_count <= self.classes_max
        )


class Option(models.Model):
    """An entry of one of the form's option lists: 核心素養, 運作目標, 進行方式."""

    class Kind(models.TextChoices):
        COMPETENCY = "competency", _("核心素養")
        GOAL = "goal", _("社群運作目標")
        METHOD = "method", _("社群進行方式")

    program = models.ForeignKey(
        ProgramYear, on_delete=models.CASCADE, related_name="options", verbose_name=_("年度計畫")
    )
    kind = models.CharField(_("清單"), max_length=20, choices=Kind.choices)
    group = models.CharField(
        _("群組"), max_length=30, blank=True, help_text=_("核心素養的面向,例如 A.自主行動")
    )
    code = models.CharField(_("代碼"), max_length=10, blank=True)
    label = models.CharField(_("選項"), max_length=100)
    allows_text = models.BooleanField(_("需填說明(其他)"), default=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["program", "kind", "order"]
        verbose_name = _("選項")
        verbose_name_plural = _("選項(核心素養、運作目標、進行方式)")

    def __str__(self):
        return f"{self.code}{self.label}" if self.code else self.label


class BudgetItem(models.Model):
    """A row of the 經費概算表."""

    class Kind(models.TextChoices):
        LECTURE_EXTERNAL = "lecture_external", _("外聘講座鐘點費")
        LECTURE_INTERNAL = "lecture_internal", _("內聘講座鐘點費")
        CONSULTATION = "consultation", _("外聘諮詢費")
        PREMIUM = "premium", _("二代健保補充保費(計算)")
        PER_MEMBER = "per_member", _("每人限額")
        PLAIN = "plain", _("一般")

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="budget_items",
        verbose_name=_("年度計畫"),
    )
    number = models.PositiveSmallIntegerField(_("項次"))
    name = models.CharField(_("項目"), max_length=50)
    unit = models.CharField(_("單位"), max_length=10)
    kind = models.CharField(_("計算方式"), max_length=20, choices=Kind.choices, default=Kind.PLAIN)
    cap_per_unit = models.PositiveIntegerField(
        _("單價上限(元)"),
        null=True,
        blank=True,
        help_text=_("鐘點費上限由講座鐘點費支給表決定,此欄可留空"),
    )
    cap_per_member = models.PositiveIntegerField(_("每位成員上限(元)"), null=True, blank=True)
    premium_base = models.BooleanField(_("計入二代健保補充保費基數"), default=False)
    note = models.TextField(_("說明"), blank=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="budget_item_number_once"),
        ]
        verbose_name = _("經費項目")
        verbose_name_plural = _("經費項目")

    def __str__(self):
        return f"{self.number}.{self.name}"


class LecturerFeeRate(models.Model):
    """A row of the Executive Yuan 講座鐘點費支給表, in force between two dates."""

    budget_item = models.ForeignKey(
        BudgetItem, on_delete=models.CASCADE, related_name="fee_rates", verbose_name=_("經費項目")
    )
    category = models.CharField(_("講座類別"), max_length=50)
    lecturer_fee = models.PositiveIntegerField(_("講座每節上限(元)"))
    assistant_fee = models.PositiveIntegerField(_("助理每節上限(元)"))
    effective_from = models.DateField(_("生效日"))
    effective_to = models.DateField(_("失效日"), null=True, blank=True)

    class Meta:
        ordering = ["budget_item", "effective_from", "-lecturer_fee"]
        verbose_name = _("講座鐘點費支給標準")
        verbose_name_plural = _("講座鐘點費支給標準")

    def __str__(self):
        return f"{self.category} {self.lecturer_fee}"

    def clean(self):
        errors = {}
        if (
            self.lecturer_fee is not None
            and self.assistant_fee is not None
            and self.assistant_fee > self.lecturer_fee
        ):
            errors["assistant_fee"] = _("助理鐘點費不可高於講座鐘點費。")
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            errors["effective_to"] = _("失效日不可早於生效日。")
        if errors:
            raise ValidationError(errors)


class PremiumRate(models.Model):
    """二代健保補充保費 rate in force between two dates."""

    rate_percent = models.DecimalField(
        _("費率(%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    effective_from = models.DateField(_("生效日"), unique=True)
    effective_to = models.DateField(_("失效日"), null=True, blank=True)

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("二代健保補充保費費率")
        verbose_name_plural = _("二代健保補充保費費率")

    def __str__(self):
        return f"{self.rate_percent}% ({self.effective_from}~)"

    def clean(self):
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("失效日不可早於生效日。")})


class ReviewCriterion(models.Model):
    """A line of the year's 審查表: what reviewers score, out of how many points, and its weight
    in the weighted total (the weights of a stage need not add up to 100: the total is scaled to
    100 points)."""

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="review_criteria",
        verbose_name=_("年度計畫"),
    )
    stage = models.CharField(
        _("審查階段"),
        max_length=10,
        choices=REVIEW_STAGE_CHOICES,
        blank=True,
        help_text=_("留空表示初審與複審都使用此項。"),
    )
    name = models.CharField(_("審查項目"), max_length=50)
    description = models.CharField(_("評分說明"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("權重(%)"),
        validators=[
            MinValueValidator(1, message=_("權重請填 1 至 100 的整數。")),
            MaxValueValidator(100, message=_("權重請填 1 至 100 的整數。")),
        ],
    )
    max_score = models.PositiveSmallIntegerField(
        _("滿分"),
        default=10,
        validators=[
            MinValueValidator(1, message=_("滿分至少為 1 分。")),
            MaxValueValidator(MAX_CRITERION_SCORE, message=_("滿分至多為 %(limit_value)s 分。")),
        ],
        help_text=_("委員給分為 0 至滿分的整數。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["program", "order", "id"]
        verbose_name = _("審查項目")
        verbose_name_plural = _("審查表(審查項目、權重與滿分)")

    def __str__(self):
        return self.name

    def applies_to(self, stage: str) -> bool:
        return not self.stage or self.stage == stage


class RecommendationOption(models.Model):
    """An answer a reviewer may give as their 審查建議 at a stage (建議通過 …). Only advice: the
    center records the stage's result with the workflow's own words."""

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="recommendation_options",
        verbose_name=_("年度計畫"),
    )
    stage = models.CharField(_("審查階段"), max_length=10, choices=REVIEW_STAGE_CHOICES)
    label = models.CharField(_("審查建議"), max_length=30)
    needs_amount = models.BooleanField(
        _("須填建議核定金額"),
        default=False,
        help_text=_("勾選時，委員選此建議送出須填寫建議核定金額。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["program", "stage", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "stage", "label"], name="recommendation_label_once_per_stage"
            ),
        ]
        verbose_name = _("審查建議選項")
        verbose_name_plural = _("審查建議選項")

    def __str__(self):
        return self.label


class ReminderRule(models.Model):
    """An e-mail reminder some days before one of the year's deadlines, to the people who still
    have something to do by then. Its subject and text are the center's; ``{name}`` (the
    community or school), ``{deadline}`` (109/09/30) and ``{days}`` are filled in."""

    class Kind(models.TextChoices):
        DRAFT = "draft", _("草稿未送出的召集人（申請截止前）")
        PACKAGE = "package", _("尚未送中心的學校（申請截止前）")
        REVIEW = "review", _("尚未送出審查意見的審查委員（審查期限前）")

    program = models.ForeignKey(
        ProgramYear,
        on_delete=models.CASCADE,
        related_name="reminder_rules",
        verbose_name=_("年度計畫"),
    )
    kind = models.CharField(_("提醒對象"), max_length=20, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField(
        _("期限前幾天"), validators=[MaxValueValidator(60)]
    )
    subject = models.CharField(_("主旨"), max_length=200)
    body = models.TextField(_("內容"), help_text=_("可用 {name}、{deadline}、{days}"))
    active = models.BooleanField(_("啟用"), default=True)

    class Meta:
        ordering = ["program", "kind", "-days_before"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "days_before"], name="reminder_once_per_day_before"
            ),
        ]
        verbose_name = _("期限提醒")
        verbose_name_plural = _("期限提醒")

    def __str__(self):
        return f"{self.get_kind_display()}：{self.days_before}"

    def clean(self):
        for name in ("subject", "body"):
            try:
                getattr(self, name).format(name="", deadline="", days="")
            except (KeyError, IndexError, ValueError):
                raise ValidationError(
                    {name: _("只能使用 {name}、{deadline}、{days}，大括號請成對。")}
                ) from None

    def render(self, *, name: str, deadline: str, days: int) -> tuple[str, str]:
        values = {"name": name, "deadline": deadline, "days": days}
        return self.subject.format(**values), self.body.format(**values)


AUDITED_MODELS = [
    Stage,
    Domain,
    ProgramYear,
    ContentVariant,
    ContentItem,
    CommunityType,
    QuotaRule,
    Option,
    BudgetItem,
    LecturerFeeRate,
    PremiumRate,
    ReminderRule,
    ReviewCriterion,
    RecommendationOption,
]
