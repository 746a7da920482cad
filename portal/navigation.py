"""The portal's menus as data, so templates, tests and the breadcrumb read one source."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from people.models import Role


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in may use it

    def visible_to(self, user) -> bool:
        if self.roles is None:
            return True
        return user.is_authenticated and user.role in self.roles


TOP = [
    Entry(_("首頁"), "portal:home"),
    Entry(_("認證專區"), "portal:certification"),
    Entry(_("功能專區"), "portal:functions"),
    Entry(_("訊息通知"), "notifications:inbox"),
    Entry(_("檔案下載"), "portal:downloads"),
    Entry(_("操作教學"), "portal:tutorials"),
]

FUNCTIONS = [
    Entry(_("教學輔導"), "portal:coaching"),
    Entry(_("到校諮詢 一般"), "portal:consult_general"),
    Entry(_("到校諮詢 指定"), "portal:consult_assigned"),
    Entry(_("社群"), "portal:community"),
]

COMMUNITY = [
    Entry(_("申請"), "communities:apply", frozenset({Role.TEACHER})),
    Entry(_("社群計畫查詢"), "communities:my_applications", frozenset({Role.TEACHER})),
    Entry(_("案件查詢"), "summaries:case_query", frozenset({Role.SCHOOL_ADMIN, Role.CENTER})),
    Entry(_("申請總表"), "summaries:application_summary", frozenset({Role.SCHOOL_ADMIN})),
    Entry(_("經費總表"), "summaries:budget_summary", frozenset({Role.SCHOOL_ADMIN})),
    Entry(_("審查案件"), "reviews:queue", frozenset({Role.REVIEWER})),
    Entry(_("成果報告"), "outcomes:reports", frozenset({Role.SCHOOL_ADMIN, Role.CENTER})),
    Entry(_("研習時數"), "outcomes:hours", frozenset({Role.SCHOOL_ADMIN, Role.CENTER})),
]

# Modules of 功能專區 other than 社群: shown, and each says it is not offered yet.
NOT_YET_OFFERED = {
    "certification": _("認證專區"),
    "coaching": _("教學輔導"),
    "consult_general": _("到校諮詢 一般"),
    "consult_assigned": _("到校諮詢 指定"),
}
