"""The printed PDFs read like the paper forms: every field, the option lists with their boxes,
ROC dates, amounts with separators, the signature block, the document code, embedded fonts."""

import io
import re

import pytest
from django.conf import settings
from django.test import override_settings
from fontTools.ttLib import TTCollection, TTFont

from communities.models import Member
from communities.tests.builders import realistic_application
from printing import fonts
from printing.rendering import render_pdf, reset_renderer
from printing.selectors import application_printout
from programs.models import Option

from .conftest import pdf_fonts, pdf_pages_text, pdf_text

pytestmark = pytest.mark.django_db


def printed(application, form="plan") -> tuple[str, bytes]:
    printout = application_printout(application=application, form=form)
    return printout.code, render_pdf(printout.html())


def flat(text: str) -> str:
    """Extracted text without the line breaks a wrapped cell introduces."""
    return re.sub(r"\s+", "", text)


def test_plan_pdf_shows_title_year_city_school_and_every_field(application):
    code, pdf = printed(application)
    text = pdf_text(pdf)
    compact = flat(text)
    for expected in [
        "教育部補助辦理教師專業學習社群申請表",
        "109學年度",
        "臺南市",
        application.school.name,
        "國語文素養導向閱讀教學社群",
        "教師兼導師",
        "convenor@example.tw",
        "06-5711234#301",
        application.convenor.name,
        "建立校本閱讀評量題庫",  # 運作目標 其他
    ]:
        assert flat(expected) in compact, expected
    # ☑ for the chosen answers, ☐ for the others.
    assert "☑2.初階學習社群" in compact
    assert "☐1.學年領域學習社群" in compact
    assert "☑同校" in compact and "☐跨校" in compact
    assert "☑續辦第2年" in compact and "☐非續辦" in compact
    assert "☑是☐否" in compact  # 是否申請經費 / 是否邀請專家諮詢 / 召集人培訓


def test_plan_pdf_lists_every_option_of_the_programs_lists_checked_or_not(application):
    _, pdf = printed(application)
    compact = flat(pdf_text(pdf))
    chosen = set(application.options.values_list("pk", flat=True))
    options = Option.objects.filter(program=application.program)
    assert options.filter(kind="goal").count() == 14
    assert options.filter(kind="method").count() == 14
    for option in options:
        box = "☑" if option.pk in chosen else "☐"
        assert flat(f"{box}{option}") in compact, str(option)
    for group in ["A.自主行動", "B.溝通互動", "C.社會參與"]:
        assert group in compact
    # The content list is the type's variant, the required items marked.
    variant = application.community_type.content_variant
    chosen_items = set(application.content_items.values_list("pk", flat=True))
    for item in variant.items.all():
        box = "☑" if item.pk in chosen_items else "☐"
        assert flat(f"{box}{item.label}") in compact, item.label
    assert "（必要內容）" in compact


def test_plan_pdf_lists_members_and_schedule_with_roc_dates(application):
    _, pdf = printed(application)
    compact = flat(pdf_text(pdf))
    for member in Member.objects.filter(application=application):
        assert member.name in compact
    assert "109/09/15" in compact  # 2020-09-15, the first session
    assert "109/12/22" in compact  # 2020-12-22, the eighth
    assert "13:30" in compact and "15:30" in compact
    assert flat("公開授課：八年級說明文閱讀") in compact
    assert flat("共8場，其中公開授課1場。") in compact


def test_plan_and_budget_pdfs_carry_the_signature_block(application):
    for form in ("plan", "budget"):
        _, pdf = printed(application, form)
        compact = flat(pdf_text(pdf))
        for title in ["承辦人", "承辦主任", "會(主)計主任", "校長"]:
            assert title in compact, (form, title)


def test_budget_pdf_shows_rows_amounts_with_separators_total_and_ceiling(application):
    _, pdf = printed(application, "budget")
    text = pdf_text(pdf)
    compact = flat(text)
    assert "教育部補助辦理教師專業學習社群經費概算表" in compact
    assert application.name in compact
    # 2 節 × 1,600 = 3,200; 6 × 800 = 4,800; premium 1.91% of 10,500 = 201.
    assert "1.外聘講座鐘點費數量2節單價1,600總價3,200" in compact
    assert "2.內聘講座鐘點費數量6節單價800總價4,800" in compact
    assert "4.二代健保補充保費數量1式單價201總價201" in compact
    assert "說明：以外聘學者專家為限，每次出席不逾2,500元" in compact
    assert "合計13,401" in compact
    assert "本社群補助上限15,000" in compact


def test_every_page_carries_the_document_code_and_page_numbers(program):
    application = realistic_application(sessions=30)
    code, pdf = printed(application)
    pages = pdf_pages_text(pdf)
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert f"文件編號 {code}" in text
        assert f"第 {number} 頁／共 {len(pages)} 頁" in text


def test_a_long_schedule_flows_onto_more_pages_with_its_header_repeated(program):
    application = realistic_application(sessions=30, long_text=True)
    _, pdf = printed(application)
    pages = [flat(text) for text in pdf_pages_text(pdf)]
    assert len(pages) >= 3
    schedule_pages = [text for text in pages if "109/" in text]
    assert len(schedule_pages) >= 2
    header = flat("場次 日期 開始時間 結束時間 實施內容 實施方式")
    for text in schedule_pages:
        assert header in text
    # Every session made it to paper, the long content wrapped rather than cut.
    everything = "".join(pages)
    for number in (1, 15, 30):
        session = application.sessions.get(number=number)
        assert flat(session.content) in everything


