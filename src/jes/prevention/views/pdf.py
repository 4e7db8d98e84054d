"""PDF downloads of the prevention pages: WeasyPrint, a rate limit per anonymous client, one response shape."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from jes.referral.report_guard import allow_pdf, retry_after


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415 - only a PDF needs it, and it is slow to import

    pdf: bytes = HTML(string=html, base_url=base_url).write_pdf()
    return pdf


def refused(request: HttpRequest) -> HttpResponse | None:
    """A 429 answer when this client or the site has asked for too many PDFs lately, else None."""
    if allow_pdf(request):
        return None
    response = HttpResponse("Too many PDFs were requested; wait a few minutes, or print the page.", status=429)
    response["Retry-After"] = str(retry_after("pdf_client"))
    return response


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
