"""{% check_rows %}: the 社群申請書's boxes, each in its label, escaped, the chosen ones checked,
a required content's 必要 tag, and the text field after the choice that allows text."""

from types import SimpleNamespace

from django import forms

from communities.templatetags.community_forms import check_rows


class Other(forms.Form):
    goal_other_text = forms.CharField(required=False)


def _row(pk, checked=False, **obj):
    return {"value": str(pk), "obj": SimpleNamespace(**obj), "checked": checked}


def test_each_box_is_in_its_label_escaped_and_checked_when_chosen():
    rows = [
        _row(1, True, label="共同備課 <觀課>", allows_text=False),
        _row(2, label='其他 "說明"', allows_text=True),
    ]
    html = check_rows(rows, "goals", other=Other()["goal_other_text"])
    assert html.startswith(
        '<label><input type="checkbox" name="goals" value="1" checked> 共同備課 &lt;觀課&gt;</label>'
        '<label><input type="checkbox" name="goals" value="2"> 其他 &quot;說明&quot;</label>'
        '<div class="fld other-text" id="f-goal_other_text">'
    )
    assert html.count('name="goal_other_text"') == 1


def test_schools_are_named_twice_contents_carry_their_required_tag_and_codes_lead():
    schools = check_rows([_row(7, name="市立下營國中 & 附設")], "partner_schools", text="name")
    assert schools == (
        '<label><input type="checkbox" name="partner_schools" value="7"'
        ' data-name="市立下營國中 &amp; 附設"> 市立下營國中 &amp; 附設</label>'
    )
    items = check_rows(
        [_row(3, True, label="共同備課", required=True), _row(4, label="專業回饋", required=False)],
        "content_items",
        sep=" ",
    )
    assert items == (
        '<label><input type="checkbox" name="content_items" value="3" checked> 共同備課'
        ' <span class="tag required">必要</span></label> '
        '<label><input type="checkbox" name="content_items" value="4"> 專業回饋</label>'
    )
    coded = check_rows([_row(5, code="A1", label="身心素質")], "competencies", text="code_label")
    assert "> A1身心素質</label>" in coded