def test_fonts_are_embedded_noto_sans_traditional_chinese(application):
    _, pdf = printed(application)
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF uses no font"
    for font in fonts:
        assert font["embedded"], f"{font['base_font']} is not embedded"
    cjk = [f for f in fonts if "NotoSans" in f["base_font"]]
    assert cjk and any("/FontFile3" in f["embedded"] or "/FontFile2" in f["embedded"] for f in cjk)
    # The glyphs are the collection's Traditional Chinese ones (教, 說 … in their Taiwanese
    # forms), not those of its first, Japanese, face: the embedded glyphs keep the CIDs that the
    # TC face maps these characters to.
    collection = TTCollection(settings.PDF_FONT_FILE, lazy=True)
    faces = {font["name"].getDebugName(1): font for font in collection.fonts}
    tc, jp = faces["Noto Sans CJK TC"].getBestCmap(), faces["Noto Sans CJK JP"].getBestCmap()
    regular = next(f for f in cjk if not f["base_font"].endswith("Bold"))
    embedded_glyphs = TTFont(io.BytesIO(regular["program"])).getGlyphOrder()
    glyphs = glyph_ids_by_char(regular["to_unicode"])
    for char in "教說學":
        assert tc[ord(char)] != jp[ord(char)]
        assert embedded_glyphs[glyphs[char]] == tc[ord(char)], char


def glyph_ids_by_char(to_unicode: bytes) -> dict[str, int]:
    """Invert a ToUnicode CMap's bfchar entries: character → glyph id."""
    text = to_unicode.decode("latin-1")
    glyphs = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for gid, code in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            if len(code) == 4:
                glyphs[chr(int(code, 16))] = int(gid, 16)
    return glyphs


def test_a_font_collection_yields_its_traditional_chinese_face():
    full = fonts.full_face(settings.PDF_FONT_FILE)
    assert str(full) != settings.PDF_FONT_FILE
    font = TTFont(str(full), lazy=True)
    assert font["name"].getDebugName(1) == "Noto Sans CJK TC"
    # Asking again reuses the file instead of copying the face out again.
    assert fonts.full_face(settings.PDF_FONT_FILE) == full


def test_the_common_face_keeps_everyday_characters_and_leaves_rare_ones_to_the_full_face():
    common = TTFont(str(fonts.common_face(settings.PDF_FONT_FILE)), lazy=True)
    full = TTFont(str(fonts.full_face(settings.PDF_FONT_FILE)), lazy=True)
    assert len(common.getGlyphOrder()) < len(full.getGlyphOrder()) / 3
    cmap = common.getBestCmap()
    for char in "教育部補助辦理學年度臺南市說骨起A1,：（）、0123456789☑":
        if char == "☑":
            assert ord(char) not in cmap  # DejaVu Sans draws the ballot boxes
            continue
        assert ord(char) in cmap, char
        assert cmap[ord(char)] == full.getBestCmap()[ord(char)], char
    rare = "㐀"  # CJK extension A, outside Big5
    assert ord(rare) not in cmap and ord(rare) in full.getBestCmap()


def test_rare_characters_print_from_the_full_face(program):
    application = realistic_application(name="㐀字社群")
    _, pdf = printed(application)
    assert "㐀字社群" in pdf_text(pdf)
    families = {f["base_font"].split("+")[-1] for f in pdf_fonts(pdf)}
    assert "NotoSansTC-Print" in families and "NotoSansTC-PrintFull" in families


def test_the_font_comes_from_the_settings(application, tmp_path):
    """PDF_FONT_FILE decides the face; a single-face file is used as it is."""
    copy = tmp_path / "tc.otf"
    copy.write_bytes(fonts.full_face(settings.PDF_FONT_FILE).read_bytes())
    assert fonts.full_face(copy) == copy
    reset_renderer()
    try:
        with override_settings(PDF_FONT_FILE=str(copy)):
            _, pdf = printed(application)
        assert any("NotoSans" in f["base_font"] for f in pdf_fonts(pdf))
    finally:
        reset_renderer()
        fonts._cache_path(copy, fonts.FACE_FAMILY, "common").unlink(missing_ok=True)


def test_a_printed_form_fetches_nothing_named_in_its_html(tmp_path):
    """Only the print stylesheet's fonts are read from disk; a URL in a document is not."""
    from PIL import Image
    from weasyprint import HTML

    picture = tmp_path / "secret.png"
    Image.new("RGB", (4, 4), "red").save(picture)
    html = f'<html><body><p>圖</p><img src="{picture.as_uri()}"></body></html>'
    assert b"/Image" in HTML(string=html).write_pdf()  # WeasyPrint alone would embed it
    assert b"/Image" not in render_pdf(html)


@pytest.mark.parametrize("form", ["plan", "budget"])
def test_no_character_prints_as_a_missing_glyph_box(application, form):
    """Every character drawn maps to a real glyph of an embedded font (a missing one would be
    drawn as .notdef, the empty box, under a glyph id the font does not have)."""
    _, pdf = printed(application, form)
    drawn = set()
    for font in pdf_fonts(pdf):
        glyph_count = len(TTFont(io.BytesIO(font["program"])).getGlyphOrder())
        for char, gid in glyph_ids_by_char(font["to_unicode"]).items():
            assert 0 < gid < glyph_count, (font["base_font"], char)
            drawn.add(char)
    assert {"教", "說", "1"} <= drawn
    if form == "plan":
        assert {"☑", "☐", "/", ":"} <= drawn
    else:
        assert "," in drawn  # 1,600
