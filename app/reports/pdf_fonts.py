"""Register the shipped Liberation Serif (all four styles) with reportlab for Vietnamese text."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family once (thread-safe) and return its name for paragraph styles.

    All four styles are registered so ``<b>``/``<i>`` never fall back to a Type 1 font that
    has no Vietnamese letters.
    """
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                path = resource_path("fonts", filename)
                pdfmetrics.registerFont(TTFont(name, str(path)))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            # registerFontFamily maps the family name; map the face names too so a style
            # that starts from the bold face still finds its italic.
            for face in _FILES:
                addMapping(face, 0, 0, REGULAR)
                addMapping(face, 1, 0, BOLD)
                addMapping(face, 0, 1, ITALIC)
                addMapping(face, 1, 1, BOLD_ITALIC)
            _registered = True
    return FAMILY
