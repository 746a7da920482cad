# Placeholder views, replaced by the import and audit work.
from django.http import HttpResponse


def import_schools(request):
    return HttpResponse("schools")


def import_accounts(request):
    return HttpResponse("accounts")


def audit_log(request):
    return HttpResponse("audit")
