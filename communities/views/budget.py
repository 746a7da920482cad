"""The 經費概算表 page: the convenor edits it while the application is editable; everyone else who
may read the application sees it read-only."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import BoundField
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.autosave import (
    autosave_answer,
    autosave_clear,
    autosave_restore,
    autosave_store,
    is_autosave,
    page_token,
    posted_version,
    stale_message,
    version_conflict,
)

from ..budget import (
    ALL,
    NEEDS_PRICE,
    NEEDS_QUANTITY,
    OVER_CEILING,
    OVER_FEE_CAP,
    OVER_ROW_CAP,
    OVER_UNIT_CAP,
    BudgetRow,
    budget_entries,
    budget_items,
    budget_save,
    budget_sheet,
)
from ..forms_budget import (
    AMOUNT_SEPARATORS,
    PLAIN_NUMBER,
    BudgetForm,
    DocumentUploadForm,
    QuantityField,
    UnitPriceField,
)
from ..models import SignedDocument
from ..permissions import can_edit
from .access import COMMUNITY_CRUMBS, readable_application, refuse_stale_edit
from .budget_rows import budget_form_rows
from .documents import upload_context


@dataclass
class FormRow:
    row: BudgetRow
    quantity: BoundField | None = None
    unit_price: BoundField | None = None
    quantity_messages: list[str] = field(default_factory=list)
    unit_price_messages: list[str] = field(default_factory=list)


def _form_rows(sheet, form: BudgetForm, problems: dict[str, list[str]]) -> list[FormRow]:
    rows = []
    for row in sheet.rows:
        form_row = FormRow(row=row)
        if not row.is_premium:
            form_row.quantity = form[row.quantity_field]
            form_row.unit_price = form[row.unit_price_field]
            for name, target in (
                (row.quantity_field, form_row.quantity_messages),
                (row.unit_price_field, form_row.unit_price_messages),
            ):
                target.extend(form.errors.get(name) or problems.get(name, []))
        rows.append(form_row)
    return rows


def placeholders(*names: str) -> dict[str, str]:
    return {name: "{" + name + "}" for name in names}


def _live_rules() -> dict:
    """What the page's script checks as the user types: the server's own reading of an amount
    and its messages, the caps' messages with placeholders for the row's values."""
    return {
        "separators": AMOUNT_SEPARATORS,
        "number": PLAIN_NUMBER,
        "quantity": QuantityField().rules(),
        "price": UnitPriceField().rules(),
        "needs_price": str(NEEDS_PRICE),
        "needs_quantity": str(NEEDS_QUANTITY),
        "over_fee_cap": OVER_FEE_CAP % placeholders("name", "price", "unit", "cap"),
        "over_unit_cap": OVER_UNIT_CAP % placeholders("name", "price", "unit", "cap"),
        "over_row_cap": OVER_ROW_CAP % placeholders("name", "total", "cap", "per", "count"),
        "over_ceiling": OVER_CEILING % placeholders("total", "ceiling", "over"),
    }


@login_required
def budget_form(request, pk: int):
    application = readable_application(request, pk)
    editable = can_edit(request.user, application)
    context = {
        "application": application,
        "editable": editable,
        "city": settings.PLATFORM_CITY,
        "crumbs": [*COMMUNITY_CRUMBS, _("經費概算表")],
    }
    if not application.requests_budget:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "communities/budget_form.html", context)

    key = f"application:{application.pk}:budget"
    url = reverse("communities:budget_form", args=[application.pk])
    if editable and request.method == "GET" and request.GET.get("discard"):
        autosave_clear(user=request.user, key=key)
        return redirect(url)
    if is_autosave(request):
        if not editable:
            return JsonResponse({"message": _("此申請目前不能修改，未自動儲存。")}, status=409)
        version = posted_version(request)
        saved = autosave_store(
            user=request.user,
            key=key,
            base_version=application.budget_version if version is None else version,
            data=request.POST,
        )
        return autosave_answer(saved=saved, current_version=application.budget_version)

    items = budget_items(application=application)
    show_problems = True
    restored = None
    conflict = False
    status = 200
    if request.method == "POST":
        if not editable:
            refuse_stale_edit(request, application)
        form = BudgetForm(request.POST, items=items)
        if version_conflict(request, current_version=application.budget_version):
            # Saved meanwhile from another tab or device: keep this page's figures, write nothing.
            conflict = True
            status = 409
            autosave_store(
                user=request.user, key=key, base_version=posted_version(request), data=request.POST
            )
            messages.error(request, stale_message())
            sheet = budget_sheet(application=application, entries=form.entries(), items=items)
            show_problems = False
        elif form.is_valid():
            sheet = budget_save(application=application, data=form.entries(), by=request.user)
            count = sum(len(v) for v in sheet.problems.values())
            if count:
                messages.warning(
                    request,
                    _(
                        "經費概算表已儲存為草稿，但仍有 %(count)s 項不符規定，送出前請依各列說明修正。"
                    )
                    % {"count": count},
                )
            else:
                messages.success(request, _("經費概算表已儲存。"))
            autosave_clear(user=request.user, key=key, request=request)
            return redirect("communities:budget_form", pk=application.pk)
        else:
            # Nothing is saved; the typed values stay in the inputs and valid rows still add up.
            sheet = budget_sheet(application=application, entries=form.entries(), items=items)
            show_problems = False
    else:
        restored = (
            autosave_restore(user=request.user, key=key, version=application.budget_version)
            if editable
            else None
        )
        if restored is not None:
            form = BudgetForm(restored.data, items=items)
            conflict = restored.stale
            sheet = budget_sheet(application=application, entries=form.entries(), items=items)
            show_problems = False
        else:
            entries = budget_entries(application=application)
            sheet = budget_sheet(application=application, entries=entries, items=items)
            form = BudgetForm(initial=BudgetForm.initial_from(entries, items), items=items)
            # An estimate never saved is not yet "wrong": say nothing until something is there.
            show_problems = bool(entries)

    problems = sheet.problems if show_problems else {}
    rate_numerator, rate_denominator = sheet.premium_rate.as_integer_ratio()
    context.update(
        {
            "budget": sheet,
            "premium_rate_numerator": rate_numerator,
            "premium_rate_denominator": rate_denominator,
            "live_rules": _live_rules(),
            "problem_list": [message for group in problems.values() for message in group],
            "form": form,
            # The form's rows, where the form is shown (read-only, the sheet is shown instead).
            "budget_rows": budget_form_rows(_form_rows(sheet, form, problems), sheet)
            if editable
            else "",
            "total_messages": problems.get(ALL, []),
            "problem_count": sum(len(v) for v in problems.values()),
            "error_count": len(form.errors) if form.is_bound else 0,
            "upload": upload_context(
                request,
                application=application,
                form=SignedDocument.Form.BUDGET,
                upload_form=DocumentUploadForm(),
                editable=editable,
            ),
        }
    )
    version = posted_version(request) if conflict and request.method == "POST" else None
    context.update(
        {
            "version": version
            if version is not None
            else (restored.data["version"] if restored else application.budget_version),
            "page_token": page_token(
                request.POST if request.method == "POST" else restored.data if restored else None
            ),
            "restored": restored,
            "conflict": conflict,
            "stale_message": stale_message(),
            "discard_url": f"{url}?discard=1",
        }
    )
    return render(request, "communities/budget_form.html", context, status=status)
