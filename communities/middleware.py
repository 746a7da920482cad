"""A workflow action that is no longer available (a double click, a second tab, a colleague who
was quicker) is not a refusal: the person is told what happened and shown where the application
stands, on its 流程進度 page, whatever page the action was taken from."""

from django.contrib import messages
from django.shortcuts import redirect

from .workflow import ActionUnavailable


class ActionUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ActionUnavailable):
            return None
        messages.warning(request, exception.message)
        return redirect("communities:progress", exception.application.pk)
