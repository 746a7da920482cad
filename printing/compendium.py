"""The 成果彙編 PDF (center.compendium's content): a cover, a table of contents with page
numbers, and a section per closed community with its first photo embedded in the file.

Photos are made smaller before they go in (at most PHOTO_PIXELS on the longer side, JPEG), so a
year of communities stays a file that can be mailed and printed; a photo that cannot be read is
left out of its section rather than stopping the whole book."""

import base64
import io
import logging

from django.template.loader import render_to_string

from center.compendium import Compendium, compendium_content
from programs.models import ProgramYear

from .rendering import render_pdf

logger = logging.getLogger(__name__)

PHOTO_PIXELS = 1200
PHOTO_QUALITY = 80


def photo_data_url(evidence) -> str:
    """The evidence image as a ``data:`` URL of a JPEG at most PHOTO_PIXELS wide or high; "" if
    it cannot be read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as handle:
            image = Image.open(handle)
            image.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            if image.mode != "RGB":
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=PHOTO_QUALITY)
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("成果彙編: evidence %s could not be read as an image", evidence.pk)
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def compendium_html(content: Compendium) -> str:
    sections = [
        (section, photo_data_url(section.photo) if section.photo is not None else "")
        for section in content.sections
    ]
    return render_to_string(
        "printing/compendium.html",
        {"content": content, "sections": sections},
    )


def compendium_pdf(*, program: ProgramYear) -> tuple[Compendium, bytes]:
    content = compendium_content(program=program)
    return content, render_pdf(compendium_html(content), data_images=True)
