"""Forms of the 經費概算表 and of the signed-document upload. They only parse input; the rules
(caps, ceiling, premium) live in communities.budget, the PDF checks in communities.documents."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import BudgetItem

from .budget import BudgetEntry, quantity_field, unit_price_field

# Sanity bounds against typing slips (and column overflow), not program rules: the rules' caps
# are far below them and are checked in communities.budget.
MAX_QUANTITY = Decimal("999")
MAX_UNIT_PRICE = 999_999

# How a typed amount is read, here and by the page's script alike (it is handed these patterns,
# written so that Python and JavaScript read them the same): after NFKC (full-width digits and
# blanks become plain ones) commas and blanks are dropped, and what remains must be a plain
# decimal number: digits with at most one decimal point, and a sign. Not 1e2, 1_000, NaN, or
# digits of another script, which Python's Decimal would take but the page does not.
AMOUNT_SEPARATORS = r"[, \t\n\r\f\v]"
PLAIN_NUMBER = r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"

AMOUNT_MESSAGES = {
    "not_a_number": gettext_lazy("%(what)s必須是數字，例如 %(example)s。"),
    "negative": gettext_lazy("%(what)s不可為負數。"),
    "too_large": gettext_lazy("%(what)s過大，請確認是否輸入錯誤。"),
    "not_whole": gettext_lazy("%(what)s請填整數金額（元）。"),
    "too_precise": gettext_lazy("%(what)s最多到小數點後 %(places)s 位。"),
}


class AmountField(forms.CharField):
    """A non-negative number typed as text, so that what was typed is kept when it is wrong.

    Accepts full-width digits and thousands separators (1,600); blank means nothing entered.
    ``rules()`` hands the page's script what it needs to check as the user types, in the same
    words.
    """

    def __init__(
        self, *, what: str, decimal_places: int, max_value: Decimal | int, example: str, **kwargs
    ):
        self.what = what
        self.decimal_places = decimal_places
        self.max_value = max_value
        self.example = example
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", what)
        kwargs["strip"] = False  # every blank is dropped with the separators
        super().__init__(**kwargs)

    def message(self, code: str) -> str:
        return AMOUNT_MESSAGES[code] % {
            "what": self.what,
            "example": self.example,
            "places": self.decimal_places,
        }

    def _refuse(self, code: str) -> forms.ValidationError:
        return forms.ValidationError(self.message(code), code=code)

    def to_python(self, value):
        text = unicodedata.normalize("NFKC", super().to_python(value) or "")
        text = re.sub(AMOUNT_SEPARATORS, "", text)
        if text == "":
            return None
        if not re.match(PLAIN_NUMBER, text):
            raise self._refuse("not_a_number")
        number = Decimal(text)
        if number < 0:
            raise self._refuse("negative")
        if number > self.max_value:
            raise self._refuse("too_large")
        if self.decimal_places == 0 and number != number.to_integral_value():
            raise self._refuse("not_whole")
        if number != number.quantize(Decimal(1).scaleb(-self.decimal_places)):
            raise self._refuse("too_precise")
        return number

    def rules(self) -> dict:
        """How the page's script reads and checks this field: as ``to_python`` does."""
        codes = ["not_a_number", "negative", "too_large"]
        codes.append("not_whole" if self.decimal_places == 0 else "too_precise")
        return {
            "places": self.decimal_places,
            "max": str(self.max_value),
            "messages": {code: self.message(code) for code in codes},
        }

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal" if self.decimal_places else "numeric"
        attrs["autocomplete"] = "off"
        return attrs


class QuantityField(AmountField):
    """數量: up to one decimal place (1.5 節)."""

    def __init__(self, **kwargs):
        super().__init__(
            what=_("數量"), decimal_places=1, max_value=MAX_QUANTITY, example="3", **kwargs
        )


class UnitPriceField(AmountField):
    """單價: whole dollars."""

    def __init__(self, **kwargs):
        super().__init__(
            what=_("單價"), decimal_places=0, max_value=MAX_UNIT_PRICE, example="1600", **kwargs
        )


class BudgetForm(forms.Form):
    """數量 and 單價 of every row the convenor types; 總價 and the premium are never read."""

    def __init__(self, *args, items: list[BudgetItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = [item for item in items if item.kind != BudgetItem.Kind.PREMIUM]
        for item in self.items:
            self.fields[quantity_field(item)] = QuantityField()
            self.fields[unit_price_field(item)] = UnitPriceField()

    @classmethod
    def initial_from(cls, entries: dict[int, BudgetEntry], items: list[BudgetItem]) -> dict:
        initial = {}
        for item in items:
            entry = entries.get(item.pk)
            if entry is None or item.kind == BudgetItem.Kind.PREMIUM:
                continue
            initial[quantity_field(item)] = f"{entry.quantity.normalize():f}"
            initial[unit_price_field(item)] = str(entry.unit_price)
        return initial

    def entries(self) -> dict[int, BudgetEntry]:
        """The parsed rows (keyed by BudgetItem id) of a valid form, or its valid rows so far."""
        data = getattr(self, "cleaned_data", {})
        entries = {}
        for item in self.items:
            q_name, p_name = quantity_field(item), unit_price_field(item)
            if q_name not in data or p_name not in data:
                continue
            quantity, price = data[q_name], data[p_name]
            if quantity is None and price is None:
                continue
            entries[item.pk] = BudgetEntry(
                quantity=quantity or Decimal(0), unit_price=int(price or 0)
            )
        return entries


class DocumentUploadForm(forms.Form):
    """One PDF: more than one file in the request is refused before any is read."""

    file = forms.FileField(
        label=gettext_lazy("核章完成文件"),
        required=False,
        error_messages={"empty": gettext_lazy("檔案是空的，請重新選擇。")},
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean(self):
        count = sum(len(self.files.getlist(key)) for key in self.files)
        if count > 1:
            self.add_error(
                "file",
                forms.ValidationError(
                    _("附件總數為一個檔案：一次只能上傳一個 PDF，請只選擇一個檔案。"),
                    code="too_many",
                ),
            )
        elif count == 0:
            self.add_error(
                "file",
                forms.ValidationError(_("請選擇要上傳的 PDF 檔案。"), code="missing"),
            )
        return super().clean()
