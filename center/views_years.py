"""年度規則: the center's years, 複製為下一學年度 (with a confirmation), the two years' rules side by
side, and 開放申請 of a new year once its rules are checked."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from communities.views.access import role_required
from core.forms import apply_errors, error_messages
from core.roc import roc_date
from people.models import Role
from programs.compare import SAME, program_year_diff
from programs.models import ProgramYear
from programs.services import (
    one_year_later,
    program_year_copy,
    program_year_copy_plan,
    program_year_window,
)

from .forms import WindowForm

CRUMBS = [gettext_lazy("中心端"), gettext_lazy("年度規則")]


def window_state(program: ProgramYear) -> str:
    now = timezone.now()
    if not program.window_opened:
        return _("尚未開放")
    if now < program.application_opens_at:
        return _("尚未開始")
    if now > program.application_closes_at:
        return _("已截止")
    return _("申請中")


def _moment(value) -> str:
    local = timezone.localtime(value)
    return f"{roc_date(local)} {local:%H:%M}"


@role_required(Role.CENTER)
@require_GET
def year_list(request):
    """年度規則: every year, its window, and what the center may do with it."""
    programs = list(ProgramYear.objects.order_by("-academic_year"))
    years = {p.academic_year for p in programs}
    rows = [
        {
            "program": program,
            "state": window_state(program),
            "opens": _moment(program.application_opens_at),
            "closes": _moment(program.application_closes_at),
            "has_previous": program.academic_year - 1 in years,
            "can_copy": program.academic_year + 1 not in years,
        }
        for program in programs
    ]
    return render(
        request,
        "center/years.html",
        {"rows": rows, "crumbs": CRUMBS},
    )


@role_required(Role.CENTER)
def year_copy(request, year: int):
    """複製為下一學年度: what the copy makes, then (POST) the copy itself."""
    source = get_object_or_404(ProgramYear, academic_year=year)
    plan = program_year_copy_plan(source=source)
    if request.method == "POST":
        try:
            target = program_year_copy(source=source, by=request.user)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                _(
                    "已將%(old)s學年度規則複製為%(new)s學年度；新學年度尚未開放申請，"
                    "請核對下列差異並編輯後再開放。"
                )
                % {"old": source.academic_year, "new": target.academic_year},
            )
            return redirect("center:year_compare", target.academic_year)
        plan = program_year_copy_plan(source=source)
    shifted = {
        "start": roc_date(one_year_later(source.start_date)),
        "end": roc_date(one_year_later(source.end_date)),
        "opens": _moment(one_year_later(source.application_opens_at)),
        "closes": _moment(one_year_later(source.application_closes_at)),
        "first_review": roc_date(one_year_later(source.first_review_due)),
        "second_review": roc_date(one_year_later(source.second_review_due)),
        "exam_from": one_year_later(source.exam_weak_year_from),
        "exam_to": one_year_later(source.exam_weak_year_to),
    }
    return render(
        request,
        "center/year_copy.html",
        {
            "source": source,
            "plan": plan,
            "shifted": shifted,
            "crumbs": [*CRUMBS, _("複製為下一學年度")],
        },
    )


def _compare_page(request, program: ProgramYear, form: WindowForm | None = None, status=200):
    diff = program_year_diff(new=program)
    only_changes = request.GET.get("changes") == "1"
    sections = []
    for section in diff.sections:
        rule = section.rule
        if rule.admin.endswith("_change"):
            admin_url = reverse(rule.admin, args=[program.pk])
        else:
            admin_url = f"{reverse(rule.admin)}?{rule.admin_filter}={program.pk}"
        rows = [r for r in section.rows if not only_changes or r.state != SAME]
        if only_changes and not rows:
            continue
        width = len(section.headers) * (2 if diff.old else 1) + 1
        sections.append(
            {"section": section, "rows": rows, "admin_url": admin_url, "colspan": width}
        )
    settings_rows = [r for r in diff.settings.rows if not only_changes or r.state != SAME]
    if form is None and not program.window_opened:
        form = WindowForm(
            initial=WindowForm.initial_for(
                program.application_opens_at, program.application_closes_at
            )
        )
    return render(
        request,
        "center/year_compare.html",
        {
            "program": program,
            "diff": diff,
            "sections": sections,
            "settings_rows": settings_rows,
            "only_changes": only_changes,
            "same_sections": len(diff.sections) - len(sections),
            "state": window_state(program),
            "form": form,
            "opens": _moment(program.application_opens_at),
            "closes": _moment(program.application_closes_at),
            "crumbs": [*CRUMBS, _("規則對照")],
        },
        status=status,
    )


@role_required(Role.CENTER)
@require_GET
def year_compare(request, year: int):
    """The year's rules beside the year before's: values changed, rows added and removed."""
    program = get_object_or_404(ProgramYear, academic_year=year)
    return _compare_page(request, program)


@role_required(Role.CENTER)
@require_POST
def year_window(request, year: int):
    """開放申請 with its window (checked, then the year is open), or 暫停申請 of an opened year."""
    program = get_object_or_404(ProgramYear, academic_year=year)
    url = reverse("center:year_compare", args=[program.academic_year])
    if request.POST.get("action") == "close":
        if program.window_opened:
            program_year_window(
                program=program,
                opens_at=program.application_opens_at,
                closes_at=program.application_closes_at,
                opened=False,
                by=request.user,
            )
            messages.success(
                request,
                _("%(year)s學年度已暫停申請。") % {"year": program.academic_year},
            )
        return redirect(url)
    if program.window_opened:
        messages.info(request, _("%(year)s學年度已開放申請。") % {"year": program.academic_year})
        return redirect(url)
    form = WindowForm(request.POST)
    if form.is_valid():
        opens_at, closes_at = form.window()
        try:
            program = program_year_window(
                program=program,
                opens_at=opens_at,
                closes_at=closes_at,
                opened=True,
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, _window_error(error))
        else:
            messages.success(
                request,
                _("%(year)s學年度已開放申請，申請期間 %(opens)s 至 %(closes)s。")
                % {
                    "year": program.academic_year,
                    "opens": _moment(program.application_opens_at),
                    "closes": _moment(program.application_closes_at),
                },
            )
            return redirect(url)
    return _compare_page(request, program, form=form, status=400)


def _window_error(error: ValidationError) -> ValidationError:
    """The year's own field names as the form's: the closing date carries the closing check."""
    if not hasattr(error, "error_dict"):
        return error
    names = {"application_closes_at": "closes_date", "application_opens_at": "opens_date"}
    return ValidationError(
        {names.get(name, name): messages_ for name, messages_ in error.message_dict.items()}
    )
