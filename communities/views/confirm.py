"""The confirmation step of a workflow action that cannot be undone (送出, 送中心, 退回修正, the
review stage's result): the page shows what will happen and asks once; only a POST carrying
``confirm=1`` acts. A second click of the confirmation finds the action taken and is told so
(workflow.ActionUnavailable)."""

from ..selectors import TransitionPreview


def confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == "1"


def confirmation(previews: list[TransitionPreview], *, extra_told=(), **more) -> dict:
    """The context of communities/_confirm.html: the applications, the action's words and every
    person told once."""
    told, seen = [], set()
    for person in [p for preview in previews for p in preview.told] + list(extra_told):
        if person.pk not in seen:
            seen.add(person.pk)
            told.append(person)
    return {
        "previews": previews,
        "action_label": previews[0].action_label if previews else "",
        "told": told,
        **more,
    }
