"""A rendered page as an ElementTree, for tests that read pages the way a person does.

libxml2 (lxml) parses the page, some twenty times faster than a pure-Python HTML5 parser on a
社群申請書; the tree is handed over as the standard library's ElementTree with every element in
the XHTML namespace, which is what an HTML5 parser gives, so that tests find elements with
``.//h:input`` and the ``NS`` map whichever parser read the page.
"""

import xml.etree.ElementTree as ET

import lxml.html

XHTML = "http://www.w3.org/1999/xhtml"
NS = {"h": XHTML}
_PREFIX = "{" + XHTML + "}"


def _copy_children(source, target: ET.Element) -> None:
    for child in source:
        if isinstance(child.tag, str):
            element = ET.SubElement(target, _PREFIX + child.tag, dict(child.attrib))
            element.text = child.text
            _copy_children(child, element)
            element.tail = child.tail
        elif child.tail:  # a comment: only the text after it is the page's
            if len(target):
                target[-1].tail = (target[-1].tail or "") + child.tail
            else:
                target.text = (target.text or "") + child.tail


def parse_html(html: str) -> ET.Element:
    """The ``<html>`` element of the page ``html``."""
    source = lxml.html.document_fromstring(html)
    root = ET.Element(_PREFIX + source.tag, dict(source.attrib))
    root.text = source.text
    _copy_children(source, root)
    return root


def form_values(html: str, *, form_id: str) -> dict[str, list[str]]:
    """What the form ``form_id`` of the page posts as it stands: every field's current value,
    as a browser sends it (checked boxes only, a select's chosen option, no file or button)."""
    form = parse_html(html).find(f".//h:form[@id='{form_id}']", NS)
    data: dict[str, list[str]] = {}
    for field in form.iter():
        tag = field.tag.rsplit("}", 1)[-1] if isinstance(field.tag, str) else ""
        name = field.get("name")
        if tag not in ("input", "textarea", "select") or not name:
            continue
        kind = field.get("type")
        if kind in ("file", "submit"):
            continue
        if kind in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data.setdefault(name, []).append(field.get("value", "on"))
        elif tag == "textarea":
            data.setdefault(name, []).append((field.text or "").lstrip("\n"))
        elif tag == "select":
            chosen = [o for o in field.iter() if o.get("selected") is not None]
            data.setdefault(name, []).append(chosen[0].get("value", "") if chosen else "")
        else:
            data.setdefault(name, []).append(field.get("value", ""))
    return data
