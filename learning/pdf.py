"""The certificate PDF, drawn with ReportLab (pure Python): A4 landscape, one page.

It carries the holder's name, the course, its hours, the date, the grade, the instructor,
the signature image (from the course's certificate settings), the code and a QR code that
opens the public verify page. Text is in the holder's language.
"""

import io

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

import qrcode
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from portal.site_url import absolute_url

INK = HexColor("#1a1a2e")
ACCENT = HexColor("#3d5afe")
QR_SIZE = 38 * mm


def _draw_qr(pdf, url, x, y):
    """The QR code as one path of dark squares (the `qrcode` package encodes; drawing is ours)."""
    # A fixed mask skips scoring all eight (most of the encoding time); any mask is valid QR.
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M, mask_pattern=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = QR_SIZE / len(matrix)
    path = pdf.beginPath()
    for row, cells in enumerate(matrix):
        for column, dark in enumerate(cells):
            if dark:
                path.rect(x + column * cell, y + QR_SIZE - (row + 1) * cell, cell, cell)
    pdf.setFillColor(INK)
    pdf.drawPath(path, stroke=0, fill=1)


def _signature(certificate):
    from .models import CertificatePolicy

    policy = CertificatePolicy.objects.filter(course_id=certificate.course_id).select_related("signature").first()
    if policy is None:
        return None, "", ""
    image = None
    if policy.signature_id:
        try:
            with policy.signature.open_file() as handle:
                image = ImageReader(io.BytesIO(handle.read()))
        except (OSError, ValueError):
            image = None  # a missing file: the certificate is made without the drawn signature
    return image, policy.signatory_name, policy.signatory_title


def render_certificate(certificate):
    """The PDF as bytes."""
    language = getattr(certificate.member, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _draw(certificate)


def _draw(certificate):
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), invariant=True)
    pdf.setTitle(_("Certificate %(code)s") % {"code": certificate.code})
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    centre = width / 2
    pdf.setFillColor(ACCENT)
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawCentredString(centre, height - 35 * mm, settings.WAGTAIL_SITE_NAME.upper())
    pdf.setFillColor(INK)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(centre, height - 52 * mm, _("Certificate of completion"))
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(centre, height - 66 * mm, _("This certifies that"))
    pdf.setFont("Helvetica-Bold", 24)
    pdf.drawCentredString(centre, height - 80 * mm, certificate.holder_name)
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(centre, height - 93 * mm, _("has completed the course"))
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawCentredString(centre, height - 105 * mm, certificate.course_title[:90])

    pdf.setFont("Helvetica", 11)
    facts = [
        _("Duration: %(hours)s hours") % {"hours": certificate.hours},
        _("Date: %(date)s") % {"date": formats.date_format(certificate.issued_on, "DATE_FORMAT")},
    ]
    if certificate.grade is not None:
        facts.append(_("Final grade: %(grade)s / 10") % {"grade": formats.number_format(certificate.grade, 1)})
    if certificate.expires_on:
        facts.append(_("Valid until: %(date)s") % {"date": formats.date_format(certificate.expires_on, "DATE_FORMAT")})
    pdf.drawCentredString(centre, height - 120 * mm, "   ·   ".join(facts))

    image, signatory, title = _signature(certificate)
    left = 40 * mm
    if image is not None:
        pdf.drawImage(image, left, 38 * mm, width=55 * mm, height=20 * mm, preserveAspectRatio=True, mask="auto")
    pdf.setLineWidth(0.8)
    pdf.setStrokeColor(INK)
    pdf.line(left, 36 * mm, left + 70 * mm, 36 * mm)
    pdf.setFont("Helvetica", 10)
    signer = signatory or certificate.instructor_name
    pdf.drawString(left, 31 * mm, signer)
    pdf.drawString(left, 26 * mm, title or _("Instructor"))
    if certificate.instructor_name and certificate.instructor_name != signer:
        pdf.drawString(left, 21 * mm, _("Instructor: %(name)s") % {"name": certificate.instructor_name})

    verify_url = absolute_url(certificate.get_verify_url())
    _draw_qr(pdf, verify_url, width - 40 * mm - QR_SIZE, 24 * mm)
    pdf.setFont("Helvetica", 8)
    pdf.drawRightString(width - 40 * mm, 20 * mm, _("Code: %(code)s") % {"code": certificate.code})
    pdf.drawRightString(width - 40 * mm, 16 * mm, _("Check it at %(url)s") % {"url": verify_url})
    if certificate.version > 1:
        pdf.drawString(left, 16 * mm, _("Re-issued (version %(version)s)") % {"version": certificate.version})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
