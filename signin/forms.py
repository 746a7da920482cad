from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from post_office.models import PRIORITY, STATUS, Email
from post_office.signals import email_queued


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, its mail a queued row of the outbox (sent by send_outbox) rather
    than a send inside the request."""

    email = forms.EmailField(
        label=_("電子郵件"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("請輸入帳號的電子郵件。"),
            "invalid": _("請輸入正確的電子郵件，例如 name@example.tw。"),
        },
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # In the account's own language, whoever asked for the reset.
        language = getattr(context.get("user"), "preferred_language", settings.LANGUAGE_CODE)
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        email = Email.objects.create(
            from_email=from_email or settings.DEFAULT_FROM_EMAIL,
            to=[to_email],
            subject=subject,
            message=body,
            priority=PRIORITY.medium,
            status=STATUS.queued,
        )
        email_queued.send(sender=Email, emails=[email])


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("事件"), required=False)
    account = forms.CharField(label=_("帳號或姓名"), required=False, max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import SignInEvent

        self.fields["kind"].choices = [("", _("全部"))] + list(SignInEvent.Kind.choices)
        self.fields["kind"].error_messages["invalid_choice"] = _("請從清單中選擇事件。")


class LanguageForm(forms.Form):
    """The language of the pages and of the mail: the header's switch and 帳號安全 post it."""

    language = forms.ChoiceField(
        label=_("語言 / Language"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("請從清單中選擇語言。")},
    )
