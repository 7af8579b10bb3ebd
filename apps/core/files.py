"""Checks on files people upload (case documents, complaint attachments): the type is read from
the content, never from the name or the browser's word for it."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# What a file must start with to be the type it claims.
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}


def document_type(upload) -> tuple[str, str]:
    """(content type, extension) from the file's first bytes; ValidationError if not PDF/JPEG/PNG."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    raise ValidationError(_("Only PDF, JPEG and PNG files can be attached."))


def download_response(document) -> FileResponse:
    """A stored upload (anything with `file`, `original_name`, `storage_name`, `content_type`)
    as a download: the name it was uploaded with, but the extension of what the file is (a PNG
    called "scan.pdf" downloads as "scan.png", so that it opens)."""
    filename = Path(document.original_name).stem + Path(document.storage_name).suffix
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=document.content_type,
    )
