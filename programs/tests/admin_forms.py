"""Turn an admin change form, as the server rendered it, into the data a browser would post."""

from django.contrib.admin.widgets import AdminSplitDateTime


def admin_form_data(response) -> dict:
    data: dict = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            name = bound.html_name
            if isinstance(bound.field.widget, AdminSplitDateTime):
                day, time = bound.field.widget.decompress(value)
                data[f"{name}_0"], data[f"{name}_1"] = str(day), time.strftime("%H:%M:%S")
            elif value is True:
                data[name] = "on"
            elif isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            else:
                data[name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data
