"""審查結果 .xlsx: one sheet with a row per application × reviewer (a column per criterion of the
year's 審查表), one with a row per application and stage (averages, how many reviews, the result).
Only submitted reviews count; what people typed is written as text (core.xlsx)."""

import io
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from communities import workflow
from communities.models import Application, Transition
from core.xlsx import append_row
from programs.models import ProgramYear

from .models import Review, ReviewAssignment
from .selectors import _with_scores, mean

MONEY = "#,##0"
POINTS = "0.0"


def _header(sheet, titles: list[tuple[str, int]]) -> None:
    append_row(sheet, [title for title, _width in titles])
    for index, (_title, width) in enumerate(titles, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2F7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.oddFooter.center.text = "&P / &N"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE


def _formats(sheet, row: int, formats: dict[int, str]) -> None:
    for column, number_format in formats.items():
        sheet.cell(row=row, column=column).number_format = number_format


def review_results_xlsx(*, program: ProgramYear, stage: str = "") -> bytes:
    criteria = [
        c
        for c in program.review_criteria.order_by("order", "id")
        if not stage or c.applies_to(stage)
    ]
    reviews_qs = Review.objects.filter(
        assignment__application__program=program, submitted_at__isnull=False
    )
    if stage:
        reviews_qs = reviews_qs.filter(assignment__stage=stage)
    reviews = list(
        _with_scores(reviews_qs)
        .select_related(
            "assignment__application__school",
            "assignment__application__community_type",
            "assignment__application__convenor",
        )
        .order_by(
            "assignment__application__school__code",
            "assignment__application_id",
            "assignment__stage",
            "assignment__assigned_at",
            "assignment_id",
        )
    )
    title = _("%(city)s %(year)s學年度 教師專業學習社群 %(stage)s審查結果") % {
        "city": settings.PLATFORM_CITY,
        "year": program.academic_year,
        "stage": workflow.REVIEW_STAGES[stage] if stage else "",
    }
    workbook = Workbook()
    detail = workbook.active
    detail.title = _("審查明細")
    detail.oddHeader.center.text = title
    _detail_sheet(detail, reviews, criteria)
    summary = workbook.create_sheet(_("審查彙整"))
    summary.oddHeader.center.text = title
    _summary_sheet(summary, program, stage, reviews, criteria)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _application_cells(application: Application) -> list:
    return [
        application.school.code,
        application.school.name,
        application.display_name,
        str(application.community_type) if application.community_type else "",
        application.convenor.name or application.convenor.username,
    ]


APPLICATION_TITLES = [
    (_("學校代碼"), 10),
    (_("學校"), 16),
    (_("社群名稱"), 28),
    (_("社群類型"), 18),
    (_("召集人"), 10),
    (_("審查階段"), 8),
]


def _detail_sheet(sheet, reviews: list[Review], criteria) -> None:
    titles = [
        *APPLICATION_TITLES,
        (_("審查委員"), 10),
        *[
            (_("%(name)s（滿分 %(max)s，權重 %(weight)s%%）") % _criterion_words(c), 14)
            for c in criteria
        ],
        (_("加權總分（滿分 100）"), 12),
        (_("審查建議"), 14),
        (_("建議核定金額(元)"), 13),
        (_("審查意見"), 50),
        (_("送出日期"), 12),
    ]
    _header(sheet, titles)
    first_criterion = len(APPLICATION_TITLES) + 2
    for review in reviews:
        assignment = review.assignment
        scores = review.score_by_criterion
        row = append_row(
            sheet,
            [
                *_application_cells(assignment.application),
                str(assignment.get_stage_display()),
                assignment.reviewer.name or assignment.reviewer.username,
                *[scores.get(c.pk) for c in criteria],
                float(review.total) if review.total is not None else None,
                review.recommendation_label,
                review.recommended_amount,
                review.opinion,
                timezone.localtime(review.submitted_at).date(),
            ],
        )
        total_column = first_criterion + len(criteria)
        _formats(
            sheet,
            row,
            {total_column: POINTS, total_column + 2: MONEY, total_column + 4: "yyyy-mm-dd"},
        )
        sheet.cell(row=row, column=total_column + 3).alignment = Alignment(wrap_text=True)


def _criterion_words(criterion) -> dict:
    return {"name": criterion.name, "max": criterion.max_score, "weight": criterion.weight}


def _summary_sheet(sheet, program, stage: str, reviews: list[Review], criteria) -> None:
    titles = [
        *APPLICATION_TITLES,
        (_("指定委員數"), 8),
        (_("已送出審查數"), 8),
        *[(_("%(name)s 平均") % {"name": c.name}, 12) for c in criteria],
        (_("平均加權總分"), 12),
        (_("委員建議"), 24),
        (_("平均建議金額(元)"), 13),
        (_("審查結果"), 24),
        (_("目前狀態"), 24),
        (_("申請經費(元)"), 12),
        (_("核定金額(元)"), 12),
    ]
    _header(sheet, titles)
    stages = [stage] if stage else list(workflow.REVIEW_STAGES)
    assigned = Exists(ReviewAssignment.objects.filter(application=OuterRef("pk"), stage__in=stages))
    applications = list(
        Application.objects.filter(assigned, program=program)
        .select_related("school", "community_type", "convenor", "program")
        .annotate(
            first_assigned=Count(
                "review_assignments",
                filter=Q(review_assignments__stage=workflow.FIRST_REVIEW),
                distinct=True,
            ),
            second_assigned=Count(
                "review_assignments",
                filter=Q(review_assignments__stage=workflow.SECOND_REVIEW),
                distinct=True,
            ),
        )
        .order_by("school__code", "id")
    )
    by_stage: dict[tuple[int, str], list[Review]] = defaultdict(list)
    for review in reviews:
        by_stage[(review.assignment.application_id, review.assignment.stage)].append(review)
    results = _stage_results([a.pk for a in applications])
    for application in applications:
        for each in stages:
            count = (
                application.first_assigned
                if each == workflow.FIRST_REVIEW
                else application.second_assigned
            )
            if not count:
                continue
            of_stage = by_stage.get((application.pk, each), [])
            recommendations: dict[str, int] = defaultdict(int)
            for review in of_stage:
                if review.recommendation_label:
                    recommendations[review.recommendation_label] += 1
            average_total = mean(r.total for r in of_stage)
            average_amount = mean(
                r.recommended_amount for r in of_stage if r.recommended_amount is not None
            )
            row = append_row(
                sheet,
                [
                    *_application_cells(application),
                    str(workflow.REVIEW_STAGES[each]),
                    count,
                    len(of_stage),
                    *[
                        _number(mean(r.score_by_criterion.get(c.pk) for r in of_stage))
                        for c in criteria
                    ],
                    _number(average_total),
                    "、".join(f"{label} {n}" for label, n in recommendations.items()),
                    _number(average_amount),
                    results.get((application.pk, each), ""),
                    str(application.status_label),
                    application.requested_total if application.requests_budget else 0,
                    application.approved_amount if each == workflow.SECOND_REVIEW else None,
                ],
            )
            first_average = len(APPLICATION_TITLES) + 3
            total_column = first_average + len(criteria)
            _formats(
                sheet,
                row,
                {
                    **{first_average + i: POINTS for i in range(len(criteria))},
                    total_column: POINTS,
                    total_column + 2: MONEY,
                    total_column + 5: MONEY,
                    total_column + 6: MONEY,
                },
            )


def _number(value):
    return float(value) if value is not None else None


def _stage_results(ids: list[int]) -> dict[tuple[int, str], str]:
    """The result the center recorded for each application's stage (the latest), in the
    workflow's own words."""
    decisions = {
        key
        for state in workflow.WORKFLOW.values()
        for key, step in state.actions.items()
        if step.decides
    }
    results: dict[tuple[int, str], str] = {}
    for transition in Transition.objects.filter(
        application_id__in=ids, action__in=decisions
    ).order_by("at", "id"):
        step = workflow.WORKFLOW[transition.from_status].actions.get(transition.action)
        if step is not None and step.decides:
            results[(transition.application_id, step.decides)] = str(step.label)
    return results
