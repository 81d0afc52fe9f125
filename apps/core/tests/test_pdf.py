"""Printed documents: laid out in Kontor Sans, whose copies lack the tables every subset would parse."""

from __future__ import annotations

import re
import zlib

import pytest
from fontTools.ttLib import TTFont

from apps.core.pdf import FONT_FAMILY, LAYOUT_TABLES, document_faces, html_to_pdf


@pytest.fixture
def faces():  # type: ignore[no-untyped-def]
    found = document_faces()
    if not found:
        pytest.fail("DejaVu Sans is not installed: the documents would print in a fallback font")
    return found


def test_the_document_faces_are_regular_and_bold_without_layout_tables(faces):
    assert [(face.weight, face.style) for face in faces] == [("normal", "normal"), ("bold", "normal")]
    for face in faces:
        font = TTFont(face.path)
        assert not set(LAYOUT_TABLES) & set(font.keys())
        assert [table.format for table in font["cmap"].tables] == [4, 4]
        assert font.getBestCmap()[ord("€")]  # the glyphs are all still there


def test_a_document_embeds_kontor_sans_in_both_weights(faces):
    html = f"<html><body style=\"font-family: '{FONT_FAMILY}'\">Summe <b>1.234,56 €</b></body></html>"

    pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF-")
    objects = _objects(pdf)
    assert objects.count(b"/FontFile2") == 2
    assert re.findall(rb"/FontName\s*/\w{6}\+([\w-]+)", objects) == [b"Kontor-Sans", b"Kontor-Sans-Bold"]


def _objects(pdf: bytes) -> bytes:
    """The PDF's objects as text, object streams inflated (fonts sit in compressed object streams)."""
    inflated = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, flags=re.DOTALL):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return pdf + b"".join(inflated)
