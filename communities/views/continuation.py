"""續辦: the convenor of a closed community starts next year's application from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import error_messages
from people.models import Role

from ..continuation import application_continue
from .access import readable_application, role_required


@role_required(Role.TEACHER)
@require_POST
def continue_application(request, pk: int):
    previous = readable_application(request, pk)
    try:
        application = application_continue(previous=previous, by=request.user)
    except ValidationError as error:
        error_messages(request, error)
        return redirect("communities:progress", previous.pk)
    messages.success(
        request,
        _(
            "已由「%(name)s」建立%(year)s學年度續辦（第%(n)s年）的申請草稿：請核對各欄位，"
            "填寫進度規劃的日期與時間，上傳核章文件後送出。"
        )
        % {
            "name": previous.display_name,
            "year": application.program.academic_year,
            "n": application.continuation_year,
        },
    )
    return redirect("communities:progress", application.pk)
