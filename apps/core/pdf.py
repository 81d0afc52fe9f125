"""HTML to PDF with WeasyPrint, for every printed document (invoices, letters, reports).

Embedding a font means subsetting it. Without HarfBuzz-subset, which most distributions ship
apart from HarfBuzz and which this project does not require, WeasyPrint subsets with fontTools,
and fontTools parses the font's OpenType layout tables (GPOS, GSUB, GDEF, MATH) on every render
although the PDF drops them: two thirds of an invoice's render time with DejaVu Sans. So the
documents print in "Kontor Sans": copies of the system's DejaVu Sans without those tables (and
with one character map and no glyph names), made once per machine in the temporary folder.
The price is kerning and ligatures, which business documents do without. Where no DejaVu Sans
is installed the documents fall back to the system's sans-serif, untouched.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FONT_FAMILY = "Kontor Sans"
LAYOUT_TABLES = ("GPOS", "GSUB", "GDEF", "MATH", "BASE", "JSTF")
FACES = (("normal", "normal", "DejaVu Sans:style=Book"), ("bold", "normal", "DejaVu Sans:style=Bold"))
_local = threading.local()


@dataclass(frozen=True)
class Face:
    weight: str
    style: str
    path: Path


def _system_font(pattern: str) -> Path | None:
    """The file fontconfig picks for `pattern`, if it really is that family."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    found = subprocess.run(  # noqa: S603  # a fixed program and arguments, no shell
        [fc_match, "--format=%{family}\n%{file}", pattern], capture_output=True, text=True, check=False
    ).stdout.splitlines()
    if len(found) != 2 or not found[0].startswith(pattern.split(":")[0]):
        return None
    return Path(found[1])


def _without_layout_tables(source: Path) -> Path:
    """A copy of `source` without the tables the PDF drops anyway; written once, atomically."""
    from fontTools.ttLib import TTFont

    stat = source.stat()
    key = hashlib.sha256(f"{source}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = Path(tempfile.gettempdir()) / "kontor-pdf-fonts"
    target = folder / f"{source.stem}-{key}{source.suffix}"
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        font = TTFont(source)
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        # One Unicode BMP map and no glyph names: all a PDF needs, and less for every subset to read.
        font["cmap"].tables = [table for table in font["cmap"].tables if table.format == 4]
        font["post"].formatType = 3.0
        partial = folder / f".{target.name}.{os.getpid()}.{threading.get_ident()}"
        font.save(partial)
        os.replace(partial, target)
    return target


@cache
def document_faces() -> tuple[Face, ...]:
    """The faces of Kontor Sans on this machine: none when DejaVu Sans is missing."""
    faces = []
    for weight, style, pattern in FACES:
        path = _system_font(pattern)
        if path is None:
            return ()
        faces.append(Face(weight=weight, style=style, path=_without_layout_tables(path)))
    return tuple(faces)


def _font_face_css() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {face.weight}; font-style: {face.style};'
        f' src: url("{face.path.as_uri()}"); }}'
        for face in document_faces()
    )


def _renderer() -> tuple[Any, Any]:
    """This thread's font configuration and font stylesheet: built once, reused by every render."""
    if not hasattr(_local, "renderer"):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        _local.renderer = (fonts, CSS(string=_font_face_css(), font_config=fonts))
        # Released before interpreter shutdown: its finalizer needs modules that are gone by then.
        atexit.register(_local.__dict__.pop, "renderer", None)
    return _local.renderer  # type: ignore[no-any-return]


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """Lays `html` out as PDF. Templates name the font family "Kontor Sans", then sans-serif.

    `variant` is WeasyPrint's `pdf_variant`, e.g. "pdf/a-3b" for the archivable base a
    ZUGFeRD/Factur-X invoice needs (output intent, embedded fonts); None writes a plain PDF.
    """
    from weasyprint import HTML  # a heavy import: only processes that print pay for it

    fonts, font_css = _renderer()
    options = {"pdf_variant": variant} if variant else {}
    return bytes(HTML(string=html).write_pdf(stylesheets=[font_css], font_config=fonts, **options))


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A PDF to show in the browser (inline), saved under `filename` if the user keeps it."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=False, filename=filename) or "inline"
    return response
